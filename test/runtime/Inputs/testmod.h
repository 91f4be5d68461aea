/* Helpers for runtime tests: hand-written stand-ins for what the compiler
 * emits (invoke thunks, functions with the native convention, module
 * descriptors) and a CHECK macro that reports the failing line. */
#ifndef W2N_TESTMOD_H
#define W2N_TESTMOD_H

#include "w2n/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
      failures++;                                                              \
    }                                                                          \
  } while (0)
#define CHECK_EQ(a, b)                                                         \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_) {                                                            \
      printf("FAIL %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__,    \
             #a, a_, b_);                                                      \
      failures++;                                                              \
    }                                                                          \
  } while (0)
#define DONE()                                                                 \
  do {                                                                         \
    printf(failures ? "FAILED (%d)\n" : "ALL PASSED\n", failures);             \
    return failures != 0;                                                      \
  } while (0)

/* Invoke thunks, one per signature, as the compiler emits them. */
static void invoke_v_v(void *code, w2n_instance *ctx, w2n_val *a) {
  (void)a;
  ((void (*)(w2n_instance *))code)(ctx);
}
static void invoke_i_i(void *code, w2n_instance *ctx, w2n_val *a) {
  a[0].i32 = ((int32_t(*)(w2n_instance *, int32_t))code)(ctx, a[0].i32);
}
static void invoke_v_i(void *code, w2n_instance *ctx, w2n_val *a) {
  a[0].i32 = ((int32_t(*)(w2n_instance *))code)(ctx);
}
static void invoke_ii_v(void *code, w2n_instance *ctx, w2n_val *a) {
  ((void (*)(w2n_instance *, int32_t, int32_t))code)(ctx, a[0].i32, a[1].i32);
}

/* Type indices every test module declares, in this order. */
enum { T_V_V, T_I_I, T_V_I, T_II_V, NUM_TEST_TYPES };
static const w2n_type_desc test_types[NUM_TEST_TYPES] = {
    {":", invoke_v_v},
    {"i:i", invoke_i_i},
    {":i", invoke_v_i},
    {"ii:", invoke_ii_v},
};

/* A module with the test types, ABI version and no start function; tests
 * fill in the rest. */
static inline w2n_module test_module(const char *name) {
  w2n_module m;
  memset(&m, 0, sizeof m);
  m.abi_version = W2N_ABI_VERSION;
  m.name = name;
  m.num_types = NUM_TEST_TYPES;
  m.types = test_types;
  m.start = -1;
  return m;
}

/* The generated-code prologue check of a function that makes calls. */
#define STACK_CHECK(ctx)                                                       \
  do {                                                                         \
    if ((uintptr_t)__builtin_frame_address(0) < (ctx)->stack_limit)            \
      w2n_trap_stack(ctx);                                                     \
  } while (0)

#endif
