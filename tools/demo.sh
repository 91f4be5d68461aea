#!/usr/bin/env bash
# The README's first command: set up, build, compile the bundled example to a
# native executable and run it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/build.sh"
exec "$top/examples/run-demo.sh" "${W2N_BUILD:-$top/build}/bin/wasm2native"
