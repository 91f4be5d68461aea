// Static files: from a request target to a file beneath the document root,
// and the Content-Type of a file name.
#ifndef HTTP_FILES_H
#define HTTP_FILES_H

#include <stddef.h>

/// Longest decoded path the server opens.
#define FILES_MAX_PATH 1024

/// Decodes the path of target[0..len) (query dropped, %XX decoded) into
/// out as a path relative to the document root, "index.html" appended to a
/// directory path. Returns 0, or -1 for a path that may not be served: one
/// with a NUL, a "." or ".." segment or any dot file, an empty segment, a
/// bad %-escape, or one longer than FILES_MAX_PATH.
int files_resolve(const char *target, size_t len, char out[FILES_MAX_PATH + 1]);

/// The media type for a file name, by its extension.
const char *files_content_type(const char *path);

#endif
