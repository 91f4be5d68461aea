#!/usr/bin/env bash
# tools/fuzz/run.sh SECONDS [libFuzzer flags...]: builds the fuzz target (see
# build.sh) and fuzzes decode + validate + translate + -O0 for SECONDS on one
# worker. The corpus grows in $build/corpus (kept between runs); crashes land
# in $build/crashes. Ends with "N passed, N failed": 1 passed when nothing
# was found.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${W2N_FUZZ_BUILD:-$top/build-fuzz}
seconds=${1:-60}
shift || true
if ! "$top/tools/fuzz/build.sh"; then
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p "$build/corpus" "$build/crashes"
log=$build/fuzz.log
# -rss_limit_mb bounds a module that makes the compiler allocate without
# limit; -timeout one that makes it run without limit.
"$build/bin/w2n-fuzz-compile" -max_total_time="$seconds" -timeout=20 \
  -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$build/crashes/" "$@" \
  "$build/corpus" "$build/seeds" >"$log" 2>&1
status=$?
grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE|SUMMARY|ERROR' "$log" | tail -n 5
if [ $status -ne 0 ]; then
  echo "fuzzing found a problem: $log, reproducer in $build/crashes/"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
