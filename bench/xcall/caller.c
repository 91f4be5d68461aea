// Cost of crossing a nanoprocess boundary: calls per second through a
// trampoline (capability check, context and stack-limit switch) against a
// direct call and an indirect call inside one module, and the throughput of
// in-buf copies against memcpy inside one module.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

__attribute__((import_module("callee"), import_name("add"))) int
callee_add(int a, int b);
__attribute__((import_module("callee"), import_name("take"))) int
callee_take(const unsigned char *buf, int len);

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

#define CALLS 50000000

static void report(const char *what, double secs, int acc) {
  printf("%-34s %7.2f ns/call %9.1f Mcalls/s   (%d)\n", what,
         secs * 1e9 / CALLS, CALLS / secs / 1e6, acc & 1);
}

int main(void) {
  int acc = 0;
  double t = now();
  for (int i = 0; i < CALLS; i++)
    acc = local_add(acc, i);
  report("direct call in module", now() - t, acc);

  acc = 0;
  t = now();
  for (int i = 0; i < CALLS; i++)
    acc = indirect_add(acc, i);
  report("call_indirect in module", now() - t, acc);

  acc = 0;
  t = now();
  for (int i = 0; i < CALLS; i++)
    acc = callee_add(acc, i);
  report("cross-nanoprocess via trampoline", now() - t, acc);

  static unsigned char src[1 << 20], dst[1 << 20];
  memset(src, 7, sizeof src);
  for (int size = 64; size <= (1 << 20); size *= 16) {
    long long iters = (1LL << 31) / size;
    if (iters > 5000000)
      iters = 5000000;
    t = now();
    int sink = 0;
    for (long long i = 0; i < iters; i++) {
      src[0] = (unsigned char)i;
      memcpy(dst, src, (size_t)size);
      sink += dst[0] + dst[size - 1];
    }
    double mc = now() - t;
    t = now();
    for (long long i = 0; i < iters; i++) {
      src[0] = (unsigned char)i;
      sink += callee_take(src, size);
    }
    double xc = now() - t;
    printf("%7d-byte buffer: memcpy %8.2f GB/s %8.1f ns   in-buf call %8.2f "
           "GB/s %8.1f ns   (%d)\n",
           size, size * (double)iters / mc / 1e9, mc * 1e9 / iters,
           size * (double)iters / xc / 1e9, xc * 1e9 / iters, sink & 1);
  }
  return 0;
}
