#include "files.h"
#include "hexdigit.h"

#include <string.h>

int files_resolve(const char *target, size_t len,
                  char out[FILES_MAX_PATH + 1]) {
  const char *q = memchr(target, '?', len);
  if (q)
    len = (size_t)(q - target);
  size_t n = 0;
  // target[0] is '/': each segment starts after a '/'.
  for (size_t i = 1; i < len; ++i) {
    int c = (unsigned char)target[i];
    if (c == '%') {
      if (i + 2 >= len)
        return -1;
      int hi = hex_digit((unsigned char)target[i + 1]);
      int lo = hex_digit((unsigned char)target[i + 2]);
      if (hi < 0 || lo < 0)
        return -1;
      c = hi * 16 + lo;
      i += 2;
      // An encoded '/' would hide a segment from the checks below.
      if (c == 0 || c == '/')
        return -1;
    }
    if (n == FILES_MAX_PATH)
      return -1;
    out[n++] = (char)c;
  }
  out[n] = 0;
  // The checks run on the decoded path, segment by segment: no "." or ".."
  // (the native build has no sandbox to stop it leaving the root) and no
  // dot files; an empty segment ("a//b") is refused rather than guessed at.
  for (size_t s = 0; s < n;) {
    size_t e = s;
    while (e < n && out[e] != '/')
      ++e;
    if (e == s || out[s] == '.')
      return -1;
    s = e + 1;
  }
  if (n == 0 || out[n - 1] == '/') {
    static const char index[] = "index.html";
    if (n + sizeof index - 1 > FILES_MAX_PATH)
      return -1;
    memcpy(out + n, index, sizeof index);
  }
  return 0;
}

const char *files_content_type(const char *path) {
  static const char *const types[][2] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"txt", "text/plain; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"ico", "image/vnd.microsoft.icon"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
  };
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (dot)
    for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i)
      if (strcmp(dot + 1, types[i][0]) == 0)
        return types[i][1];
  return "application/octet-stream";
}
