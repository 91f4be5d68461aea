// Proves __builtin_trap (Wasm unreachable) and the C library's abort() and
// failed assert() end the program with "wasm trap: unreachable" and exit
// status 134 (the status a native abort() gives), after the assertion's
// own message, in both bounds strategies.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: sh -c 'timeout 20 %t.guard trap; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=TRAP
// RUN: sh -c 'timeout 20 %t.soft trap; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=TRAP
// RUN: sh -c 'timeout 20 %t.guard abort; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=TRAP
// RUN: sh -c 'timeout 20 %t.soft abort; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=TRAP
// RUN: sh -c 'timeout 20 %t.guard assert; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ASSERT
// RUN: sh -c 'timeout 20 %t.soft assert; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=ASSERT
// TRAP: about to trap
// TRAP-NEXT: wasm trap: unreachable
// TRAP-NOT: survived
// TRAP: exit status 134
// ASSERT: about to trap
// ASSERT-NEXT: Assertion failed: argc == 42
// ASSERT-NEXT: wasm trap: unreachable
// ASSERT-NOT: survived
// ASSERT: exit status 134
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  fprintf(stderr, "about to trap\n");
  if (strcmp(m, "trap") == 0)
    __builtin_trap();
  if (strcmp(m, "abort") == 0)
    abort();
  if (strcmp(m, "assert") == 0)
    assert(argc == 42);
  fprintf(stderr, "survived\n");
  return 0;
}
