// Proves that with -g a trap names the trapping Wasm function and then its
// Wasm callers, for an explicit trap (division) and for a guard-region
// fault delivered by the signal handler; without -g only the trapping
// function is named, as before.
// RUN: %wasi-cc -g -O0 %s -o %t.wasm
// RUN: %wasm2native -g -O0 %t.wasm -o %t.g
// RUN: not %t.g 2>&1 | FileCheck %s --check-prefix=DIV
// RUN: not %t.g x 2>&1 | FileCheck %s --check-prefix=OOB
// RUN: %wasm2native -O0 %t.wasm -o %t.plain
// RUN: not %t.plain 2>&1 | FileCheck %s --check-prefix=PLAIN
//
// DIV: wasm trap: integer divide by zero
// DIV-NEXT: in function 'divide'
// DIV-NEXT: called from 'middle'
// DIV-NEXT: called from 'main'
// OOB: wasm trap: out of bounds memory access
// OOB-NEXT: in function 'inner'
// OOB-NEXT: called from 'middle'
// OOB-NEXT: called from 'main'
// PLAIN: in function 'divide'
// PLAIN-NOT: called from
__attribute__((noinline)) int inner(int *p, int d) {
  return p[d * 100000000];
}
__attribute__((noinline)) int divide(int a, int b) { return a / b; }
__attribute__((noinline)) int middle(int x) {
  return divide(100, x - 1) + inner(&x, x);
}
int main(int argc, char **argv) {
  (void)argv;
  return middle(argc);
}
