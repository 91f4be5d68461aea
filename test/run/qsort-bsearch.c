// Proves qsort and bsearch with comparator callbacks (indirect calls into
// the program from libc) sort ints, doubles, strings and structs exactly as
// natively, including many equal keys.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_double_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}
struct person {
  char name[12];
  int age;
};
static int cmp_person(const void *a, const void *b) {
  const struct person *p = a, *q = b;
  if (p->age != q->age)
    return p->age - q->age;
  return strcmp(p->name, q->name);
}

int main(void) {
  enum { N = 5000 };
  static int xs[N];
  uint32_t r = 7;
  for (int i = 0; i < N; i++) {
    r = r * 1103515245u + 12345u;
    xs[i] = (int)(r >> 8) % 1000 - 500;
  }
  qsort(xs, N, sizeof xs[0], cmp_int);
  long long weighted = 0;
  int sorted = 1;
  for (int i = 0; i < N; i++) {
    weighted += (long long)xs[i] * (i + 1);
    if (i && xs[i - 1] > xs[i])
      sorted = 0;
  }
  printf("ints sorted=%d min=%d max=%d weighted=%lld\n", sorted, xs[0], xs[N - 1], weighted);
  for (int key = -502; key <= 502; key += 167) {
    int *hit = bsearch(&key, xs, N, sizeof xs[0], cmp_int);
    printf("bsearch %d: %s\n", key, hit ? (*hit == key ? "found" : "WRONG") : "absent");
  }
  double ds[] = {3.5, -1.25, 1e10, 0.0, -7e-3, 2.0, 2.0, 1e-300};
  qsort(ds, 8, sizeof ds[0], cmp_double_desc);
  for (int i = 0; i < 8; i++)
    printf("%g ", ds[i]);
  printf("\n");
  char *words[] = {"pear", "apple", "fig", "banana", "Apple", "apple", "", "cherry"};
  qsort(words, 8, sizeof words[0], cmp_str);
  for (int i = 0; i < 8; i++)
    printf("<%s>", words[i]);
  printf("\n");
  struct person ps[] = {{"carol", 30}, {"alice", 25}, {"bob", 30}, {"dave", 19}, {"eve", 25}};
  qsort(ps, 5, sizeof ps[0], cmp_person);
  for (int i = 0; i < 5; i++)
    printf("%s:%d ", ps[i].name, ps[i].age);
  printf("\n");
  return 0;
}
