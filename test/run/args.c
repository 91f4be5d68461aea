// Proves the command line reaches main unchanged: argc, every argv string
// (empty, with spaces, non-ASCII, option-like), the NULL terminator, and the
// exit status derived from them (argc modulo 126, since WASI makes a status
// of 126 or more an error, as Wasmtime does), also for 5000 arguments.
// clang-format off
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 8 -- one "two words" "" -x --flag=1 'h€llo' "tab	here"
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 1
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft --expect-status 87 -- $(seq 1 5000)
// clang-format on
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  printf("argv[0] is %s\n", argv[0] && argv[0][0] ? "non-empty" : "empty");
  for (int i = 1; i < argc; i++)
    printf("argv[%d] len=%zu \"%s\"\n", i, strlen(argv[i]), argv[i]);
  printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
  return argc % 126;
}
