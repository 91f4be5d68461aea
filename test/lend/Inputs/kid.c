// Child of the lending tests. It holds stdout and nothing else: every
// descriptor it uses was lent or moved to it by its parent.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

__attribute__((import_module("gkid"), import_name("use_plain"))) int
gkid_use_plain(int fd);
__attribute__((import_module("gkid"), import_name("use_fd"))) int
gkid_use_fd(int fd);

static int kept = -1, taken = -1;

static const char *err(int e) { return e ? strerror(e) : "ok"; }

__attribute__((constructor)) static void unbuffered(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}

// How many numbers in [3, 64) other than `except` are open descriptors
// (0-2 are stdio).
static int count_open(int except) {
  int open = 0;
  for (int i = 3; i < 64; i++) {
    __wasi_fdstat_t st;
    if (i != except && __wasi_fd_fdstat_get(i, &st) == 0)
      open++;
  }
  return open;
}

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(read_ro) int read_ro(int fd) {
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  printf("kid read: %.*s", (int)n, buf);
  errno = 0;
  printf("kid write: %d %s\n", (int)write(fd, "x", 1), err(errno));
  __wasi_fdstat_t st;
  (void)__wasi_fd_fdstat_get(fd, &st);
  printf("kid rights: read %d write %d\n",
         (st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0,
         (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
  printf("kid widen: %s\n", err(__wasi_fd_fdstat_set_rights(
                                fd, st.fs_rights_base | __WASI_RIGHTS_FD_WRITE,
                                st.fs_rights_inheriting)));
  printf("kid narrow: %s\n",
         err(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_SEEK, 0)));
  errno = 0;
  printf("kid read narrowed: %d %s\n", (int)read(fd, buf, 1), err(errno));
  // Renumbered, it is still the lent descriptor and still goes on return.
  (void)__wasi_fd_renumber(fd, 40);
  kept = 40;
  printf("kid holds besides it: %d\n", count_open(40));
  return (int)n;
}

EXPORT(stale) int stale(void) {
  char c;
  errno = 0;
  printf("kid read kept: %d %s\n", (int)read(kept, &c, 1), err(errno));
  return count_open(-1);
}

static int try_open(int dir, const char *path, __wasi_oflags_t of,
                    __wasi_rights_t rights) {
  __wasi_fd_t out;
  int e = __wasi_path_open(dir, 0, path, of, rights, rights, 0, &out);
  if (e == 0)
    close(out);
  return e;
}

EXPORT(dir_ro) int dir_ro(int d) {
  printf("kid open in.txt: %s\n",
         err(try_open(d, "in.txt", 0, __WASI_RIGHTS_FD_READ)));
  printf("kid open in.txt for write: %s\n",
         err(try_open(d, "in.txt", 0, __WASI_RIGHTS_FD_WRITE)));
  printf("kid create: %s\n", err(try_open(d, "new.txt", __WASI_OFLAGS_CREAT,
                                          __WASI_RIGHTS_FD_WRITE)));
  printf("kid unlink: %s\n", err(__wasi_path_unlink_file(d, "in.txt")));
  printf("kid mkdir: %s\n", err(__wasi_path_create_directory(d, "sub")));
  return 0;
}

EXPORT(dir_rw) int dir_rw(int d) {
  int e =
      try_open(d, "by-kid.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE);
  printf("kid create under a full lend: %s\n", err(e));
  // A file opened beneath a lent directory goes when the lend ends.
  __wasi_fd_t out;
  if (__wasi_path_open(d, 0, "in.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &out) ==
      0)
    kept = (int)out;
  return e;
}

EXPORT(pass_plain) int pass_plain(int fd) { return gkid_use_plain(fd); }
EXPORT(pass_fd) int pass_fd(int fd) { return gkid_use_fd(fd); }

EXPORT(lend_twice) int lend_twice(int a, int b) {
  printf("kid two numbers: %d\n", a != b);
  return count_open(-1);
}

EXPORT(take) int take(int fd) {
  taken = fd;
  return 0;
}

EXPORT(use_taken) int use_taken(void) {
  char buf[64];
  lseek(taken, 0, SEEK_SET);
  ssize_t n = read(taken, buf, sizeof buf);
  printf("kid read taken: %.*s", (int)n, buf);
  errno = 0;
  printf("kid close taken: %d\n", close(taken));
  return (int)n;
}
