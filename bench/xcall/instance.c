// Cost of a fresh instance of a module with 1 MiB of data segments, as
// instance = "per-call" pays it on every call: creation (memory reserved,
// segments copied in), the first call, and teardown, each timed on its
// own; best and mean of N rounds.
// Usage: instance [N]   (default 2000)
#include "big.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  w2n_embed_options opts = {0};
  double sum[3] = {0, 0, 0}, best[3] = {1, 1, 1};
  for (int i = 0; i < n; i++) {
    char err[256];
    uint32_t trap = 0;
    double t0 = now();
    w2n_instance *inst = big_new(&opts, err, sizeof err);
    double t1 = now();
    if (!inst) {
      fprintf(stderr, "%s\n", err);
      return 1;
    }
    int r = big_touch(inst, i, &trap);
    double t2 = now();
    w2n_embed_free(inst);
    double t3 = now();
    if (trap || r != 8) {
      fprintf(stderr, "touch: %d, trap %u\n", r, trap);
      return 1;
    }
    double d[3] = {t1 - t0, t2 - t1, t3 - t2};
    for (int k = 0; k < 3; k++) {
      sum[k] += d[k];
      if (d[k] < best[k])
        best[k] = d[k];
    }
  }
  const char *what[3] = {"create (1 MiB data)", "first call", "teardown"};
  for (int k = 0; k < 3; k++)
    printf("%-20s best %8.2f us   mean %8.2f us\n", what[k], best[k] * 1e6,
           sum[k] / n * 1e6);
  printf("%-20s best %8.2f us   mean %8.2f us\n", "total",
         (best[0] + best[1] + best[2]) * 1e6,
         (sum[0] + sum[1] + sum[2]) / n * 1e6);
  return 0;
}
