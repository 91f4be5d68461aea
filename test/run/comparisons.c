// Proves every integer and float comparison picks the right signedness and
// ordering (i32/i64 lt/le/gt/ge signed and unsigned, eq/ne, float ordered
// and unordered compares), and that select/conditional moves, min/max
// idioms and boolean results come out as natively.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static volatile int32_t i32v[] = {INT32_MIN, -2, -1, 0, 1, 2, INT32_MAX};
static volatile int64_t i64v[] = {INT64_MIN, -4294967296LL, -1, 0, 1, 4294967295LL, INT64_MAX};
static volatile double dv[] = {-INFINITY, -1.0, -0.0, 0.0, 1e-310, 1.0, INFINITY, NAN};
static volatile float fv[] = {-1.0f, -0.0f, 0.0f, 2.5f, NAN};

int main(void) {
  for (int i = 0; i < 7; i++) {
    for (int j = 0; j < 7; j++) {
      int32_t a = i32v[i], b = i32v[j];
      uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
      int64_t c = i64v[i], d = i64v[j];
      uint64_t uc = (uint64_t)c, ud = (uint64_t)d;
      printf("%d%d%d%d%d%d %d%d%d%d %d%d%d%d%d%d %d%d%d%d %" PRId32 " %" PRIu32 " %" PRId64 " %" PRIu64 "\n",
             a < b, a <= b, a > b, a >= b, a == b, a != b, ua < ub, ua <= ub, ua > ub, ua >= ub,
             c < d, c <= d, c > d, c >= d, c == d, c != d, uc < ud, uc <= ud, uc > ud, uc >= ud,
             a < b ? a : b, ua > ub ? ua : ub, c > d ? c : d, uc < ud ? uc : ud);
    }
  }
  for (int i = 0; i < 8; i++) {
    for (int j = 0; j < 8; j++) {
      double a = dv[i], b = dv[j];
      printf("%d%d%d%d%d%d%d ", a < b, a <= b, a > b, a >= b, a == b, a != b,
             !(a < b) && !(a >= b));
    }
    printf("\n");
  }
  for (int i = 0; i < 5; i++) {
    for (int j = 0; j < 5; j++) {
      float a = fv[i], b = fv[j];
      printf("%d%d%d%d ", a < b, a >= b, a == b, a != b);
    }
    printf("\n");
  }
  int64_t count = 0;
  for (int32_t k = -1000; k < 1000; k++) {
    volatile int32_t x = k * 7919;
    count += (x > 0) - (x < 0) + ((uint32_t)x > 3000000000u) + (x & 1 ? x : -x) % 7;
  }
  printf("select/branch accumulator %" PRId64 "\n", count);
  return 0;
}
