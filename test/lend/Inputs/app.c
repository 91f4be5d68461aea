// Entry of the lending tests: holds a read-write directory and lends a
// file, the directory and a descriptor it moves to its child `kid`, which
// holds no directory of its own; `crashy` traps while holding a lent
// descriptor.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void unbuffered(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}

#define KID(name)                                                              \
  __attribute__((import_module("kid"), import_name(#name))) int kid_##name
KID(read_ro)(int fd);
KID(stale)(void);
KID(dir_ro)(int fd);
KID(dir_rw)(int fd);
KID(pass_plain)(int fd);
KID(pass_fd)(int fd);
KID(take)(int fd);
KID(use_taken)(void);
KID(lend_twice)(int a, int b);
__attribute__((import_module("crashy"), import_name("crash"))) int
crashy_crash(int fd);

static void show(const char *what, int r) { printf("%s: %d\n", what, r); }

static int open_in(void) { return open("/data/in.txt", O_RDONLY); }

int main(void) {
  int f = open("/data/in.txt", O_RDWR);
  show("kid read_ro", kid_read_ro(f));
  show("kid stale", kid_stale());
  // The caller's own view is untouched by the read-only lend.
  char buf[64];
  lseek(f, 0, SEEK_SET);
  show("app write own", (int)write(f, "W", 1));

  int d = open("/data", O_RDONLY | O_DIRECTORY);
  show("kid dir_ro", kid_dir_ro(d));
  show("kid dir_rw", kid_dir_rw(d));
  show("app sees kid's file", access("/data/by-kid.txt", F_OK));
  show("kid stale", kid_stale());
  show("kid pass_plain", kid_pass_plain(f));
  show("kid pass_fd", kid_pass_fd(f));
  show("kid lend_twice", kid_lend_twice(f, d));

  int m = open_in();
  show("kid take", kid_take(m));
  errno = 0;
  ssize_t n = read(m, buf, sizeof buf);
  printf("app read moved: %d %s\n", (int)n, strerror(errno));
  show("kid use_taken", kid_use_taken());

  int c = open_in();
  show("crashy crash", crashy_crash(c));
  // The caller's descriptor still works after the callee trapped.
  lseek(c, 0, SEEK_SET);
  n = read(c, buf, sizeof buf);
  printf("app read after trap: %.*s", (int)n, buf);
  show("crashy again", crashy_crash(c));

  // A descriptor the caller does not hold: a trap in the caller.
  fflush(stdout);
  kid_read_ro(77);
  puts("not reached");
  return 0;
}
