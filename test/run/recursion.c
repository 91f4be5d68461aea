// Proves recursive calls compute what they compute natively: naive fib,
// Ackermann, mutual recursion, and a 20000-deep non-tail recursion whose
// frames each hold live values across the call.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned ack(unsigned m, unsigned n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static int is_odd(unsigned n);
static __attribute__((noinline)) int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static __attribute__((noinline)) int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static volatile int depth_limit = 20000;
static __attribute__((noinline)) uint64_t deep(int n, uint64_t a, double b) {
  if (n >= depth_limit)
    return a ^ (uint64_t)b;
  uint64_t r = deep(n + 1, a * 6364136223846793005ULL + 1, b * 0.5 + n);
  return r + a * (uint64_t)n + (uint64_t)(b > 1e6);
}

struct tree {
  struct tree *l, *r;
  int v;
};
static struct tree pool[4096];
static int used;
static struct tree *build(int d, int v) {
  if (d == 0)
    return NULL;
  struct tree *t = &pool[used++];
  t->v = v;
  t->l = build(d - 1, v * 2);
  t->r = build(d - 1, v * 2 + 1);
  return t;
}
static long sum(const struct tree *t) { return t ? t->v + sum(t->l) + sum(t->r) : 0; }

int main(void) {
  printf("fib(27)=%d\n", fib(27));
  printf("ack(2,300)=%u ack(3,6)=%u\n", ack(2, 300), ack(3, 6));
  printf("is_even(10001)=%d is_odd(7777)=%d\n", is_even(10001), is_odd(7777));
  printf("deep=%llu\n", (unsigned long long)deep(0, 1, 3.0));
  printf("tree sum=%ld nodes=%d\n", sum(build(12, 1)), used);
  return 0;
}
