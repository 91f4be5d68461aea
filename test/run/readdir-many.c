// Proves directory listings larger than one read buffer come back complete:
// 600 entries with long names (so fd_readdir must be resumed from its
// cookie many times) are each seen exactly once, rewinddir starts over,
// and telldir/seekdir return to a remembered position. The Wasm builds see
// the directory as /data.
// RUN: %clang -O2 %s -o %t.native
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %wasm2native -O2 --bounds-checks=guard --dir=%t.dir::/data %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software --dir=%t.dir::/data %t.wasm -o %t.soft
// RUN: %compare --map %t.dir=/data --native %t.native --wasm %t.guard --wasm %t.soft -- %t.dir
// RUN: ls %t.dir | count 0
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 600

static char path[1024];
static const char *name_of(int i) {
  static char name[128];
  snprintf(name, sizeof name, "entry-%04d-with-a-rather-long-name-to-fill-the-readdir-buffer-%x", i,
           i * 2654435761u);
  return name;
}

static int scan(DIR *d, unsigned char *seen, uint64_t *hash) {
  struct dirent *e;
  int count = 0;
  while ((e = readdir(d))) {
    int i;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    if (sscanf(e->d_name, "entry-%d-", &i) == 1 && i >= 0 && i < N &&
        strcmp(e->d_name, name_of(i)) == 0)
      seen[i]++;
    for (const char *c = e->d_name; *c; c++)
      *hash += (unsigned char)*c * (uint64_t)(c - e->d_name + 1);
    count++;
  }
  return count;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  snprintf(path, sizeof path, "%s/many", argv[1]);
  char file[1200];
  mkdir(path, 0755);
  for (int i = 0; i < N; i++) {
    snprintf(file, sizeof file, "%s/%s", path, name_of(i));
    FILE *f = fopen(file, "w");
    if (!f) {
      printf("create %d failed\n", i);
      return 1;
    }
    fclose(f);
  }
  DIR *d = opendir(path);
  unsigned char seen[N] = {0};
  uint64_t hash = 0;
  int count = scan(d, seen, &hash);
  int once = 0;
  for (int i = 0; i < N; i++)
    once += seen[i] == 1;
  printf("first pass: %d entries, %d seen exactly once, name hash %llu\n", count, once,
         (unsigned long long)hash);
  rewinddir(d);
  memset(seen, 0, sizeof seen);
  hash = 0;
  count = scan(d, seen, &hash);
  printf("after rewinddir: %d entries, name hash %llu\n", count, (unsigned long long)hash);
  rewinddir(d);
  for (int i = 0; i < 250; i++)
    readdir(d);
  long pos = telldir(d);
  char remembered[256];
  struct dirent *e = readdir(d);
  snprintf(remembered, sizeof remembered, "%s", e ? e->d_name : "(end)");
  for (int i = 0; i < 100; i++)
    readdir(d);
  seekdir(d, pos);
  e = readdir(d);
  printf("seekdir returns to the remembered entry: %d\n", e && strcmp(e->d_name, remembered) == 0);
  closedir(d);
  int removed = 0;
  for (int i = 0; i < N; i++) {
    snprintf(file, sizeof file, "%s/%s", path, name_of(i));
    removed += unlink(file) == 0;
  }
  printf("removed %d, rmdir %d\n", removed, rmdir(path));
  return 0;
}
