/* Auto-vectorisable loops: integer saxpy, a dot product, a clamp of bytes,
   a prefix-free min/max reduction and an element-wise float polynomial,
   over arrays that fit in L2, repeated. Native clang vectorizes all of
   them with SSE2; so can LLVM on the translated Wasm if it sees through
   the 32-bit address arithmetic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 16384

static void saxpy(int32_t *restrict y, const int32_t *restrict x, int32_t a,
                  int n) {
  for (int i = 0; i < n; i++)
    y[i] += a * x[i];
}

static uint32_t dot(const int32_t *x, const int32_t *y, int n) {
  uint32_t s = 0;
  for (int i = 0; i < n; i++)
    s += (uint32_t)x[i] * (uint32_t)y[i];
  return s;
}

static void clamp_bytes(uint8_t *restrict out, const int16_t *restrict in,
                        int n) {
  for (int i = 0; i < n; i++) {
    int v = in[i];
    out[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}

static int32_t range(const int32_t *x, int n) {
  int32_t lo = x[0], hi = x[0];
  for (int i = 1; i < n; i++) {
    lo = x[i] < lo ? x[i] : lo;
    hi = x[i] > hi ? x[i] : hi;
  }
  return hi - lo;
}

static void poly(float *restrict out, const float *restrict in, int n) {
  for (int i = 0; i < n; i++) {
    float v = in[i];
    out[i] = ((0.25f * v + 0.5f) * v - 1.0f) * v + 2.0f;
  }
}

int main(void) {
  int32_t *x = malloc(N * 4), *y = malloc(N * 4);
  int16_t *s = malloc(N * 2);
  uint8_t *b = malloc(N);
  float *f = malloc(N * 4), *g = malloc(N * 4);
  uint32_t r = 1;
  for (int i = 0; i < N; i++) {
    r = r * 1103515245u + 12345u;
    x[i] = (int32_t)(r >> 16) % 1000 - 500;
    y[i] = i & 255;
    s[i] = (int16_t)((r >> 8) % 600) - 150;
    f[i] = (float)(i % 100) / 64.0f;
  }
  int64_t acc = 0;
  double facc = 0;
  for (int rep = 0; rep < 800; rep++) {
    saxpy(y, x, rep & 7, N);
    acc += dot(x, y, N);
    clamp_bytes(b, s, N);
    acc += b[rep % N] + range(y, N);
    poly(g, f, N);
    facc += g[rep % N];
    s[rep % N] += 3;
    for (int i = 0; i < N; i++)
      y[i] &= 0xffff;
  }
  printf("vectorize acc %lld facc %.3f\n", (long long)acc, facc);
  return 0;
}
