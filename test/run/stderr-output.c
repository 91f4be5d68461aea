// Proves error output goes to file descriptor 2, separately from stdout, with
// every stdio route (fprintf, fputs, fputc, fwrite, write(2)), and that a
// program reporting an error can fail with exit(EXIT_FAILURE).
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 1 -- bad-input
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  printf("processing %d argument(s)\n", argc - 1);
  fprintf(stderr, "error: cannot process '%s'\n", argc > 1 ? argv[1] : "");
  fputs("hint: try again\n", stderr);
  fputc('!', stderr);
  fputc('\n', stderr);
  fwrite("raw bytes\0inside\n", 1, 17, stderr);
  const char msg[] = "write(2) direct\n";
  if (write(2, msg, sizeof msg - 1) != (ssize_t)(sizeof msg - 1))
    return 99;
  printf("stdout still works: %d\n", 7 * 6);
  exit(EXIT_FAILURE);
}
