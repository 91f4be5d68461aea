#include "request.h"

#include <string.h>

/// RFC 9110 token characters (methods, field names, connection options).
static int is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z'))
    return 1;
  return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/// Whether s[0..n) equals the lower-case literal, ignoring ASCII case.
static int ieq(const char *s, size_t n, const char *lit) {
  if (strlen(lit) != n)
    return 0;
  for (size_t i = 0; i < n; ++i)
    if (lower((unsigned char)s[i]) != lit[i])
      return 0;
  return 1;
}

/// Control characters other than a tab never appear in a head line; a bare
/// CR is refused too, since some parsers treat it as a line end and a
/// request read differently by two parsers is a smuggling vector.
static int has_control(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return 1;
  }
  return 0;
}

static int parse_request_line(const char *s, size_t n, struct http_request *req,
                              int *minor) {
  size_t i = 0;
  while (i < n && is_tchar((unsigned char)s[i]))
    ++i;
  if (i == 0 || i == n || s[i] != ' ')
    return 400;
  if (i == 3 && memcmp(s, "GET", 3) == 0)
    req->method = HTTP_GET;
  else if (i == 4 && memcmp(s, "HEAD", 4) == 0)
    req->method = HTTP_HEAD;
  else
    req->method = HTTP_OTHER;
  size_t t = ++i;
  while (i < n && s[i] != ' ') {
    // The target is ASCII without spaces (RFC 9112, 3.2).
    if ((unsigned char)s[i] >= 0x80 || s[i] == '\t')
      return 400;
    ++i;
  }
  if (i == t || i == n || s[t] != '/')
    return 400;
  req->target = s + t;
  req->target_len = i - t;
  const char *v = s + i + 1;
  size_t vn = n - i - 1;
  if (vn != 8 || memcmp(v, "HTTP/", 5) != 0 || v[6] != '.' || v[5] < '0' ||
      v[5] > '9' || v[7] < '0' || v[7] > '9')
    return 400;
  if (v[5] != '1')
    return 505;
  *minor = v[7] - '0';
  return HTTP_PARSE_OK;
}

/// Content-Length is digits only, so "1,1", "+1" and " 1 1" are refused.
static int parse_length(const char *v, size_t n, size_t *out) {
  if (n == 0)
    return 400;
  size_t x = 0;
  for (size_t i = 0; i < n; ++i) {
    if (v[i] < '0' || v[i] > '9')
      return 400;
    x = x * 10 + (size_t)(v[i] - '0');
    if (x > HTTP_MAX_BODY)
      return 413;
  }
  *out = x;
  return HTTP_PARSE_OK;
}

struct head_state {
  int hosts, have_length, close, keep;
};

static int parse_field(const char *s, size_t n, struct http_request *req,
                       struct head_state *st) {
  size_t i = 0;
  while (i < n && is_tchar((unsigned char)s[i]))
    ++i;
  // Also refuses obsolete line folding and a space before the colon.
  if (i == 0 || i == n || s[i] != ':')
    return 400;
  const char *name = s;
  size_t name_len = i++;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  size_t end = n;
  while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
    --end;
  const char *v = s + i;
  size_t vn = end - i;
  if (ieq(name, name_len, "host")) {
    ++st->hosts;
  } else if (ieq(name, name_len, "content-length")) {
    size_t len;
    int r = parse_length(v, vn, &len);
    if (r != HTTP_PARSE_OK)
      return r;
    if (st->have_length && len != req->content_length)
      return 400;
    st->have_length = 1;
    req->content_length = len;
  } else if (ieq(name, name_len, "transfer-encoding")) {
    // No route takes a chunked body; refusing it also closes the door on
    // Content-Length/Transfer-Encoding smuggling.
    return 501;
  } else if (ieq(name, name_len, "connection")) {
    size_t j = 0;
    while (j < vn) {
      size_t k = j;
      while (k < vn && v[k] != ',')
        ++k;
      size_t a = j, b = k;
      while (a < b && (v[a] == ' ' || v[a] == '\t'))
        ++a;
      while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
        --b;
      if (ieq(v + a, b - a, "close"))
        st->close = 1;
      else if (ieq(v + a, b - a, "keep-alive"))
        st->keep = 1;
      j = k + 1;
    }
  }
  return HTTP_PARSE_OK;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req) {
  memset(req, 0, sizeof *req);
  struct head_state st = {0, 0, 0, 0};
  size_t off = 0;
  // Empty lines before a request line are ignored (RFC 9112, 2.2).
  while (off < len && (buf[off] == '\n' || (buf[off] == '\r' && off + 1 < len &&
                                            buf[off + 1] == '\n')))
    off += buf[off] == '\r' ? 2 : 1;
  int minor = -1, fields = 0;
  for (;;) {
    const char *nl = memchr(buf + off, '\n', len - off);
    if (!nl) {
      if (len - off > HTTP_MAX_LINE)
        return minor < 0 ? 414 : 431;
      return len >= HTTP_MAX_HEAD ? 431 : HTTP_PARSE_MORE;
    }
    size_t n = (size_t)(nl - (buf + off));
    size_t next = off + n + 1;
    if (n > 0 && buf[off + n - 1] == '\r')
      --n;
    if (n > HTTP_MAX_LINE)
      return minor < 0 ? 414 : 431;
    if (has_control(buf + off, n))
      return 400;
    int r;
    if (minor < 0) {
      r = parse_request_line(buf + off, n, req, &minor);
    } else if (n == 0) {
      req->head_len = next;
      break;
    } else if (++fields > HTTP_MAX_HEADERS) {
      r = 431;
    } else {
      r = parse_field(buf + off, n, req, &st);
    }
    if (r != HTTP_PARSE_OK)
      return r;
    off = next;
  }
  // HTTP/1.1 requires exactly one Host (RFC 9112, 3.2).
  if (st.hosts > 1 || (minor >= 1 && st.hosts == 0))
    return 400;
  req->minor = minor;
  req->keep_alive = minor >= 1 ? !st.close : st.keep && !st.close;
  return HTTP_PARSE_OK;
}
