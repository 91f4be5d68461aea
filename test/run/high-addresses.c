// Proves addresses above 2 GiB work: after five 512 MiB allocations push
// the heap past 0x80000000 (wasi-libc's malloc refuses single blocks over
// 2 GiB), loads and stores of every width there, with and
// without constant offsets, memcpy/memmove/memset across it, and pointer
// comparisons/differences give the native results (a sign-extended 32-bit
// address would fault or alias low memory). Only data is printed.
// RUN: %clang -O2 %s -o %t.native
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
  uint8_t a;
  uint16_t b;
  uint32_t c;
  uint64_t d;
  double e;
  char pad[4000];
  int32_t far_field;
};

int main(void) {
  size_t big = (size_t)512 << 20;
  unsigned char *blocks[5];
  for (int i = 0; i < 5; i++) {
    blocks[i] = malloc(big);
    if (!blocks[i]) {
      printf("512 MiB allocation %d failed\n", i);
      return 1;
    }
  }
  uint64_t sum = 0;
  for (int i = 0; i < 5; i++)
    for (size_t off = 0; off < big; off += (size_t)1 << 20) {
      blocks[i][off] = (unsigned char)(off >> 20);
      blocks[i][off + 4095] = (unsigned char)(i + (off >> 24));
    }
  for (int i = 0; i < 5; i++)
    for (size_t off = 0; off < big; off += (size_t)1 << 20)
      sum += blocks[i][off] * 3u + blocks[i][off + 4095];
  printf("sparse bytes over 2.5 GiB: %llu\n", (unsigned long long)sum);
  unsigned char *block = blocks[4];
  unsigned char *top = block + big - 64 * 1024;
  printf("end of block is after start: %d, distance %llu\n", top > block,
         (unsigned long long)(top - block));
  volatile struct rec *r = (volatile struct rec *)(block + big - 2 * sizeof(struct rec));
  r->a = 0xA5;
  r->b = 0xBEEF;
  r->c = 0xCAFEBABE;
  r->d = 0x0123456789ABCDEFULL;
  r->e = -1.25;
  r->far_field = -123456;
  r[1].far_field = 654321;
  printf("record near the top: %x %x %x %llx %g %d %d\n", r->a, r->b, r->c,
         (unsigned long long)r->d, r->e, r->far_field, r[1].far_field);
  volatile int8_t *s8 = (volatile int8_t *)(block + big - 1);
  *s8 = -7;
  printf("last byte signed: %d\n", *s8);
  memset(top, 0x3C, 32 * 1024);
  memcpy(top + 32 * 1024, top, 16 * 1024);
  memmove(top + 8, top + 32 * 1024 - 8, 1024);
  uint64_t h = 0;
  for (int i = 0; i < 48 * 1024; i++)
    h = h * 31 + top[i];
  printf("memset/memcpy/memmove at the top: %llu\n", (unsigned long long)h);
  for (int i = 0; i < 5; i++)
    free(blocks[i]);
  unsigned char *again = malloc(1 << 20);
  printf("heap usable after free: %d\n", again != NULL);
  free(again);
  return 0;
}
