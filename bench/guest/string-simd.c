/* SIMD128 versions of the string functions the benchmarks lean on: strlen,
   strcmp, strspn, strcspn. Linked ahead of wasi-libc in the benchmarks'
   Wasm builds (bench/run.py; --stock-libc leaves them out), they replace
   musl's portable loops, which work on 4-byte words at best because size_t
   is 32 bits in wasm32. Upstream wasi-libc has the same kind of option
   (`__wasilibc_simd_string`); Debian bookworm's wasi-libc predates it.

   Two ways to read past the end of a string without leaving linear memory:
   - strlen, strspn and strcspn read whole aligned 16-byte blocks. The
     memory's size is a multiple of 64 KiB, so the block that holds the
     string's first byte, and every later block up to the one that holds its
     terminator, lies wholly inside the memory.
   - strcmp walks two strings at different alignments, so it reads
     unaligned 16-byte blocks only while both lie below memory.size and
     finishes byte by byte.
   Bytes before the start of a string in its first block are masked off.

   Tested against glibc by test/run/guest-string-simd.c, including strings
   that end on the last byte of linear memory. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wasm_simd128.h>

#ifndef __wasm_simd128__
#error "string-simd.c needs -msimd128"
#endif

enum { VEC = 16, WASM_PAGE = 65536 };

static inline v128_t block(uintptr_t addr) {
  return wasm_v128_load((const void *)addr);
}

/* Bit i set for byte i of v that is zero. */
static inline uint32_t zeros(v128_t v) {
  return wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(0)));
}

size_t strlen(const char *s) {
  uintptr_t start = (uintptr_t)s;
  uintptr_t at = start & ~(uintptr_t)(VEC - 1);
  uint32_t hits = zeros(block(at)) >> (start - at);
  if (hits)
    return __builtin_ctz(hits);
  for (;;) {
    at += VEC;
    hits = zeros(block(at));
    if (hits)
      return at + __builtin_ctz(hits) - start;
  }
}

/* Bit i set for byte i where x and y differ or x ends. */
static inline uint32_t differences(uintptr_t a, uintptr_t b) {
  v128_t x = block(a), y = block(b);
  return wasm_i8x16_bitmask(
      wasm_v128_or(wasm_i8x16_ne(x, y), wasm_i8x16_eq(x, wasm_i8x16_splat(0))));
}

static inline int byte_difference(uintptr_t a, uintptr_t b) {
  return *(const unsigned char *)a - *(const unsigned char *)b;
}

int strcmp(const char *l, const char *r) {
  uintptr_t a = (uintptr_t)l, b = (uintptr_t)r;
  uintptr_t end = __builtin_wasm_memory_size(0) * (uintptr_t)WASM_PAGE;
  /* Blocks are read while both lie below the end of memory. The first is
     peeled: most strings end in it, and the loop costs some setup. */
  if (end >= VEC && a <= end - VEC && b <= end - VEC) {
    uint32_t stop = differences(a, b);
    if (stop)
      return byte_difference(a + __builtin_ctz(stop), b + __builtin_ctz(stop));
    for (;;) {
      a += VEC;
      b += VEC;
      if (a > end - VEC || b > end - VEC)
        break;
      stop = differences(a, b);
      if (stop)
        return byte_difference(a + __builtin_ctz(stop),
                               b + __builtin_ctz(stop));
    }
  }
  /* Near the end of memory (or past it, where the first load traps as the
     Wasm semantics demand), byte by byte. */
  const unsigned char *p = (const unsigned char *)a,
                      *q = (const unsigned char *)b;
  while (*p && *p == *q)
    p++, q++;
  return *p - *q;
}

/* Spans over a set of bytes. Up to four bytes: compared lane-wise with
   each (a shorter set repeats one of its bytes). More: a 256-bit table
   looked up by nibbles, where byte `lo` of row[h >> 3] has bit (h & 7) set
   if the byte with high nibble h and low nibble lo is in the set. No
   struct and no array: the shadow stack is in linear memory, and whatever
   lives there costs loads and stores. */

/* Bit i set for byte i of v that equals one of c0..c3. */
static inline uint32_t small_members(v128_t v, v128_t c0, v128_t c1, v128_t c2,
                                     v128_t c3) {
  return wasm_i8x16_bitmask(
      wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, c0), wasm_i8x16_eq(v, c1)),
                   wasm_v128_or(wasm_i8x16_eq(v, c2), wasm_i8x16_eq(v, c3))));
}

/* Bit i set for byte i of v that is in the table. */
static inline uint32_t table_members(v128_t v, v128_t row0, v128_t row1) {
  const v128_t bits =
      wasm_u8x16_make(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
  v128_t lo = wasm_v128_and(v, wasm_i8x16_splat(15));
  v128_t hi = wasm_u8x16_shr(v, 4);
  v128_t row = wasm_v128_bitselect(wasm_i8x16_swizzle(row1, lo),
                                   wasm_i8x16_swizzle(row0, lo),
                                   wasm_u8x16_gt(hi, wasm_i8x16_splat(7)));
  v128_t hit = wasm_v128_and(row, wasm_i8x16_swizzle(bits, hi));
  return wasm_i8x16_bitmask(wasm_i8x16_ne(hit, wasm_i8x16_splat(0)));
}

/* The length of the prefix of s before the first byte whose bit in
   `MEMBERS ^ invert` is set: invert 0 stops at members, 0xffff at
   non-members. */
#define SCAN(s, MEMBERS, invert)                                               \
  do {                                                                         \
    uintptr_t start_ = (uintptr_t)(s);                                         \
    uintptr_t at_ = start_ & ~(uintptr_t)(VEC - 1);                            \
    v128_t v = block(at_);                                                     \
    uint32_t hits_ = ((MEMBERS ^ (invert)) & 0xffff) >> (start_ - at_);        \
    while (!hits_) {                                                           \
      at_ += VEC;                                                              \
      v = block(at_);                                                          \
      hits_ = (MEMBERS ^ (invert)) & 0xffff;                                   \
      if (hits_)                                                               \
        return at_ + __builtin_ctz(hits_) - start_;                            \
    }                                                                          \
    return __builtin_ctz(hits_);                                               \
  } while (0)

static size_t scan_small(const char *s, unsigned char a, unsigned char b,
                         unsigned char c, unsigned char d, uint32_t invert) {
  v128_t c0 = wasm_i8x16_splat((int8_t)a), c1 = wasm_i8x16_splat((int8_t)b);
  v128_t c2 = wasm_i8x16_splat((int8_t)c), c3 = wasm_i8x16_splat((int8_t)d);
  SCAN(s, small_members(v, c0, c1, c2, c3), invert);
}

/* Rare (sets of five bytes or more): kept out of line so that strtok and
   friends stay small. */
__attribute__((noinline)) static size_t
scan_table(const char *s, const char *chars, int with_nul, uint32_t invert) {
  const v128_t lanes =
      wasm_u8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  v128_t row0 = wasm_u8x16_make(with_nul ? 1 : 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                0, 0, 0, 0, 0);
  v128_t row1 = wasm_i8x16_splat(0);
  for (const unsigned char *p = (const unsigned char *)chars; *p; p++) {
    v128_t bit =
        wasm_v128_and(wasm_i8x16_eq(lanes, wasm_i8x16_splat((int8_t)(*p & 15))),
                      wasm_i8x16_splat((int8_t)(1u << ((*p >> 4) & 7))));
    if (*p >> 7)
      row1 = wasm_v128_or(row1, bit);
    else
      row0 = wasm_v128_or(row0, bit);
  }
  SCAN(s, table_members(v, row0, row1), invert);
}

size_t strcspn(const char *s, const char *reject) {
  /* The terminator ends the span too: it joins the set. */
  if (!reject[0])
    return strlen(s);
  if (!reject[1])
    return scan_small(s, reject[0], 0, 0, 0, 0);
  if (!reject[2])
    return scan_small(s, reject[0], reject[1], 0, 0, 0);
  if (!reject[3])
    return scan_small(s, reject[0], reject[1], reject[2], 0, 0);
  return scan_table(s, reject, 1, 0);
}

size_t strspn(const char *s, const char *accept) {
  /* The terminator is never in the set, so it ends the span. */
  if (!accept[0])
    return 0;
  if (!accept[1])
    return scan_small(s, accept[0], accept[0], accept[0], accept[0], 0xffff);
  if (!accept[2])
    return scan_small(s, accept[0], accept[1], accept[1], accept[1], 0xffff);
  if (!accept[3])
    return scan_small(s, accept[0], accept[1], accept[2], accept[2], 0xffff);
  if (!accept[4])
    return scan_small(s, accept[0], accept[1], accept[2], accept[3], 0xffff);
  return scan_table(s, accept, 0, 0xffff);
}
