#!/usr/bin/env bash
# Builds the libFuzzer target w2n-fuzz-compile into build-fuzz (or
# $W2N_FUZZ_BUILD) with clang-19, ASan and UBSan, and the seed corpus from the
# spec suite's modules into $build/seeds.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${W2N_FUZZ_BUILD:-$top/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DW2N_FUZZ=ON -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
ninja -C "$build" w2n-fuzz-compile

seeds=$build/seeds
if [ ! -d "$seeds" ]; then
  tmp=$(mktemp -d)
  for wast in "$top"/third_party/spec-testsuite/core/*.wast; do
    name=$(basename "$wast" .wast)
    wast2json --enable-all "$wast" -o "$tmp/$name.json" >/dev/null 2>&1 || true
  done
  mkdir -p "$seeds.tmp"
  # Only binary modules: wast2json's .wat files are `module quote` text.
  find "$tmp" -name '*.wasm' -size -64k -exec cp {} "$seeds.tmp/" \;
  rm -rf "$tmp"
  mv "$seeds.tmp" "$seeds"
fi
echo "seeds: $(ls "$seeds" | wc -l) modules in $seeds"
