// Proves memory.size and memory.grow follow the spec on a real module:
// grow returns the old size in pages, new pages read as zero and are
// writable up to the new end, grow(0) changes nothing, and growing past the
// 4 GiB limit returns -1 while leaving memory intact. (Wasm-only semantics,
// so checked against expected output.)
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: timeout 20 %t.guard | FileCheck %s
// RUN: timeout 20 %t.soft | FileCheck %s
// CHECK: grow(0) returns the current size: 1
// CHECK-NEXT: grow(3) returns the old size: 1
// CHECK-NEXT: size grew by 3: 1
// CHECK-NEXT: new pages zero: 1
// CHECK-NEXT: last byte writable: 1
// CHECK-NEXT: grow(65536) fails with -1: 1
// CHECK-NEXT: size unchanged after failure: 1
// CHECK-NEXT: grow(0x7fffffff) fails with -1: 1
// CHECK-NEXT: memory intact: 1
// CHECK-NEXT: grow(64) to 4 MiB more: 1
#include <stdio.h>
#include <stdint.h>

int main(void) {
  uintptr_t before = __builtin_wasm_memory_size(0);
  printf("grow(0) returns the current size: %d\n",
         (uintptr_t)__builtin_wasm_memory_grow(0, 0) == before);
  uintptr_t old = __builtin_wasm_memory_grow(0, 3);
  printf("grow(3) returns the old size: %d\n", old == before);
  uintptr_t after = __builtin_wasm_memory_size(0);
  printf("size grew by 3: %d\n", after == before + 3);
  volatile unsigned char *p = (volatile unsigned char *)(old * 65536);
  int zero = 1;
  for (uintptr_t i = 0; i < 3 * 65536; i += 61)
    zero &= p[i] == 0;
  printf("new pages zero: %d\n", zero);
  p[3 * 65536 - 1] = 0xab;
  printf("last byte writable: %d\n", p[3 * 65536 - 1] == 0xab);
  printf("grow(65536) fails with -1: %d\n", __builtin_wasm_memory_grow(0, 65536) == (size_t)-1);
  printf("size unchanged after failure: %d\n", __builtin_wasm_memory_size(0) == after);
  printf("grow(0x7fffffff) fails with -1: %d\n",
         __builtin_wasm_memory_grow(0, 0x7fffffff) == (size_t)-1);
  printf("memory intact: %d\n", p[3 * 65536 - 1] == 0xab);
  uintptr_t before64 = __builtin_wasm_memory_grow(0, 64);
  volatile unsigned char *q = (volatile unsigned char *)(before64 * 65536);
  q[64 * 65536 - 1] = 1;
  printf("grow(64) to 4 MiB more: %d\n", before64 == after && q[64 * 65536 - 1] == 1);
  return 0;
}
