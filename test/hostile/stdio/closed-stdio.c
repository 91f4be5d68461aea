// Proves that a program started with host descriptor 0, 1 or 2 closed never
// lets a file take that number: the guest opens a file in its preopened
// directory and writes "guest-data" to it, then writes to its stdout and
// stderr and traps. The file must hold exactly "guest-data" afterwards: the
// guest's fd 1 and 2, and the runtime's trap report, are /dev/null, never
// the file. Before the fix the preopen and the file took the lowest closed
// numbers, so the stderr line and the trap report landed in the file. A
// guest reading a closed stdin gets end-of-file, as under Wasmtime, not the
// preopened directory.
// clang-format off
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %wasm2native -O2 %t.wasm --dir=%t.d::/out -o %t
// RUN: printf 'guest-data\n' > %t.expect
//
// RUN: sh -c '%t trap 0<&- 2>&-; echo "exit status $?" >&3' 3>&1 | FileCheck %s --check-prefix=TRAP
// RUN: cmp %t.expect %t.d/guest.txt
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: sh -c '%t trap 1>&- 2>&-; echo "exit status $?" >&3' 3>&1 | FileCheck %s --check-prefix=TRAP
// RUN: cmp %t.expect %t.d/guest.txt
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: sh -c '%t trap 0<&- 1>&- 2>&-; echo "exit status $?" >&3' 3>&1 | FileCheck %s --check-prefix=TRAP
// RUN: cmp %t.expect %t.d/guest.txt
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: sh -c '%t trap 2>&-; echo "exit status $?" >&3' 3>&1 | FileCheck %s --check-prefix=TRAP
// RUN: cmp %t.expect %t.d/guest.txt
// TRAP: exit status 134
//
// With stdout open, the guest sees its stderr is not the file it opened.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %t fds 0<&- 2>&- | FileCheck %s --check-prefix=FDS
// RUN: cmp %t.expect %t.d/guest.txt
// FDS: stderr is not the file
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %t stdin 0<&- | FileCheck %s --check-prefix=STDIN
// RUN: %t stdin 0<&- 2>&- | FileCheck %s --check-prefix=STDIN
// STDIN: stdin: end of file
// clang-format on
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_guest_file(void) {
  int fd = open("/out/guest.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    perror("open /out/guest.txt");
    return -1;
  }
  if (write(fd, "guest-data\n", 11) != 11)
    perror("write /out/guest.txt");
  return fd;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "stdin")) {
    char buf[64];
    ssize_t n = read(0, buf, sizeof buf);
    if (n == 0)
      printf("stdin: end of file\n");
    else if (n < 0)
      printf("stdin: error %s\n", strerror(errno));
    else
      printf("stdin: %zd bytes\n", n);
    return 0;
  }
  if (open_guest_file() < 0)
    return 1;
  if (!strcmp(mode, "fds")) {
    // What the guest itself can see: the file and its fd 2 have different
    // host identities unless the host handed it the same descriptor.
    struct stat file, err;
    int same = stat("/out/guest.txt", &file) == 0 && fstat(2, &err) == 0 &&
               file.st_ino == err.st_ino && file.st_dev == err.st_dev;
    fputs("guest-stderr\n", stderr);
    printf("stderr %s the file\n", same ? "is" : "is not");
    return 0;
  }
  fputs("guest-stdout\n", stdout);
  fflush(stdout);
  fputs("guest-stderr\n", stderr);
  __builtin_trap();
}
