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

__attribute__((export_name("crash"))) int crash(int fd) {
  drain(fd);
  put(fd, "partial\n");
  __builtin_trap();
}
