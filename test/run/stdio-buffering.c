// Proves stdout/stderr interleave on one pipe exactly as natively under each
// buffering mode: line-buffered stdout (setvbuf _IOLBF) flushes at each
// newline, unbuffered stdout (_IONBF) writes at once, explicit fflush, and
// default full buffering of a pipe holds stdout back until exit.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --merge-stderr --native %t.native --wasm %t.guard --wasm %t.soft -- line
// RUN: %compare --merge-stderr --native %t.native --wasm %t.guard --wasm %t.soft -- none
// RUN: %compare --merge-stderr --native %t.native --wasm %t.guard --wasm %t.soft -- full
#include <stdio.h>
#include <string.h>

static char big[4096];

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "full";
  if (strcmp(mode, "line") == 0)
    setvbuf(stdout, NULL, _IOLBF, 0);
  else if (strcmp(mode, "none") == 0)
    setvbuf(stdout, NULL, _IONBF, 0);
  else
    setvbuf(stdout, big, _IOFBF, sizeof big);
  printf("out 1 (%s)\n", mode);
  fprintf(stderr, "err 1\n");
  printf("out 2 without newline... ");
  fprintf(stderr, "err 2\n");
  printf("...finished\n");
  fputs("err 3, then explicit flush\n", stderr);
  printf("out 3 before fflush ");
  fflush(stdout);
  fprintf(stderr, "err 4 after fflush\n");
  for (int i = 0; i < 5; i++) {
    printf("out loop %d", i);
    putchar('\n');
    fputc('0' + i, stderr);
    fputc('\n', stderr);
  }
  printf("out last\n");
  return 0;
}
