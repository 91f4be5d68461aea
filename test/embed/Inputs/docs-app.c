#include "counter.h"
#include <stdio.h>

/* Serves the module's import "host"."scale"; `caller` carries the
 * instance that called and the data pointer given below. */
static int32_t scale(w2n_caller *caller, int32_t x) {
  const int32_t *factor = w2n_caller_data(caller);
  return *factor * x;
}

int main(void) {
  static const int32_t three = 3;
  /* counter_import_host_scale is declared by counter.h: the compiler
   * checks scale's type against the import's. */
  w2n_host_function funcs[] = {
      counter_import_host_scale(scale, (void *)&three)};
  w2n_embed_options opts = {0}; /* no WASI capabilities */
  opts.funcs = funcs;
  opts.num_funcs = 1;

  char err[256];
  w2n_instance *a = counter_new(&opts, err, sizeof err);
  w2n_instance *b = counter_new(&opts, err, sizeof err);
  if (!a || !b) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  uint32_t trap;
  printf("%d\n", counter_bump(a, 5, &trap));    /* 105 */
  printf("%d\n", counter_bump(b, 1, &trap));    /* 101: b has its own memory */
  counter_div(a, 1, 0, &trap);                  /* trap == W2N_TRAP_DIV_ZERO */
  printf("%s\n", w2n_embed_trap_message(trap)); /* integer divide by zero */
  printf("%d\n", counter_scaled(a, 7, &trap));  /* 21, through scale() */
  w2n_embed_free(a);
  w2n_embed_free(b);
  return 0;
}
