// Proves random bytes are available: getentropy fills 256 bytes and returns
// 0, two draws differ, the bytes are not all equal, and a zero-length
// request succeeds. Only these facts are printed, so native and Wasm agree.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[256], b[256];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  int ra = getentropy(a, sizeof a), rb = getentropy(b, sizeof b);
  printf("getentropy returned %d and %d\n", ra, rb);
  printf("two draws differ: %d\n", memcmp(a, b, sizeof a) != 0);
  int distinct = 0;
  for (int i = 1; i < 256; i++)
    distinct += a[i] != a[0];
  printf("bytes vary: %d\n", distinct > 200);
  printf("getentropy(0 bytes) = %d\n", getentropy(a, 0));
  return 0;
}
