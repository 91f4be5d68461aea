// Proves wasi-libc's readdir works on fd_readdir's cookies end to end: a
// directory of 300 entries with names up to 240 bytes (so entries straddle
// and overflow wasi-libc's buffer) lists every name exactly once, and
// telldir/seekdir and rewinddir return to the same places.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %wasm2native %t.wasm -O2 --dir=%t.dir::/d -o %t
// RUN: %t | FileCheck %s
// RUN: ls %t.dir | count 300
// CHECK: created 300
// CHECK-NEXT: listed 302, each once: yes
// CHECK-NEXT: seekdir back: same entry
// CHECK-NEXT: rewinddir: 302 again
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { N = 300 };
static char names[N][256];
static int seen[N];

static void name_of(int i, char *out) {
  int len = 1 + (i * 37) % 240;
  for (int k = 0; k < len; ++k)
    out[k] = 'a' + (i + k) % 26;
  sprintf(out + len, "-%d", i);
}

static int count_entries(DIR *d) {
  int n = 0;
  while (readdir(d))
    ++n;
  return n;
}

int main(void) {
  int created = 0;
  for (int i = 0; i < N; ++i) {
    char path[300];
    name_of(i, names[i]);
    snprintf(path, sizeof path, "/d/%s", names[i]);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) {
      ++created;
      close(fd);
    }
  }
  printf("created %d\n", created);
  DIR *d = opendir("/d");
  if (!d)
    return 1;
  int total = 0, once = 1;
  struct dirent *e;
  while ((e = readdir(d))) {
    ++total;
    for (int i = 0; i < N; ++i)
      if (strcmp(e->d_name, names[i]) == 0)
        once &= ++seen[i] == 1;
  }
  for (int i = 0; i < N; ++i)
    once &= seen[i] == 1;
  printf("listed %d, each once: %s\n", total, once ? "yes" : "no");
  rewinddir(d);
  for (int i = 0; i < 150; ++i)
    readdir(d);
  long pos = telldir(d);
  char here[300];
  strcpy(here, readdir(d)->d_name);
  for (int i = 0; i < 20; ++i)
    readdir(d);
  seekdir(d, pos);
  e = readdir(d);
  printf("seekdir back: %s\n",
         e && !strcmp(e->d_name, here) ? "same entry" : "DIFFERENT");
  rewinddir(d);
  printf("rewinddir: %d again\n", count_entries(d));
  closedir(d);
  return 0;
}
