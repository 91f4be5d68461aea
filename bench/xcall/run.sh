#!/bin/sh
# Builds and runs the cross-nanoprocess call benchmark, then the cost of a
# fresh instance (what instance = "per-call" pays per call).
# Usage: bench/xcall/run.sh [path/to/wasm2native [CALLS]]
#   (default build/bin/wasm2native, 50,000,000 calls)
set -e
here=$(cd "$(dirname "$0")" && pwd)
w2n=${1:-$here/../../build/bin/wasm2native}
[ $# -gt 0 ] && shift
out=${TMPDIR:-/tmp}/w2n-xcall
mkdir -p "$out"
cc="clang-19 --target=wasm32-wasi --sysroot=/usr -O2"
# bulk memory: memcpy in the module becomes memory.copy (the runtime's memmove)
$cc -mbulk-memory "$here/caller.c" -o "$out/caller.wasm"
$cc -mexec-model=reactor "$here/callee.c" -o "$out/callee.wasm"
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry "$here/big.c" \
  -o "$out/big.wasm"
cp "$here/xcall.toml" "$out/"
"$w2n" -O2 --manifest "$out/xcall.toml" -o "$out/xcall"
"$out/xcall" "$@"

# A fresh instance: embedded in a C program (docs/embedding.md) so that
# creation, first call and teardown are timed separately.
build=$(cd "$(dirname "$w2n")/.." && pwd)
"$w2n" -O2 -c "$out/big.wasm" --emit-header "$out/big.h" -o "$out/big.a"
clang-19 -O2 -I"$build/include" -I"$out" "$here/instance.c" "$out/big.a" \
  "$build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a" -lm -o "$out/instance"
echo
"$out/instance"
