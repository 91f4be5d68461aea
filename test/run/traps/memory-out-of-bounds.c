// Proves every access outside linear memory traps with "wasm trap: out of
// bounds memory access" and status 134 in both strategies, while the last
// bytes inside memory stay accessible: loads and stores near 4 GiB, an
// access straddling the end of memory, the first byte past the end, an
// address that only overflows once the instruction's static offset is
// added, and a memcpy running off the end. Each mode first proves the
// in-bounds neighbour works.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: sh -c 'timeout 20 %t.guard load_high; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft load_high; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard store_high; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft store_high; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard straddle_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft straddle_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard first_past_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft first_past_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard offset_wraps; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft offset_wraps; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard memcpy_off_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft memcpy_off_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.guard store_i64_end; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c 'timeout 20 %t.soft store_i64_end; echo "exit status $?"' 2>&1 | FileCheck %s
// CHECK: in-bounds neighbour ok
// CHECK-NEXT: wasm trap: out of bounds memory access
// CHECK-NOT: survived
// CHECK: exit status 134
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct far {
  char pad[4096];
  int x;
};

static volatile uintptr_t high = 0xFFFFFFF0u;

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  uintptr_t end = __builtin_wasm_memory_size(0) * 65536;
  volatile unsigned char *last = (volatile unsigned char *)(end - 1);
  volatile int v = 0;
  *last = 0x5a;
  if (*last == 0x5a && *(volatile int *)(end - 4) == *(volatile int *)(end - 4))
    fprintf(stderr, "in-bounds neighbour ok\n");
  if (strcmp(m, "load_high") == 0)
    v = *(volatile int *)high;
  else if (strcmp(m, "store_high") == 0)
    *(volatile int *)high = 1;
  else if (strcmp(m, "straddle_end") == 0)
    v = *(volatile int *)(end - 2);
  else if (strcmp(m, "first_past_end") == 0)
    v = *(volatile unsigned char *)end;
  else if (strcmp(m, "offset_wraps") == 0) {
    /* base 0xFFFFF000 plus the field's static offset 4096 is exactly 4 GiB */
    volatile struct far *p = (volatile struct far *)(high & ~(uintptr_t)0xFFF);
    v = p->x;
  } else if (strcmp(m, "memcpy_off_end") == 0) {
    static char src[256];
    memcpy((void *)(end - 100), src, sizeof src);
  } else if (strcmp(m, "store_i64_end") == 0)
    *(volatile int64_t *)(end - 4) = 1;
  fprintf(stderr, "survived with %d\n", v);
  return 0;
}
