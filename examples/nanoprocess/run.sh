#!/bin/sh
# Builds examples/nanoprocess: two C programs compiled to WebAssembly, linked
# by wasm2native into one static executable as nanoprocesses, then run and
# inspected.
# Usage: examples/nanoprocess/run.sh [path/to/wasm2native]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
w2n=${1:-"$here/../../build/bin/wasm2native"}
clang=${CLANG:-clang-19}
sysroot=${WASI_SYSROOT:-/usr}

if [ ! -x "$w2n" ]; then
  echo "run.sh: no wasm2native at $w2n (build it, or pass its path)" >&2
  exit 1
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/w2n-np.XXXXXX")
trap 'rm -rf "$out"' EXIT
cp "$here/app.toml" "$out/"

echo "1. C -> WebAssembly: a command (app) and a reactor (shouter)"
"$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 "$here/app.c" -o "$out/app.wasm"
"$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 -mexec-model=reactor \
  "$here/shouter.c" -o "$out/shouter.wasm"

echo "2. wasm2native --manifest app.toml -o app"
"$w2n" -O2 --manifest "$out/app.toml" -o "$out/app"

echo "3. ./app hello nanoprocess"
"$out/app" hello nanoprocess | sed 's/^/   | /'

echo "4. wasm2native --inspect app"
"$w2n" --inspect "$out/app" | sed 's/^/   | /'
