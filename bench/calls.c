/* Call-heavy recursion: naive Fibonacci and the Takeuchi function, where
   almost all the time goes into call/return overhead. */
#include <stdio.h>

static volatile int fib_n = 37, tak_scale = 1;

static __attribute__((noinline)) int fib(int n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static __attribute__((noinline)) int tak(int x, int y, int z) {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

int main(void) {
  int f = fib(fib_n);
  int t = 0;
  for (int i = 0; i < 6; i++)
    t += tak(22 * tak_scale + i % 2, 14, 6);
  printf("calls fib %d tak %d\n", f, t);
  return 0;
}
