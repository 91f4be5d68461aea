// Proves unbounded recursion ends in "wasm trap: call stack exhausted" with
// status 134 rather than a crash, in both strategies: with small frames,
// and with frames of about 8 KiB of native stack each (a thousand values
// live across the call, spilled by the register allocator: more than a page
// per frame), which must not jump over the stack guard. A 64 KiB C array per frame lives on the shadow
// stack in linear memory instead; running it off the bottom of memory must
// end in an out-of-bounds trap, never a silent wrap.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: sh -c 'timeout 20 %t.guard small; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
// RUN: sh -c 'timeout 20 %t.soft small; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
// RUN: sh -c 'timeout 20 %t.guard big_frames; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
// RUN: sh -c 'timeout 20 %t.soft big_frames; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
// RUN: sh -c 'timeout 20 %t.guard big_arrays; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=SHADOW
// RUN: sh -c 'timeout 20 %t.soft big_arrays; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=SHADOW
// RUN: timeout 20 %t.guard bounded | FileCheck %s --check-prefix=BOUNDED
// RUN: timeout 20 %t.soft bounded | FileCheck %s --check-prefix=BOUNDED
// EXHAUSTED: about to recurse
// EXHAUSTED-NEXT: wasm trap: call stack exhausted
// EXHAUSTED-NOT: survived
// EXHAUSTED: exit status 134
// SHADOW: about to recurse
// SHADOW-NEXT: wasm trap: out of bounds memory access
// SHADOW-NOT: survived
// SHADOW: exit status 134
// BOUNDED: big frames to depth 50: {{[0-9]+}}
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile uint32_t sink;

static __attribute__((noinline)) uint32_t small(uint32_t n) {
  sink = n;
  return small(n + 1) * 3 + n;
}

#define V1(i) uint64_t v##i = (s ^ (uint64_t)(i)*0x9E3779B97F4A7C15ULL) * sink;
#define U1(i) acc = acc * 31 + v##i;
#define X4(M, i) M(i##0) M(i##1) M(i##2) M(i##3)
#define X16(M, i) X4(M, i##0) X4(M, i##1) X4(M, i##2) X4(M, i##3)
#define X64(M, i) X16(M, i##0) X16(M, i##1) X16(M, i##2) X16(M, i##3)
#define X256(M, i) X64(M, i##0) X64(M, i##1) X64(M, i##2) X64(M, i##3)
#define X1024(M) X256(M, 10) X256(M, 11) X256(M, 12) X256(M, 13)

static volatile int limit = -1;

static __attribute__((noinline)) uint64_t big_frame(uint64_t s, int depth) {
  X1024(V1)
  if (depth == limit)
    return s;
  uint64_t acc = big_frame(s * 3 + 1, depth + 1);
  X1024(U1)
  return acc;
}

static __attribute__((noinline)) uint32_t big_array(uint32_t n) {
  volatile char a[65536];
  a[0] = (char)n;
  a[65535] = (char)n;
  return big_array(n + 1) + a[n & 0xffff];
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (strcmp(m, "bounded") == 0) {
    limit = 50;
    sink = 1;
    printf("big frames to depth 50: %llu\n", (unsigned long long)big_frame(7, 0));
    return 0;
  }
  fprintf(stderr, "about to recurse\n");
  uint64_t r = 0;
  sink = 1;
  if (strcmp(m, "small") == 0)
    r = small(0);
  else if (strcmp(m, "big_frames") == 0)
    r = big_frame(1, 0);
  else if (strcmp(m, "big_arrays") == 0)
    r = big_array(0);
  fprintf(stderr, "survived with %llu\n", (unsigned long long)r);
  return 0;
}
