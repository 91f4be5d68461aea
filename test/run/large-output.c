// Proves large outputs arrive whole and in order: about 1 MiB through
// printf and 256 KiB through single big fwrite/write calls (larger than a
// pipe's buffer, so the host must take partial writes), on both streams.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 40000; i++)
    printf("%06d the quick brown fox\n", i);
  size_t n = 256 * 1024;
  char *block = malloc(n);
  for (size_t i = 0; i < n; i++)
    block[i] = (char)('a' + (i * 7 + i / 64) % 26);
  for (size_t i = 63; i < n; i += 64)
    block[i] = '\n';
  fwrite(block, 1, n, stdout);
  fflush(stdout);
  ssize_t w = write(1, block, n);
  fprintf(stderr, "write returned %zd\n", w);
  fwrite(block, 1, n, stderr);
  free(block);
  return 0;
}
