#!/bin/sh
# The cost of exception handling (docs/design.md, "How unwinding works"):
# callgrind instruction counts of try.wat (a try_table whose handler never
# runs around each iteration's 10-deep call chain) and plain.wat (the same
# without the try_table), in both bounds strategies at -O2, and the time of
# a throw caught 10 frames up: throw.wat minus try.wat (best of 5 runs of a
# million iterations each).
# Usage: bench/exceptions/run.sh [path/to/wasm2native]
#        (default build/bin/wasm2native; wat2wasm from $W2N_WABT, else
#        build/wabt, the wabt that knows try_table)
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
w2n=${1:-$top/build/bin/wasm2native}
wabt=${W2N_WABT:-$top/build/wabt}
out=${TMPDIR:-/tmp}/w2n-bench-exceptions
mkdir -p "$out"
for m in try plain throw; do
  "$wabt/wat2wasm" --enable-exceptions "$here/$m.wat" -o "$out/$m.wasm"
  for s in guard software; do
    "$w2n" -O2 --enable-exceptions --bounds-checks=$s "$out/$m.wasm" -o "$out/$m.$s"
  done
done

# The exit status is a checksum: try and plain compute the same.
status() { "$1" && echo 0 || echo $?; }
for s in guard software; do
  a=$(status "$out/try.$s")
  b=$(status "$out/plain.$s")
  if [ "$a" != "$b" ]; then
    echo "try.$s exits $a, plain.$s $b: they must agree" >&2
    exit 1
  fi
done

count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" 2>&1 |
    sed -n 's/.*I *refs: *//p' | tr -d ,
}
best() {
  b=
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$1" || true
    t1=$(date +%s%N)
    t=$((t1 - t0))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}

echo "strategy   try (instr)   plain (instr)  try/plain"
for s in guard software; do
  t=$(count "$out/try.$s")
  p=$(count "$out/plain.$s")
  printf '%-9s %13s %15s  %s\n' "$s" "$t" "$p" \
    "$(awk -v t="$t" -v p="$p" 'BEGIN { printf "%.5f", t / p }')"
done
t=$(count "$out/try.guard")
w=$(count "$out/throw.guard")
echo "throw + catch across 10 frames (guard): $(( (w - t) / 1000000 )) instructions," \
  "$(( ($(best "$out/throw.guard") - $(best "$out/try.guard")) / 1000000 )) ns"
