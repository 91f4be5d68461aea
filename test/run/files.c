// Proves file-system calls inside a preopened directory behave as natively:
// create/write/read/append with stdio and fds, fseek/ftell/lseek (including
// past the end, making a hole), rename over an existing file, unlink, mkdir,
// rmdir of a non-empty and an empty directory, stat sizes and types,
// symlink/readlink/lstat, utimes then stat's mtime, truncate/ftruncate,
// pread/pwrite, and a sorted opendir/readdir listing (with '.' and '..'
// counted on a line of their own); failures print the
// errno name. The Wasm builds see the directory as /data.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %wasm2native -O2 --bounds-checks=guard --dir=%t.dir::/data %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software --dir=%t.dir::/data %t.wasm -o %t.soft
// RUN: %compare --map %t.dir=/data --native %t.native --wasm %t.guard --wasm %t.soft -- %t.dir
// RUN: ls %t.dir | count 0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static const char *root;

static const char *P(const char *name) {
  static char bufs[4][512];
  static int which;
  char *b = bufs[which++ & 3];
  snprintf(b, 512, "%s/%s", root, name);
  return b;
}

static const char *errname(int e) {
  switch (e) {
  case 0: return "OK";
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case ENOTEMPTY: return "ENOTEMPTY";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case EACCES: return "EACCES";
  case EPERM: return "EPERM";
  default: return "other";
  }
}

static void report(const char *what, int rc) {
  printf("%-34s -> %s\n", what, rc == 0 ? "OK" : errname(errno));
}

static const char *kind(mode_t m) {
  return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" : "other";
}

static void show_stat(const char *name) {
  struct stat st;
  if (lstat(P(name), &st) != 0) {
    printf("lstat %-28s -> %s\n", name, errname(errno));
    return;
  }
  printf("lstat %-28s -> %s", name, kind(st.st_mode));
  if (S_ISREG(st.st_mode))
    printf(" size %lld", (long long)st.st_size);
  printf("\n");
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *name) {
  DIR *d = opendir(P(name));
  if (!d) {
    printf("opendir %s -> %s\n", name, errname(errno));
    return;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64)
    names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], by_name);
  int dot = 0, dotdot = 0;
  printf("listing of %s:", name);
  for (int i = 0; i < n; i++) {
    if (strcmp(names[i], ".") == 0)
      dot++;
    else if (strcmp(names[i], "..") == 0)
      dotdot++;
    else
      printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n  '.' listed %d time(s), '..' listed %d time(s)\n", dot, dotdot);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: files DIR\n");
    return 2;
  }
  root = argv[1];
  report("mkdir work", mkdir(P("work"), 0755));
  report("mkdir work again", mkdir(P("work"), 0755));

  FILE *f = fopen(P("work/a.txt"), "w");
  printf("fopen w -> %s\n", f ? "OK" : errname(errno));
  for (int i = 0; i < 100; i++)
    fprintf(f, "line %03d\n", i);
  printf("ftell after writing = %ld\n", ftell(f));
  fclose(f);
  f = fopen(P("work/a.txt"), "a+");
  fputs("appended\n", f);
  fseek(f, 9 * 50, SEEK_SET);
  char line[64];
  fgets(line, sizeof line, f);
  printf("line at offset 450: %s", line);
  fseek(f, -9, SEEK_END);
  fgets(line, sizeof line, f);
  printf("last line: %s", line);
  fclose(f);
  show_stat("work/a.txt");

  int fd = open(P("work/b.bin"), O_RDWR | O_CREAT | O_EXCL, 0644);
  printf("open O_EXCL new -> %s\n", fd >= 0 ? "OK" : errname(errno));
  int fd2 = open(P("work/b.bin"), O_RDWR | O_CREAT | O_EXCL, 0644);
  printf("open O_EXCL existing -> %s\n", fd2 >= 0 ? "OK" : errname(errno));
  printf("write -> %zd\n", write(fd, "0123456789", 10));
  printf("lseek end+100 -> %lld\n", (long long)lseek(fd, 100, SEEK_END));
  printf("write past end -> %zd\n", write(fd, "tail", 4));
  printf("lseek cur -> %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  char buf[16] = {0};
  printf("pread at 3 -> %zd \"%.*s\"\n", pread(fd, buf, 5, 3), 5, buf);
  printf("pwrite at 0 -> %zd\n", pwrite(fd, "AB", 2, 0));
  memset(buf, 'x', sizeof buf);
  lseek(fd, 0, SEEK_SET);
  ssize_t got = read(fd, buf, 12);
  int zeros = 0;
  for (int i = 10; i < got; i++)
    zeros += buf[i] == 0;
  printf("read -> %zd, starts \"%.4s\", hole bytes zero: %d\n", got, buf, zeros);
  printf("lseek negative -> %lld %s\n", (long long)lseek(fd, -1000, SEEK_SET), errname(errno));
  report("ftruncate 7", ftruncate(fd, 7));
  close(fd);
  show_stat("work/b.bin");
  report("truncate a.txt 5", truncate(P("work/a.txt"), 5));
  show_stat("work/a.txt");
  report("truncate missing", truncate(P("work/missing"), 5));

  report("rename a.txt -> c.txt", rename(P("work/a.txt"), P("work/c.txt")));
  report("rename b.bin over c.txt", rename(P("work/b.bin"), P("work/c.txt")));
  show_stat("work/c.txt");
  show_stat("work/a.txt");
  report("rename missing", rename(P("work/nope"), P("work/x")));

  report("symlink c.txt <- link", symlink("c.txt", P("work/link")));
  char target[64];
  ssize_t tn = readlink(P("work/link"), target, sizeof target);
  printf("readlink -> %zd \"%.*s\"\n", tn, (int)(tn > 0 ? tn : 0), target);
  show_stat("work/link");
  struct stat st;
  report("stat through link", stat(P("work/link"), &st));
  printf("stat through link: %s size %lld\n", kind(st.st_mode), (long long)st.st_size);
  report("readlink of a file", (int)readlink(P("work/c.txt"), target, sizeof target));

  struct timeval tv[2] = {{1000000000, 0}, {1234567890, 0}};
  report("utimes c.txt", utimes(P("work/c.txt"), tv));
  stat(P("work/c.txt"), &st);
  printf("mtime now %lld\n", (long long)st.st_mtime);

  report("mkdir work/sub", mkdir(P("work/sub"), 0755));
  f = fopen(P("work/sub/inner"), "w");
  fclose(f);
  report("mkdir under a file", mkdir(P("work/c.txt/x"), 0755));
  report("open dir for writing", open(P("work/sub"), O_WRONLY) >= 0 ? 0 : -1);
  list("work");
  list("work/sub");
  list("work/none");
  report("rmdir non-empty", rmdir(P("work/sub")));
  report("unlink a directory", unlink(P("work/sub")));
  report("unlink inner", unlink(P("work/sub/inner")));
  report("rmdir empty", rmdir(P("work/sub")));
  report("access c.txt", access(P("work/c.txt"), F_OK));
  report("access missing", access(P("work/missing"), F_OK));
  report("unlink link", unlink(P("work/link")));
  report("unlink c.txt", unlink(P("work/c.txt")));
  report("unlink again", unlink(P("work/c.txt")));
  list("work");
  report("rmdir work", rmdir(P("work")));
  return 0;
}
