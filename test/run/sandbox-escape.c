// Proves a program sees only its preopened directory: files inside /data
// open (also through "sub/.." and a symlink that stays inside), while
// "..", absolute host paths, and symlinks pointing out of /data are refused,
// and a refused write leaves no file behind on the host.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.root && mkdir -p %t.root/data/sub
// RUN: echo "inside secret" > %t.root/data/inside.txt
// RUN: echo "OUTSIDE SECRET" > %t.root/outside.txt
// RUN: ln -s ../outside.txt %t.root/data/escape-relative
// RUN: ln -s %t.root/outside.txt %t.root/data/escape-absolute
// RUN: ln -s sub/../inside.txt %t.root/data/stays-inside
// RUN: ln -s .. %t.root/data/sub/up-up
// RUN: %wasm2native -O2 --bounds-checks=guard --dir=%t.root/data::/data %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software --dir=%t.root/data::/data %t.wasm -o %t.soft
// RUN: timeout 20 %t.guard %t.root/outside.txt | FileCheck %s
// RUN: test ! -e %t.root/created.txt
// RUN: timeout 20 %t.soft %t.root/outside.txt | FileCheck %s
// RUN: test ! -e %t.root/created.txt
// CHECK: /data/inside.txt: read "inside secret"
// CHECK-NEXT: /data/sub/../inside.txt: read "inside secret"
// CHECK-NEXT: /data/stays-inside: read "inside secret"
// CHECK-NEXT: /data/../outside.txt: refused
// CHECK-NEXT: ../outside.txt: refused
// CHECK-NEXT: /data/sub/../../outside.txt: refused
// CHECK-NEXT: /data/escape-relative: refused
// CHECK-NEXT: /data/escape-absolute: refused
// CHECK-NEXT: /data/sub/up-up/outside.txt: refused
// CHECK-NEXT: /etc/passwd: refused
// CHECK-NEXT: host path of outside.txt: refused
// CHECK-NEXT: write /data/../created.txt: refused
// CHECK-NEXT: opendir /: refused
// CHECK-NEXT: done
// CHECK-NOT: SECRET
#include <dirent.h>
#include <stdio.h>
#include <string.h>

static void try_read(const char *label, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    printf("%s: refused\n", label);
    return;
  }
  char line[64] = "";
  if (!fgets(line, sizeof line, f))
    line[0] = 0;
  line[strcspn(line, "\n")] = 0;
  fclose(f);
  printf("%s: read \"%s\"\n", label, line);
}

int main(int argc, char **argv) {
  const char *paths[] = {"/data/inside.txt", "/data/sub/../inside.txt", "/data/stays-inside",
                         "/data/../outside.txt", "../outside.txt", "/data/sub/../../outside.txt",
                         "/data/escape-relative", "/data/escape-absolute",
                         "/data/sub/up-up/outside.txt", "/etc/passwd"};
  for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++)
    try_read(paths[i], paths[i]);
  if (argc > 1)
    try_read("host path of outside.txt", argv[1]);
  FILE *w = fopen("/data/../created.txt", "w");
  printf("write /data/../created.txt: %s\n", w ? "CREATED" : "refused");
  if (w)
    fclose(w);
  DIR *d = opendir("/");
  printf("opendir /: %s\n", d && readdir(d) ? "LISTED" : "refused");
  printf("done\n");
  return 0;
}
