// Proves Wasm names never reach the generated header verbatim: a module
// whose export and import names hold a comment terminator with #error, a
// newline, a trigraph, a backslash, a quote and non-ASCII bytes gets a
// header that compiles with -Wall -Werror (C and C++); each wrapper calls
// the export it names (it returns what w2n_embed_call returns for the exact
// Wasm name), and the import helpers' string literals hold the exact import
// names (instantiation finds the host functions, which are typed by the
// header's typedefs). Names that are C identifiers keep them (leading '_'
// dropped); the others, names that would clash and names too long get a
// stable hash of the full name, so the same exports and imports in the
// reverse order get the same identifiers.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/hostile.wat -o %t/hostile.wasm
// RUN: %wasm2native -c %t/hostile.wasm --emit-header %t/hostile.h -o %t/hostile.o
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -I%w2n-include -I%t %s %t/hostile.o %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -o %t/prog
// RUN: echo '#include "hostile.h"' | %clang -fsyntax-only -x c++ -std=c++17 -Wall -Wextra -Werror -I%w2n-include -I%t -
// RUN: %t/prog | FileCheck %s
// RUN: (echo '(module'; grep '^  (import' %S/Inputs/hostile.wat | tac; grep '^  (func' %S/Inputs/hostile.wat | tac; echo ')') > %t/reversed.wat
// RUN: wat2wasm %t/reversed.wat -o %t/reversed.wasm
// RUN: %wasm2native -c %t/reversed.wasm --module-name=hostile --emit-header %t/reversed.h -o %t/reversed.o
// RUN: grep -o 'hostile_[A-Za-z0-9_]*(' %t/hostile.h | sort > %t/ids.txt
// RUN: grep -o 'hostile_[A-Za-z0-9_]*(' %t/reversed.h | sort > %t/ids-reversed.txt
// RUN: diff %t/ids.txt %t/ids-reversed.txt
// RUN: FileCheck %s --check-prefix=HEADER < %t/hostile.h
// CHECK: 14 exports agree
// CHECK-NEXT: calls 2148 trap 0
//
// HEADER-NOT: #error
// HEADER: /* export "x \x2a\x2f #error boom \x2f\x2a y" */
// HEADER: /* export "nl\x0a#error newline" */
// HEADER: /* export "tri\x3f\x3f\x2f" */
// HEADER: /* import "x \x2a\x2f #error boom \x2f\x2a y"."nl\x0a\x3f\x3f\x2f\x5c\x22q\xc3\xa9" */
// HEADER-NEXT: typedef double hostile_import_x_error_boom_y_nl_q_64875848_fn(w2n_caller *caller, int64_t p0, float p1, double p2);
// clang-format on
#include "hostile.h"

#include <stdio.h>

typedef int32_t (*wrapper)(w2n_instance *, uint32_t *);

static double sum(w2n_caller *caller, int64_t a, float b, double c) {
  (void)caller;
  return (double)a + b + c;
}

static int32_t add_data(w2n_caller *caller, int32_t x) {
  return x + *(const int32_t *)w2n_caller_data(caller);
}

static int32_t twice(w2n_caller *caller, int32_t x) {
  (void)caller;
  return 2 * x;
}

int main(void) {
  static const struct {
    const char *name;
    wrapper call;
  } exports[] = {
      {"x */ #error boom /* y", hostile_x_error_boom_y_d75fe1f6},
      {"nl\n#error newline", hostile_nl_error_newline_c2786046},
      {"tri?\?/", hostile_tri_d784c61e},
      {"back\\", hostile_back_b8519f3d},
      {"caf\xc3\xa9", hostile_caf_4c83dbd5},
      {"q\"uote", hostile_q_uote_03d552b9},
      {"a_b", hostile_a_b},
      {"a-b", hostile_a_b_f5e2d74c},
      {"a.b", hostile_a_b_390c9ebb},
      {"new", hostile_new_4db73088},
      {"import_x", hostile_import_x_1edc3364},
      {"a_very_long_export_name_that_goes_on_and_on_and_on_past_any_sensible_"
       "identifier_length",
       hostile_a_very_long_export_name_that_goe_4b0fd0c7},
      {"plain", hostile_plain_6b9653d41b66c850},
      {"_plain", hostile_plain_f4ce298c2dbe223a},
  };
  static const int32_t seven = 7;
  w2n_host_function funcs[] = {
      hostile_import_x_error_boom_y_nl_q_64875848(sum, NULL),
      hostile_import_env_tick_81bab019f2b791e7(add_data, (void *)&seven),
      hostile_import_env_tick_1644c18818377706(twice, NULL),
  };
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 3;
  char err[256];
  w2n_instance *inst = hostile_new(&opts, err, sizeof err);
  if (!inst) {
    printf("new failed: %s\n", err);
    return 1;
  }
  int agree = 0;
  unsigned seen = 0;
  for (unsigned i = 0; i < sizeof exports / sizeof exports[0]; ++i) {
    uint32_t trap;
    int32_t got = exports[i].call(inst, &trap);
    w2n_val v[1];
    uint32_t t = w2n_embed_call(inst, exports[i].name, v);
    // Each export returns a distinct constant 1..14.
    if (trap || t || got != v[0].i32 || got < 1 || got > 14 ||
        (seen & (1u << got))) {
      printf("mismatch for export %u: %d %d\n", i, got, v[0].i32);
      continue;
    }
    seen |= 1u << got;
    ++agree;
  }
  printf("%d exports agree\n", agree);
  uint32_t trap;
  int32_t calls = hostile_calls(inst, &trap);
  printf("calls %d trap %u\n", calls, trap);
  w2n_embed_free(inst);
  return 0;
}
