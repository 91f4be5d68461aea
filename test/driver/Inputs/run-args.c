/* Prints its arguments, one per line, and exits with their number, so a
 * test sees what `wasm2native run` passed and that the status came back. */
#include <stdio.h>

int main(int argc, char **argv) {
  for (int i = 0; i < argc; ++i)
    printf("%d: %s\n", i, argv[i]);
  return argc;
}
