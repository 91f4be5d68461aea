// Proves --env=NAME=VALUE sets NAME to VALUE whatever the host has, and
// --env=NAME passes the host's NAME through, as Wasmtime's --env does; a
// later --env for the same NAME replaces an earlier one, and a value set
// wins over --inherit-env. Before, --env=NAME=VALUE was taken as a variable
// named "NAME=VALUE", which never matched, so the variable was missing.
// clang-format off
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 %t.wasm --env=GREETING=hello --env=HOME --env=EQ=a=b --env=EMPTY= --env=TWICE=1 --env=TWICE=2 -o %t
// RUN: env -i GREETING=host HOME=/h SECRET=s EQ=host TWICE=host %t | FileCheck %s --check-prefix=SET --implicit-check-not=host --implicit-check-not=SECRET
// SET-DAG: GREETING=hello
// SET-DAG: HOME=/h
// SET-DAG: EQ=a=b
// SET-DAG: EMPTY={{$}}
// SET-DAG: TWICE=2
// SET: 5 variables
//
// RUN: %wasm2native -O2 %t.wasm --inherit-env --env=GREETING=hello -o %t.inherit
// RUN: env -i GREETING=host OTHER=o %t.inherit | FileCheck %s --check-prefix=INHERIT --implicit-check-not=host
// INHERIT-DAG: GREETING=hello
// INHERIT-DAG: OTHER=o
// INHERIT: 2 variables
//
// The same through --cap env:NAME=VALUE.
// RUN: %wasm2native -O2 %t.wasm --cap stdio --cap env:MODE=fast -o %t.cap
// RUN: env -i MODE=slow %t.cap | FileCheck %s --check-prefix=CAP
// CAP: MODE=fast
// CAP-NEXT: 1 variables
//
// RUN: not %wasm2native -O2 %t.wasm --env==x -o %t.bad 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: wasm2native: error: --env==x: expected NAME or NAME=VALUE
// RUN: not %wasm2native -O2 %t.wasm --cap env:A=1 --cap env:A -o %t.bad 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: wasm2native: error: --cap: capability 'env:A': variable A is already granted
// clang-format on
#include <stdio.h>

extern char **environ;

int main(void) {
  int n = 0;
  for (char **e = environ; *e; ++e, ++n)
    printf("%s\n", *e);
  printf("%d variables\n", n);
}
