// Parsing of one HTTP/1.1 request head, with hard limits. The parser is pure:
// it looks at the bytes received so far and says whether a complete head is
// there, and what it asks for, or which 4xx/5xx status refuses it. Nothing is
// copied; the request's target points into the caller's buffer.
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <stddef.h>

/// Longest line of a request head (request line or one header field).
#define HTTP_MAX_LINE 4096
/// Most header fields in one request.
#define HTTP_MAX_HEADERS 64
/// Largest request head, and so the size of a connection's input buffer.
#define HTTP_MAX_HEAD 8192
/// Largest request body the server reads (and discards: no route takes one).
#define HTTP_MAX_BODY (1024 * 1024)

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

struct http_request {
  enum http_method method;
  const char *target; ///< origin-form, starts with '/', not terminated
  size_t target_len;
  int minor;             ///< HTTP/1.minor
  int keep_alive;        ///< the connection may serve another request
  size_t content_length; ///< body bytes that follow the head
  size_t head_len;       ///< bytes of the head, blank line included
};

/// A complete head was parsed into the request.
#define HTTP_PARSE_OK 0
/// The head is not complete yet and nothing is wrong so far.
#define HTTP_PARSE_MORE 1

/// Parses the head at the start of buf[0..len). Returns HTTP_PARSE_OK,
/// HTTP_PARSE_MORE, or an HTTP status (400, 413, 414, 431, 501, 505) that
/// refuses the request; after a status the connection must be closed,
/// because where the next request would start is unknown.
int http_parse_request(const char *buf, size_t len, struct http_request *req);

#endif
