// Proves integer formatting through wasi-libc's printf matches the native C
// library: every conversion, flag, width, precision and length modifier, at
// the edges of each integer type, plus snprintf's return value on truncation.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static volatile int32_t i32s[] = {0, 1, -1, 42, -42, 127, -128, 255, 32767, -32768,
                                  65535, INT32_MAX, INT32_MIN, 1000000, -999999};
static volatile int64_t i64s[] = {0, -1, INT64_MAX, INT64_MIN, 4294967296LL,
                                  -4294967297LL, 1234567890123456789LL};

int main(void) {
  for (unsigned i = 0; i < sizeof i32s / sizeof i32s[0]; i++) {
    int32_t v = i32s[i];
    printf("[%d] [%i] [%u] [%x] [%X] [%o] [%hd] [%hhd] [%hu] [%hhu]\n", v, v,
           (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (short)v,
           (signed char)v, (unsigned short)v, (unsigned char)v);
    printf("[%8d] [%-8d] [%08d] [%+d] [% d] [%#x] [%#o] [%.5d] [%8.3d] [%*d] [%-*d]\n",
           v, v, v, v, v, (unsigned)v, (unsigned)v, v, v, 6, v, 6, v);
  }
  for (unsigned i = 0; i < sizeof i64s / sizeof i64s[0]; i++) {
    int64_t v = i64s[i];
    printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "] [%lld] [%llx] [%020lld] [%+lld]\n",
           v, (uint64_t)v, (uint64_t)v, (long long)v, (unsigned long long)v,
           (long long)v, (long long)v);
  }
  printf("[%c%c%c] [%5c] [%-3c]\n", 'a', 'B', '0', 'x', 'y');
  printf("[%s] [%10s] [%-10s] [%.3s] [%*.*s] [%%]\n", "hello", "right", "left",
         "truncate", 8, 2, "ab-cd");
  printf("[%zu] [%td] [%jd] [%ju]\n", (size_t)12345, (ptrdiff_t)-77,
         (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
  printf("[%.0d] [%.0x] [%#.0o]\n", 0, 0u, 0u);
  char buf[8];
  int n = snprintf(buf, sizeof buf, "%d-%s", 123456, "overflowing");
  printf("snprintf returned %d, kept \"%s\"\n", n, buf);
  n = snprintf(NULL, 0, "%lld", (long long)INT64_MIN);
  printf("snprintf(NULL, 0) returned %d\n", n);
  int count = 0;
  printf("abc%n", &count);
  printf(" <- %%n saw %d\n", count);
  return 0;
}
