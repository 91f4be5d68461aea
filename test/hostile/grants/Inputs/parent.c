// The entry of the grant attacks. It holds /data read-write and redirects
// the grants its child holds inside /data as a guest can: it moves a
// granted directory away and puts a symlink (climbing out, or staying
// inside) or another directory in its place. What the child sees is
// printed after the change, in the same run; the next start of the binary
// is what the test checks.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define IMPORT(mod, name)                                                      \
  __attribute__((import_module(#mod), import_name(#name)))
IMPORT(child, list)
int child_list(const char *path, int plen, char *out, int len);
IMPORT(child, try_write) int child_try_write(const char *path, int plen);

static void show(const char *path) {
  char out[512];
  int n = child_list(path, (int)strlen(path), out, sizeof out);
  if (n < 0)
    printf("child %s: error %d\n", path, -n);
  else
    printf("child %s: %.*s\n", path, n, out);
}

static void check(const char *what, int ok) {
  if (!ok)
    printf("%s: %s\n", what, strerror(errno));
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "list";
  if (strcmp(mode, "climb") == 0) {
    check("rename", rename("/data/sub", "/data/sub-old") == 0);
    check("symlink", symlink("..", "/data/sub") == 0);
  } else if (strcmp(mode, "inside") == 0) {
    check("rename", rename("/data/sub", "/data/sub-old") == 0);
    check("symlink", symlink("sub-old", "/data/sub") == 0);
  } else if (strcmp(mode, "intermediate") == 0) {
    check("rename", rename("/data/a", "/data/a-old") == 0);
    check("symlink", symlink("..", "/data/a") == 0);
  } else if (strcmp(mode, "rename") == 0) {
    check("rename", rename("/data/sub", "/data/sub-old") == 0);
    check("rename", rename("/data/other", "/data/sub") == 0);
  }
  show("/data/sub");
  show("/data/a/b");
  printf("child write /data/sub: %d\n",
         child_try_write("/data/sub", (int)strlen("/data/sub")));
  return 0;
}
