// Proves math.h gives the native results: exactly for the correctly rounded
// operations (sqrt, floor, ceil, round, trunc, fmod, fabs, ldexp, frexp,
// modf), and to 12 significant digits for the transcendental functions
// (whose last bit may legitimately differ between C libraries).
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <math.h>
#include <stdio.h>

static volatile double xs[] = {0.0, 0.5, 1.0, 2.0, 3.75, 10.0, 100.5, 1e-10, 12345.678,
                               -0.25, -2.5, -7.5, 1e15 + 0.5, 0.7853981633974483};

static void exact(const char *name, double v) {
  if (isnan(v))
    printf("  %s=nan", name);
  else
    printf("  %s=%.17g", name, v);
}
static void approx(const char *name, double v) {
  if (isnan(v))
    printf("  %s=nan", name);
  else
    printf("  %s=%.12g", name, v);
}

int main(void) {
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    printf("x=%.17g\n", x);
    exact("sqrt", sqrt(x));
    exact("floor", floor(x));
    exact("ceil", ceil(x));
    exact("round", round(x));
    exact("trunc", trunc(x));
    exact("fmod3", fmod(x, 3.0));
    exact("fabs", fabs(x));
    exact("ldexp", ldexp(x, 7));
    int e;
    double m = frexp(x, &e);
    printf("  frexp=%.17g*2^%d", m, e);
    double ip;
    double fp = modf(x, &ip);
    printf("  modf=%.17g+%.17g\n", ip, fp);
    approx("sin", sin(x));
    approx("cos", cos(x));
    approx("tan", tan(x));
    approx("exp", exp(x / 10));
    approx("log", log(x));
    approx("log10", log10(x));
    approx("log2", log2(x));
    approx("pow", pow(fabs(x), 1.5));
    approx("atan2", atan2(x, 1.5));
    approx("hypot", hypot(x, 3.0));
    approx("cbrt", cbrt(x));
    approx("sinh", sinh(x / 100));
    approx("tanh", tanh(x));
    approx("asin", asin(x));
    approx("atan", atan(x));
    approx("expm1", expm1(x / 100));
    approx("log1p", log1p(x));
    printf("\n");
  }
  float f = 2.0f;
  printf("sqrtf=%.9g sinf=%.6g expf=%.6g powf=%.6g floorf=%.9g fmodf=%.9g\n", sqrtf(f),
         sinf(f), expf(f), powf(f, 0.5f), floorf(-f / 3), fmodf(7.5f, f));
  printf("pow special: %g %d %g %g %g\n", pow(0.0, 0.0), isnan(pow(-8.0, 1.0 / 3.0)),
         pow(2.0, 1024.0), pow(-2.0, 3.0), pow(1.0, NAN));
  printf("log(0)=%g log(-1) is nan: %d sqrt(-1) is nan: %d exp(1000)=%g exp(-1000)=%g\n",
         log(0.0), isnan(log(-1.0)), isnan(sqrt(-1.0)), exp(1000.0), exp(-1000.0));
  printf("fma=%.17g remainder=%.17g remquo-ish=%.17g\n", fma(0.1, 10.0, -1.0),
         remainder(10.0, 3.0), remainder(-7.5, 2.0));
  return 0;
}
