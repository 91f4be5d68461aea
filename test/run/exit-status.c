// Proves exit(n) from a nested call ends the program with status n (truncated
// to 8 bits like the host), runs atexit handlers in reverse order and flushes
// buffered stdout, that returning from main does the same, and that _Exit
// ends at once: no handlers, and unflushed stdout is lost as natively.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 0 -- 0
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 3 -- 3
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 255 -- 255
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 44 -- 300
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 42 -- return
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 0 -- return0
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 9 -- _Exit
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

static __attribute__((noinline)) void leave(int depth, int code) {
  if (depth > 0) {
    leave(depth - 1, code);
    printf("not reached\n");
  }
  printf("exiting with %d from depth 0\n", code);
  exit(code);
}

int main(int argc, char **argv) {
  atexit(first);
  atexit(second);
  printf("buffered line that exit must flush");
  if (argc > 1 && strcmp(argv[1], "return") == 0)
    return 42;
  if (argc > 1 && strcmp(argv[1], "return0") == 0)
    return 0;
  if (argc > 1 && strcmp(argv[1], "_Exit") == 0) {
    fprintf(stderr, "about to _Exit\n");
    _Exit(9);
  }
  leave(5, argc > 1 ? atoi(argv[1]) : 1);
}
