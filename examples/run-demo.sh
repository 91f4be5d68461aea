#!/bin/sh
# Builds examples/hello/hello.c to WebAssembly with clang-19 and wasi-libc,
# compiles the module to a native executable with wasm2native, and runs it.
# Usage: examples/run-demo.sh [path/to/wasm2native]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
w2n=${1:-"$here/../build/bin/wasm2native"}
clang=${CLANG:-clang-19}
sysroot=${WASI_SYSROOT:-/usr}

if [ ! -x "$w2n" ]; then
  echo "run-demo.sh: no wasm2native at $w2n (build it, or pass its path)" >&2
  exit 1
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/w2n-demo.XXXXXX")
trap 'rm -rf "$out"' EXIT

size() { wc -c < "$1" | tr -d ' '; }

echo "1. C -> WebAssembly:"
echo "   $clang --target=wasm32-wasi --sysroot=$sysroot -O2 hello.c -o hello.wasm"
"$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 "$here/hello/hello.c" -o "$out/hello.wasm"
echo "   hello.wasm: $(size "$out/hello.wasm") bytes"

echo "2. WebAssembly -> native executable:"
echo "   wasm2native -O2 hello.wasm -o hello"
"$w2n" -O2 "$out/hello.wasm" -o "$out/hello"
echo "   hello: $(size "$out/hello") bytes ($(file -b "$out/hello" 2>/dev/null | cut -d, -f1-2 || echo executable))"

echo "3. Run it:"
echo "   ./hello WebAssembly"
status=0
"$out/hello" WebAssembly > "$out/stdout" || status=$?
sed 's/^/   | /' "$out/stdout"
echo "   exit status: $status"
exit "$status"
