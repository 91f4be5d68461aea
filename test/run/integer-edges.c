// Proves Wasm integer operations keep C's defined semantics at the edges:
// unsigned wraparound, shifts by every count, sign and zero extension,
// 64-bit multiply/divide/remainder with negative operands, 32x32->64
// products, clz/ctz/popcount/bswap/rotate builtins, and narrowing casts.
// Operands pass through volatile so the compiler cannot fold them away.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile uint32_t u32s[] = {0, 1, 2, 3, 7, 0x7fffffff, 0x80000000, 0x80000001,
                                   0xfffffffe, 0xffffffff, 0x12345678, 0xdeadbeef};
static volatile uint64_t u64s[] = {0, 1, 0xffffffffULL, 0x100000000ULL, 0x7fffffffffffffffULL,
                                   0x8000000000000000ULL, 0xffffffffffffffffULL,
                                   0x0123456789abcdefULL, 1000000007ULL};

static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static uint64_t rotr64(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << (-r & 63)); }

int main(void) {
  unsigned n32 = sizeof u32s / sizeof u32s[0], n64 = sizeof u64s / sizeof u64s[0];
  for (unsigned i = 0; i < n32; i++) {
    uint32_t a = u32s[i];
    int32_t s = (int32_t)a;
    printf("u32 %08" PRIx32 ": +1=%" PRIu32 " -1=%" PRIu32 " *3=%" PRIu32 " neg=%" PRIu32
           " clz=%d ctz=%d pop=%d bswap=%08" PRIx32 " rotl13=%08" PRIx32 "\n",
           a, a + 1, a - 1, a * 3u, -a, a ? __builtin_clz(a) : 32, a ? __builtin_ctz(a) : 32,
           __builtin_popcount(a), __builtin_bswap32(a), rotl32(a, 13));
    printf("  s32 %" PRId32 ": >>1=%" PRId32 " >>31=%" PRId32 " (int8)=%d (uint8)=%u (int16)=%d"
           " (uint16)=%u sext64=%" PRId64 " zext64=%" PRIu64 "\n",
           s, s >> 1, s >> 31, (int8_t)a, (uint8_t)a, (int16_t)a, (uint16_t)a, (int64_t)s,
           (uint64_t)a);
    for (unsigned j = 0; j < n32; j++) {
      uint32_t b = u32s[j];
      if (b == 0)
        continue;
      int32_t t = (int32_t)b;
      printf("    /%08" PRIx32 ": udiv=%" PRIu32 " urem=%" PRIu32, b, a / b, a % b);
      if (!(s == INT32_MIN && t == -1))
        printf(" sdiv=%" PRId32 " srem=%" PRId32, s / t, s % t);
      printf(" umul64=%" PRIu64 " smul64=%" PRId64 " mullo=%" PRIu32 "\n", (uint64_t)a * b,
             (int64_t)s * t, a * b);
    }
  }
  for (unsigned sh = 0; sh < 32; sh++) {
    volatile unsigned k = sh;
    printf("shift %2u: %08" PRIx32 " %08" PRIx32 " %" PRId32 " %016" PRIx64 " %016" PRIx64
           " %" PRId64 "\n",
           sh, u32s[11] << k, u32s[11] >> k, (int32_t)u32s[6] >> k, u64s[7] << (2 * k),
           u64s[7] >> (2 * k), (int64_t)u64s[5] >> (2 * k + 1));
  }
  for (unsigned i = 0; i < n64; i++) {
    uint64_t a = u64s[i];
    int64_t s = (int64_t)a;
    printf("u64 %016" PRIx64 ": +1=%" PRIu64 " *7=%" PRIu64 " clz=%d ctz=%d pop=%d bswap=%016" PRIx64
           " rotr7=%016" PRIx64 " lo32=%" PRIu32 " hi32=%" PRIu32 " (double)=%.17g (float)=%.9g\n",
           a, a + 1, a * 7, a ? __builtin_clzll(a) : 64, a ? __builtin_ctzll(a) : 64,
           __builtin_popcountll(a), __builtin_bswap64(a), rotr64(a, 7), (uint32_t)a,
           (uint32_t)(a >> 32), (double)a, (float)a);
    printf("  s64 (double)=%.17g\n", (double)s);
    for (unsigned j = 0; j < n64; j++) {
      uint64_t b = u64s[j];
      if (b == 0)
        continue;
      int64_t t = (int64_t)b;
      printf("    /%016" PRIx64 ": udiv=%" PRIu64 " urem=%" PRIu64, b, a / b, a % b);
      if (!(s == INT64_MIN && t == -1))
        printf(" sdiv=%" PRId64 " srem=%" PRId64, s / t, s % t);
      printf(" mul=%" PRIx64 "\n", a * b);
    }
  }
  unsigned __int128 wide = (unsigned __int128)u64s[6] * u64s[7];
  printf("128-bit product hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)(wide >> 64),
         (uint64_t)wide);
  uint32_t acc = 1;
  for (int i = 0; i < 100; i++)
    acc = acc * 2654435761u + (uint32_t)i;
  printf("wrapping accumulator %" PRIu32 "\n", acc);
  return 0;
}
