// Proves integer division traps with the spec's messages and exit status 134
// in both bounds strategies: division and remainder by zero (signed and
// unsigned, 32 and 64 bit) report "integer divide by zero", INT_MIN / -1
// reports "integer overflow", while INT_MIN % -1 is defined by Wasm as 0
// and must not trap (x86's idiv would fault on it). A trap inside a qsort
// comparator, called back from the C library, reports the same way.
// Operands are volatile so clang emits the plain div/rem instructions.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: sh -c 'timeout 20 %t.guard div_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.soft div_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.guard div_u32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.soft rem_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.guard rem_u64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.soft div_s64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.guard overflow_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: sh -c 'timeout 20 %t.soft overflow_s32; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: sh -c 'timeout 20 %t.guard overflow_s64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: sh -c 'timeout 20 %t.soft overflow_s64; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: sh -c 'timeout 20 %t.guard in_callback; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.soft in_callback; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: sh -c 'timeout 20 %t.guard rem_min; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=REMMIN
// RUN: sh -c 'timeout 20 %t.soft rem_min; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=REMMIN
// ZERO: about to trap
// ZERO-NEXT: wasm trap: integer divide by zero
// ZERO-NOT: survived
// ZERO: exit status 134
// OVERFLOW: about to trap
// OVERFLOW-NEXT: wasm trap: integer overflow
// OVERFLOW-NOT: survived
// OVERFLOW: exit status 134
// REMMIN: INT32_MIN % -1 = 0, INT64_MIN % -1 = 0
// REMMIN-NEXT: exit status 0
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int32_t s32 = 7, zero32 = 0, min32 = INT32_MIN, minus1_32 = -1;
static volatile uint32_t u32 = 7, uzero32 = 0;
static volatile int64_t s64 = 7, zero64 = 0, min64 = INT64_MIN, minus1_64 = -1;
static volatile uint64_t u64 = 7, uzero64 = 0;

static int cmp_dividing(const void *a, const void *b) {
  return *(const int *)a / zero32 - *(const int *)b;
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (strcmp(m, "rem_min") == 0) {
    printf("INT32_MIN %% -1 = %d, INT64_MIN %% -1 = %lld\n", min32 % minus1_32,
           (long long)(min64 % minus1_64));
    return 0;
  }
  fprintf(stderr, "about to trap\n");
  long long r = 0;
  if (strcmp(m, "div_s32") == 0)
    r = s32 / zero32;
  else if (strcmp(m, "div_u32") == 0)
    r = u32 / uzero32;
  else if (strcmp(m, "rem_s32") == 0)
    r = s32 % zero32;
  else if (strcmp(m, "rem_u64") == 0)
    r = (long long)(u64 % uzero64);
  else if (strcmp(m, "div_s64") == 0)
    r = s64 / zero64;
  else if (strcmp(m, "in_callback") == 0) {
    int xs[] = {3, 1, 2};
    qsort(xs, 3, sizeof xs[0], cmp_dividing);
    r = xs[0];
  } else if (strcmp(m, "overflow_s32") == 0)
    r = min32 / minus1_32;
  else if (strcmp(m, "overflow_s64") == 0)
    r = min64 / minus1_64;
  fprintf(stderr, "survived with %lld\n", r);
  return 0;
}
