// An HTTP/1.1 server on one poll() loop: static files from a read-only
// document root and the dynamic route of hello.c, keep-alive and pipelining,
// strict limits on what a request may hold (request.h) and deadlines that
// close connections which are idle, slow to send a request, or slow to read
// a response. The listening socket is given, never opened: descriptor 3 by
// default, as systemd socket activation and wasm2native's --cap=listen:...
// both number it. Usage is in README.md.
#define _GNU_SOURCE
#include "files.h"
#include "hello.h"
#include "request.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifndef __wasi__
#include <signal.h>
#endif

#define OUT_CAP 16384
#define ACCEPTS_PER_WAKEUP 256
/// After accept fails for lack of descriptors or memory the listener rests,
/// or poll() would report it ready again at once, for ever.
#define ACCEPT_PAUSE_MS 100
/// Longest wait for a closing client to read a final response.
#define LINGER_MAX_MS 2000

struct options {
  const char *root;
  int listen_fd;
  int header_timeout_ms; ///< a request's head and body, from its first byte
  int idle_timeout_ms;   ///< between requests on a kept-alive connection
  int write_timeout_ms;  ///< without progress while sending a response
  int max_conns;
};

enum conn_state {
  READING, ///< waiting for (the rest of) a request
  WRITING, ///< sending a response from out[] and then the file
  LINGER,  ///< response sent and write side shut: draining until the peer
           ///< closes, so unread request bytes do not reset the response
};

struct conn {
  int fd;
  enum conn_state state;
  int close_after;    ///< the response being written ends the connection
  int want_writable;  ///< hello_serve said HELLO_AGAIN
  long long deadline; ///< monotonic ms
  size_t in_len;
  size_t body_left; ///< bytes of the last request's body still to discard
  int file;         ///< the file being sent, or -1
  unsigned long long file_left;
  size_t out_off, out_len;
  char in[HTTP_MAX_HEAD];
  char out[OUT_CAP];
};

static struct options opt = {"/www", 3, 10000, 30000, 30000, 8192};
static int root_fd;
static long long now;

static long long monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *reason(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 301:
    return "Moved Permanently";
  case 400:
    return "Bad Request";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 408:
    return "Request Timeout";
  case 413:
    return "Content Too Large";
  case 414:
    return "URI Too Long";
  case 431:
    return "Request Header Fields Too Large";
  case 501:
    return "Not Implemented";
  case 503:
    return "Service Unavailable";
  case 505:
    return "HTTP Version Not Supported";
  }
  return "Internal Server Error";
}

static char *put_str(char *dst, const char *s) {
  size_t len = strlen(s);
  memcpy(dst, s, len);
  return dst + len;
}

static char *put_uint(char *dst, unsigned long long v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    *dst++ = digits[--n];
  return dst;
}

/// Starts a response in c->out: the status line and header fields, then
/// the body when it is given (body_len bytes, unless head_only). The head
/// is put together by hand rather than with snprintf: it is the one
/// formatting every response needs, and wasi-libc's printf (musl's, through
/// a FILE and a byte-wise memcpy) costs the WebAssembly build about four
/// times what glibc's costs the native one. The longest head (a Location
/// of FILES_MAX_PATH bytes) is far below OUT_CAP.
static void respond(struct conn *c, int status, const char *extra,
                    const char *type, unsigned long long length,
                    const char *body, int head_only, int minor) {
  const char *conn_field = c->close_after ? "Connection: close\r\n"
                           : minor == 0   ? "Connection: keep-alive\r\n"
                                          : "";
  char *p = put_str(c->out, "HTTP/1.1 ");
  p = put_uint(p, (unsigned)status);
  *p++ = ' ';
  p = put_str(p, reason(status));
  p = put_str(p, "\r\nServer: w2n-http-example\r\n");
  p = put_str(p, extra);
  p = put_str(p, "Content-Type: ");
  p = put_str(p, type);
  p = put_str(p, "\r\nContent-Length: ");
  p = put_uint(p, length);
  p = put_str(p, "\r\n");
  p = put_str(p, conn_field);
  p = put_str(p, "\r\n");
  int n = (int)(p - c->out);
  if (body && !head_only) {
    memcpy(c->out + n, body, (size_t)length);
    n += (int)length;
  }
  c->out_off = 0;
  c->out_len = (size_t)n;
  c->state = WRITING;
  c->deadline = now + opt.write_timeout_ms;
}

/// A response whose body is its status line's reason.
static void respond_status(struct conn *c, int status, const char *extra,
                           int head_only, int minor) {
  char body[64];
  int n = snprintf(body, sizeof body, "%d %s\n", status, reason(status));
  respond(c, status, extra, "text/plain; charset=utf-8", (size_t)n, body,
          head_only, minor);
}

static void serve_file(struct conn *c, const struct http_request *req) {
  int head = req->method == HTTP_HEAD;
  char path[FILES_MAX_PATH + 1];
  if (files_resolve(req->target, req->target_len, path) != 0) {
    respond_status(c, 404, "", head, req->minor);
    return;
  }
  // O_NONBLOCK: opening a FIFO planted in the root must not stall the loop
  // (it is then refused as not a regular file); files ignore the flag.
  int f = openat(root_fd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (f < 0) {
    int busy = errno == EMFILE || errno == ENFILE;
    if (busy)
      c->close_after = 1;
    respond_status(c, busy ? 503 : 404, "", head, req->minor);
    return;
  }
  struct stat st;
  if (fstat(f, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
    close(f);
    respond_status(c, 404, "", head, req->minor);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    close(f);
    // The parser admits only printable ASCII in a target, so it can be
    // echoed into a header field.
    const char *q = memchr(req->target, '?', req->target_len);
    int len = (int)(q ? (size_t)(q - req->target) : req->target_len);
    char location[FILES_MAX_PATH + 32];
    if (len > FILES_MAX_PATH) {
      respond_status(c, 404, "", head, req->minor);
      return;
    }
    snprintf(location, sizeof location, "Location: %.*s/\r\n", len,
             req->target);
    respond_status(c, 301, location, head, req->minor);
    return;
  }
  respond(c, 200, "", files_content_type(path), (unsigned long long)st.st_size,
          NULL, head, req->minor);
  if (head || st.st_size == 0) {
    close(f);
    return;
  }
  c->file = f;
  c->file_left = (unsigned long long)st.st_size;
}

static void start_linger(struct conn *c) {
  shutdown(c->fd, SHUT_WR);
  c->state = LINGER;
  int ms = opt.header_timeout_ms < LINGER_MAX_MS ? opt.header_timeout_ms
                                                 : LINGER_MAX_MS;
  c->deadline = now + ms;
}

static void drop_input(struct conn *c, size_t n) {
  memmove(c->in, c->in + n, c->in_len - n);
  c->in_len -= n;
}

/// The request head is consumed and its body (if any) is to be discarded.
static void consume(struct conn *c, const struct http_request *req) {
  drop_input(c, req->head_len);
  c->body_left = req->content_length;
}

/// Back to reading: the next request's head (and the last one's body) must
/// come within the header timeout once begun; an idle connection may wait
/// longer.
static void await_request(struct conn *c) {
  c->state = READING;
  c->deadline = now + (c->in_len || c->body_left ? opt.header_timeout_ms
                                                 : opt.idle_timeout_ms);
}

/// Sends what is pending: the buffer, then the file a buffer at a time.
/// The buffer is filled from the file before each write, so the header
/// fields and a small file leave in one segment (two small writes would
/// wait on Nagle's algorithm and the peer's delayed ACK).
/// Returns 1 when all of the response is out, 0 when the socket is full,
/// -1 when the connection failed.
static int send_pending(struct conn *c) {
  for (;;) {
    if (c->out_off == c->out_len)
      c->out_off = c->out_len = 0;
    if (c->file_left && c->out_off == 0 && c->out_len < OUT_CAP) {
      size_t room = OUT_CAP - c->out_len;
      size_t want = c->file_left < room ? (size_t)c->file_left : room;
      ssize_t r = read(c->file, c->out + c->out_len, want);
      // A file that shrank cannot meet its Content-Length: end the
      // connection.
      if (r <= 0)
        return -1;
      c->out_len += (size_t)r;
      c->file_left -= (unsigned long long)r;
    }
    if (c->out_off == c->out_len)
      break;
    ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (w < 0)
      return errno == EAGAIN || errno == EINTR ? 0 : -1;
    c->out_off += (size_t)w;
    c->deadline = now + opt.write_timeout_ms;
  }
  if (c->file >= 0) {
    close(c->file);
    c->file = -1;
  }
  return 1;
}

/// After a response: the next request, or the end of the connection.
static void finish_response(struct conn *c) {
  if (c->close_after)
    start_linger(c);
  else
    await_request(c);
}

/// Serves the requests already received, in order, until one needs the
/// socket to drain or more bytes to arrive. Returns -1 when the connection
/// must be closed at once.
static int process(struct conn *c) {
  while (c->state == READING) {
    size_t skip = c->body_left < c->in_len ? c->body_left : c->in_len;
    drop_input(c, skip);
    c->body_left -= skip;
    if (c->body_left)
      return 0;
    struct http_request req;
    int r = http_parse_request(c->in, c->in_len, &req);
    if (r == HTTP_PARSE_MORE)
      return 0;
    int head = r == HTTP_PARSE_OK && req.method == HTTP_HEAD;
    const char *q =
        r == HTTP_PARSE_OK ? memchr(req.target, '?', req.target_len) : NULL;
    size_t path_len = q ? (size_t)(q - req.target) : req.target_len;
    if (r != HTTP_PARSE_OK) {
      c->close_after = 1;
      respond_status(c, r, "", 0, 1);
    } else if (req.method == HTTP_OTHER) {
      c->close_after = 1;
      respond_status(c, 405, "Allow: GET, HEAD\r\n", 0, req.minor);
    } else if (path_len == 6 && memcmp(req.target, "/hello", 6) == 0) {
      c->close_after = !req.keep_alive;
      size_t qlen = q ? req.target_len - path_len - 1 : 0;
      int flags = (head ? HELLO_HEAD : 0) | (c->close_after ? HELLO_CLOSE : 0) |
                  (req.minor == 0 ? HELLO_KEEP_ALIVE : 0);
      r = hello_serve(c->fd, q ? q + 1 : "", qlen, flags);
      c->want_writable = r == HELLO_AGAIN;
      if (r == HELLO_AGAIN)
        return 0;
      if (r != HELLO_SENT)
        return -1;
      consume(c, &req);
      finish_response(c);
      continue;
    } else {
      c->close_after = !req.keep_alive;
      serve_file(c, &req);
      consume(c, &req);
    }
    r = send_pending(c);
    if (r <= 0)
      return r;
    finish_response(c);
  }
  return 0;
}

/// The socket drained: the rest of the response, then what follows it.
static int on_writable(struct conn *c) {
  int r = send_pending(c);
  if (r <= 0)
    return r;
  finish_response(c);
  return process(c);
}

static int on_readable(struct conn *c) {
  for (;;) {
    size_t space = HTTP_MAX_HEAD - c->in_len;
    // LINGER discards: it reuses the whole buffer.
    char *dst = c->state == LINGER ? c->in : c->in + c->in_len;
    if (c->state == LINGER)
      space = HTTP_MAX_HEAD;
    if (space == 0)
      return process(c);
    ssize_t r = read(c->fd, dst, space);
    if (r == 0)
      return -1;
    if (r < 0) {
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN)
        return -1;
      return c->state == READING ? process(c) : 0;
    }
    if (c->state == READING) {
      // The first byte of a request starts its header timeout.
      if (c->in_len == 0 && c->body_left == 0)
        c->deadline = now + opt.header_timeout_ms;
      c->in_len += (size_t)r;
    }
    // A short read emptied the socket: poll() reports anything that comes
    // later, so the read that would only say EAGAIN is saved.
    if ((size_t)r < space)
      return c->state == READING ? process(c) : 0;
  }
}

static void conn_close(struct conn *c) {
  if (c->file >= 0)
    close(c->file);
  close(c->fd);
  free(c);
}

/// Handles a passed deadline. Returns -1 when the connection must close.
static int on_deadline(struct conn *c) {
  // A request begun but not finished in time gets 408; an idle connection,
  // a stalled reader and a lingering close just end.
  if (c->state == READING && (c->in_len || c->body_left)) {
    c->close_after = 1;
    c->want_writable = 0;
    respond_status(c, 408, "", 0, 1);
    return on_writable(c);
  }
  return -1;
}

static int parse_options(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (i + 1 == argc)
      return -1;
    const char *v = argv[++i];
    if (strcmp(a, "--root") == 0)
      opt.root = v;
    else if (strcmp(a, "--listen-fd") == 0)
      opt.listen_fd = atoi(v);
    else if (strcmp(a, "--header-timeout") == 0)
      opt.header_timeout_ms = atoi(v);
    else if (strcmp(a, "--idle-timeout") == 0)
      opt.idle_timeout_ms = atoi(v);
    else if (strcmp(a, "--write-timeout") == 0)
      opt.write_timeout_ms = atoi(v);
    else if (strcmp(a, "--max-conns") == 0)
      opt.max_conns = atoi(v);
    else
      return -1;
  }
  return opt.header_timeout_ms > 0 && opt.idle_timeout_ms > 0 &&
                 opt.write_timeout_ms > 0 && opt.max_conns > 0
             ? 0
             : -1;
}

int main(int argc, char **argv) {
  if (parse_options(argc, argv) != 0) {
    fprintf(stderr,
            "usage: %s [--root DIR] [--listen-fd N] [--header-timeout MS] "
            "[--idle-timeout MS] [--write-timeout MS] [--max-conns N]\n",
            argv[0]);
    return 2;
  }
#ifndef __wasi__
  // Natively a write to a peer that is gone would raise SIGPIPE; under
  // wasm2native the runtime never lets a socket raise it.
  signal(SIGPIPE, SIG_IGN);
#endif
  root_fd = open(opt.root, O_RDONLY | O_DIRECTORY);
  if (root_fd < 0) {
    fprintf(stderr, "http-server: cannot open root %s: %s\n", opt.root,
            strerror(errno));
    return 1;
  }
  int lfd = opt.listen_fd;
  if (fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK) != 0) {
    fprintf(stderr, "http-server: descriptor %d: %s\n", lfd, strerror(errno));
    return 1;
  }
  // Entry 0 is the listener; a connection's pollfd and state share an index.
  struct pollfd *pfd = calloc((size_t)opt.max_conns + 1, sizeof *pfd);
  struct conn **conns = calloc((size_t)opt.max_conns + 1, sizeof *conns);
  if (!pfd || !conns) {
    fprintf(stderr, "http-server: out of memory\n");
    return 1;
  }
  int n = 1;
  long long accept_resume = 0;
  pfd[0].fd = lfd;
  for (;;) {
    now = monotonic_ms();
    long long next = now + 1000;
    int listening = n <= opt.max_conns && now >= accept_resume;
    pfd[0].events = listening ? POLLIN : 0;
    if (!listening && accept_resume > now && accept_resume < next)
      next = accept_resume;
    for (int i = 1; i < n; ++i) {
      struct conn *c = conns[i];
      pfd[i].events =
          c->state == WRITING || c->want_writable ? POLLOUT : POLLIN;
      if (c->deadline < next)
        next = c->deadline;
    }
    int wait = next > now ? (int)(next - now) : 0;
    if (poll(pfd, (nfds_t)n, wait) < 0 && errno != EINTR) {
      perror("http-server: poll");
      return 1;
    }
    now = monotonic_ms();
    if (pfd[0].revents & POLLIN) {
      for (int k = 0; k < ACCEPTS_PER_WAKEUP && n <= opt.max_conns; ++k) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          if (errno != EAGAIN)
            accept_resume = now + ACCEPT_PAUSE_MS;
          break;
        }
        struct conn *c = malloc(sizeof *c);
        if (!c) {
          close(fd);
          accept_resume = now + ACCEPT_PAUSE_MS;
          break;
        }
        c->fd = fd;
        c->close_after = c->want_writable = 0;
        c->in_len = c->body_left = 0;
        c->file = -1;
        c->file_left = 0;
        c->out_off = c->out_len = 0;
        // The first request must begin within the header timeout too, or
        // idle connections could hold every slot.
        c->state = READING;
        c->deadline = now + opt.header_timeout_ms;
        pfd[n].fd = fd;
        pfd[n].revents = 0;
        conns[n++] = c;
      }
    }
    for (int i = 1; i < n; ++i) {
      struct conn *c = conns[i];
      short ev = pfd[i].revents;
      int r = 0;
      if (ev && c->state == WRITING)
        r = on_writable(c);
      else if (ev && c->want_writable)
        r = process(c);
      else if (ev)
        r = on_readable(c);
      if (r == 0 && c->state != WRITING && c->deadline <= now)
        r = on_deadline(c);
      else if (r == 0 && c->deadline <= now)
        r = -1;
      if (r == 0)
        continue;
      conn_close(c);
      --n;
      conns[i] = conns[n];
      pfd[i] = pfd[n];
      --i;
    }
  }
}
