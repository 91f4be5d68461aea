#!/bin/sh
# Builds a direct test of the WASI host: the test's C file linked with
# runtime-lib's wasi/, core/ and host/ sources (not host/main.c: the test
# has its own main). usage: build.sh CLANG OUT TEST.c [CLANG FLAGS...]
set -e
cc=$1 out=$2 src=$3
shift 3
here=$(dirname "$0")
rt=$here/../../../runtime-lib
core=$(ls "$rt"/core/*.c "$rt"/host/*.c | grep -v '/host/main\.c$')
exec $cc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Wno-unused-parameter \
  -I"$rt/include" -I"$rt" -I"$here" "$@" "$src" "$rt"/wasi/*.c $core -o "$out"
