// The child that holds a read-only directory (/data/in) and stdout. Every
// probe_* export tries something its capabilities do not allow and returns
// the WASI errno it got.
#include "cabi.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

// Words in the buffer, plus k.
EXPORT(parse) int parse(const char *buf, int len, int k) {
  int words = 0;
  for (int i = 0; i < len; i++)
    words += !isspace((unsigned char)buf[i]) &&
             (i == 0 || isspace((unsigned char)buf[i - 1]));
  return words + k;
}

// Upper-cases `in` into `out`; returns the bytes written.
EXPORT(render) int render(const char *in, int in_len, char *out, int out_len) {
  int n = in_len < out_len ? in_len : out_len;
  for (int i = 0; i < n; i++)
    out[i] = (char)toupper((unsigned char)in[i]);
  return n;
}

// Reads /data/in/config.txt into `out`: bytes read, or -errno.
EXPORT(load) int load(char *out, int len) {
  int fd = open("/data/in/config.txt", O_RDONLY);
  if (fd < 0)
    return -errno;
  int n = (int)read(fd, out, (size_t)len);
  close(fd);
  return n < 0 ? -errno : n;
}

// Prints through its own stdout capability.
EXPORT(say) int say(const char *msg, int len) {
  printf("parser says: %.*s\n", len, msg);
  fflush(stdout);
  return 0;
}

EXPORT(probe_clock) int probe_clock(void) {
  __wasi_timestamp_t t;
  return __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
}

EXPORT(probe_random) int probe_random(void) {
  uint8_t b[8];
  return __wasi_random_get(b, sizeof b);
}

// Descriptor 2 (stderr) was never granted to the parser.
EXPORT(probe_stderr) int probe_stderr(void) {
  __wasi_ciovec_t v = {(const uint8_t *)"x\n", 2};
  __wasi_size_t n;
  return __wasi_fd_write(2, &v, 1, &n);
}

// Its descriptor 3 is its own preopen, /data/in (the app's 3 is /data).
EXPORT(probe_fd3_name) int probe_fd3_name(char *out, int len) {
  __wasi_prestat_t st;
  __wasi_errno_t e = __wasi_fd_prestat_get(3, &st);
  if (e)
    return -e;
  if ((int)st.u.dir.pr_name_len > len)
    return -1;
  e = __wasi_fd_prestat_dir_name(3, (uint8_t *)out, st.u.dir.pr_name_len);
  return e ? -e : (int)st.u.dir.pr_name_len;
}

// Whatever descriptor the app opened for itself does not exist here.
EXPORT(probe_fd) int probe_fd(int fd) {
  __wasi_fdstat_t st;
  return __wasi_fd_fdstat_get(fd, &st);
}

// /data/secret.txt is under the app's grant, not under the parser's.
EXPORT(probe_outside) int probe_outside(void) {
  int fd = open("/data/secret.txt", O_RDONLY);
  return fd < 0 ? errno : 0;
}

// The same file reached by escaping the preopen with "..".
EXPORT(probe_escape) int probe_escape(void) {
  __wasi_fd_t fd;
  return __wasi_path_open(3, 0, "../secret.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0,
                          &fd);
}

// A write through the read-only grant.
EXPORT(probe_write) int probe_write(void) {
  int fd = open("/data/in/new.txt", O_WRONLY | O_CREAT, 0644);
  return fd < 0 ? errno : 0;
}

// The variables the parser sees: none were granted.
EXPORT(probe_env) int probe_env(void) {
  __wasi_size_t count, size;
  __wasi_errno_t e = __wasi_environ_sizes_get(&count, &size);
  return e ? -e : (int)count;
}

EXPORT(leave) void leave(void) { __wasi_proc_exit(3); }

EXPORT(crash) int crash(int x) {
  if (x >= 0)
    __builtin_trap();
  return x;
}

// Native stack use grows with n (no locals in linear memory).
__attribute__((noinline)) static int deep_rec(int n) {
  if (n == 0)
    return 0;
  return deep_rec(n - 1) * 3 + n;
}
EXPORT(deep) int deep(int n) { return deep_rec(n); }
