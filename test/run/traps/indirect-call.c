// Proves call_indirect checks its target: a null function pointer (table
// slot 0, never filled) reports "uninitialized element 0", an index past the
// end of the table reports "undefined element <index>" (the spec
// interpreter's wording, with the index), and calling a function
// through a pointer of another signature reports "indirect call type
// mismatch"; a correct call through the same table works first.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: sh -c 'timeout 20 %t.guard null; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: sh -c 'timeout 20 %t.soft null; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: sh -c 'timeout 20 %t.guard past_end; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=PAST
// RUN: sh -c 'timeout 20 %t.soft past_end; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=PAST
// RUN: sh -c 'timeout 20 %t.guard huge_index; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=PAST
// RUN: sh -c 'timeout 20 %t.soft huge_index; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=PAST
// RUN: sh -c 'timeout 20 %t.guard mismatch; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: sh -c 'timeout 20 %t.soft mismatch; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: sh -c 'timeout 20 %t.guard mismatch_ret; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: sh -c 'timeout 20 %t.soft mismatch_ret; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=MISMATCH
// NULL: good call returned 42
// NULL-NEXT: wasm trap: uninitialized element 0{{$}}
// NULL-NOT: survived
// NULL: exit status 134
// PAST: good call returned 42
// PAST-NEXT: wasm trap: undefined element {{[0-9]+$}}
// PAST-NOT: survived
// PAST: exit status 134
// MISMATCH: good call returned 42
// MISMATCH-NEXT: wasm trap: indirect call type mismatch
// MISMATCH-NOT: survived
// MISMATCH: exit status 134
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int answer(int x) { return x + 41; }
static int (*volatile good)(int) = answer;

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  fprintf(stderr, "good call returned %d\n", good(1));
  uintptr_t index = (uintptr_t)good;
  int r = 0;
  if (strcmp(m, "null") == 0) {
    int (*volatile f)(int) = 0;
    r = f(1);
  } else if (strcmp(m, "past_end") == 0) {
    int (*volatile f)(int) = (int (*)(int))(index + 100000);
    r = f(1);
  } else if (strcmp(m, "huge_index") == 0) {
    int (*volatile f)(int) = (int (*)(int))(uintptr_t)0xFFFFFFFFu;
    r = f(1);
  } else if (strcmp(m, "mismatch") == 0) {
    double (*volatile f)(double, double) = (double (*)(double, double))good;
    r = (int)f(1.0, 2.0);
  } else if (strcmp(m, "mismatch_ret") == 0) {
    int64_t (*volatile f)(int) = (int64_t(*)(int))good;
    r = (int)f(1);
  }
  fprintf(stderr, "survived with %d\n", r);
  return 0;
}
