// A child that traps in the middle of a call while holding a descriptor
// lent to it.
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void unbuffered(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}

__attribute__((export_name("crash"))) int crash(int fd) {
  char buf[4];
  printf("crashy read %d\n", (int)read(fd, buf, sizeof buf));
  fflush(stdout);
  __builtin_trap();
}
