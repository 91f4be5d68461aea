// Proves static initialization and start-up order: initialized and zeroed
// globals (data segments and bss), constructors by priority before main,
// static locals, and destructors plus atexit handlers after main returns.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int table[1000] = {1, 2, 3, [500] = 42, [999] = -1};
static char zeroed[100000];
static const char *greeting = "initialized pointer";
static double dvals[] = {0.1, 2.5e10, -0.0};
static int order;

__attribute__((constructor(200))) static void second(void) {
  printf("constructor 200 runs at step %d\n", ++order);
}
__attribute__((constructor(101))) static void first(void) {
  printf("constructor 101 runs at step %d\n", ++order);
}
__attribute__((destructor)) static void last(void) { printf("destructor runs\n"); }
static void bye(void) { printf("atexit handler runs\n"); }

static int counter(void) {
  static int calls = 100;
  return ++calls;
}

int main(void) {
  printf("main runs at step %d\n", ++order);
  atexit(bye);
  long sum = 0;
  for (int i = 0; i < 1000; i++)
    sum += table[i] * (i + 1);
  int nonzero = 0;
  for (int i = 0; i < 100000; i++)
    nonzero += zeroed[i] != 0;
  printf("table sum %ld, nonzero bss bytes %d, %s, %g %g %g\n", sum, nonzero, greeting, dvals[0],
         dvals[1], dvals[2]);
  counter();
  printf("static local after two calls: %d\n", counter());
  return 0;
}
