// Proves the trapping float-to-int conversions (i32/i64.trunc_f32/f64_s/u,
// reached through clang's __builtin_wasm_trunc_* since plain C casts are
// range-guarded) trap with "invalid conversion to integer" on NaN and
// "integer overflow" out of range, and do not trap at the exact edges of
// the range (where truncation toward zero lands inside it).
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: timeout 20 %t.guard edges | FileCheck %s --check-prefix=EDGES
// RUN: timeout 20 %t.soft edges | FileCheck %s --check-prefix=EDGES
// RUN: sh -c 'timeout 20 %t.guard nan_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: sh -c 'timeout 20 %t.soft nan_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: sh -c 'timeout 20 %t.guard nan_u64f; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: sh -c 'timeout 20 %t.soft nan_u64f; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: sh -c 'timeout 20 %t.guard big_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.soft big_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.guard min_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.soft min_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.guard neg_u32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.soft neg_u32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.guard inf_s64f; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.soft inf_s64f; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.guard big_u64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// RUN: sh -c 'timeout 20 %t.soft big_u64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVF
// EDGES: i32_s(2147483647.9) = 2147483647
// EDGES-NEXT: i32_s(-2147483648.9) = -2147483648
// EDGES-NEXT: i32_u(4294967295.9) = 4294967295
// EDGES-NEXT: i32_u(-0.9) = 0
// EDGES-NEXT: i64_s(-9223372036854775808.0) = -9223372036854775808
// EDGES-NEXT: i64_u(18446744073709549568.0) = 18446744073709549568
// EDGES-NEXT: i32_s(-0.0f) = 0
// NAN: about to trap
// NAN-NEXT: wasm trap: invalid conversion to integer
// NAN-NOT: survived
// NAN: exit status 134
// OVF: about to trap
// OVF-NEXT: wasm trap: integer overflow
// OVF-NOT: survived
// OVF: exit status 134
#include <math.h>
#include <stdio.h>
#include <string.h>

static volatile double d_nan = NAN, d_big = 2147483648.0, d_min = -2147483649.0, d_neg = -1.0,
                       d_u64big = 18446744073709551616.0;
static volatile float f_nan = NAN, f_inf = INFINITY;

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (strcmp(m, "edges") == 0) {
    volatile double a = 2147483647.9, b = -2147483648.9, c = 4294967295.9, d = -0.9,
                    e = -9223372036854775808.0, f = 18446744073709549568.0;
    volatile float g = -0.0f;
    printf("i32_s(2147483647.9) = %d\n", __builtin_wasm_trunc_s_i32_f64(a));
    printf("i32_s(-2147483648.9) = %d\n", __builtin_wasm_trunc_s_i32_f64(b));
    printf("i32_u(4294967295.9) = %u\n", __builtin_wasm_trunc_u_i32_f64(c));
    printf("i32_u(-0.9) = %u\n", __builtin_wasm_trunc_u_i32_f64(d));
    printf("i64_s(-9223372036854775808.0) = %lld\n", __builtin_wasm_trunc_s_i64_f64(e));
    printf("i64_u(18446744073709549568.0) = %llu\n", __builtin_wasm_trunc_u_i64_f64(f));
    printf("i32_s(-0.0f) = %d\n", __builtin_wasm_trunc_s_i32_f32(g));
    return 0;
  }
  fprintf(stderr, "about to trap\n");
  long long r = 0;
  if (strcmp(m, "nan_s32") == 0)
    r = __builtin_wasm_trunc_s_i32_f64(d_nan);
  else if (strcmp(m, "nan_u64f") == 0)
    r = (long long)__builtin_wasm_trunc_u_i64_f32(f_nan);
  else if (strcmp(m, "big_s32") == 0)
    r = __builtin_wasm_trunc_s_i32_f64(d_big);
  else if (strcmp(m, "min_s32") == 0)
    r = __builtin_wasm_trunc_s_i32_f64(d_min);
  else if (strcmp(m, "neg_u32") == 0)
    r = __builtin_wasm_trunc_u_i32_f64(d_neg);
  else if (strcmp(m, "inf_s64f") == 0)
    r = __builtin_wasm_trunc_s_i64_f32(f_inf);
  else if (strcmp(m, "big_u64") == 0)
    r = (long long)__builtin_wasm_trunc_u_i64_f64(d_u64big);
  fprintf(stderr, "survived with %lld\n", r);
  return 0;
}
