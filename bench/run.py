#!/usr/bin/env python3
"""Compare wasm2native-compiled benchmarks against native builds.

For every bench/*.c: build natively (clang-19 -O2), build to Wasm
(clang-19 --target=wasm32-wasi --sysroot=/usr -O2 with WebAssembly 2.0's
-mbulk-memory -mnontrapping-fptoint -msign-ext -msimd128; --mvp and
--no-simd128 leave them out; with SIMD the guest's strlen, strcmp, strspn
and strcspn come from bench/guest/string-simd.c unless --stock-libc),
compile the Wasm with
wasm2native -O2 in both bounds strategies, check that all three print the
same checksum, then time each (best of N runs) or, with --callgrind, count
instructions under valgrind (repeatable on a noisy machine). The peers a
user would pick instead run in the same, interleaved run (--peers): the
same .wasm translated by Debian's wasm2c (wabt 1.0.32, with its runtime and
bench/peers/wasm2c-main.c's minimal WASI, compiled with clang-19 -O2) and
run by Node's V8 (bench/peers/node-wasi.mjs, node:wasi). Prints a table of
native time (or instructions) and the ratio of each build to native, with
the geometric mean of the ratios per build, and optionally draws the ratios
as an SVG bar chart (--svg; bench/plot.py draws a SIMD and a scalar run in
one picture).
"""

import argparse
import concurrent.futures
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
STRATEGIES = ("guard", "software")
# The limits: geometric mean and worst program, per strategy.
TARGET_MEAN = {"guard": 1.05, "software": 1.20}
TARGET_WORST = {"guard": 1.30, "software": 1.50}
COLOURS = {"guard": "#3b7dd8", "software": "#e08a2c", "wasm2c": "#59a14f", "v8": "#b07aa1"}
PEERS = ("wasm2c", "v8")
WASM2C_RUNTIME = "/usr/share/wabt/wasm2c"  # wasm-rt-impl.c (Debian's wabt)
WASM2C_INCLUDE = "/usr/src/wasm2c"  # wasm-rt.h


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--wasm2native", default=os.path.join(REPO, "build", "bin", "wasm2native"),
                   help="compiler to measure (default: build/bin/wasm2native of this repo)")
    p.add_argument("--clang", default="clang-19")
    p.add_argument("--sysroot", default="/usr", help="wasi-libc sysroot")
    p.add_argument("-n", "--runs", type=int, default=5, help="timed runs per binary; best is kept")
    p.add_argument("--callgrind", action="store_true",
                   help="count instructions with valgrind --tool=callgrind instead of timing")
    p.add_argument("-j", "--jobs", type=int, default=1,
                   help="programs measured at once with --callgrind (counts do not depend on it; "
                        "wall time is always measured one at a time)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this benchmark (repeatable)")
    p.add_argument("--w2n-arg", action="append", default=[], metavar="ARG",
                   help="extra wasm2native argument, e.g. --w2n-arg=-O3 (repeatable; to measure a lever)")
    p.add_argument("--no-simd128", action="store_true",
                   help="build the Wasm without -msimd128 (scalar Wasm)")
    p.add_argument("--mvp", action="store_true",
                   help="build the Wasm for the MVP plus SIMD only (no bulk-memory, "
                        "nontrapping-fptoint, sign-ext), as clang-19 does by default")
    p.add_argument("--stock-libc", action="store_true",
                   help="link the Wasm against wasi-libc alone, without the SIMD128 string "
                        "functions of bench/guest/string-simd.c")
    p.add_argument("--wasm-cflag", action="append", default=[], metavar="ARG",
                   help="extra clang argument for the Wasm build (repeatable)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--svg", metavar="FILE", help="also draw the ratios as an SVG bar chart")
    p.add_argument("--replot", metavar="JSON",
                   help="print the table (and --svg) from an earlier --json instead of measuring")
    p.add_argument("--musl", action="store_true",
                   help="also build natively against musl (Debian musl-dev), the libc "
                        "wasi-libc comes from, and show the times over that build too: "
                        "it separates the libc's share of a gap from the sandbox's")
    p.add_argument("--peers", default="wasm2c,v8", metavar="LIST",
                   help="peers measured with wasm2native, comma-separated: wasm2c, v8 "
                        "(default both; '' for none). With --callgrind, V8 (a JIT under "
                        "valgrind) is left out")
    p.add_argument("--wasm2c", default="wasm2c", help="wasm2c to use (Debian's wabt)")
    p.add_argument("--node", default="node", help="node to use for V8")
    p.add_argument("--keep", metavar="DIR", help="build into DIR and keep it (default: a temp dir)")
    return p.parse_args()


def peers_of(ns):
    peers = [p for p in ns.peers.split(",") if p]
    for p in peers:
        if p not in PEERS:
            sys.exit("run.py: unknown peer %r (known: %s)" % (p, ", ".join(PEERS)))
    if ns.callgrind:
        peers = [p for p in peers if p != "v8"]
    return peers


def series(ns):
    """The builds compared with native, in column order."""
    return list(STRATEGIES) + peers_of(ns)


def check_call(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stdout))


# WebAssembly 2.0 has these; clang-19's default wasm32 CPU leaves them off,
# which turns every memcpy/memset into a call to wasi-libc's byte loops and
# wraps every float-to-int conversion in range checks.
WASM20 = ["-mbulk-memory", "-mnontrapping-fptoint", "-msign-ext"]


def wasm_flags(ns):
    flags = [] if ns.mvp else list(WASM20)
    if not ns.no_simd128:
        flags.append("-msimd128")
    return flags + ns.wasm_cflag


def guest_sources(ns):
    """Sources linked into every Wasm build ahead of wasi-libc: the SIMD128
    string functions, which upstream wasi-libc offers as a build option
    (__wasilibc_simd_string) and Debian bookworm's predates."""
    if ns.no_simd128 or ns.stock_libc:
        return []
    return [os.path.join(BENCH_DIR, "guest", "string-simd.c")]


def build(name, src, out_dir, ns):
    exe = {"native": os.path.join(out_dir, name + ".native")}
    wasm = os.path.join(out_dir, name + ".wasm")
    check_call([ns.clang, "-O2", src, "-lm", "-o", exe["native"]])
    check_call([ns.clang, "--target=wasm32-wasi", "--sysroot=" + ns.sysroot, "-O2"] +
               wasm_flags(ns) + [src] + guest_sources(ns) + ["-lm", "-o", wasm])
    if ns.musl:
        # clang with musl's static C library and start files, as musl-gcc
        # does for gcc.
        arch = platform.machine() + "-linux-musl"
        lib = "/usr/lib/" + arch
        resource = subprocess.run([ns.clang, "-print-resource-dir"], stdout=subprocess.PIPE,
                                  text=True, check=True).stdout.strip()
        exe["musl"] = os.path.join(out_dir, name + ".musl")
        check_call([ns.clang, "-O2", "-static", "-nostdinc", "-nostdlib",
                    "-isystem", "/usr/include/" + arch, "-isystem", resource + "/include",
                    lib + "/crt1.o", lib + "/crti.o", src, "-L" + lib, "-lm", "-lc",
                    lib + "/crtn.o", "-o", exe["musl"]])
    for strategy in STRATEGIES:
        exe[strategy] = os.path.join(out_dir, "%s.%s" % (name, strategy))
        # An -O in --w2n-arg replaces the default -O2.
        opt = [] if any(a.startswith("-O") for a in ns.w2n_arg) else ["-O2"]
        check_call([ns.wasm2native] + opt + ["--bounds-checks=" + strategy] + ns.w2n_arg +
                   [wasm, "-o", exe[strategy]])
    peers = peers_of(ns)
    if "wasm2c" in peers:
        # One directory per program: wasm2c -n bench gives every program
        # the same symbol names, which bench/peers/wasm2c-main.c calls.
        c_dir = os.path.join(out_dir, name + ".wasm2c.d")
        os.makedirs(c_dir, exist_ok=True)
        exe["wasm2c"] = os.path.join(out_dir, name + ".wasm2c")
        try:
            check_call([ns.wasm2c, wasm, "-n", "bench", "-o", os.path.join(c_dir, "bench.c")])
            check_call([ns.clang, "-O2", "-w", "-I", c_dir, "-I", WASM2C_INCLUDE,
                        os.path.join(c_dir, "bench.c"),
                        os.path.join(WASM2C_RUNTIME, "wasm-rt-impl.c"),
                        os.path.join(BENCH_DIR, "peers", "wasm2c-main.c"), "-lm",
                        "-o", exe["wasm2c"]])
        except RuntimeError as e:
            # wabt 1.0.32's wasm2c translates no SIMD128.
            exe["wasm2c"] = None
            lines = [l for l in str(e).splitlines()[1:] if l.strip()]
            exe["wasm2c_error"] = "wasm2c failed: " + (lines[-1][:100] if lines else "no output")
    if "v8" in peers:
        exe["v8"] = [ns.node, "--no-warnings", os.path.join(BENCH_DIR, "peers", "node-wasi.mjs"),
                     wasm]
    return exe


def command(exe):
    return exe if isinstance(exe, list) else [exe]


def output_of(exe):
    proc = subprocess.run(command(exe), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout, proc.stderr


def best_times(exes, runs):
    """Best wall time of each of exes (a dict), interleaved: each round runs
    every build once, so a change in the machine's load reaches all of them
    alike."""
    best = {k: float("inf") for k in exes}
    for _ in range(runs):
        for key, exe in exes.items():
            start = time.perf_counter()
            proc = subprocess.run(command(exe), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                raise RuntimeError("%s exited with %d while timing" % (exe, proc.returncode))
            best[key] = min(best[key], elapsed)
    return best


def instructions(exe):
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command(exe),
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


def machine():
    """One line naming the CPU, its core count and the kernel."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, Linux %s" % (model, os.cpu_count() or 0, platform.release())


def metric_title(ns):
    what = "callgrind instructions" if ns.callgrind else "wall time, best of %d" % ns.runs
    simd = "Wasm built with " + " ".join(wasm_flags(ns) or ["MVP features"])
    simd += ", guest string functions: " + ("SIMD128 (bench/guest)" if guest_sources(ns)
                                            else "wasi-libc's")
    flags = " ".join(ns.w2n_arg) if any(a.startswith("-O") for a in ns.w2n_arg) else \
        " ".join(["-O2"] + ns.w2n_arg)
    return "wasm2native %s / clang-19 -O2, %s, %s" % (flags, what, simd)


def mark(ratio, limit):
    """A ratio with '!' when it is over limit."""
    if ratio is None:
        return "%9s" % "-"
    return "%7.2fx%s" % (ratio, "!" if ratio > limit else " ")


def bar(ratio, width=24, top=3.0):
    """Text bar for a ratio; '|' marks 1.0, the native time."""
    if ratio is None:
        return ""
    cells = min(width, int(round(ratio / top * width)))
    one = int(round(1.0 / top * width))
    text = ["#" if i < cells else " " for i in range(width)]
    text[one - 1] = "|"
    return "".join(text) + (">" if ratio > top else "")


def print_table(results, means, ns):
    print(metric_title(ns))
    print(machine())
    cols = series(ns)
    native_head = "native Minstr" if ns.callgrind else "native s"
    musl = "musl_ratio" in means
    if musl:
        print("(musl: the native build against musl; guard/musl and software/musl: "
              "the Wasm builds over it)")
    heads = "".join("%9s " % c for c in cols)
    print(("%-13s %13s %s %s" % ("program", native_head, heads,
                                 "%9s %11s %13s" % ("musl", "guard/musl", "software/musl")
                                 if musl else
                                 "software vs native (| = 1.0x, full = 3x)")).rstrip())
    notes = []
    for row in results:
        if row["error"]:
            print("%-13s %13s %s (%s)" % (row["program"], "-", "".join("%9s " % "-" for _ in cols),
                                         row["error"].splitlines()[0][:60]))
            continue
        native = ("%13.1f" % (row["native"] / 1e6)) if ns.callgrind else ("%13.3f" % row["native"])
        extra = ("%s %11s %13s" % (fmt_ratio(row["musl_ratio"]), fmt_ratio(row["guard_vs_musl"]),
                                    fmt_ratio(row["software_vs_musl"]))
                 if musl else bar(row["software_ratio"]))
        cells = "".join(mark(row.get(c + "_ratio"), TARGET_WORST.get(c, float("inf")))
                        for c in cols)
        print(("%-13s %s %s %s" % (row["program"], native, cells, extra)).rstrip())
        for c in cols:
            if row.get(c + "_error"):
                notes.append("%s, %s: %s" % (row["program"], c, row[c + "_error"]))
    extra = ("%s %11s %13s" % (fmt_ratio(means["musl_ratio"]), fmt_ratio(means["guard_vs_musl"]),
                                fmt_ratio(means["software_vs_musl"])) if musl else "")
    cells = "".join(mark(means.get(c), TARGET_MEAN.get(c, float("inf"))) for c in cols)
    print(("%-13s %13s %s %s" % ("geomean", "", cells, extra)).rstrip())
    print("%-13s %13s %8.2fx  %8.2fx   ('!': over target; per program %.2fx / %.2fx)"
          % ("target", "", TARGET_MEAN["guard"], TARGET_MEAN["software"],
             TARGET_WORST["guard"], TARGET_WORST["software"]))
    for n in notes:
        print("  - " + n)


def svg_chart(results, means, ns, title=None):
    """Horizontal bars, one per build compared with native, on a ratio axis
    with a line at 1.0 (native); the last group is the geometric mean."""
    return "\n".join(svg_parts([(title or metric_title(ns), results, means, series(ns))],
                               machine_line=machine())) + "\n"


def svg_parts(panels, machine_line, width=760):
    """One SVG of several panels (title, results, means, series): each a
    group of bars per program and one for the geomean."""
    bar_h, gap, left, right = 8, 7, 110, 30
    plot = width - left - right
    top = 2.0
    for _, results, means, cols in panels:
        for r in results:
            if not r["error"]:
                top = max([top] + [r.get(c + "_ratio") or 0 for c in cols])
    top = min(math.ceil(top * 2) / 2, 4.0)
    x = lambda ratio: left + plot * min(ratio, top) / top
    out, y = [], 20
    body = []
    body.append('<text x="%d" y="%d" fill="#555">%s</text>' % (left, y, escape(machine_line)))
    y += 14
    for title, results, means, cols in panels:
        rows = [r for r in results if not r["error"]]
        rows.append(dict({"program": "geomean"}, **{c + "_ratio": means.get(c) for c in cols}))
        y += 14
        body.append('<text x="%d" y="%d" font-size="12" font-weight="bold">%s</text>'
                    % (left, y, escape(title)))
        y += 8
        for i, c in enumerate(cols):
            body.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                        '<text x="%d" y="%d">%s</text>' % (left + i * 95, y, COLOURS[c],
                                                           left + 14 + i * 95, y + 9, c))
        y += 18
        plot_top = y
        for r in rows:
            body.append('<text x="%d" y="%d" text-anchor="end"%s>%s</text>'
                        % (left - 6, y + len(cols) * bar_h / 2 + 4,
                           ' font-weight="bold"' if r["program"] == "geomean" else "",
                           escape(r["program"])))
            for c in cols:
                ratio = r.get(c + "_ratio")
                if ratio is not None:
                    body.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                                % (left, y, x(ratio) - left, bar_h - 1, COLOURS[c]))
                    body.append('<text x="%.1f" y="%d" font-size="8">%.2f%s</text>'
                                % (x(ratio) + 3, y + bar_h - 1, ratio,
                                   "&gt;" if ratio > top else ""))
                y += bar_h
            y += gap
        v = 0.0
        while v <= top + 1e-9:
            body.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>'
                        % (x(v), plot_top - 2, x(v), y, "#000" if v == 1.0 else "#ddd"))
            body.append('<text x="%.1f" y="%d" text-anchor="middle">%.1fx</text>'
                        % (x(v), y + 12, v))
            v += 0.5
        y += 20
    out.append('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
               'font-family="sans-serif" font-size="11">' % (width, y + 10))
    out.append('<rect width="100%" height="100%" fill="white"/>')
    return out + body + ["</svg>"]


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def measure_program(src, out_dir, ns):
    """Builds one program, checks its checksums and measures it: a result row."""
    name = src[:-2]
    row = {"program": name, "native": None, "guard": None, "software": None, "error": None}
    for s in peers_of(ns):
        row[s] = None
        row[s + "_error"] = None
    if ns.musl:
        row["musl"] = None
    try:
        exe = build(name, os.path.join(BENCH_DIR, src), out_dir, ns)
        status, expected, _ = output_of(exe["native"])
        if status != 0:
            raise RuntimeError("native build exited with %d" % status)
        row["checksum"] = expected.decode().strip()
        builds = ["native"] + list(STRATEGIES) + (["musl"] if ns.musl else [])
        for strategy in builds[1:]:
            status, got, err = output_of(exe[strategy])
            if status != 0 or got != expected:
                raise RuntimeError("%s build disagrees with native: exit %d, stdout %r, stderr %r"
                                   % (strategy, status, got[:200], err[:300]))
        # A peer that cannot build or run the program gets no figure, and
        # the row says why; the others are still measured.
        for peer in peers_of(ns):
            if exe.get(peer) is None:
                row[peer + "_error"] = exe.get(peer + "_error", "not built")
                continue
            status, got, err = output_of(exe[peer])
            if status != 0 or got != expected:
                row[peer + "_error"] = ("disagrees with native: exit %d, stdout %r, stderr %r"
                                        % (status, got[:100], err[:200]))
                continue
            builds.append(peer)
        if ns.callgrind:
            for b in builds:
                row[b] = instructions(exe[b])
        else:
            row.update(best_times({b: exe[b] for b in builds}, ns.runs))
    except RuntimeError as e:
        row["error"] = str(e)
        print("%s: %s" % (name, e), file=sys.stderr)
    sys.stderr.write("measured %s\n" % name)
    return row


def replot(ns):
    """Prints the table and draws the chart of an earlier run's JSON."""
    with open(ns.replot) as f:
        saved = json.load(f)
    ns.callgrind = saved["metric"] == "instructions"
    ns.runs = saved.get("runs")
    ns.no_simd128 = saved.get("no_simd128", False)
    ns.mvp = saved.get("mvp", True)
    ns.wasm_cflag = saved.get("wasm_cflag", [])
    ns.stock_libc = saved.get("stock_libc", True)
    ns.w2n_arg = saved.get("w2n_arg", [])
    ns.peers = ",".join(saved.get("peers", []))
    print_table(saved["results"], saved["geomean"], ns)
    if ns.svg:
        with open(ns.svg, "w") as f:
            f.write(svg_chart(saved["results"], saved["geomean"], ns))
    return 0


def main():
    ns = parse_args()
    if ns.replot:
        return replot(ns)
    if not os.access(ns.wasm2native, os.X_OK):
        sys.exit("run.py: wasm2native not found at %s (use --wasm2native PATH)" % ns.wasm2native)
    if ns.callgrind and not shutil.which("valgrind"):
        sys.exit("run.py: --callgrind needs valgrind on PATH")
    if ns.musl and not os.path.exists("/usr/lib/%s-linux-musl/libc.a" % platform.machine()):
        sys.exit("run.py: --musl needs musl's C library (apt-get install musl-dev)")
    sources = sorted(f for f in os.listdir(BENCH_DIR) if f.endswith(".c"))
    if ns.only:
        sources = [f for f in sources if f[:-2] in ns.only]
    out_dir = ns.keep or tempfile.mkdtemp(prefix="w2n-bench-")
    os.makedirs(out_dir, exist_ok=True)
    metric = "instructions" if ns.callgrind else "seconds"

    jobs = ns.jobs if ns.callgrind else 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda src: measure_program(src, out_dir, ns), sources))

    for row in results:
        for strategy in series(ns):
            row[strategy + "_ratio"] = (row[strategy] / row["native"]
                                        if row["native"] and row.get(strategy) else None)
    means = {s: geomean([r[s + "_ratio"] for r in results]) for s in series(ns)}
    if ns.musl:
        for row in results:
            musl = row.get("musl")
            row["musl_ratio"] = musl / row["native"] if musl and row["native"] else None
            for strategy in STRATEGIES:
                row[strategy + "_vs_musl"] = (row[strategy] / musl
                                              if musl and row[strategy] else None)
        for key in ("musl_ratio", "guard_vs_musl", "software_vs_musl"):
            means[key] = geomean([r[key] for r in results])

    print_table(results, means, ns)
    if ns.svg:
        with open(ns.svg, "w") as f:
            f.write(svg_chart(results, means, ns))

    if ns.json:
        with open(ns.json, "w") as f:
            json.dump({"metric": metric, "runs": None if ns.callgrind else ns.runs,
                       "no_simd128": ns.no_simd128, "mvp": ns.mvp,
                       "stock_libc": ns.stock_libc,
                       "wasm_cflag": ns.wasm_cflag, "w2n_arg": ns.w2n_arg,
                       "peers": peers_of(ns), "machine": machine(),
                       "load_after": os.getloadavg(),
                       "wasm2native": ns.wasm2native, "results": results,
                       "geomean": means}, f, indent=2)
    if not ns.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 1 if any(r["error"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
