// Says whether the system (or qemu-user) provides openat2, so that a test
// meant for the component-wise fallback knows it exercises it.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  unsigned long long how[3] = {0, 0, 0};
  long fd =
      syscall(437 /* openat2 */, -100 /* AT_FDCWD */, ".", how, sizeof how);
  printf("openat2: %s\n", fd >= 0 ? "present" : strerrorname_np(errno));
  return 0;
}
