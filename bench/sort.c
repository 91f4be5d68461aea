/* Sorting: a hand-written introsort-style quicksort on 32-bit keys and a
   bottom-up merge sort on doubles, each over a few million elements. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void insertion(uint32_t *a, int n) {
  for (int i = 1; i < n; i++) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(uint32_t *a, int n) {
  while (n > 24) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t pivot =
        x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot)
        i++;
      while (a[j] > pivot)
        j--;
      if (i >= j)
        break;
      uint32_t t = a[i];
      a[i++] = a[j];
      a[j--] = t;
    }
    if (j + 1 < n - j - 1) {
      quicksort(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      quicksort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  insertion(a, n);
}

static void merge_sort(double *a, double *tmp, int n) {
  for (int width = 1; width < n; width *= 2) {
    for (int lo = 0; lo < n; lo += 2 * width) {
      int mid = lo + width < n ? lo + width : n,
          hi = lo + 2 * width < n ? lo + 2 * width : n;
      int i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
      while (i < mid)
        tmp[k++] = a[i++];
      while (j < hi)
        tmp[k++] = a[j++];
    }
    memcpy(a, tmp, sizeof(double) * n);
  }
}

int main(void) {
  enum { N = 2000000, M = 700000 };
  uint32_t *a = malloc(sizeof(uint32_t) * N);
  uint32_t s = 99;
  for (int i = 0; i < N; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    a[i] = s % 100000000u;
  }
  quicksort(a, N);
  uint64_t h = 0;
  int ok = 1;
  for (int i = 0; i < N; i++) {
    h = h * 31 + a[i];
    ok &= i == 0 || a[i - 1] <= a[i];
  }
  double *d = malloc(sizeof(double) * M), *tmp = malloc(sizeof(double) * M);
  for (int i = 0; i < M; i++)
    d[i] = (double)((i * 2654435761u) % 1000003u) / 7.0 - 50000.0;
  merge_sort(d, tmp, M);
  for (int i = 1; i < M; i++)
    ok &= d[i - 1] <= d[i];
  printf("sort checksum %016llx sorted %d median %.6f\n", (unsigned long long)h,
         ok, d[M / 2]);
  free(a);
  free(d);
  free(tmp);
  return 0;
}
