#!/bin/sh
# Cost of one poll() (poll_oneoff) over N idle connections, N = 1, 10, 100,
# 1000: test/sockets/Inputs/loop.c in `bench` mode, compiled by wasm2native
# and natively, each given its listening socket by serve.py (listen:inherit).
# Prints the best of REPS runs (default 3) in microseconds per call.
# Usage: bench/poll-sockets.sh [BUILD_DIR]   (default: build)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
reps=${REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang-19 -O2 "$src/test/sockets/Inputs/loop.c" -o "$tmp/native"
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wl,-z,stack-size=4194304 \
  "$src/test/sockets/Inputs/loop.c" -o "$tmp/loop.wasm"
"$build/bin/wasm2native" "$tmp/loop.wasm" -O2 --cap=stdio --cap=args \
  --cap=clock --cap=exit --cap=listen:inherit -o "$tmp/wasm"
printf '%6s %12s %12s\n' N native wasm2native
for n in 1 10 100 1000; do
  line="$n"
  for kind in native wasm; do
    best=
    i=0
    while [ $i -lt "$reps" ]; do
      python3 "$src/test/sockets/Inputs/serve.py" --inherit --out "$tmp/out" \
        bench "$n" -- "$tmp/$kind" bench "$n" >/dev/null
      us=$(sed -n 's/.*: \([0-9.]*\) us per call.*/\1/p' "$tmp/out")
      best=$(printf '%s\n%s\n' "$us" "${best:-$us}" | sort -g | head -1)
      i=$((i + 1))
    done
    line="$line $best"
  done
  printf '%6s %12s %12s\n' $line
done
