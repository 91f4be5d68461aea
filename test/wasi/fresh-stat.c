// path_open stats the file it opens and keeps that stat for the next
// fd_filestat_get of the same descriptor, so open() then fstat() costs the
// host one stat, as natively. This proves the kept stat is never one the
// guest could tell from a fresh fstat: it serves only the descriptor just
// opened, and a change made in between through any descriptor (a write, a
// truncation, another open) is seen. The native build of the same C is the
// truth.
// clang-format off
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %clang -O2 %s -o %t.native
// RUN: %wasm2native %t.wasm -O2 --cap stdio --cap args --cap exit --cap dir:/d=%t.d:rw -o %t.exe
// RUN: rm -rf %t.d && mkdir -p %t.d/sub && printf abc > %t.d/a && printf 12345 > %t.d/b
// RUN: %t.native %t.d > %t.want
// RUN: rm -rf %t.d && mkdir -p %t.d/sub && printf abc > %t.d/a && printf 12345 > %t.d/b
// RUN: %t.exe /d > %t.got
// RUN: diff %t.want %t.got
// RUN: FileCheck %s < %t.got
// CHECK: open a: size 3 regular
// CHECK-NEXT: open a, fstat b: size 5
// CHECK-NEXT: open a, write through another descriptor: size 8
// CHECK-NEXT: open a, ftruncate: size 1
// CHECK-NEXT: open a, open a with O_TRUNC: size 0
// CHECK-NEXT: open sub: directory
// CHECK-NEXT: fstat again: size 0
// clang-format on
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static int open_in(const char *name, int flags) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return open(path, flags, 0644);
}

static long long size_of(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  snprintf(dir, sizeof dir, "%s", argv[1]);
  struct stat st;

  int a = open_in("a", O_RDONLY);
  int ok = fstat(a, &st) == 0;
  printf("open a: size %lld %s\n", ok ? (long long)st.st_size : -1,
         ok && S_ISREG(st.st_mode) ? "regular" : "other");
  close(a);

  int b = open_in("b", O_RDONLY);
  a = open_in("a", O_RDONLY);
  printf("open a, fstat b: size %lld\n", size_of(b));
  close(a);
  close(b);

  int w = open_in("a", O_WRONLY | O_APPEND);
  a = open_in("a", O_RDONLY);
  if (write(w, "defgh", 5) != 5)
    return 3;
  printf("open a, write through another descriptor: size %lld\n", size_of(a));
  close(a);
  close(w);

  a = open_in("a", O_RDWR);
  if (ftruncate(a, 1) != 0)
    return 4;
  printf("open a, ftruncate: size %lld\n", size_of(a));
  close(a);

  a = open_in("a", O_RDONLY);
  int t = open_in("a", O_WRONLY | O_TRUNC);
  printf("open a, open a with O_TRUNC: size %lld\n", size_of(a));
  close(t);

  int d = open_in("sub", O_RDONLY | O_DIRECTORY);
  ok = fstat(d, &st) == 0;
  printf("open sub: %s\n", ok && S_ISDIR(st.st_mode) ? "directory" : "other");
  close(d);

  printf("fstat again: size %lld\n", size_of(a));
  close(a);
  return 0;
}
