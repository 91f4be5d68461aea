// Proves the embedding API end to end: a reactor compiled to an `ar`
// archive and, under a second name, to an object, linked into one C program
// whose own main() wins over the runtime's; two instances of one module
// keep separate memories; a trap comes back as a value and the instance
// keeps working; the embedder's host function serves the module's import
// and sees the calling instance; a missing import fails instantiation with
// the link error.
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/counter.wat -o %t/counter.wasm
// RUN: %wasm2native -c %t/counter.wasm --emit-header %t/counter.h -o %t/counter.a
// RUN: %wasm2native -c %t/counter.wasm --module-name=other --emit-header %t/other.h -o %t/other.o
// RUN: llvm-nm %t/counter.a | FileCheck %s --check-prefix=SYMS
// RUN: FileCheck %s --check-prefix=HEADER < %t/counter.h
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/counter.a %t/other.o %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -o %t/prog
// RUN: %t/prog | FileCheck %s
//
// SYMS: {{[DR]}} w2n_module_counter
// HEADER: extern const w2n_module w2n_module_counter;
// HEADER: static inline w2n_instance *counter_new(const w2n_embed_options *opts, char *err, size_t errlen)
// HEADER: static inline int32_t counter_div(w2n_instance *inst, int32_t p0, int32_t p1, uint32_t *trap)
// HEADER: static inline double counter_mix(w2n_instance *inst, int64_t p0, double p1, uint32_t *trap)
// HEADER: static inline void counter_reset(w2n_instance *inst, uint32_t *trap)
// HEADER: export "pair": v128, reference or multi-value signature
#include "counter.h"
#include "other.h"

#include <stdio.h>
#include <string.h>

static w2n_instance *last_caller;

static int32_t host_scale(w2n_instance *caller, int32_t x) {
  last_caller = caller;
  return x * 3;
}

int main(void) {
  static const w2n_host_import imports[] = {
      {"host", "scale", "i:i", (void *)host_scale}};
  w2n_embed_options opts = {0};
  opts.imports = imports;
  opts.num_imports = 1;
  char err[256];

  w2n_instance *a = counter_new(&opts, err, sizeof err);
  w2n_instance *b = counter_new(&opts, err, sizeof err);
  w2n_instance *c = other_new(&opts, err, sizeof err);
  if (!a || !b || !c) {
    printf("new failed: %s\n", err);
    return 1;
  }
  uint32_t trap = 0;
  // CHECK: a=105 b=101 c=100
  int32_t ra = counter_bump(a, 5, &trap);
  int32_t rb = counter_bump(b, 1, &trap);
  printf("a=%d b=%d c=%d\n", ra, rb, other_get(c, &trap));
  // CHECK-NEXT: a=105 b=101
  printf("a=%d b=%d\n", counter_get(a, &trap), counter_get(b, &trap));

  // CHECK-NEXT: div: trap 3 (integer divide by zero)
  counter_div(a, 1, 0, &trap);
  printf("div: trap %u (%s)\n", trap, w2n_embed_trap_message(trap));
  // CHECK-NEXT: after trap: a=106 trap=0
  ra = counter_bump(a, 1, &trap);
  printf("after trap: a=%d trap=%u\n", ra, trap);

  // CHECK-NEXT: scaled=21 caller=b
  int32_t s = counter_scaled(b, 7, &trap);
  printf("scaled=%d caller=%s\n", s, last_caller == b ? "b" : "other");
  // CHECK-NEXT: mix=42.5
  printf("mix=%.1f\n", counter_mix(a, 40, 2.5, &trap));

  // CHECK-NEXT: by name: 101 code=0 sig=:i
  w2n_val v[2];
  uint32_t code = w2n_embed_call(b, "get", v);
  printf("by name: %d code=%u sig=%s\n", v[0].i32, code,
         w2n_embed_func_sig(b, "get"));
  // CHECK-NEXT: pair: 1 2
  code = w2n_embed_call(b, "pair", v);
  printf("pair: %d %d\n", v[0].i32, v[1].i32);
  // CHECK-NEXT: missing: no such exported function
  printf("missing: %s\n", w2n_embed_trap_message(w2n_embed_call(b, "nope", v)));

  // CHECK-NEXT: memory: 106 of 65536 bytes
  uint64_t size;
  uint8_t *mem = w2n_embed_memory(a, &size);
  int32_t word;
  memcpy(&word, mem, 4);
  printf("memory: %d of %llu bytes\n", word, (unsigned long long)size);

  w2n_embed_free(a);
  // CHECK-NEXT: b after freeing a: 101
  printf("b after freeing a: %d\n", counter_get(b, &trap));
  w2n_embed_free(b);
  w2n_embed_free(c);

  // CHECK-NEXT: no imports: unknown import "host"."scale"
  w2n_instance *d = counter_new(NULL, err, sizeof err);
  printf("no imports: %s\n", d ? "instantiated" : err);
  return 0;
}
