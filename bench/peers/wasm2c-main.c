/* A main and a minimal WASI for a bench/ program translated by wasm2c
   (Debian's wabt 1.0.32, which ships no WASI of its own): the five imports
   wasi-libc's start-up, printf and exit use, over the host's file
   descriptors. wasm2c is run with `-n bench`, so every program has the
   same symbol names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "wasm-rt-impl.h"

struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *mem;
};

/* WASI errno values. */
enum { WASI_EBADF = 8, WASI_EFAULT = 21, WASI_ESPIPE = 70 };

static uint8_t *at(struct Z_wasi_snapshot_preview1_instance_t *w, u32 addr,
                   u32 len) {
  if ((uint64_t)addr + len > w->mem->size)
    return NULL;
  return w->mem->data + addr;
}

static u32 rd32(const uint8_t *p) {
  u32 v;
  memcpy(&v, p, 4); /* x86-64 and Wasm are both little-endian */
  return v;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(
    struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd, u32 iovs, u32 n,
    u32 nwritten) {
  uint8_t *vec = at(w, iovs, n * 8), *out = at(w, nwritten, 4);
  if (!vec || !out)
    return WASI_EFAULT;
  u32 total = 0;
  for (u32 i = 0; i < n; i++) {
    u32 len = rd32(vec + 8 * i + 4);
    uint8_t *buf = at(w, rd32(vec + 8 * i), len);
    if (!buf)
      return WASI_EFAULT;
    for (u32 done = 0; done < len;) {
      ssize_t k = write((int)fd, buf + done, len - done);
      if (k < 0)
        return WASI_EBADF;
      done += (u32)k;
    }
    total += len;
  }
  memcpy(out, &total, 4);
  return 0;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(
    struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd, u32 stat) {
  uint8_t *p = at(w, stat, 24);
  if (!p)
    return WASI_EFAULT;
  if (fd > 2)
    return WASI_EBADF;
  memset(p, 0, 24);
  p[0] = 2; /* character device: wasi-libc's stdout is then line-buffered */
  memset(p + 8, 0xff, 16); /* every right */
  return 0;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(
    struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd, u64 off, u32 whence,
    u32 newoff) {
  (void)w, (void)fd, (void)off, (void)whence, (void)newoff;
  return WASI_ESPIPE;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(
    struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd) {
  (void)w, (void)fd;
  return 0;
}

void Z_wasi_snapshot_preview1Z_proc_exit(
    struct Z_wasi_snapshot_preview1_instance_t *w, u32 code) {
  (void)w;
  exit((int)code);
}

int main(void) {
  wasm_rt_init();
  Z_bench_init_module();
  static Z_bench_instance_t inst;
  static struct Z_wasi_snapshot_preview1_instance_t wasi;
  Z_bench_instantiate(&inst, &wasi);
  wasi.mem = Z_benchZ_memory(&inst);
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap) {
    fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror(trap));
    return 134;
  }
  Z_benchZ__start(&inst);
  Z_bench_free(&inst);
  wasm_rt_free();
  return 0;
}
