// Proves loads and stores of every width and signedness hit the right bytes:
// 8/16/32/64-bit loads with sign and zero extension (load8_s, load16_u,
// load32_s ...), narrowing stores, unaligned accesses through packed
// structs and memcpy, little-endian byte order seen through unions, float
// bits stored and reloaded, and accesses with large constant offsets.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char bytes[64];
static unsigned char big[200000];

struct __attribute__((packed)) packed {
  uint8_t tag;
  uint32_t u32;
  int16_t s16;
  uint64_t u64;
  double d;
  float f;
};

union pun {
  uint64_t u64;
  uint32_t u32[2];
  uint16_t u16[4];
  int8_t s8[8];
  double d;
};

static __attribute__((noinline)) int64_t sum_widths(const volatile unsigned char *p) {
  int64_t s = 0;
  s += *(const volatile int8_t *)p;
  s += *(const volatile uint8_t *)(p + 1);
  s += *(const volatile int16_t *)(p + 2);
  s += *(const volatile uint16_t *)(p + 4);
  s += *(const volatile int32_t *)(p + 8);
  s += *(const volatile uint32_t *)(p + 12);
  s += (int64_t)(*(const volatile int8_t *)(p + 16)) * 1000;
  s += *(const volatile int64_t *)(p + 24);
  return s;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    bytes[i] = (unsigned char)(0x80 + i * 37);
  printf("mixed widths sum %" PRId64 "\n", sum_widths(bytes));
  for (int off = 0; off < 8; off++) {
    uint64_t u64;
    uint32_t u32;
    uint16_t u16;
    memcpy(&u64, bytes + off, 8);
    memcpy(&u32, bytes + off + 1, 4);
    memcpy(&u16, bytes + off + 3, 2);
    printf("unaligned at %d: %016" PRIx64 " %08" PRIx32 " %04" PRIx16 "\n", off, u64, u32, u16);
  }
  volatile int8_t *s8 = (volatile int8_t *)bytes;
  volatile int16_t *s16 = (volatile int16_t *)bytes;
  volatile int32_t *s32 = (volatile int32_t *)bytes;
  printf("sign-extended: %d %d %" PRId32 " -> i64 %" PRId64 " %" PRId64 "\n", s8[0], s16[1], s32[1],
         (int64_t)s8[0], (int64_t)s32[3]);
  volatile uint64_t *w = (volatile uint64_t *)(bytes + 32);
  *w = 0x1122334455667788ULL;
  *(volatile uint8_t *)(bytes + 33) = 0xAA;
  *(volatile uint16_t *)(bytes + 36) = 0xBBCC;
  *(volatile uint32_t *)(bytes + 40) = 0xDEADBEEF;
  printf("narrow stores: %016" PRIx64 " next %08" PRIx32 "\n", *w,
         *(volatile uint32_t *)(bytes + 40));
  struct packed pk[3];
  memset(pk, 0, sizeof pk);
  for (int i = 0; i < 3; i++) {
    pk[i].tag = (uint8_t)i;
    pk[i].u32 = 0xA0000000u + (uint32_t)i;
    pk[i].s16 = (int16_t)(-300 * (i + 1));
    pk[i].u64 = 0xF00000000000000FULL ^ (uint64_t)i << 20;
    pk[i].d = -1.5 * (i + 1);
    pk[i].f = 0.25f * (float)i;
  }
  printf("packed size %zu\n", sizeof pk);
  volatile struct packed *vp = pk;
  for (int i = 0; i < 3; i++)
    printf("packed[%d]: %u %08" PRIx32 " %d %016" PRIx64 " %g %g\n", i, vp[i].tag, vp[i].u32,
           vp[i].s16, vp[i].u64, vp[i].d, vp[i].f);
  union pun u;
  u.d = -2.75;
  printf("double -2.75 bits %016" PRIx64 " halves %08" PRIx32 " %08" PRIx32 " u16[3] %04x s8[7] %d\n",
         u.u64, u.u32[0], u.u32[1], u.u16[3], u.s8[7]);
  u.u64 = 0x7FF8000000000001ULL;
  printf("NaN payload bits survive a store/load: %016" PRIx64 "\n", ((volatile union pun *)&u)->u64);
  float f = 1.0f / 3.0f;
  uint32_t fb;
  memcpy(&fb, &f, 4);
  printf("float bits %08" PRIx32 "\n", fb);
  for (int i = 0; i < 200000; i += 4099)
    big[i] = (unsigned char)i;
  volatile unsigned char *vb = big;
  unsigned sum = 0;
  for (int i = 0; i < 200000; i += 4099)
    sum += vb[i] + vb[i + 1];
  printf("far offsets sum %u, last %u\n", sum, vb[199999]);
  return 0;
}
