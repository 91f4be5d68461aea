#include <stdio.h>
int main(int argc, char **argv) {
  printf("hello from %s\n", argc > 1 ? argv[1] : "wasm");
  return 0;
}
