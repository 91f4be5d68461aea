// Proves a reactor built by clang (-mexec-model=reactor) is first-class:
// w2n_embed_new runs its _initialize (C constructors, malloc), exports are
// called through the generated wrappers, each instance has its own heap,
// and WASI capabilities are per instance: the one granted stdout prints,
// the one without it does not.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %wasi-cc -O2 -mexec-model=reactor %S/Inputs/reactor.c -o %t/reactor.wasm
// RUN: %wasm2native -c %t/reactor.wasm --emit-header %t/reactor.h -o %t/reactor.a
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/reactor.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -o %t/prog
// RUN: %t/prog | FileCheck %s
// CHECK: 11 12 11
// CHECK-NEXT: hello 7
// CHECK-NEXT: done
// CHECK-NOT: hello
#include "reactor.h"

#include <stdio.h>

int main(void) {
  w2n_config stdout_only = {0};
  stdout_only.caps = W2N_CAP_STDOUT;
  w2n_embed_options granted = {0};
  granted.wasi = &stdout_only;
  char err[256];
  w2n_instance *a = reactor_new(&granted, err, sizeof err);
  w2n_instance *b = reactor_new(&granted, err, sizeof err);
  w2n_instance *mute = reactor_new(NULL, err, sizeof err);
  if (!a || !b || !mute) {
    printf("new failed: %s\n", err);
    return 1;
  }
  uint32_t trap;
  int x = reactor_next(a, &trap);
  int y = reactor_next(a, &trap);
  int z = reactor_next(b, &trap);
  printf("%d %d %d\n", x, y, z);
  fflush(stdout);
  reactor_greet(b, 7, &trap);
  reactor_greet(mute, 8, &trap);
  printf("done\n");
  w2n_embed_free(a);
  w2n_embed_free(b);
  w2n_embed_free(mute);
  return 0;
}
