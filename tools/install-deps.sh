#!/usr/bin/env bash
# Installs the Debian packages wasm2native builds and tests with. Idempotent:
# does nothing when every package is already present.
set -euo pipefail

PKGS=(
  llvm-19-dev llvm-19-tools clang-19 lld-19 liblld-19-dev
  libclang-cpp19-dev libclang-19-dev libclang-rt-19-dev-wasm32 libclang-rt-19-dev libcli11-dev
  libtomlplusplus-dev wasi-libc wabt binaryen
  qemu-user libc6-dev-arm64-cross libc6-dev-riscv64-cross
  libgcc-12-dev-arm64-cross libgcc-12-dev-riscv64-cross
  zlib1g-dev libzstd-dev libedit-dev libxml2-dev libffi-dev libz3-dev
  libncurses-dev python3 python3-psutil cmake ninja-build make gcc g++ file gdb
  systemd wrk curl graphviz strace lintian man-db
  nodejs valgrind
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing: ${missing[*]}"
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 \
  install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
