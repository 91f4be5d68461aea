// Proves indirect calls (call_indirect) reach the right function with the
// right signature: tables of same-typed functions, functions of several
// signatures called through pointers, a hand-made vtable, function
// pointers returned from functions and stored in structs, and callbacks.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int maxi(int a, int b) { return a > b ? a : b; }
static binop volatile ops[] = {add, sub, mul, maxi};
static const char *names[] = {"add", "sub", "mul", "max"};

static double scale(double x, float f) { return x * f; }
static int64_t widen(int32_t a, int64_t b) { return (int64_t)a * b; }
static void say(const char *s) { printf("say: %s\n", s); }
static float halve(float x) { return x / 2; }
static double (*volatile p_scale)(double, float) = scale;
static int64_t (*volatile p_widen)(int32_t, int64_t) = widen;
static void (*volatile p_say)(const char *) = say;
static float (*volatile p_halve)(float) = halve;

struct shape;
struct shape_vtbl {
  const char *(*name)(const struct shape *);
  double (*area)(const struct shape *);
};
struct shape {
  const struct shape_vtbl *vt;
  double a, b;
};
static const char *rect_name(const struct shape *s) { (void)s; return "rect"; }
static double rect_area(const struct shape *s) { return s->a * s->b; }
static const char *tri_name(const struct shape *s) { (void)s; return "triangle"; }
static double tri_area(const struct shape *s) { return s->a * s->b / 2; }
static const struct shape_vtbl rect_vt = {rect_name, rect_area}, tri_vt = {tri_name, tri_area};

static binop choose(char c) {
  switch (c) {
  case '+': return add;
  case '-': return sub;
  case '*': return mul;
  default: return maxi;
  }
}

static void each(const int *xs, int n, void (*fn)(int, void *), void *ctx) {
  for (int i = 0; i < n; i++)
    fn(xs[i], ctx);
}
static void accumulate(int x, void *ctx) { *(long *)ctx += x * x; }

int main(void) {
  for (int i = 0; i < 4; i++)
    printf("%s(17, -5) = %d\n", names[i], ops[i](17, -5));
  printf("scale=%g widen=%lld halve=%g\n", p_scale(2.5, 0.5f), (long long)p_widen(-7, 1LL << 40),
         p_halve(3.0f));
  p_say("through a pointer");
  struct shape shapes[] = {{&rect_vt, 3, 4}, {&tri_vt, 3, 4}, {&rect_vt, 0.5, 0.25}};
  for (int i = 0; i < 3; i++)
    printf("%s area %g\n", shapes[i].vt->name(&shapes[i]), shapes[i].vt->area(&shapes[i]));
  const char *expr = "+-*x+*";
  int acc = 1;
  for (const char *c = expr; *c; c++)
    acc = choose(*c)(acc, 3);
  printf("chained choose: %d\n", acc);
  int xs[] = {1, 2, 3, 4, 5};
  long sq = 0;
  each(xs, 5, accumulate, &sq);
  printf("sum of squares via callback: %ld\n", sq);
  uint32_t h = 0;
  for (int i = 0; i < 200000; i++)
    h = h * 16777619u ^ (uint32_t)ops[i & 3](i, (int)h & 0xffff);
  printf("indirect-call hash %u\n", h);
  return 0;
}
