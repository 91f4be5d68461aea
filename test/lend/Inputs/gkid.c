// Grandchild of the lending tests: holds stdout only.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void unbuffered(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}

static int use(const char *how, int fd) {
  char buf[64];
  errno = 0;
  ssize_t n = read(fd, buf, sizeof buf);
  printf("gkid read %s: %d %s\n", how, (int)n, n < 0 ? strerror(errno) : "ok");
  return (int)n;
}

__attribute__((export_name("use_plain"))) int use_plain(int fd) {
  return use("a number", fd);
}
__attribute__((export_name("use_fd"))) int use_fd(int fd) {
  lseek(fd, 0, SEEK_SET);
  return use("a lent descriptor", fd);
}
