// Exceptions through the embedding API: an exception escaping an export
// comes back as W2N_TRAP_UNCAUGHT_EXCEPTION, naming the tag, and the
// instance keeps working; an embedder's resolver links a tag import to
// another instance's exported tag (w2n_embed_export), which is then the same
// tag; two instances of one module have distinct tags.
// clang-format off
// REQUIRES: wabt-eh
// RUN: rm -rf %t && mkdir -p %t
// RUN: %wat2wasm-eh --debug-names %S/Inputs/tagmod.wat -o %t/tagmod.wasm
// RUN: %wat2wasm-eh %S/Inputs/importer.wat -o %t/importer.wasm
// RUN: %wasm2native --enable-exceptions -c %t/tagmod.wasm --emit-header %t/tagmod.h -o %t/tagmod.o
// RUN: %wasm2native --enable-exceptions -c %t/importer.wasm --emit-header %t/importer.h -o %t/importer.o
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/tagmod.o %t/importer.o %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -o %t/prog
// RUN: %t/prog | FileCheck %s
// clang-format on
#include "importer.h"
#include "tagmod.h"

#include <stdio.h>
#include <string.h>

static void host_nothing(w2n_instance *caller, int32_t x) {
  (void)caller;
  (void)x;
}

// Where the importer's "env" imports come from.
struct sources {
  w2n_instance *boom;    // exports the tag "boom"
  w2n_instance *thrower; // exports the function "throw"
};

static int resolve(void *user, w2n_instance *importer,
                   const w2n_import_desc *imp, w2n_extern *out) {
  (void)importer;
  const struct sources *s = user;
  if (strcmp(imp->name, "boom") == 0)
    return w2n_embed_export(s->boom, "boom", out);
  if (strcmp(imp->name, "thrower") == 0 && s->thrower)
    return w2n_embed_export(s->thrower, "throw", out);
  return -1;
}

static w2n_instance *importer_from(w2n_instance *boom, w2n_instance *thrower,
                                   struct sources *s) {
  s->boom = boom;
  s->thrower = thrower;
  w2n_embed_options o = {0};
  o.resolve = resolve;
  o.resolve_user = s;
  char err[256];
  w2n_instance *inst = importer_new(&o, err, sizeof err);
  if (!inst)
    printf("importer_new: %s\n", err);
  return inst;
}

int main(void) {
  static const w2n_host_import nothing[] = {
      {"env", "thrower", "i:", (void *)host_nothing}};
  w2n_embed_options opts = {0};
  opts.imports = nothing;
  opts.num_imports = 1;
  char err[256];
  w2n_instance *x = tagmod_new(&opts, err, sizeof err);
  w2n_instance *y = tagmod_new(&opts, err, sizeof err);
  if (!x || !y) {
    printf("tagmod_new: %s\n", err);
    return 1;
  }

  // CHECK: throw: code 15 (uncaught exception) uncaught exception (tag 'boom')
  uint32_t trap = 0;
  tagmod_throw(x, 5, &trap);
  printf("throw: code %u (%s) %s\n", trap, w2n_embed_trap_message(trap),
         w2n_trap_text(trap));
  // CHECK-NEXT: after: 42 code 0
  int32_t r = tagmod_ok(x, &trap);
  printf("after: %d code %u\n", r, trap);

  // CHECK-NEXT: same instance's tag: 7
  // CHECK-NEXT: other instance's tag: -2
  struct sources s1, s2;
  w2n_instance *i1 = importer_from(x, x, &s1);
  w2n_instance *i2 = importer_from(x, y, &s2);
  if (!i1 || !i2)
    return 1;
  printf("same instance's tag: %d\n", importer_catch(i1, 7, &trap));
  printf("other instance's tag: %d\n", importer_catch(i2, 8, &trap));

  // The importer throws x's tag: uncaught, it is named by x's name for it.
  // CHECK-NEXT: importer throw: code 15 uncaught exception (tag 'boom')
  importer_throw(i1, 9, &trap);
  printf("importer throw: code %u %s\n", trap, w2n_trap_text(trap));

  w2n_embed_free(i1);
  w2n_embed_free(i2);
  w2n_embed_free(x);
  w2n_embed_free(y);
  return 0;
}
