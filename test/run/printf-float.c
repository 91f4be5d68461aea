// Proves floating-point formatting (%f %e %g %a with flags and precisions) of
// doubles and promoted floats, including infinities, NaNs, signed zeros,
// subnormals and extreme magnitudes, matches the native C library.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <float.h>
#include <math.h>
#include <stdio.h>

static volatile double ds[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.5, 3.5,
                               123456789.125, 1e21, 1e-7, 6.02214076e23,
                               DBL_MAX, DBL_MIN, 4.9406564584124654e-324,
                               DBL_EPSILON, 9007199254740993.0, 0.000123456,
                               INFINITY, -INFINITY, NAN, -NAN};
static volatile float fs[] = {0.1f, 1e10f, FLT_MAX, FLT_MIN, 1.17549421e-38f,
                              -3.25f, 16777217.0f};

int main(void) {
  for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
    double v = ds[i];
    printf("%f|%.0f|%.3f|%e|%.2e|%E|%g|%.10g|%G|%#g|%+.3g|%12.4f|%-12.2e|%012.3f\n",
           v, v, v, v, v, v, v, v, v, v, v, v, v, v);
    /* glibc and musl spell subnormals differently in %a; both are right */
    if (fpclassify(v) == FP_SUBNORMAL)
      printf("%.17g|%.20e\n", v, v);
    else
      printf("%a|%.3a|%A|%.17g|%.20e\n", v, v, v, v, v);
  }
  for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
    float v = fs[i];
    printf("%f %e %g %.9g %a\n", v, v, v, v, v);
  }
  printf("%.60f\n", 0.1);
  printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5);
  printf("%.1f %.1f %.2f\n", 0.25, 0.35, 1.005);
  printf("%.400f\n", DBL_MIN);
  return 0;
}
