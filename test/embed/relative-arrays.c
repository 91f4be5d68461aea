// Position-independent output (a library) keeps its dispatch arrays and the
// descriptor's per-function arrays as 32-bit offsets from each array, which
// the static linker resolves: the object has no absolute (R_X86_64_64)
// relocation per table element or per function, so a program linking it
// loads without a dynamic relocation each. Calls through the table still
// reach the right function for each type, a null element and a type
// mismatch still trap with their own codes, and a trap names its function.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm --debug-names %S/Inputs/dispatch.wat -o %t/dispatch.wasm
// RUN: %wasm2native -O2 -c %t/dispatch.wasm --emit-header %t/dispatch.h -o %t/dispatch.o
// RUN: llvm-readelf -rW %t/dispatch.o | grep -c R_X86_64_64 > %t/abs.txt || true
// RUN: test "$(cat %t/abs.txt)" -lt 40
// RUN: %clang -O2 -fPIE -pie -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/dispatch.o %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/prog
// RUN: llvm-readelf -rW %t/prog | grep -c R_X86_64_RELATIVE > %t/rel.txt || true
// RUN: test "$(cat %t/rel.txt)" -lt 400
// RUN: %t/prog | FileCheck %s
// RUN: not %t/prog boom 2>&1 | FileCheck %s --check-prefix=BOOM
// CHECK: 11 20 11 20 4 -2
// CHECK-NEXT: null: uninitialized element 300
// CHECK-NEXT: type: indirect call type mismatch
// CHECK-NEXT: bound: undefined element
// BOOM: wasm trap: unreachable
// BOOM-NEXT: in function 'boom'
// clang-format on
#include "dispatch.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char err[256];
  w2n_instance *inst = dispatch_new(NULL, err, sizeof err);
  if (!inst) {
    printf("new failed: %s\n", err);
    return 1;
  }
  if (argc > 1 && strcmp(argv[1], "boom") == 0)
    dispatch_boom(inst, NULL);
  uint32_t t;
  /* Element k holds $a, $b, $c for k % 3 == 0, 1, 2. */
  printf("%d %d %d %d %lld %lld\n", dispatch_call_ii(inst, 0, 10, &t),
         dispatch_call_ii(inst, 1, 10, &t), dispatch_call_ii(inst, 297, 10, &t),
         dispatch_call_ii(inst, 298, 10, &t),
         (long long)dispatch_call_II(inst, 2, 7, &t),
         (long long)dispatch_call_II(inst, 299, 1, &t));
  dispatch_call_ii(inst, 300, 1, &t);
  printf("null: %s\n", w2n_trap_text(t));
  dispatch_call_ii(inst, 2, 1, &t);
  printf("type: %s\n", w2n_trap_text(t));
  dispatch_call_ii(inst, 301, 1, &t);
  printf("bound: %s\n", w2n_trap_message(t));
  w2n_embed_free(inst);
  return 0;
}
