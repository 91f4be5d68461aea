// Proves variadic functions read their arguments back correctly: ints,
// 64-bit ints, doubles (promoted floats), pointers and mixtures, va_copy for
// a second pass, and vsnprintf/vfprintf forwarding.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static __attribute__((noinline)) long long sum_ints(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long long s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

/* fmt: i=int, l=int64, d=double, s=string */
static __attribute__((noinline)) void mixed(const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  for (const char *f = fmt; *f; f++) {
    switch (*f) {
    case 'i': printf("int %d; ", va_arg(ap, int)); break;
    case 'l': printf("i64 %lld; ", (long long)va_arg(ap, int64_t)); break;
    case 'd': printf("double %.17g; ", va_arg(ap, double)); break;
    case 's': printf("str %s; ", va_arg(ap, const char *)); break;
    }
  }
  printf("\n");
  int count = 0;
  for (const char *f = fmt; *f; f++) {
    switch (*f) {
    case 'i': (void)va_arg(again, int); break;
    case 'l': (void)va_arg(again, int64_t); break;
    case 'd': (void)va_arg(again, double); break;
    case 's': (void)va_arg(again, const char *); break;
    }
    count++;
  }
  printf("second pass saw %d arguments\n", count);
  va_end(again);
  va_end(ap);
}

static __attribute__((format(printf, 2, 3))) int fmt_into(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, 32, fmt, ap);
  va_end(ap);
  return n;
}

static __attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int main(void) {
  printf("sum0=%lld sum3=%lld sum10=%lld\n", sum_ints(0), sum_ints(3, 1, -2, 3),
         sum_ints(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2147483647));
  mixed("idlsid", 42, 3.25, (int64_t)-1 << 40, "text", -7, 2.0f);
  mixed("llll", (int64_t)1, (int64_t)2, (int64_t)3, INT64_MIN);
  mixed("dididi", 0.1, 1, 0.2, 2, 1e300, 3);
  char buf[32];
  int n = fmt_into(buf, "%s=%d|%.3f|%x", "value", 12345, 2.0 / 3.0, 0xbeefu);
  printf("vsnprintf -> %d \"%s\"\n", n, buf);
  n = fmt_into(buf, "%0100d", 7);
  printf("vsnprintf long -> %d, kept %zu chars\n", n, sizeof buf - 1);
  warn("%d things went %s", 3, "sideways");
  return 0;
}
