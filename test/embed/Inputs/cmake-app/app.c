/* Two libraries of one module (counter.h, slow.h) in one program; the
 * import is served through the header's typed helper with a data pointer. */
#include "counter.h"
#include "slow.h"

#include <stdio.h>

static int32_t scale(w2n_caller *caller, int32_t x) {
  return x * *(const int32_t *)w2n_caller_data(caller);
}

int main(void) {
  static const int32_t three = 3, five = 5;
  w2n_host_function fast_funcs[] = {
      counter_import_host_scale(scale, (void *)&three)};
  w2n_host_function slow_funcs[] = {
      slow_import_host_scale(scale, (void *)&five)};
  w2n_embed_options fast = {0}, slow = {0};
  fast.funcs = fast_funcs;
  fast.num_funcs = 1;
  slow.funcs = slow_funcs;
  slow.num_funcs = 1;
  char err[256];
  w2n_instance *a = counter_new(&fast, err, sizeof err);
  w2n_instance *b = slow_new(&slow, err, sizeof err);
  if (!a || !b) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  uint32_t trap;
  int32_t x = counter_bump(a, 5, &trap);
  int32_t y = slow_scaled(b, 7, &trap);
  printf("%d %d %d\n", x, counter_scaled(a, 7, &trap), y);
  w2n_embed_free(a);
  w2n_embed_free(b);
  return 0;
}
