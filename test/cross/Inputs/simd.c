// SIMD128 operations through wasm_simd128.h, each result printed as hex
// lanes, plus an auto-vectorised loop. The cross SIMD tests run it for every
// target and compare the output with the x86-64 build's.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasm_simd128.h>

static void show(const char *name, v128_t v) {
  uint32_t w[4];
  memcpy(w, &v, 16);
  printf("%-22s %08x %08x %08x %08x\n", name, w[0], w[1], w[2], w[3]);
}

// Wasm lets a NaN result have either sign (x86 makes negative NaNs, Arm
// and RISC-V positive ones), so float results print NaNs without the sign.
static void showf(const char *name, v128_t v) {
  uint32_t w[4];
  memcpy(w, &v, 16);
  for (int i = 0; i < 4; i++)
    if ((w[i] & 0x7fffffff) > 0x7f800000)
      w[i] &= 0x7fffffff;
  memcpy(&v, w, 16);
  show(name, v);
}

static void showd(const char *name, v128_t v) {
  uint64_t w[2];
  memcpy(w, &v, 16);
  for (int i = 0; i < 2; i++)
    if ((w[i] & ~(1ull << 63)) > 0x7ff0000000000000ull)
      w[i] &= ~(1ull << 63);
  memcpy(&v, w, 16);
  show(name, v);
}

static volatile int32_t vi[8] = {1, -2, 3, 0x7fffffff, INT32_MIN, 6, -7, 8};
static volatile float vf[8] = {1.5f, -2.25f, NAN, INFINITY, -0.0f, 3e9f, -3e9f, 0.5f};
static volatile double vd[4] = {2.5, -1e300, NAN, -0.0};
static uint8_t bytes[64];
static int32_t big[1000];

int main(void) {
  for (int i = 0; i < 64; i++)
    bytes[i] = (uint8_t)(i * 37 + 11);
  v128_t a = wasm_i32x4_make(vi[0], vi[1], vi[2], vi[3]);
  v128_t b = wasm_i32x4_make(vi[4], vi[5], vi[6], vi[7]);
  v128_t f = wasm_f32x4_make(vf[0], vf[1], vf[2], vf[3]);
  v128_t g = wasm_f32x4_make(vf[4], vf[5], vf[6], vf[7]);
  v128_t d = wasm_f64x2_make(vd[0], vd[1]);
  v128_t e = wasm_f64x2_make(vd[2], vd[3]);
  v128_t m = wasm_v128_load(bytes);
  v128_t n = wasm_v128_load(bytes + 16);

  show("i32x4.add", wasm_i32x4_add(a, b));
  show("i32x4.sub", wasm_i32x4_sub(a, b));
  show("i32x4.mul", wasm_i32x4_mul(a, b));
  show("i16x8.mul", wasm_i16x8_mul(m, n));
  show("i64x2.mul", wasm_i64x2_mul(m, n));
  show("i8x16.add_sat_s", wasm_i8x16_add_sat(m, n));
  show("u8x16.sub_sat", wasm_u8x16_sub_sat(m, n));
  show("i16x8.q15mulr_sat", wasm_i16x8_q15mulr_sat(m, n));
  show("i8x16.min_s", wasm_i8x16_min(m, n));
  show("u16x8.max", wasm_u16x8_max(m, n));
  show("u8x16.avgr", wasm_u8x16_avgr(m, n));
  show("i32x4.shl 33", wasm_i32x4_shl(a, 33));
  show("i32x4.shr_s 31", wasm_i32x4_shr(b, 31));
  show("u64x2.shr 63", wasm_u64x2_shr(m, 63));
  show("i8x16.shr_s 3", wasm_i8x16_shr(m, 3));
  show("i32x4.lt_s", wasm_i32x4_lt(a, b));
  show("u32x4.gt", wasm_u32x4_gt(a, b));
  show("i64x2.ge_s", wasm_i64x2_ge(m, n));
  show("v128.bitselect", wasm_v128_bitselect(a, b, m));
  show("v128.andnot", wasm_v128_andnot(m, n));
  show("i8x16.shuffle", wasm_i8x16_shuffle(m, n, 0, 17, 2, 19, 31, 30, 5, 4, 8, 8, 8, 8, 16, 1, 15, 14));
  show("i8x16.swizzle", wasm_i8x16_swizzle(m, wasm_i8x16_make(0, 3, 16, -56, 15, 1, 2, 9, -1, 4, 5, 6, 7, 8, 10, 11)));
  show("i8x16.popcnt", wasm_i8x16_popcnt(m));
  show("i8x16.abs", wasm_i8x16_abs(m));
  show("i32x4.dot_i16x8", wasm_i32x4_dot_i16x8(m, n));
  show("i16x8.extmul_low_u8", wasm_u16x8_extmul_low_u8x16(m, n));
  show("i64x2.extend_high_s", wasm_i64x2_extend_high_i32x4(b));
  show("i8x16.narrow_s", wasm_i8x16_narrow_i16x8(m, n));
  show("u16x8.narrow", wasm_u16x8_narrow_i32x4(a, b));
  show("i16x8.extadd_pair_u", wasm_u16x8_extadd_pairwise_u8x16(m));
  showf("f32x4.add", wasm_f32x4_add(f, g));
  showf("f32x4.mul", wasm_f32x4_mul(f, g));
  showf("f32x4.div", wasm_f32x4_div(f, g));
  showf("f32x4.min", wasm_f32x4_min(f, g));
  showf("f32x4.max", wasm_f32x4_max(f, g));
  showf("f32x4.pmin", wasm_f32x4_pmin(f, g));
  showf("f32x4.sqrt", wasm_f32x4_sqrt(g));
#ifndef NO_VECTOR_ROUNDING
  showf("f32x4.nearest", wasm_f32x4_nearest(wasm_f32x4_make(2.5f, -3.5f, 0.49f, -0.5f)));
  showf("f32x4.ceil", wasm_f32x4_ceil(f));
  showf("f32x4.floor", wasm_f32x4_floor(g));
  showf("f32x4.trunc", wasm_f32x4_trunc(g));
#endif
  show("f32x4.eq", wasm_f32x4_eq(f, f));
#ifndef NO_VECTOR_ROUNDING
  show("i32x4.trunc_sat_f32", wasm_i32x4_trunc_sat_f32x4(g));
  show("u32x4.trunc_sat_f32", wasm_u32x4_trunc_sat_f32x4(f));
#endif
  showf("f32x4.convert_i32", wasm_f32x4_convert_i32x4(b));
  showf("f32x4.convert_u32", wasm_f32x4_convert_u32x4(b));
  showd("f64x2.add", wasm_f64x2_add(d, e));
  showd("f64x2.min", wasm_f64x2_min(d, e));
  showd("f64x2.sqrt", wasm_f64x2_sqrt(d));
  showd("f64x2.promote_low", wasm_f64x2_promote_low_f32x4(f));
  showf("f32x4.demote_f64x2", wasm_f32x4_demote_f64x2_zero(d));
#ifndef NO_VECTOR_ROUNDING
  show("i32x4.trunc_sat_f64", wasm_i32x4_trunc_sat_f64x2_zero(d));
#endif
  show("v128.load8_splat", wasm_v128_load8_splat(bytes + 5));
  show("v128.load32_zero", wasm_v128_load32_zero(bytes + 7));
  show("v128.load16x4_s", wasm_i32x4_load16x4(bytes + 3));
  show("v128.load64_lane", wasm_v128_load64_lane(bytes + 9, a, 1));
  show("i16x8.replace_lane", wasm_i16x8_replace_lane(m, 5, -1));
  printf("i8x16.extract_lane_s %d\n", wasm_i8x16_extract_lane(m, 13));
  printf("i64x2.extract_lane   %lld\n", (long long)wasm_i64x2_extract_lane(n, 1));
  printf("v128.any_true        %d %d\n", wasm_v128_any_true(m), wasm_v128_any_true(wasm_i32x4_splat(0)));
  printf("i32x4.all_true       %d %d\n", wasm_i32x4_all_true(a), wasm_i32x4_all_true(wasm_i32x4_sub(a, a)));
  printf("i8x16.bitmask        %04x\n", wasm_i8x16_bitmask(m));
  printf("i64x2.bitmask        %x\n", wasm_i64x2_bitmask(b));

  for (int i = 0; i < 1000; i++)
    big[i] = i * 2654435761u;
  int64_t sum = 0;
  int32_t mx = INT32_MIN;
  for (int i = 0; i < 1000; i++) {
    sum += big[i] ^ (big[i] >> 3);
    mx = big[i] > mx ? big[i] : mx;
  }
  printf("vectorised loop      %lld %d\n", (long long)sum, mx);
  return 0;
}
