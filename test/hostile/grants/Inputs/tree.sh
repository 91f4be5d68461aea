#!/bin/sh
# A fresh tree for the grant attacks in $1: the granted directory host/
# (sub/, a/b/, other/) and, beside it, what must stay out of reach.
set -e
rm -rf "$1"
mkdir -p "$1/host/sub" "$1/host/a/b" "$1/host/other" "$1/b" "$1/outside"
echo in > "$1/host/sub/inside.txt"
echo deep > "$1/host/a/b/deep.txt"
echo other > "$1/host/other/renamed.txt"
echo secret > "$1/escaped.txt"
echo secret > "$1/b/escaped-b.txt"
echo secret > "$1/outside/escaped-abs.txt"
