// The child of the grant attacks: it holds /data/sub and /data/a/b
// read-only, carved out of its parent's read-write /data, and reports what
// it sees there.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../../nanoprocess/Inputs/cabi.h"

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// The sorted names in directory `path` (an in-buf), comma-separated, into
// out; the length, or -errno.
EXPORT(list) int list(const char *path, int plen, char *out, int len) {
  char dir[256];
  if (plen >= (int)sizeof dir)
    return -ENAMETOOLONG;
  memcpy(dir, path, (size_t)plen);
  dir[plen] = 0;
  DIR *d = opendir(dir);
  if (!d)
    return -errno;
  char *names[64];
  int n = 0;
  for (struct dirent *e; n < 64 && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, by_name);
  int used = 0;
  for (int i = 0; i < n; i++) {
    int l = (int)strlen(names[i]);
    if (used + l + 1 < len) {
      if (used)
        out[used++] = ',';
      memcpy(out + used, names[i], (size_t)l);
      used += l;
    }
    free(names[i]);
  }
  return used;
}

// Tries to create a file in directory `path`: 0, or the errno.
EXPORT(try_write) int try_write(const char *path, int plen) {
  char file[256];
  if (plen + 5 >= (int)sizeof file)
    return ENAMETOOLONG;
  memcpy(file, path, (size_t)plen);
  memcpy(file + plen, "/new", 5);
  int fd = open(file, O_WRONLY | O_CREAT, 0644);
  if (fd < 0)
    return errno;
  close(fd);
  return 0;
}
