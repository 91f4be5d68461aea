// Proves -g: gdb on the native executable stops at a Wasm function by its
// name-section name, shows the module's own source file and line (mapped
// from the module's DWARF), and names the Wasm callers in the backtrace;
// the symbols stay in the binary. (-O0: at -O1 and above clang runs
// wasm-opt, which drops the name section and the DWARF's addresses.)
// REQUIRES: gdb
// RUN: %wasi-cc -g -O0 %s -o %t.wasm
// RUN: %wasm2native -g -O0 %t.wasm -o %t.prog
// RUN: gdb -batch -nx -ex 'break compute' -ex run -ex bt %t.prog 2>&1 | FileCheck %s
// RUN: llvm-nm %t.prog | FileCheck %s --check-prefix=SYMS
// RUN: %wasm2native -O0 %t.wasm -o %t.stripped
// RUN: llvm-nm %t.stripped 2>&1 | FileCheck %s --check-prefix=STRIPPED
//
// CHECK: Breakpoint 1, compute ({{.*}}) at {{.*}}gdb-names.c:[[#@LINE+7]]
// CHECK: #0 {{.*}}compute
// CHECK: #1 {{.*}} in main () at {{.*}}gdb-names.c:[[#@LINE+13]]
// SYMS: w2n_f{{[0-9]+}}_compute
// STRIPPED: no symbols
#include <stdio.h>

__attribute__((noinline)) int compute(int x) {
  int y = x * 7;
  return y + 1;
}

int main(int argc, char **argv) {
  (void)argv;
  volatile int n = argc;
  int r = compute(n);
  printf("%d\n", r);
  return 0;
}
