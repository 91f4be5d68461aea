// Cost of crossing a nanoprocess boundary: calls per second through a
// trampoline against a direct call and an indirect call inside one module,
// and the throughput of in-buf copies against memcpy inside one module.
// Each figure is the best of REPS interleaved runs (the machine is shared).
// Usage: xcall [CALLS [calls]]   (default 50,000,000 calls; "calls": no
// buffer rows, for counting a crossing's instructions under callgrind)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

__attribute__((import_module("callee"), import_name("add"))) int
callee_add(int a, int b);
__attribute__((import_module("callee"), import_name("take"))) int
callee_take(const unsigned char *buf, int len);
__attribute__((import_module("fresh"), import_name("touch"))) int
fresh_touch(int i);

// Recursive, so that LLVM keeps it a real call after translation.
static int local_add(int a, int b) {
  if (a == -123456789)
    return local_add(b, a);
  return a + b;
}
static int (*volatile indirect_add)(int, int) = local_add;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define REPS 5
#define MAX_SIZE (1 << 20)

static long long calls = 50000000;
static int sink;

static double time_direct(void) {
  int acc = 0;
  double t = now();
  for (long long i = 0; i < calls; i++)
    acc = local_add(acc, (int)i);
  sink += acc;
  return now() - t;
}

static double time_indirect(void) {
  int acc = 0;
  double t = now();
  for (long long i = 0; i < calls; i++)
    acc = indirect_add(acc, (int)i);
  sink += acc;
  return now() - t;
}

// A call into an instance = "per-call" child with 1 MiB of data: creation,
// call and teardown of an instance each time. Every fresh instance answers 8.
static double time_fresh(long long n) {
  double t = now();
  for (long long i = 0; i < n; i++)
    if (fresh_touch((int)i) != 8)
      abort();
  return now() - t;
}

static double time_cross(void) {
  int acc = 0;
  double t = now();
  for (long long i = 0; i < calls; i++)
    acc = callee_add(acc, (int)i);
  sink += acc;
  return now() - t;
}

// src, then two destinations: one exactly 1 MiB after src, so every store
// has the page offset of the load it races (4 KiB aliasing: the CPU takes
// the store for one the load depends on and stalls), and one half a page
// off, like any buffer allocated elsewhere (the callee's area is). Two
// static arrays back to back are the aliased case, which is what this
// benchmark measured before and why memcpy looked slower than a crossing.
static unsigned char area[3 * MAX_SIZE + 4096];
#define SRC (area)
#define DST_ALIASED (area + MAX_SIZE)
#define DST (area + 2 * MAX_SIZE + 2048)

static double time_memcpy(unsigned char *dst, int size, long long iters) {
  double t = now();
  for (long long i = 0; i < iters; i++) {
    SRC[0] = (unsigned char)i;
    memcpy(dst, SRC, (size_t)size);
    sink += dst[0] + dst[size - 1];
  }
  return now() - t;
}

static double time_inbuf(int size, long long iters) {
  double t = now();
  for (long long i = 0; i < iters; i++) {
    SRC[0] = (unsigned char)i;
    sink += callee_take(SRC, size);
  }
  return now() - t;
}

static double min(double a, double b) { return a < b ? a : b; }

int main(int argc, char **argv) {
  if (argc > 1)
    calls = atoll(argv[1]);
  double direct = 1e9, indirect = 1e9, cross = 1e9;
  for (int r = 0; r < REPS; r++) {
    direct = min(direct, time_direct());
    indirect = min(indirect, time_indirect());
    cross = min(cross, time_cross());
  }
  printf("%-34s %7.2f ns/call %9.1f Mcalls/s\n", "direct call in module",
         direct * 1e9 / calls, calls / direct / 1e6);
  printf("%-34s %7.2f ns/call %9.1f Mcalls/s\n", "call_indirect in module",
         indirect * 1e9 / calls, calls / indirect / 1e6);
  printf("%-34s %7.2f ns/call %9.1f Mcalls/s\n",
         "cross-nanoprocess via trampoline", cross * 1e9 / calls,
         calls / cross / 1e6);
  printf("crossing / call_indirect: %.2f\n", cross / indirect);
  long long nfresh = calls / 25000 ? calls / 25000 : 1;
  double fresh = 1e9;
  for (int r = 0; r < REPS; r++)
    fresh = min(fresh, time_fresh(nfresh));
  printf("%-34s %7.2f us/call (create, call, drop)\n\n",
         "call into a per-call 1 MiB child", fresh * 1e6 / nfresh);
  if (argc > 2 && !strcmp(argv[2], "calls"))
    return sink == 12345 ? 1 : 0;

  memset(area, 7, sizeof area);
  printf("%8s %22s %22s %22s %10s\n", "buffer", "memcpy in module",
         "memcpy, 4K-aliased", "in-buf call", "call-copy");
  for (int size = 64; size <= MAX_SIZE; size *= 4) {
    long long iters = (1LL << 31) / size;
    if (iters > 5000000)
      iters = 5000000;
    iters = iters * calls / 50000000;
    if (iters < 1)
      iters = 1;
    double mc = 1e9, ma = 1e9, xc = 1e9;
    for (int r = 0; r < REPS; r++) {
      mc = min(mc, time_memcpy(DST, size, iters));
      ma = min(ma, time_memcpy(DST_ALIASED, size, iters));
      xc = min(xc, time_inbuf(size, iters));
    }
    printf("%8d %9.1f ns %6.1f GB/s %9.1f ns %6.1f GB/s %9.1f ns %6.1f GB/s "
           "%7.1f ns\n",
           size, mc * 1e9 / iters, size * (double)iters / mc / 1e9,
           ma * 1e9 / iters, size * (double)iters / ma / 1e9, xc * 1e9 / iters,
           size * (double)iters / xc / 1e9, (xc - mc) * 1e9 / iters);
  }
  return sink == 12345 ? 1 : 0;
}
