#!/usr/bin/env bash
# The README's second command: set up, build, run every test. Ends with one
# line `N passed, N failed` summing the lit suite (one per test; test/cross
# runs the C-program tests for aarch64 and riscv64 under qemu) and the spec
# suite (one per command, as REFERENCE.md counts) for x86-64 and, under
# qemu-user, aarch64 and riscv64, the Wasm 3.0 spec tests for x86-64, then
# the bounded fuzzing and differential runs.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${W2N_BUILD:-$top/build}
"$top/tools/build.sh" || { echo "0 passed, 1 failed"; exit 1; }

. "$top/tools/counts.sh"

log=$(mktemp -d)
# The newer wabt (third_party/wasm3-testsuite/VERSION.md), whose wast2json
# knows Wasm 3.0 text, built from the bundled source into $build/wabt
# (about 3 minutes the first time, seconds after); W2N_WABT names a
# prebuilt one instead. lit's spec tests and the Wasm 3.0 runs use it.
if [ -n "${W2N_WABT:-}" ]; then
  wabt=$W2N_WABT
else
  wabt=$build/wabt
  echo "== building wabt $(sed -n 's/^| wabt | `\([0-9a-f]\{8\}\).*/\1/p' \
    "$top/third_party/wasm3-testsuite/VERSION.md") into $wabt"
  gen=
  command -v ninja >/dev/null && gen=Ninja
  if ! env ${gen:+CMAKE_GENERATOR=$gen} JOBS="$(nproc)" \
    "$top/third_party/wasm3-testsuite/build-wabt.sh" "$wabt" >"$log/wabt.txt" 2>&1; then
    tail -n 20 "$log/wabt.txt"
    failed=$((failed + 1))
  fi
fi
export W2N_WABT=$wabt
echo "== lit suite"
# The whole-suite spec tests (spec/core-*.test) are run below instead, so
# that every spec command counts once in the closing line.
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v --timeout 600 \
  --filter-out 'spec/core-' \
  --xunit-xml-output "$log/lit.xml" "$build/test" 2>&1 | tee "$log/lit.txt" |
  grep -E '^(FAIL|XPASS|UNRESOLVED|TIMEOUT|PASS)' | grep -v '^PASS' || true
lit_counts "$log/lit.xml" >"$log/lit.count"
cat "$log/lit.count"
add_counts "$log/lit.count"

if [ -x "$build/bin/w2n-spectest" ]; then
  # Every bounds strategy the driver has (the name begins each line).
  strategies=$("$build/bin/wasm2native" --print-bounds-strategies | cut -d' ' -f1)
  # Every spec run at -O0 (the translator as written) and -O2 (what the
  # optimiser makes of it: inlined invocations with constant arguments,
  # vectorised loops, tail calls), since each has hidden bugs the other
  # did not.
  for opt in 0 2; do
    for strategy in $strategies; do
      echo "== spec core suite, -O$opt --bounds-checks=$strategy"
      "$build/bin/w2n-spectest" --opt=$opt --bounds-checks=$strategy -j "$(nproc)" \
        "$top/third_party/spec-testsuite/core" >"$log/spec-$opt-$strategy.txt" 2>&1
      grep -vE ': [0-9]+ passed, 0 failed$' "$log/spec-$opt-$strategy.txt" | tail -n 40
      add_counts "$log/spec-$opt-$strategy.txt"
    done
  done
  # The proposal folders, each over core as VERSION.md describes (a proposal
  # file replaces the core file of the same name), in every strategy.
  for opt in 0 2; do
    for strategy in $strategies; do
      echo "== spec proposals, -O$opt --bounds-checks=$strategy"
      "$build/bin/w2n-spectest" --opt=$opt --bounds-checks=$strategy -j "$(nproc)" \
        --proposal "$top/third_party/spec-testsuite/proposals" \
        >"$log/proposals-$opt-$strategy.txt" 2>&1
      grep -E '^(TOTAL|not run)|failed$' "$log/proposals-$opt-$strategy.txt" |
        grep -vE ': [0-9]+ passed, 0 failed$' | tail -n 40
      add_counts "$log/proposals-$opt-$strategy.txt"
    done
  done
  # The Wasm 3.0 versions of the core tests and of the proposals the
  # compiler implements (third_party/wasm3-testsuite/testsuite/proposals/
  # wasm-3.0 over the newer testsuite's top level, every feature on), in
  # every strategy at -O0 and -O2. The files that need a feature the
  # compiler lacks are listed with the reason in
  # tools/spec-runner/wasm3-not-run.txt and printed as `not run`.
  for opt in 0 2; do
    for strategy in $strategies; do
      echo "== spec Wasm 3.0 suite, -O$opt --bounds-checks=$strategy"
      "$build/bin/w2n-spectest" --wabt "$wabt" --opt=$opt \
        --bounds-checks=$strategy -j "$(nproc)" \
        --proposal "$top/third_party/wasm3-testsuite/testsuite/proposals/wasm-3.0" \
        --unsupported "$top/tools/spec-runner/wasm3-not-run.txt" \
        >"$log/wasm3-$opt-$strategy.txt" 2>&1
      grep -E '^TOTAL|failed$' "$log/wasm3-$opt-$strategy.txt" |
        grep -vE ': [0-9]+ passed, 0 failed$' | tail -n 40
      [ "$opt$strategy" = "0$(echo "$strategies" | head -n 1)" ] &&
        grep -c '^not run' "$log/wasm3-$opt-$strategy.txt" |
        sed 's/$/ Wasm 3.0 files not run (tools\/spec-runner\/wasm3-not-run.txt)/'
      add_counts "$log/wasm3-$opt-$strategy.txt"
    done
  done
  # The exception-handling tests of the newer testsuite (final try_table/
  # throw_ref/exnref, and legacy/ try/catch/delegate/rethrow, with the flags
  # REFERENCE.md runs them with), in every strategy at -O0 and -O2. The
  # wasm-3.0 folder's legacy/ is the same four files, so it is not run twice.
  eh=$top/third_party/wasm3-testsuite/testsuite/proposals/exception-handling
  for opt in 0 2; do
    for strategy in $strategies; do
      echo "== spec exception-handling suite, -O$opt --bounds-checks=$strategy"
      "$build/bin/w2n-spectest" --wabt "$wabt" --opt=$opt \
        --bounds-checks=$strategy -j "$(nproc)" \
        --enable-exceptions --enable-tail-call "$eh" "$eh/legacy" \
        >"$log/eh-$opt-$strategy.txt" 2>&1
      grep -E '^TOTAL|failed$' "$log/eh-$opt-$strategy.txt" |
        grep -vE ': [0-9]+ passed, 0 failed' | tail -n 40
      add_counts "$log/eh-$opt-$strategy.txt"
    done
  done
  # The cross targets under qemu-user (docs/cross.md): the whole core suite
  # in both strategies at -O0 and -O2. W2N_CROSS_SPEC=0 skips it.
  for arch in aarch64 riscv64; do
    [ "${W2N_CROSS_SPEC:-1}" = 0 ] && break
    if ! command -v "qemu-$arch" >/dev/null; then
      echo "== spec core suite for $arch: qemu-$arch not found"
      failed=$((failed + 1))
      continue
    fi
    for opt in 0 2; do
      for strategy in $strategies; do
        echo "== spec core suite, --target=$arch-linux-gnu -O$opt --bounds-checks=$strategy (qemu-$arch)"
        "$build/bin/w2n-spectest" --target=$arch-linux-gnu --opt=$opt \
          --bounds-checks=$strategy -j "$(nproc)" "$top/third_party/spec-testsuite/core" \
          >"$log/spec-$arch-$opt-$strategy.txt" 2>&1
        grep -vE ': [0-9]+ passed, 0 failed$' "$log/spec-$arch-$opt-$strategy.txt" | tail -n 40
        add_counts "$log/spec-$arch-$opt-$strategy.txt"
      done
    done
  done
fi

# Hostile input (docs/security.md): a bounded libFuzzer run over the front
# end and a bounded differential run against wabt's interpreter, each one
# line "N passed, N failed" (fuzzing: 1 or 0 failed; differential: one per
# module). W2N_FUZZ_SECONDS=0 skips both. The differential run starts from a
# fixed seed (W2N_DIFF_SEED) so that CI's verdict repeats, and takes its
# modules in turn from binaryen's -ttf and from the trap shapes of
# tools/fuzz/shapes.py (discarded loads, store and copy loops crossing the
# end), each at -O0 to -O3 in both strategies; longer runs over random seeds
# are on demand (tools/fuzz/differential.py --seconds N).
fuzz_seconds=${W2N_FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" != 0 ]; then
  echo "== fuzzing the front end for ${fuzz_seconds}s"
  "$top/tools/fuzz/run.sh" "$fuzz_seconds" >"$log/fuzz.txt" 2>&1
  tail -n 4 "$log/fuzz.txt"
  add_counts "$log/fuzz.txt"
  echo "== differential execution against wasm-interp for about ${fuzz_seconds}s"
  /usr/bin/python3 "$top/tools/fuzz/differential.py" --build "$build" \
    --seconds "$fuzz_seconds" --seed "${W2N_DIFF_SEED:-20261124}" \
    --generators ttf,traps \
    >"$log/differential.txt" 2>&1
  grep -E '^(MISMATCH|differential:|kept in|  (ttf|traps):)' "$log/differential.txt" | tail -n 20
  add_counts "$log/differential.txt"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
