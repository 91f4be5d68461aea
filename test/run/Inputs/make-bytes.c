/* Writes argv[1] pseudo-random bytes (all 256 values, including NUL and
   0x1a) to stdout, as input for the stdin tests. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  unsigned x = 2463534242u;
  for (long i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    putchar((int)(x >> 24));
  }
  return 0;
}
