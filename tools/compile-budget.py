#!/usr/bin/env python3
"""Measures compile time and peak memory of wasm2native on pathological shapes.

Generates each shape of test/hostile/compile-budget/Inputs/shapes.py at the
given sizes, compiles it with `wasm2native -c` at each optimisation level
under /usr/bin/time and a timeout, and prints one row per compile: the code
section's size, user+sys seconds, wall seconds, peak RSS, seconds per MB of
code and whether the compile met the budget (docs/security.md, "Compile time
and memory bounded by the input").

  compile-budget.py                       # the full sizes of issue 14
  compile-budget.py --quick               # sizes that fit a few minutes
  compile-budget.py --shape brtable-few --n 70000 --n 1000000 -O 2
  compile-budget.py --wasm2native /work/main/build/bin/wasm2native ...
"""
import argparse
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPES = os.path.join(TOP, "test", "hostile", "compile-budget", "Inputs",
                      "shapes.py")

# The budget: user+sys seconds at most BUDGET_S_PER_MB per MB of code plus
# BUDGET_S_BASE, peak RSS at most BUDGET_RSS_FACTOR times the module plus
# BUDGET_RSS_BASE_MIB.
BUDGET_S_PER_MB = 15.0
BUDGET_S_BASE = 2.0
BUDGET_RSS_FACTOR = 800
BUDGET_RSS_BASE_MIB = 200

# The sizes issue 14 names, and the doubling steps that show the growth.
FULL = [
    ("brtable-few", [70000, 1000000]),
    ("brtable-distinct", [70000, 1000000]),
    ("locals-chain", [25000, 50000]),
    ("locals-live", [25000, 50000]),
    ("nest-block", [25000, 50000]),
    ("nest-loop", [5000, 10000]),  # the limit is 10000 nested loops
    ("nest-if", [25000, 50000]),
    ("straight-arith", [550000, 1100000]),
    ("straight-mem", [400000, 800000]),
    ("straight-call", [700000, 1400000]),
    ("stack-live", [50000, 100000]),
    ("v128-live", [10000, 20000]),
    ("funcs", [50000, 100000]),
    ("globals", [50000, 100000]),
    ("datas", [50000, 100000]),
]
QUICK = [(s, [max(2, n[0] // 8), max(2, n[0] // 4)]) for s, n in FULL]


def measure(exe, wasm, opt, timeout, extra):
    out = wasm + ".o"
    cmd = ["/usr/bin/time", "-f", "%U %S %e %M", exe, "-c", "-O%d" % opt,
           wasm, "-o", out] + extra
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout, text=True)
    except subprocess.TimeoutExpired:
        return None, "timeout %ds" % timeout
    lines = p.stderr.strip().splitlines()
    user, sys_, wall, rss = lines[-1].split()
    if p.returncode != 0:
        return None, "exit %d: %s" % (p.returncode, lines[0] if lines else "")
    notes = sum(1 for l in lines if "(compile budget)" in l)
    return (float(user) + float(sys_), float(wall), int(rss) / 1024.0,
            notes), ""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--wasm2native",
                    default=os.path.join(TOP, "build", "bin", "wasm2native"))
    ap.add_argument("--shape", action="append")
    ap.add_argument("--n", action="append", type=int)
    ap.add_argument("-O", dest="opts", action="append", type=int)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--extra", action="append", default=[],
                    help="another wasm2native argument (e.g. -j1)")
    a = ap.parse_args()
    plan = QUICK if a.quick else FULL
    if a.shape:
        plan = [(s, a.n or dict(FULL).get(s, [1000])) for s in a.shape]
    opts = a.opts or [0, 2]
    failed = 0
    print("| shape | N | code MB | -O | user+sys s | wall s | peak RSS MiB "
          "| s/MB | RSS/module | budget notes | within budget |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="w2n-budget") as tmp:
        for shape, sizes in plan:
            for n in sizes:
                wasm = os.path.join(tmp, "%s-%d.wasm" % (shape, n))
                code = int(subprocess.check_output(
                    [sys.executable, SHAPES, shape, str(n), wasm]))
                size_mb = os.path.getsize(wasm) / 1e6
                for opt in opts:
                    r, err = measure(a.wasm2native, wasm, opt, a.timeout,
                                     a.extra)
                    if r is None:
                        failed += 1
                        print("| %s | %d | %.2f | %d | %s | | | | | | no |" %
                              (shape, n, code / 1e6, opt, err))
                    else:
                        t, wall, rss, notes = r
                        ok = (t <= BUDGET_S_BASE + BUDGET_S_PER_MB * size_mb
                              and rss <= BUDGET_RSS_BASE_MIB +
                              BUDGET_RSS_FACTOR * size_mb)
                        failed += not ok
                        print("| %s | %d | %.2f | %d | %.1f | %.1f | %.0f | "
                              "%.1f | %.0f | %d | %s |" %
                              (shape, n, code / 1e6, opt, t, wall, rss,
                               t / max(size_mb, 1e-3),
                               rss / max(size_mb, 1e-3), notes,
                               "yes" if ok else "no"))
                    sys.stdout.flush()
                os.remove(wasm)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
