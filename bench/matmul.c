/* Floating point, cache-blocked: C = A * B for 320x320 doubles, repeated,
   with an i-k-j loop order so the inner loop streams rows. */
#include <stdio.h>
#include <stdlib.h>

#define N 320

int main(void) {
  double *a = malloc(sizeof(double) * N * N),
         *b = malloc(sizeof(double) * N * N),
         *c = malloc(sizeof(double) * N * N);
  for (int i = 0; i < N * N; i++) {
    a[i] = (double)((i * 7) % 13) - 6.0;
    b[i] = (double)((i * 11) % 17) * 0.125;
  }
  double trace = 0;
  for (int rep = 0; rep < 24; rep++) {
    for (int i = 0; i < N * N; i++)
      c[i] = 0;
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        double aik = a[i * N + k];
        for (int j = 0; j < N; j++)
          c[i * N + j] += aik * b[k * N + j];
      }
    for (int i = 0; i < N; i++)
      trace += c[i * N + i];
    a[rep] += 1.0;
  }
  printf("matmul trace %.6f corner %.6f\n", trace, c[N * N - 1]);
  free(a);
  free(b);
  free(c);
  return 0;
}
