/* The value of one hexadecimal digit of a percent-escape, or -1. A header of
 * its own because the /hello handler is meant to become a module apart from
 * the server (README.md) and must not link against the server's files. */
#ifndef HTTP_HEXDIGIT_H
#define HTTP_HEXDIGIT_H

static inline int hex_digit(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

#endif
