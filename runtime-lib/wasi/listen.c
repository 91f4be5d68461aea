/*===- wasi/listen.c - Listening sockets granted at start-up ---------------===*
 *
 * Preview 1 cannot create a socket, so a server gets its listening sockets
 * from the configuration, as `wasmtime run -S tcplisten=ADDR:PORT` and
 * `-S listenfd` give them: listen:ADDR:PORT, listen:[ADDR]:PORT and
 * listen:unix:PATH are bound here, listen:inherit takes the sockets systemd
 * socket activation passed (LISTEN_PID, LISTEN_FDS; sd_listen_fds(3)).
 *
 * Every grant is opened once per process and kept open until exit: in a
 * manifest a child holding the same grant as its parent shares the socket,
 * and a child's start function runs before its parent is set up, so no
 * instance can be trusted to keep the one copy alive. Each instance gets
 * its own duplicate.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* One opened grant: the socket(s) it stands for. */
typedef struct opened {
  uint32_t kind, port;
  const char *addr; /* own copy; NULL for inherit */
  int *fds;
  uint32_t count;
} opened;

static opened *opened_list;
static uint32_t num_opened;

static void describe(const w2n_listen_grant *g, char *buf, size_t len) {
  switch (g->kind) {
  case W2N_LISTEN_TCP4:
    snprintf(buf, len, "%s:%u", g->addr, g->port);
    break;
  case W2N_LISTEN_TCP6:
    snprintf(buf, len, "[%s]:%u", g->addr, g->port);
    break;
  case W2N_LISTEN_UNIX:
    snprintf(buf, len, "unix:%s", g->addr);
    break;
  default:
    snprintf(buf, len, "inherit");
    break;
  }
}

static void report(const w2n_listen_grant *g, const char *what) {
  char name[160];
  describe(g, name, sizeof name);
  fprintf(stderr, "%s: error: cannot listen on %s: %s\n", w2n_program_name(),
          name, what);
}

/* Binds and listens; the host descriptor or -1 after reporting. */
static int bind_listen(const w2n_listen_grant *g) {
  struct sockaddr_storage ss;
  socklen_t len;
  memset(&ss, 0, sizeof ss);
  int family;
  if (g->kind == W2N_LISTEN_UNIX) {
    struct sockaddr_un *un = (struct sockaddr_un *)&ss;
    size_t n = strlen(g->addr);
    if (n == 0 || n >= sizeof un->sun_path) {
      report(g, "path is empty or too long for a Unix socket");
      return -1;
    }
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, g->addr, n);
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    family = AF_UNIX;
  } else if (g->kind == W2N_LISTEN_TCP4) {
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)g->port);
    if (inet_pton(AF_INET, g->addr, &in->sin_addr) != 1) {
      report(g, "not a numeric IPv4 address");
      return -1;
    }
    len = sizeof *in;
    family = AF_INET;
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)g->port);
    if (inet_pton(AF_INET6, g->addr, &in6->sin6_addr) != 1) {
      report(g, "not a numeric IPv6 address");
      return -1;
    }
    len = sizeof *in6;
    family = AF_INET6;
  }
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    report(g, strerror(errno));
    return -1;
  }
  /* As Wasmtime's (Rust's) TcpListener::bind: a restarted server can bind
   * again while old connections are in TIME_WAIT. */
  int one = 1;
  if (family != AF_UNIX)
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, SOMAXCONN) < 0) {
    report(g, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

/* The sockets systemd passed: descriptors 3 .. 3+LISTEN_FDS-1, meant for
 * this process only (LISTEN_PID). Every one must be a listening stream
 * socket: anything else would give the guest a descriptor it was not
 * meant to have under a type it does not have. */
static int inherit(const w2n_listen_grant *g, int **fds, uint32_t *count) {
  const char *pid = getenv("LISTEN_PID");
  const char *num = getenv("LISTEN_FDS");
  char *end;
  if (!pid || !num) {
    report(g, "LISTEN_PID and LISTEN_FDS are not set (start the program "
              "with systemd socket activation)");
    return -1;
  }
  errno = 0;
  unsigned long p = strtoul(pid, &end, 10);
  if (errno || *end || end == pid || p != (unsigned long)getpid()) {
    report(g, "LISTEN_PID is not this process");
    return -1;
  }
  errno = 0;
  unsigned long n = strtoul(num, &end, 10);
  if (errno || *end || end == num || n == 0 || n > 1024) {
    report(g, "LISTEN_FDS is not a number of descriptors from 1 to 1024");
    return -1;
  }
  int *out = malloc(n * sizeof *out);
  if (!out) {
    report(g, strerror(ENOMEM));
    return -1;
  }
  for (unsigned long i = 0; i < n; ++i) {
    int fd = 3 + (int)i;
    struct stat st;
    int type = 0, acc = 0;
    socklen_t tl = sizeof type, al = sizeof acc;
    if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode) ||
        getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ||
        type != SOCK_STREAM ||
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) < 0 || !acc) {
      char what[96];
      snprintf(what, sizeof what,
               "inherited descriptor %d is not a listening stream socket", fd);
      report(g, what);
      free(out);
      return -1;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    out[i] = fd;
  }
  *fds = out;
  *count = (uint32_t)n;
  return 0;
}

/* The process-wide sockets of grant g, opened on first use. */
static const opened *open_grant(const w2n_listen_grant *g) {
  for (uint32_t i = 0; i < num_opened; ++i) {
    const opened *o = &opened_list[i];
    if (o->kind == g->kind && o->port == g->port &&
        (g->kind == W2N_LISTEN_INHERIT || strcmp(o->addr, g->addr) == 0))
      return o;
  }
  opened o = {g->kind, g->port, NULL, NULL, 0};
  if (g->kind != W2N_LISTEN_INHERIT && !(o.addr = strdup(g->addr))) {
    report(g, strerror(ENOMEM));
    return NULL;
  }
  if (g->kind == W2N_LISTEN_INHERIT) {
    if (inherit(g, &o.fds, &o.count))
      return NULL;
  } else {
    int fd = bind_listen(g);
    if (fd < 0) {
      free((char *)o.addr);
      return NULL;
    }
    o.fds = malloc(sizeof *o.fds);
    if (!o.fds) {
      close(fd);
      free((char *)o.addr);
      report(g, strerror(ENOMEM));
      return NULL;
    }
    o.fds[0] = fd;
    o.count = 1;
  }
  opened *list = realloc(opened_list, (num_opened + 1) * sizeof *list);
  if (!list) {
    for (uint32_t i = 0; i < o.count; ++i)
      close(o.fds[i]);
    free(o.fds);
    free((char *)o.addr);
    report(g, strerror(ENOMEM));
    return NULL;
  }
  opened_list = list;
  opened_list[num_opened] = o;
  return &opened_list[num_opened++];
}

int *w2n_wasi_listen_fds(const w2n_config *cfg, uint32_t *count) {
  int *fds = NULL;
  uint32_t n = 0;
  for (uint32_t i = 0; i < cfg->num_listen; ++i) {
    const w2n_listen_grant *g = &cfg->listen[i];
    const opened *o = open_grant(g);
    if (!o)
      goto fail;
    int *more = realloc(fds, (n + o->count) * sizeof *fds);
    if (!more) {
      report(g, strerror(ENOMEM));
      goto fail;
    }
    fds = more;
    for (uint32_t k = 0; k < o->count; ++k) {
      int d = fcntl(o->fds[k], F_DUPFD_CLOEXEC, 3);
      if (d < 0) {
        report(g, strerror(errno));
        goto fail;
      }
      fds[n++] = d;
    }
  }
  *count = n;
  return fds ? fds : malloc(1);
fail:
  for (uint32_t k = 0; k < n; ++k)
    close(fds[k]);
  free(fds);
  return NULL;
}
