#!/usr/bin/env python3
"""Draws the ratios of several bench/run.py --json runs in one SVG, one
panel per run (docs/performance.md's picture: a SIMD128 and a scalar run):

    python3 bench/plot.py simd.json scalar.json -o docs/performance.svg
"""

import argparse
import importlib.util
import json
import os

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


def load_run_py():
    spec = importlib.util.spec_from_file_location("bench_run", os.path.join(BENCH_DIR, "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def title_of(saved):
    what = ("callgrind instructions" if saved["metric"] == "instructions"
            else "wall time, best of %d" % saved["runs"])
    wasm = "scalar Wasm (no SIMD128)" if saved.get("no_simd128") else "Wasm with SIMD128"
    load = saved.get("load_after")
    load = ", load %.1f after the run" % load[0] if load else ""
    return "%s: ratio to clang-19 -O2, %s%s" % (wasm, what, load)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("json", nargs="+", help="bench/run.py --json outputs, one panel each")
    p.add_argument("-o", "--output", required=True, help="SVG to write")
    ns = p.parse_args()
    run = load_run_py()
    panels, machine = [], None
    for path in ns.json:
        with open(path) as f:
            saved = json.load(f)
        cols = list(run.STRATEGIES) + saved.get("peers", [])
        panels.append((title_of(saved), saved["results"], saved["geomean"], cols))
        machine = machine or saved.get("machine") or run.machine()
    with open(ns.output, "w") as f:
        f.write("\n".join(run.svg_parts(panels, machine)) + "\n")


if __name__ == "__main__":
    main()
