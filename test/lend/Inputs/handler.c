// A child holding no capability at all: it serves only the connections
// lent or moved to it.
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static int adopted = -1;

// How many numbers in [0, 64) other than `except` are open descriptors.
static int count_open(int except) {
  int open = 0;
  for (int i = 0; i < 64; i++) {
    __wasi_fdstat_t st;
    if (i != except && __wasi_fd_fdstat_get(i, &st) == 0)
      open++;
  }
  return open;
}

static void put(int fd, const char *s) { (void)write(fd, s, strlen(s)); }

__attribute__((export_name("serve"))) int serve(int fd) {
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0)
    return -1;
  put(fd, "echo: ");
  (void)write(fd, buf, (size_t)n);
  put(fd, count_open(fd) ? "; the handler holds more\n"
                         : "; the handler holds nothing else\n");
  return (int)n;
}

// The request, read so that closing never resets the connection.
static void drain(int fd) {
  char buf[64];
  (void)read(fd, buf, sizeof buf);
}

__attribute__((export_name("adopt"))) int adopt(int fd) {
  drain(fd);
  adopted = fd;
  return 0;
}

__attribute__((export_name("finish"))) int finish(void) {
  put(adopted, "from the handler, which adopted it\n");
  return close(adopted);
}

// A read-only view of the connection: it receives, and answers what
// sending and shutting down gave, as 100 * fd_write's errno + shutdown's.
__attribute__((export_name("look"))) int look(int fd) {
  char buf[64];
  if (read(fd, buf, sizeof buf) <= 0)
    return -1;
  __wasi_ciovec_t v = {(const uint8_t *)"x", 1};
  __wasi_size_t n;
  int w = __wasi_fd_write(fd, &v, 1, &n);
  int sh = __wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR);
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(fd, &st) != 0 ||
      (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE))
    return -2;
  return 100 * w + sh;
}

__attribute__((export_name("crash"))) int crash(int fd) {
  drain(fd);
  put(fd, "partial\n");
  __builtin_trap();
}
