// Proves proc_exit behaves as Wasmtime's: a status below 126 is the
// process's exit status; 126 or more (the WASI exitcode is unsigned, so -1
// is 4294967295) is an error, "exit with invalid exit status outside of
// [0..126)", and the process ends with status 1 (Wasmtime's CLI returns
// the error from main, which Rust reports with status 1). Before, 256 exited
// 0, which a shell reads as success, and 126..255 reached the shell as
// "not executable", "not found" or "killed by a signal".
// clang-format off
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 %t.wasm -o %t
// RUN: sh -c '%t 0; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S0
// RUN: sh -c '%t 3; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S3
// RUN: sh -c '%t 125; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S125
// RUN: sh -c '%t 126; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S126
// RUN: sh -c '%t 255; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S255
// RUN: sh -c '%t 256; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=S256
// RUN: sh -c '%t -1; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=SNEG
// S0: exit status 0
// S3: exit status 3
// S125: exit status 125
// S126: {{[^ :/]+}}: error: proc_exit(126): exit with invalid exit status outside of [0..126)
// S126-NEXT: exit status 1
// S255: {{[^ :/]+}}: error: proc_exit(255): exit with invalid exit status outside of [0..126)
// S255-NEXT: exit status 1
// S256: {{[^ :/]+}}: error: proc_exit(256): exit with invalid exit status outside of [0..126)
// S256-NEXT: exit status 1
// SNEG: {{[^ :/]+}}: error: proc_exit(4294967295): exit with invalid exit status outside of [0..126)
// SNEG-NEXT: exit status 1
//
// Output written before the exit is flushed first (manifest.test shows the
// same for a nanoprocess).
// RUN: sh -c '%t 300 flush; echo "exit status $?"' 2>&1 | FileCheck %s --check-prefix=FLUSH
// FLUSH: before exit
// FLUSH-NEXT: {{[^ :/]+}}: error: proc_exit(300): exit with invalid exit status outside of [0..126)
// FLUSH-NEXT: exit status 1
// clang-format on
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
  if (argc > 2 && !strcmp(argv[2], "flush"))
    printf("before exit\n");
  __wasi_proc_exit((__wasi_exitcode_t)strtol(argv[1], NULL, 10));
}
