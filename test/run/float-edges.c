// Proves IEEE-754 edge cases survive translation: NaN never compares equal
// or ordered, signed zeros keep their sign through arithmetic, copysign and
// division, fmin/fmax ignore a NaN operand, rint/nearbyint round half to
// even while round goes away from zero, int<->float conversions round
// correctly at 2^24, 2^53, 2^63 and 2^64, and float<->double narrowing.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double vnan = NAN, vinf = INFINITY, vzero = 0.0, vnzero = -0.0, vone = 1.0;
static volatile float fnan = NAN, fnzero = -0.0f;

/* NaN sign and payload are not specified by Wasm for arithmetic results, so
   only NaN-ness is printed for computed values. */
static void show(const char *what, double v) {
  if (isnan(v))
    printf("%s: nan\n", what);
  else
    printf("%s: %.17g signbit=%d\n", what, v, !!signbit(v));
}

static uint64_t bits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

int main(void) {
  double n = vnan;
  printf("nan: == %d != %d < %d <= %d > %d >= %d isnan %d isunordered %d isgreater %d\n",
         n == n, n != n, n < 1.0, n <= 1.0, n > 1.0, n >= 1.0, isnan(n), isunordered(n, 1.0),
         isgreater(n, 1.0));
  float fn = fnan;
  printf("float nan: == %d != %d < %d\n", fn == fn, fn != fn, fn < 0.0f);
  double z = vzero, nz = vnzero;
  printf("zeros: equal %d, 1/+0=%g 1/-0=%g\n", z == nz, 1.0 / z, 1.0 / nz);
  show("-0 + 0", nz + z);
  show("-0 - 0", nz - z);
  show("-0 * 5", nz * 5.0);
  show("0 * -5", z * -5.0);
  show("-(+0)", -z);
  show("copysign(3,-0)", copysign(3.0, nz));
  show("copysign(-3,+0)", copysign(-3.0, z));
  show("copysignf(1,-0f)", copysignf(1.0f, fnzero));
  show("fabs(-0)", fabs(nz));
  show("fmin(nan,2)", fmin(n, 2.0));
  show("fmax(2,nan)", fmax(2.0, n));
  show("fmin(1,2)", fmin(vone, 2.0));
  show("fmax(-1,-inf)", fmax(-vone, -vinf));
  show("fminf(nan,-3)", fminf(fnan, -3.0f));
  show("inf - inf", vinf - vinf);
  show("0 * inf", z * vinf);
  show("inf * -1", vinf * -1.0);
  show("sqrt(-0)", sqrt(nz));
  show("sqrt(-1)", sqrt(-vone));
  static const double halves[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994,
                                  4503599627370495.5, -0.0, 1e300};
  for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
    volatile double h = halves[i];
    printf("x=%.17g rint=%.17g nearbyint=%.17g round=%.17g trunc=%.17g floor=%.17g ceil=%.17g"
           " lrint=%lld llround=%lld\n",
           h, rint(h), nearbyint(h), round(h), trunc(h), floor(h), ceil(h),
           fabs(h) < 1e18 ? (long long)llrint(h) : 0LL,
           fabs(h) < 1e18 ? (long long)llround(h) : 0LL);
    float hf = (float)h;
    printf("  float: rintf=%.9g roundf=%.9g truncf=%.9g floorf=%.9g ceilf=%.9g\n", rintf(hf),
           roundf(hf), truncf(hf), floorf(hf), ceilf(hf));
  }
  static volatile int64_t i64s[] = {16777217, -16777217, 9007199254740993LL,
                                    -9007199254740993LL, INT64_MAX, INT64_MIN,
                                    4611686018427387905LL};
  for (unsigned i = 0; i < sizeof i64s / sizeof i64s[0]; i++)
    printf("i64 %" PRId64 " -> double %.17g float %.9g, u64 -> double %.17g float %.9g\n",
           i64s[i], (double)i64s[i], (float)i64s[i], (double)(uint64_t)i64s[i],
           (float)(uint64_t)i64s[i]);
  static volatile uint32_t u32s[] = {16777217u, 4294967295u, 2147483648u, 2147483649u};
  for (unsigned i = 0; i < 4; i++)
    printf("u32 %" PRIu32 " -> float %.9g double %.17g, as int32 -> float %.9g\n", u32s[i],
           (float)u32s[i], (double)u32s[i], (float)(int32_t)u32s[i]);
  static volatile double ds[] = {2147483647.9, -2147483648.9, 4294967295.5, 0.999999,
                                 -0.999999, 9223372036854774784.0, -9223372036854775808.0,
                                 18446744073709549568.0, 1e-320};
  for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
    double d = ds[i];
    printf("double %.17g ->", d);
    if (d > -2147483649.0 && d < 2147483648.0)
      printf(" i32 %" PRId32, (int32_t)d);
    if (d > -1.0 && d < 4294967296.0)
      printf(" u32 %" PRIu32, (uint32_t)d);
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
      printf(" i64 %" PRId64, (int64_t)d);
    if (d > -1.0 && d < 18446744073709551616.0)
      printf(" u64 %" PRIu64, (uint64_t)d);
    float f = (float)d;
    printf(" float %.9g (back %.17g) bits %016" PRIx64 "\n", f, (double)f, bits(d));
  }
  volatile double big = DBL_MAX, tiny = DBL_MIN;
  printf("overflow to float: %g, underflow to float: %g, subnormal halving: %g\n",
         (float)big, (float)tiny, tiny / 4096);
  volatile float fa = 16777216.0f, fb = 1.0f;
  printf("float sum rounds to even: %.9g, double keeps it: %.17g\n", fa + fb,
         (double)fa + (double)fb);
  volatile double third = 1.0 / 3.0;
  printf("fused-free a*b+c: %.17g\n", third * 3.0 - 1.0);
  printf("FLT_EPSILON %g DBL_EPSILON %g FLT_MAX %g\n", FLT_EPSILON, DBL_EPSILON, FLT_MAX);
  return 0;
}
