// Proves exit(n) from a nested call ends the program with status n, runs
// atexit handlers in reverse order and flushes buffered stdout, that
// returning from main does the same, and that _Exit ends at once: no
// handlers, and unflushed stdout is lost as natively. A status of 126 or
// more is, as in Wasmtime, an error after the same output (the handlers and
// the flush run in the guest first): status 1, not the host's 8 bits.
// clang-format off
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 0 -- 0
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 3 -- 3
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 125 -- 125
// RUN: not %t.native 255 > %t.native-255.out
// RUN: sh -c '%t.guard 255 > %t.guard-255.out; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S255
// RUN: sh -c '%t.soft 255 > %t.soft-255.out; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S255
// RUN: cmp %t.native-255.out %t.guard-255.out
// RUN: cmp %t.native-255.out %t.soft-255.out
// RUN: not %t.native 300 > %t.native-300.out
// RUN: sh -c '%t.guard 300 > %t.guard-300.out; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S300
// RUN: cmp %t.native-300.out %t.guard-300.out
// S255: {{[^ :/]+}}: error: proc_exit(255): exit with invalid exit status outside of [0..126)
// S255-NEXT: exit status 1
// S300: {{[^ :/]+}}: error: proc_exit(300): exit with invalid exit status outside of [0..126)
// S300-NEXT: exit status 1
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 42 -- return
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 0 -- return0
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 9 -- _Exit
// clang-format on
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
