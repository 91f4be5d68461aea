#include "hello.h"
#include "hexdigit.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NAME_MAX_BYTES 64

/// Decodes the value of name= in the query (form encoding: %XX and '+').
/// Returns its length, 0 when there is none, -1 when it is malformed, too
/// long or holds a control character.
static int find_name(const char *q, size_t n, char out[NAME_MAX_BYTES]) {
  for (size_t i = 0; i < n;) {
    size_t e = i;
    while (e < n && q[e] != '&')
      ++e;
    if (e - i >= 5 && memcmp(q + i, "name=", 5) == 0) {
      int len = 0;
      for (size_t j = i + 5; j < e; ++j) {
        int c = (unsigned char)q[j];
        if (c == '+') {
          c = ' ';
        } else if (c == '%') {
          if (j + 2 >= e || hex_digit(q[j + 1]) < 0 || hex_digit(q[j + 2]) < 0)
            return -1;
          c = hex_digit(q[j + 1]) * 16 + hex_digit(q[j + 2]);
          j += 2;
        }
        if (c < 0x20 || c == 0x7f || len == NAME_MAX_BYTES)
          return -1;
        out[len++] = (char)c;
      }
      return len;
    }
    i = e + 1;
  }
  return 0;
}

/// Writes all of buf. The server calls only when the socket was writable,
/// so a short write is rare; the rest may wait up to a second.
static int send_all(int conn, const char *buf, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(conn, buf + done, len - done);
    if (w > 0) {
      done += (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0 && errno == EAGAIN) {
      if (done == 0)
        return HELLO_AGAIN;
      struct pollfd p = {conn, POLLOUT, 0};
      if (poll(&p, 1, 1000) == 1)
        continue;
    }
    return HELLO_FAILED;
  }
  return HELLO_SENT;
}

int hello_serve(int conn, const char *query, size_t query_len, int flags) {
  char name[NAME_MAX_BYTES];
  int len = find_name(query, query_len, name);
  const char *status = "200 OK";
  char body[NAME_MAX_BYTES + 32];
  int body_len;
  if (len < 0) {
    status = "400 Bad Request";
    body_len = snprintf(body, sizeof body, "bad name\n");
  } else if (len == 0) {
    body_len = snprintf(body, sizeof body, "Hello, world!\n");
  } else {
    body_len = snprintf(body, sizeof body, "Hello, %.*s!\n", len, name);
  }
  char out[512];
  int n = snprintf(out, sizeof out,
                   "HTTP/1.1 %s\r\nServer: w2n-http-example\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n"
                   "Content-Length: %d\r\n%s\r\n%.*s",
                   status, body_len,
                   flags & HELLO_CLOSE        ? "Connection: close\r\n"
                   : flags & HELLO_KEEP_ALIVE ? "Connection: keep-alive\r\n"
                                              : "",
                   flags & HELLO_HEAD ? 0 : body_len, body);
  return send_all(conn, out, (size_t)n);
}
