/* Direct tests of the WASI host functions: an instance of a module with one
 * 64 KiB memory and no code is made WASI by w2n_wasi_setup, and the tests
 * call the w2n_wasi_* functions with offsets into that memory, as compiled
 * code would. */
#ifndef W2N_TEST_WASI_HARNESS_H
#define W2N_TEST_WASI_HARNESS_H

#include "wasi/wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures, test_failures;

#define CHECK_EQ(a, b)                                                         \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_ && ++test_failures <= 10) {                                   \
      printf("FAIL %s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__,    \
             #a, a_, b_);                                                      \
    }                                                                          \
  } while (0)
#define CHECK(c) CHECK_EQ(!!(c), 1)

/* Runs one named test and prints "ok NAME" or "FAILED NAME". */
#define RUN_TEST(fn)                                                           \
  do {                                                                         \
    test_failures = 0;                                                         \
    fn();                                                                      \
    printf("%s %s\n", test_failures ? "FAILED" : "ok", #fn);                   \
    failures += test_failures;                                                 \
  } while (0)

/* Guest memory layout used by the tests. */
enum {
  MEM_SIZE = 65536,
  RET = 0x100, /* result slots */
  RET2 = 0x108,
  IOV = 0x200,    /* iovec arrays */
  PATH1 = 0x1000, /* path arguments */
  PATH2 = 0x2000,
  BUF = 0x4000, /* data buffers, up to MEM_SIZE */
};

static const w2n_limits_desc one_page = {.min = 1};
static const w2n_module test_module = {
    .abi_version = W2N_ABI_VERSION,
    .name = "wasi-test",
    .num_memories = 1,
    .memories = &one_page,
    .start = -1,
};

/* A fresh instance made a WASI process by w2n_wasi_setup with `cfg`. */
static inline w2n_instance *make_instance(const w2n_config *cfg, int argc,
                                          char **argv, char **envp) {
  w2n_instance *inst;
  char err[256];
  if (w2n_instantiate(&test_module, NULL, NULL, &inst, err, sizeof err)) {
    printf("FAIL: instantiate: %s\n", err);
    exit(1);
  }
  if (w2n_wasi_setup(inst, cfg, argc, argv, envp)) {
    printf("FAIL: w2n_wasi_setup\n");
    exit(1);
  }
  return inst;
}

static inline uint8_t *mem(w2n_instance *in) { return in->mem0->base; }
static inline uint32_t get32(w2n_instance *in, uint32_t at) {
  return wasi_get32(mem(in) + at);
}
static inline uint64_t get64(w2n_instance *in, uint32_t at) {
  return wasi_get64(mem(in) + at);
}
static inline void put32(w2n_instance *in, uint32_t at, uint32_t v) {
  wasi_put32(mem(in) + at, v);
}

/* Writes s at `at` (no NUL) and returns its length. */
static inline int32_t put_str(w2n_instance *in, uint32_t at, const char *s) {
  size_t n = strlen(s);
  memcpy(mem(in) + at, s, n);
  return (int32_t)n;
}

#define RIGHTS_RW (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE)

/* path_open of `path` in directory `dir`; *fd gets the new descriptor. */
static inline int32_t open_at(w2n_instance *in, int32_t dir, const char *path,
                              uint32_t oflags, uint64_t rights,
                              uint32_t fdflags, int32_t *fd) {
  int32_t len = put_str(in, PATH1, path);
  put32(in, RET, 0xffffffffu);
  int32_t err = w2n_wasi_path_open(in, dir, WASI_LOOKUP_SYMLINK_FOLLOW, PATH1,
                                   len, (int32_t)oflags, (int64_t)rights, 0,
                                   (int32_t)fdflags, RET);
  if (fd)
    *fd = err ? -1 : (int32_t)get32(in, RET);
  return err;
}

/* Writes `data` through fd_write; returns the WASI errno. */
static inline int32_t write_str(w2n_instance *in, int32_t fd,
                                const char *data) {
  int32_t n = put_str(in, BUF, data);
  put32(in, IOV, BUF);
  put32(in, IOV + 4, (uint32_t)n);
  return w2n_wasi_fd_write(in, fd, IOV, 1, RET);
}

/* Reads up to `cap` bytes through fd_read into a NUL-terminated string. */
static inline int32_t read_str(w2n_instance *in, int32_t fd, char *out,
                               size_t cap) {
  put32(in, IOV, BUF);
  put32(in, IOV + 4, (uint32_t)(cap - 1));
  int32_t err = w2n_wasi_fd_read(in, fd, IOV, 1, RET);
  size_t n = err ? 0 : get32(in, RET);
  memcpy(out, mem(in) + BUF, n);
  out[n] = 0;
  return err;
}

/* Host-side helpers for building fixtures. */
static inline void host_write(const char *path, const char *data) {
  FILE *f = fopen(path, "w");
  if (!f) {
    printf("FAIL: cannot create fixture %s\n", path);
    exit(1);
  }
  fputs(data, f);
  fclose(f);
}

static inline const char *join(const char *dir, const char *name) {
  static char bufs[8][4096];
  static int which;
  char *b = bufs[which++ % 8];
  snprintf(b, sizeof bufs[0], "%s/%s", dir, name);
  return b;
}

#endif
