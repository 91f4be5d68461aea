/* Memory-bound streaming: copy, scale, add and triad passes over three
   arrays of 2M doubles (48 MiB), larger than any cache. */
#include <stdio.h>
#include <stdlib.h>

#define N (2 * 1024 * 1024)

int main(void) {
  double *a = malloc(N * sizeof(double)), *b = malloc(N * sizeof(double)),
         *c = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) {
    a[i] = 1.0 + (i & 7);
    b[i] = 2.0;
    c[i] = 0.0;
  }
  const double q = 0.5;
  for (int rep = 0; rep < 12; rep++) {
    for (int i = 0; i < N; i++)
      c[i] = a[i];
    for (int i = 0; i < N; i++)
      b[i] = q * c[i];
    for (int i = 0; i < N; i++)
      c[i] = a[i] + b[i];
    for (int i = 0; i < N; i++)
      a[i] = b[i] + q * c[i];
  }
  double sum = 0;
  for (int i = 0; i < N; i += 1)
    sum += a[i] + 0.5 * b[i] + 0.25 * c[i];
  printf("stream sum %.6f\n", sum);
  free(a);
  free(b);
  free(c);
  return 0;
}
