#!/usr/bin/env python3
"""Compare wasm2native-compiled benchmarks against native builds.

For every bench/*.c: build natively (clang-19 -O2), build to Wasm
(clang-19 --target=wasm32-wasi --sysroot=/usr -O2), compile the Wasm with
wasm2native -O2 in both bounds strategies, check that all three print the
same checksum, then time each (best of N runs) or, with --callgrind, count
instructions under valgrind (repeatable on a noisy machine). Prints a table
of native time (or instructions) and the ratio of each strategy to native,
with the geometric mean of the ratios per strategy.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
STRATEGIES = ("guard", "software")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--wasm2native", default=os.path.join(REPO, "build", "bin", "wasm2native"),
                   help="compiler to measure (default: build/bin/wasm2native of this repo)")
    p.add_argument("--clang", default="clang-19")
    p.add_argument("--sysroot", default="/usr", help="wasi-libc sysroot")
    p.add_argument("-n", "--runs", type=int, default=5, help="timed runs per binary; best is kept")
    p.add_argument("--callgrind", action="store_true",
                   help="count instructions with valgrind --tool=callgrind instead of timing")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this benchmark (repeatable)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--keep", metavar="DIR", help="build into DIR and keep it (default: a temp dir)")
    return p.parse_args()


def check_call(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stdout))


def build(name, src, out_dir, ns):
    exe = {"native": os.path.join(out_dir, name + ".native")}
    wasm = os.path.join(out_dir, name + ".wasm")
    check_call([ns.clang, "-O2", src, "-lm", "-o", exe["native"]])
    check_call([ns.clang, "--target=wasm32-wasi", "--sysroot=" + ns.sysroot, "-O2", src, "-lm",
                "-o", wasm])
    for strategy in STRATEGIES:
        exe[strategy] = os.path.join(out_dir, "%s.%s" % (name, strategy))
        check_call([ns.wasm2native, "-O2", "--bounds-checks=" + strategy, wasm, "-o", exe[strategy]])
    return exe


def output_of(exe):
    proc = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout, proc.stderr


def best_time(exe, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([exe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError("%s exited with %d while timing" % (exe, proc.returncode))
        best = min(best, elapsed)
    return best


def instructions(exe):
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if proc.returncode != 0 or not m:
        raise RuntimeError("callgrind failed on %s:\n%s" % (exe, proc.stderr[-2000:]))
    return int(m.group(1))


def geomean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_ratio(r):
    return "%8.2fx" % r if r is not None else "%9s" % "-"


def main():
    ns = parse_args()
    if not os.access(ns.wasm2native, os.X_OK):
        sys.exit("run.py: wasm2native not found at %s (use --wasm2native PATH)" % ns.wasm2native)
    if ns.callgrind and not shutil.which("valgrind"):
        sys.exit("run.py: --callgrind needs valgrind on PATH")
    sources = sorted(f for f in os.listdir(BENCH_DIR) if f.endswith(".c"))
    if ns.only:
        sources = [f for f in sources if f[:-2] in ns.only]
    out_dir = ns.keep or tempfile.mkdtemp(prefix="w2n-bench-")
    os.makedirs(out_dir, exist_ok=True)
    metric = "instructions" if ns.callgrind else "seconds"

    results = []
    for src in sources:
        name = src[:-2]
        row = {"program": name, "native": None, "guard": None, "software": None, "error": None}
        results.append(row)
        try:
            exe = build(name, os.path.join(BENCH_DIR, src), out_dir, ns)
            status, expected, _ = output_of(exe["native"])
            if status != 0:
                raise RuntimeError("native build exited with %d" % status)
            row["checksum"] = expected.decode().strip()
            for strategy in STRATEGIES:
                status, got, err = output_of(exe[strategy])
                if status != 0 or got != expected:
                    raise RuntimeError("%s build disagrees with native: exit %d, stdout %r, stderr %r"
                                       % (strategy, status, got[:200], err[:300]))
            measure = instructions if ns.callgrind else (lambda e: best_time(e, ns.runs))
            row["native"] = measure(exe["native"])
            for strategy in STRATEGIES:
                row[strategy] = measure(exe[strategy])
        except RuntimeError as e:
            row["error"] = str(e)
            print("%s: %s" % (name, e), file=sys.stderr)
        sys.stderr.write("measured %s\n" % name)

    for row in results:
        for strategy in STRATEGIES:
            row[strategy + "_ratio"] = (row[strategy] / row["native"]
                                        if row["native"] and row[strategy] else None)
    means = {s: geomean([r[s + "_ratio"] for r in results]) for s in STRATEGIES}

    native_head = "native Minstr" if ns.callgrind else "native s"
    print("%-14s %13s %9s %9s" % ("program", native_head, "guard", "software"))
    for row in results:
        if row["error"]:
            print("%-14s %13s %9s %9s  (%s)" % (row["program"], "-", "-", "-",
                                               row["error"].splitlines()[0][:60]))
            continue
        native = ("%13.1f" % (row["native"] / 1e6)) if ns.callgrind else ("%13.3f" % row["native"])
        print("%-14s %s %s %s" % (row["program"], native, fmt_ratio(row["guard_ratio"]),
                                  fmt_ratio(row["software_ratio"])))
    print("%-14s %13s %s %s" % ("geomean", "", fmt_ratio(means["guard"]),
                                fmt_ratio(means["software"])))

    if ns.json:
        with open(ns.json, "w") as f:
            json.dump({"metric": metric, "runs": None if ns.callgrind else ns.runs,
                       "wasm2native": ns.wasm2native, "results": results,
                       "geomean": means}, f, indent=2)
    if not ns.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 1 if any(r["error"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
