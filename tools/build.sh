#!/usr/bin/env bash
# Installs what is missing and builds wasm2native into ./build (or $W2N_BUILD).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${W2N_BUILD:-$top/build}
"$top/tools/install-deps.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
ninja -C "$build" ${W2N_NINJA_TARGETS:-}
