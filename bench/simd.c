/* Explicit SIMD: a 4-lane f32 Mandelbrot set and a 16-lane saturating
   byte blend. With -msimd128 the Wasm build uses wasm_simd128.h; every
   other build (native, and Wasm without -msimd128) uses the same
   algorithm written with clang's generic 128-bit vector extensions, which
   the native x86-64 baseline lowers to SSE2 (its 128-bit counterpart of
   SIMD128) and Wasm without SIMD128 lowers to scalar code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
typedef v128_t f4, i4, u16x8;
static inline f4 f4_splat(float x) { return wasm_f32x4_splat(x); }
static inline f4 f4_make(float a, float b, float c, float d) {
  return wasm_f32x4_make(a, b, c, d);
}
static inline f4 f4_add(f4 a, f4 b) { return wasm_f32x4_add(a, b); }
static inline f4 f4_sub(f4 a, f4 b) { return wasm_f32x4_sub(a, b); }
static inline f4 f4_mul(f4 a, f4 b) { return wasm_f32x4_mul(a, b); }
static inline i4 f4_lt(f4 a, f4 b) { return wasm_f32x4_lt(a, b); }
static inline i4 i4_zero(void) { return wasm_i32x4_splat(0); }
static inline i4 i4_sub(i4 a, i4 b) { return wasm_i32x4_sub(a, b); }
static inline int i4_any(i4 m) { return wasm_v128_any_true(m); }
static inline int32_t i4_lane_sum(i4 v) {
  return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) +
         wasm_i32x4_extract_lane(v, 2) + wasm_i32x4_extract_lane(v, 3);
}
static inline u16x8 u8_load(const uint8_t *p) { return wasm_v128_load(p); }
static inline void u8_store(uint8_t *p, u16x8 v) { wasm_v128_store(p, v); }
static inline u16x8 u8_add_sat(u16x8 a, u16x8 b) {
  return wasm_u8x16_add_sat(a, b);
}
static inline u16x8 u8_max(u16x8 a, u16x8 b) { return wasm_u8x16_max(a, b); }
static inline u16x8 u8_splat(uint8_t x) { return wasm_u8x16_splat(x); }
#else
typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));
typedef uint8_t u16x8 __attribute__((vector_size(16)));
static inline f4 f4_splat(float x) { return (f4){x, x, x, x}; }
static inline f4 f4_make(float a, float b, float c, float d) {
  return (f4){a, b, c, d};
}
static inline f4 f4_add(f4 a, f4 b) { return a + b; }
static inline f4 f4_sub(f4 a, f4 b) { return a - b; }
static inline f4 f4_mul(f4 a, f4 b) { return a * b; }
static inline i4 f4_lt(f4 a, f4 b) { return a < b; }
static inline i4 i4_zero(void) { return (i4){0, 0, 0, 0}; }
static inline i4 i4_sub(i4 a, i4 b) { return a - b; }
static inline int i4_any(i4 m) { return __builtin_reduce_or(m) != 0; }
static inline int32_t i4_lane_sum(i4 v) { return v[0] + v[1] + v[2] + v[3]; }
static inline u16x8 u8_load(const uint8_t *p) {
  u16x8 v;
  memcpy(&v, p, 16);
  return v;
}
static inline void u8_store(uint8_t *p, u16x8 v) { memcpy(p, &v, 16); }
static inline u16x8 u8_add_sat(u16x8 a, u16x8 b) {
  return __builtin_elementwise_add_sat(a, b);
}
static inline u16x8 u8_max(u16x8 a, u16x8 b) {
  return __builtin_elementwise_max(a, b);
}
static inline u16x8 u8_splat(uint8_t x) {
  return (u16x8){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
}
#endif

#define W 256
#define H 192
#define MAX_ITER 200

static int32_t mandelbrot(float x0, float y0, float scale) {
  int32_t total = 0;
  const f4 four = f4_splat(4.0f), two = f4_splat(2.0f);
  for (int py = 0; py < H; py++) {
    f4 ci = f4_splat(y0 + py * scale);
    for (int px = 0; px < W; px += 4) {
      float x = x0 + px * scale;
      f4 cr = f4_make(x, x + scale, x + 2 * scale, x + 3 * scale);
      f4 zr = f4_splat(0), zi = f4_splat(0);
      i4 count = i4_zero();
      for (int k = 0; k < MAX_ITER; k++) {
        f4 zr2 = f4_mul(zr, zr), zi2 = f4_mul(zi, zi);
        i4 inside = f4_lt(f4_add(zr2, zi2), four);
        if (!i4_any(inside))
          break;
        count = i4_sub(count, inside);
        zi = f4_add(f4_mul(f4_mul(two, zr), zi), ci);
        zr = f4_add(f4_sub(zr2, zi2), cr);
      }
      total += i4_lane_sum(count);
    }
  }
  return total;
}

#define IMG (1 << 16)

static uint32_t blend(uint8_t *restrict out, const uint8_t *a, const uint8_t *b,
                      int reps) {
  uint32_t sum = 0;
  for (int r = 0; r < reps; r++) {
    u16x8 floor = u8_splat((uint8_t)(r & 63));
    for (int i = 0; i < IMG; i += 16)
      u8_store(out + i,
               u8_max(u8_add_sat(u8_load(a + i), u8_load(b + i)), floor));
    sum = sum * 33 + out[(r * 977) & (IMG - 1)];
  }
  for (int i = 0; i < IMG; i++)
    sum += out[i];
  return sum;
}

int main(void) {
  int32_t m = 0;
  for (int frame = 0; frame < 5; frame++)
    m += mandelbrot(-2.0f + frame * 0.01f, -1.125f, 2.5f / W);
  uint8_t *a = malloc(IMG), *b = malloc(IMG), *out = malloc(IMG);
  uint32_t r = 7;
  for (int i = 0; i < IMG; i++) {
    r = r * 1664525u + 1013904223u;
    a[i] = (uint8_t)(r >> 24);
    b[i] = (uint8_t)(r >> 16);
  }
  uint32_t s = blend(out, a, b, 1200);
  printf("simd mandelbrot %d blend %u\n", m, s);
  return 0;
}
