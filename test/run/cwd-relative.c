// Proves relative paths resolve against the current directory as natively:
// after chdir into the granted directory, files created and opened by
// relative name land inside it, getcwd reports it, "sub/../name" and "./"
// work, and chdir to a missing directory fails and leaves the cwd alone.
// The Wasm builds see the directory as /data.
// RUN: %clang -O2 %s -o %t.native
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %wasm2native -O2 --bounds-checks=guard --dir=%t.dir::/data %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software --dir=%t.dir::/data %t.wasm -o %t.soft
// RUN: %compare --map %t.dir=/data --native %t.native --wasm %t.guard --wasm %t.soft -- %t.dir
// RUN: ls %t.dir | count 0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show_cwd(void) {
  char buf[1024];
  printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : "(failed)");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  printf("chdir to the directory: %d\n", chdir(argv[1]));
  show_cwd();
  printf("mkdir sub: %d\n", mkdir("sub", 0755));
  FILE *f = fopen("sub/../top.txt", "w");
  fputs("written by relative name\n", f);
  fclose(f);
  char line[64] = "";
  f = fopen("./top.txt", "r");
  fgets(line, sizeof line, f);
  fclose(f);
  printf("read back: %s", line);
  printf("chdir sub: %d\n", chdir("sub"));
  show_cwd();
  f = fopen("../top.txt", "r");
  printf("open ../top.txt from sub: %s\n", f ? "ok" : "failed");
  if (f)
    fclose(f);
  errno = 0;
  printf("chdir missing: %d ENOENT %d\n", chdir("missing"), errno == ENOENT);
  show_cwd();
  printf("chdir ..: %d\n", chdir(".."));
  struct stat st;
  printf("stat top.txt: %d size %lld\n", stat("top.txt", &st), (long long)st.st_size);
  printf("cleanup: %d %d\n", unlink("top.txt"), rmdir("sub"));
  return 0;
}
