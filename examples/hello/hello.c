/* A first program for wasm2native: greets whoever is named on the command
   line and shows a little arithmetic, so you can see the same output from
   the Wasm module compiled to a native executable. */
#include <stdio.h>

static unsigned long long fib(unsigned n) {
  unsigned long long a = 0, b = 1;
  while (n--) {
    unsigned long long t = a + b;
    a = b;
    b = t;
  }
  return a;
}

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "world";
  printf("Hello, %s!\n", name);
  printf("This native executable was compiled from WebAssembly.\n");
  printf("The 90th Fibonacci number is %llu.\n", fib(90));
  return 0;
}
