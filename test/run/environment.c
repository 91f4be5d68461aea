// Proves environment variables reach getenv and environ: with --env=NAME
// only the granted variables are visible (a variable set on the host but not
// granted stays hidden, as if the native program never had it), and with
// --inherit-env the whole host environment is visible, in order, including
// empty values and values containing '='.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard --env=GREETING --env=EMPTY --env=UNSET %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software --env=GREETING --env=EMPTY --env=UNSET %t.wasm -o %t.soft
// RUN: %compare --env GREETING=hello --env EMPTY= --wasm-env SECRET=leaked --native %t.native --wasm %t.guard --wasm %t.soft
// RUN: %wasm2native -O2 --bounds-checks=guard --inherit-env %t.wasm -o %t.guard-all
// RUN: %wasm2native -O2 --bounds-checks=software --inherit-env %t.wasm -o %t.soft-all
// RUN: %compare --env GREETING=hi --env EMPTY= --env SECRET=visible --env EQ=a=b=c --env LONG=%t --native %t.native --wasm %t.guard-all --wasm %t.soft-all
// RUN: %compare --native %t.native --wasm %t.guard-all --wasm %t.soft-all
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

static void show(const char *name) {
  const char *v = getenv(name);
  printf("getenv(%s) = %s%s%s\n", name, v ? "\"" : "", v ? v : "NULL", v ? "\"" : "");
}

int main(void) {
  show("GREETING");
  show("EMPTY");
  show("SECRET");
  show("EQ");
  show("UNSET");
  int n = 0;
  for (char **e = environ; *e; e++, n++)
    printf("environ[%d] = %s\n", n, *e);
  printf("%d variables\n", n);
  return 0;
}
