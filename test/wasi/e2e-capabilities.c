// Proves what a program sees without capabilities, end to end: a read-only
// directory grant reads but refuses every change with ENOTCAPABLE (and the
// host directory stays untouched), the clock and random numbers are
// refused, arguments and environment are empty, and a descriptor never
// granted is EBADF; with them granted, the same calls work.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.ro && mkdir -p %t.ro/sub && echo "read me" > %t.ro/f.txt
// RUN: %wasm2native %t.wasm -O2 --cap stdio --cap dir:/ro=%t.ro:ro -o %t.bare
// RUN: %wasm2native %t.wasm -O2 --dir=%t.ro::/ro -o %t.full
// RUN: env SECRET=1 %t.bare one two | FileCheck %s --check-prefix=BARE
// RUN: ls %t.ro | FileCheck %s --check-prefix=HOST
// RUN: env SECRET=1 %t.full one two | FileCheck %s --check-prefix=FULL
// BARE: args 0, env 0
// BARE-NEXT: read /ro/f.txt: read me
// BARE-NEXT: write /ro/new: Capabilities insufficient
// BARE-NEXT: append /ro/f.txt: Capabilities insufficient
// BARE-NEXT: mkdir /ro/d: Capabilities insufficient
// BARE-NEXT: unlink /ro/f.txt: Capabilities insufficient
// BARE-NEXT: rename /ro/f.txt: Capabilities insufficient
// BARE-NEXT: rmdir /ro/sub: Capabilities insufficient
// BARE-NEXT: clock_gettime: Capabilities insufficient
// BARE-NEXT: getentropy: Capabilities insufficient
// BARE-NEXT: write fd 9: Bad file descriptor
// HOST: f.txt
// HOST-NEXT: sub
// HOST-NOT: {{.}}
// FULL: args 3, env 0
// FULL: write /ro/new: ok
// FULL: clock_gettime: ok
// FULL-NEXT: getentropy: ok
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void report(const char *what, int ok) {
  printf("%s: %s\n", what, ok ? "ok" : strerror(errno));
}

int main(int argc, char **argv) {
  int envc = 0;
  while (environ && environ[envc])
    ++envc;
  printf("args %d, env %d\n", argc, envc);
  char line[32] = "";
  FILE *f = fopen("/ro/f.txt", "r");
  if (f && fgets(line, sizeof line, f))
    line[strcspn(line, "\n")] = 0;
  if (f)
    fclose(f);
  printf("read /ro/f.txt: %s\n", line);
  f = fopen("/ro/new", "w");
  report("write /ro/new", f != NULL);
  if (f)
    fclose(f), unlink("/ro/new");
  f = fopen("/ro/f.txt", "a");
  report("append /ro/f.txt", f != NULL);
  if (f)
    fclose(f);
  /* The bare build (which sees no arguments) also tries the changes a
   * read-only grant must refuse; the full build would really make them. */
  if (argc == 0) {
    report("mkdir /ro/d", mkdir("/ro/d", 0755) == 0);
    report("unlink /ro/f.txt", unlink("/ro/f.txt") == 0);
    report("rename /ro/f.txt", rename("/ro/f.txt", "/ro/g.txt") == 0);
    report("rmdir /ro/sub", rmdir("/ro/sub") == 0);
  }
  struct timespec ts;
  report("clock_gettime", clock_gettime(CLOCK_REALTIME, &ts) == 0);
  char buf[16];
  report("getentropy", getentropy(buf, sizeof buf) == 0);
  if (argc == 0)
    report("write fd 9", write(9, "x", 1) == 1);
  return 0;
}
