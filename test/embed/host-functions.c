// Proves host functions as users write them (issue 18, point 3): each host
// function gets its own data pointer; a host function raises a trap with a
// message that names it, and the instance stays usable; an unresolved
// import fails instantiation by default and, with unknown_imports_trap,
// becomes a function that traps naming the import; a signature mismatch
// says which signature was expected and which was given; the memory helpers
// check bounds; exported globals, tables and a second memory are reachable;
// exports are listed with their types. A trap that reaches no recovery
// (trap == NULL) is reported naming the host function.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm --enable-multi-memory %S/Inputs/hostfuncs.wat -o %t/hostfuncs.wasm
// RUN: %wasm2native -c --enable-multi-memory %t/hostfuncs.wasm --emit-header %t/hostfuncs.h -o %t/hostfuncs.a
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/hostfuncs.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -o %t/prog
// RUN: %t/prog | FileCheck %s
// RUN: not %t/prog fatal 2>&1 | FileCheck %s --check-prefix=FATAL
// CHECK: count 1 1 2 11 3 101
// CHECK-NEXT: fail: trap 14 host function 'env.fail': refused 13 (data 5)
// CHECK-NEXT: after trap: 4
// CHECK-NEXT: missing: unknown import "env"."missing"
// CHECK-NEXT: missing as trap: trap 14 host function 'env.missing': called an import that no host provides
// CHECK-NEXT: mismatch: incompatible import type "env"."count": the module expects a function of signature "i:i", the host function has "ii:i"
// CHECK-NEXT: greet: 1 hello
// CHECK-NEXT: memory: 0 -1 -1 ok null null
// CHECK-NEXT: scratch: 131072 second
// CHECK-NEXT: answer 42 level 9 table 3
// CHECK-NEXT: export memory memory
// CHECK-NEXT: export scratch memory
// CHECK-NEXT: export answer i
// CHECK-NEXT: export level mut I
// CHECK-NEXT: export table table
// CHECK-NEXT: export count i:i
// CHECK-NEXT: export fail i:
// CHECK-NEXT: export greet :i
// CHECK-NEXT: export missing :F
// CHECK-NEXT: export get_level :I
// FATAL: wasm trap: host function 'env.fail': refused 1 (data 5)
// clang-format on
#include "hostfuncs.h"

#include <stdio.h>
#include <string.h>

/* A counter per host function: the data pointer is its state. */
static int32_t count(w2n_caller *caller, int32_t step) {
  int32_t *n = w2n_caller_data(caller);
  return *n += step;
}

static void fail(w2n_caller *caller, int32_t x) {
  const int *limit = w2n_caller_data(caller);
  if (x > 0)
    w2n_embed_trap_raise(caller, "refused %d (data %d)", x, *limit);
}

/* Reads the NUL-terminated string at p and writes "<it>!" at out: a host
 * function working on guest pointers through the checked helpers. */
static int32_t greet(w2n_caller *caller, int32_t p, int32_t out) {
  w2n_instance *inst = w2n_caller_instance(caller);
  const char *s = w2n_embed_string(inst, (uint32_t)p, 64);
  if (!s)
    w2n_embed_trap_raise(caller, "bad string at %d", p);
  char buf[80];
  int n = snprintf(buf, sizeof buf, "%s!", s);
  return w2n_embed_write(inst, (uint32_t)out, buf, (uint64_t)n + 1) == 0;
}

static int32_t count2(w2n_caller *caller, int32_t a, int32_t b) {
  (void)caller;
  return a + b;
}

int main(int argc, char **argv) {
  int32_t counter = 0, other = 100;
  int limit = 5;
  w2n_host_function funcs[] = {
      hostfuncs_import_env_count(count, &counter),
      hostfuncs_import_env_fail(fail, &limit),
      hostfuncs_import_env_greet(greet, NULL),
  };
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 3; /* env.missing left out */
  opts.unknown_imports_trap = 1;
  char err[256];
  w2n_instance *a = hostfuncs_new(&opts, err, sizeof err);
  funcs[0].data = &other;
  w2n_instance *b = hostfuncs_new(&opts, err, sizeof err);
  if (!a || !b) {
    printf("new failed: %s\n", err);
    return 1;
  }
  if (argc > 1 && strcmp(argv[1], "fatal") == 0) {
    hostfuncs_fail(a, 1, NULL); /* exits reporting the trap */
    return 0;
  }
  uint32_t trap;
  int32_t c1 = hostfuncs_count(a, 1, &trap);
  int32_t c2 = hostfuncs_count(a, 10, &trap);
  int32_t c3 = hostfuncs_count(b, 1, &trap);
  printf("count 1 %d 2 %d 3 %d\n", c1, c2, c3);

  hostfuncs_fail(a, 13, &trap);
  printf("fail: trap %u %s\n", trap, w2n_trap_text(trap));
  printf("after trap: %d\n", hostfuncs_count(a, -7, &trap));

  opts.unknown_imports_trap = 0;
  if (!hostfuncs_new(&opts, err, sizeof err))
    printf("missing: %s\n", err);
  opts.unknown_imports_trap = 1;
  hostfuncs_missing(a, &trap);
  printf("missing as trap: trap %u %s\n", trap, w2n_trap_text(trap));

  w2n_host_function wrong = funcs[0];
  wrong.code = (void *)count2;
  wrong.sig = "ii:i";
  w2n_embed_options bad = opts;
  bad.funcs = &wrong;
  bad.num_funcs = 1;
  if (!hostfuncs_new(&bad, err, sizeof err))
    printf("mismatch: %s\n", err);

  int32_t ok = hostfuncs_greet(a, &trap);
  char text[16] = {0};
  w2n_embed_read(a, 64, text, 7);
  printf("greet: %d %s\n", ok, text);

  uint64_t size;
  w2n_embed_memory(a, &size);
  char byte;
  printf("memory: %d %d %d %s %s %s\n", w2n_embed_read(a, size - 1, &byte, 1),
         w2n_embed_read(a, size - 1, &byte, 2),
         w2n_embed_write(a, size, "x", 1),
         w2n_embed_range(a, size, 0) ? "ok" : "null",
         w2n_embed_range(a, UINT64_MAX, 2) ? "ok" : "null",
         w2n_embed_string(a, 16, 4) ? "ok" : "null");

  w2n_extern ex;
  if (w2n_embed_export(a, "scratch", &ex) == 0 && ex.kind == W2N_EXTERN_MEMORY)
    printf("scratch: %llu %.6s\n", (unsigned long long)ex.u.memory->size,
           (const char *)ex.u.memory->base + 8);
  w2n_extern answer, level, table;
  w2n_embed_export(a, "answer", &answer);
  w2n_embed_export(a, "level", &level);
  w2n_embed_export(a, "table", &table);
  level.u.global.cell->i64 = 9; /* the export sees the host's write */
  printf("answer %d level %lld table %u\n", answer.u.global.cell->i32,
         (long long)hostfuncs_get_level(a, &trap),
         (unsigned)table.u.table->size);

  for (uint32_t i = 0; i < w2n_embed_num_exports(&w2n_module_hostfuncs); ++i) {
    w2n_export_info info;
    w2n_embed_export_info(&w2n_module_hostfuncs, i, &info);
    printf("export %.*s %s\n", (int)info.name_len, info.name, info.type);
  }
  w2n_embed_free(a);
  w2n_embed_free(b);
  return 0;
}
