#!/bin/sh
# Builds and runs the cross-nanoprocess call benchmark.
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
cp "$here/xcall.toml" "$out/"
"$w2n" -O2 --manifest "$out/xcall.toml" -o "$out/xcall"
"$out/xcall" "$@"
