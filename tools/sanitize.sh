#!/usr/bin/env bash
# On demand (docs/security.md, "Sanitizers"): configure and build
# build-asan with -DW2N_SANITIZE=ON (compiler, linker plugin and tools under
# AddressSanitizer and UBSan, the runtime under UBSan in trap mode), then run
# the lit suite and the core spec suite against it. Too slow for CI's budget
# on two cores, so tools/test.sh does not run it. Ends with one line
# `N passed, N failed`: one per lit test (the whole-suite spec tests
# spec/core-*.test excluded) plus one per spec command, for --bounds-checks
# guard and software at -O0 and guard at -O2 (what spec/core-*.test run).
#
#   W2N_ASAN_BUILD   build directory (default build-asan)
#   W2N_JOBS         ninja, lit and w2n-spectest jobs (default 1)
#   W2N_SPEC_OPT2=0  skip the -O2 spec run
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${W2N_ASAN_BUILD:-$top/build-asan}
jobs=${W2N_JOBS:-1}
start=$(date +%s)

cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DW2N_SANITIZE=ON -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null &&
  ninja -C "$build" -j "$jobs" ||
  { echo "0 passed, 1 failed"; exit 1; }
echo "== built in $(($(date +%s) - start)) s"

# As test/lit.cfg.py does for a sanitized build: a UBSan report ends the
# tool with an error instead of scrolling past in a passing run.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}

. "$top/tools/counts.sh"

log=${W2N_SANITIZE_LOG:-$(mktemp -d)}
mkdir -p "$log"
echo "== lit suite (logs in $log)"
t=$(date +%s)
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv -j "$jobs" \
  --timeout 1200 --filter-out 'spec/core-' --xunit-xml-output "$log/lit.xml" \
  "$build/test" >"$log/lit.txt" 2>&1
grep -E '^(FAIL|XPASS|UNRESOLVED|TIMEOUT):' "$log/lit.txt"
lit_counts "$log/lit.xml" >"$log/lit.count"
echo "$(cat "$log/lit.count") in $(($(date +%s) - t)) s"
add_counts "$log/lit.count"

runs="guard:0 software:0"
[ "${W2N_SPEC_OPT2:-1}" = 0 ] || runs="$runs guard:2"
for run in $runs; do
  strategy=${run%:*} opt=${run#*:}
  echo "== spec core suite, --bounds-checks=$strategy --opt=$opt"
  t=$(date +%s)
  "$build/bin/w2n-spectest" -q -j "$jobs" --opt="$opt" --bounds-checks="$strategy" \
    "$top/third_party/spec-testsuite/core" >"$log/spec-$strategy-O$opt.txt" 2>&1
  grep -vE ': [0-9]+ passed, 0 failed$' "$log/spec-$strategy-O$opt.txt" | tail -n 40
  echo "in $(($(date +%s) - t)) s"
  add_counts "$log/spec-$strategy-O$opt.txt"
done

if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"/*.txt >/dev/null 2>&1; then
  echo "== sanitizer reports in:"
  grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"/*.txt
fi
echo "== wall time $(($(date +%s) - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
