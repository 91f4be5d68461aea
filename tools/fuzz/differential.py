#!/usr/bin/env python3
"""Differential execution: random valid modules run by wasm2native and by
wabt's reference interpreter must agree.

For each module (binaryen's `wasm-opt -ttf --denan` over random bytes):
  1. a .wast instantiates it next to a `fuzzing-support` host module whose
     log-* functions fold every logged value into an exported hash, and a
     wrapper module that calls each exported function with fixed arguments
     and returns its results as integer bits: once with NaNs canonicalised
     (`E.canon`) and once raw (`E.raw`);
  2. wabt's spectest-interp runs it and its answers (values, trap messages,
     the log hash after each call) become assertions;
  3. w2n-spectest runs the asserting .wast at -O0, -O1, -O2 and -O3 with
     every bounds strategy the driver lists (--print-bounds-strategies).
Every other module comes from the `traps` generator instead (shapes.py):
loads whose value select, br_if or an untaken path throws away, and store
and copy loops, ascending and descending, of every access width and random
offsets, called at addresses around the end of memory, with a hash of the
memory near both ends after each call, so a lost trap or a lost store
before a trap is a mismatch. --generators picks either or both.
A failed `.canon`, trap or hash assertion is a mismatch; a failed `.raw` one
whose `.canon` twin passed is a NaN-payload difference (Wasm lets NaN
payloads vary, so it is counted, not failed); so is a hash or v128 result
in a module with SIMD float arithmetic, whose NaNs `--denan` leaves alone
(those modules go to --keep/simd-nan). Mismatching modules are kept
in --keep (default build-fuzz/differential-failures) for a regression test.
Ends with "N passed, N failed" (one per module).
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shapes  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Features wabt's interpreter runs; exception handling, GC, tail calls and
# the like are left out.
TTF_FEATURES = ["--mvp-features", "--enable-sign-ext",
                "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
                "--enable-multivalue", "--enable-simd"]
ARGS = {"i32": "(i32.const 7)", "i64": "(i64.const -3)",
        "f32": "(f32.const 1.5)", "f64": "(f64.const -0.25)",
        "v128": "(v128.const i32x4 1 2 3 4)"}
# wabt's trap messages -> the spec's (w2n-spectest compares by prefix).
TRAPS = [("unreachable", "unreachable"),
         ("integer divide by zero", "integer divide by zero"),
         ("integer overflow", "integer overflow"),
         ("invalid conversion", "invalid conversion to integer"),
         ("out of bounds memory access", "out of bounds memory access"),
         ("out of bounds table access", "out of bounds table access"),
         ("indirect call signature mismatch", "indirect call type mismatch"),
         ("uninitialized table element", "uninitialized element"),
         ("undefined table index", "undefined element")]

HOST = """(module $fs
  (global $h (mut i64) (i64.const 0))
  (func (export "hash") (result i64) (global.get $h))
  (func $mix (param i64)
    (global.set $h (i64.add (i64.mul (global.get $h) (i64.const 1000003))
                            (local.get 0))))
  (func (export "log-i32") (param i32) (call $mix (i64.extend_i32_u (local.get 0))))
  (func (export "log-i64") (param i64) (call $mix (local.get 0)))
  (func (export "log-f32") (param f32)
    (call $mix (i64.extend_i32_u (select (i32.const 0x7fc00000)
      (i32.reinterpret_f32 (local.get 0)) (f32.ne (local.get 0) (local.get 0))))))
  (func (export "log-f64") (param f64)
    (call $mix (select (i64.const 0x7ff8000000000000)
      (i64.reinterpret_f64 (local.get 0)) (f64.ne (local.get 0) (local.get 0)))))
  (func (export "log-v128") (param v128)
    (local.set 0 (call $canon (local.get 0)))
    (call $mix (i64x2.extract_lane 0 (local.get 0)))
    (call $mix (i64x2.extract_lane 1 (local.get 0))))
  (func $canon (export "canon") (param v128) (result v128)
    (local.set 0 (v128.bitselect (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)
      (local.get 0) (f64x2.ne (local.get 0) (local.get 0))))
    (v128.bitselect (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)
      (local.get 0) (f32x4.ne (local.get 0) (local.get 0))))
)
(register "fuzzing-support" $fs)
"""


def bounds_strategies(build):
    """Every --bounds-checks strategy, as the driver lists them (the name
    begins each line of --print-bounds-strategies)."""
    out = subprocess.run([os.path.join(build, "bin", "wasm2native"), "--print-bounds-strategies"],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", **kw)


def wat_quote(b):
    return '"' + "".join("\\%02x" % c for c in b) + '"'


def exports_of(wasm):
    """(name, params, results) of every exported function, from wasm2wat."""
    wat = run(["wasm2wat", "--enable-all", wasm]).stdout
    types, funcs, imported = {}, {}, 0
    for line in wat.splitlines():
        m = re.match(r"\s*\(type \(;(\d+);\) \(func(.*)\)\)\s*$", line)
        if m:
            types[int(m.group(1))] = m.group(2)
        m = re.match(r"\s*\(import .*\(func \(;(\d+);\) \(type (\d+)\)", line)
        if m:
            funcs[int(m.group(1))] = types[int(m.group(2))]
        m = re.match(r"\s*\(func \(;(\d+);\) \(type (\d+)\)", line)
        if m:
            funcs[int(m.group(1))] = types[int(m.group(2))]
    out = []
    for m in re.finditer(r'\(export "([^"]*)" \(func (\d+)\)\)', wat):
        sig = funcs[int(m.group(2))]
        params = sum((p.split() for p in re.findall(r"\(param ([^)]*)\)", sig)), [])
        results = sum((r.split() for r in re.findall(r"\(result ([^)]*)\)", sig)), [])
        out.append((m.group(1), params, results))
    return out


def wrapper(idx, name, params, results):
    """The import of export `name` as $f<idx>, and wrapper functions E.canon
    and E.raw returning its results as integer bits."""
    imp = '(import "m" %s (func $f%d%s%s))' % (
        wat_quote(name.encode()), idx,
        " (param %s)" % " ".join(params) if params else "",
        " (result %s)" % " ".join(results) if results else "")
    int_of = {"i32": "i32", "i64": "i64", "f32": "i32", "f64": "i64", "v128": "v128"}
    out_types = " ".join(int_of[t] for t in results)
    funcs = []
    for kind in ("canon", "raw"):
        body = ["(call $f%d %s)" % (idx, " ".join(ARGS[p] for p in params))]
        for i in reversed(range(len(results))):
            body.append("(local.set %d)" % i)
        for i, t in enumerate(results):
            g = "(local.get %d)" % i
            if t in ("i32", "i64"):
                body.append(g)
            elif kind == "raw":
                body.append({"f32": "(i32.reinterpret_f32 %s)",
                             "f64": "(i64.reinterpret_f64 %s)",
                             "v128": "%s"}[t] % g)
            elif t == "v128":
                body.append("(call $canon %s)" % g)
            else:
                canon = {"f32": "0x7fc00000", "f64": "0x7ff8000000000000"}[t]
                body.append("(select (%s.const %s) (%s.reinterpret_%s %s) (%s.ne %s %s))"
                            % (int_of[t], canon, int_of[t], t, g, t, g, g))
        funcs.append('(func (export %s)%s%s %s)' % (
            wat_quote((name + "." + kind).encode()),
            " (result %s)" % out_types if results else "",
            " (local %s)" % " ".join(results) if results else "",
            " ".join(body)))
    return imp, funcs


def build_wast(wasm, exports):
    """The probe .wast and the list of (action line, export, kind) in order."""
    lines = [HOST, "(module $m binary %s)" % wat_quote(open(wasm, "rb").read()),
             '(register "m" $m)']
    calls = [e for e in exports if e[0] != "hangLimitInitializer"]
    has_hang = any(e[0] == "hangLimitInitializer" for e in exports)
    mod = ['(module $w (import "fuzzing-support" "canon" (func $canon (param v128) (result v128)))']
    funcs = []
    for i, (name, params, results) in enumerate(calls):
        imp, fs = wrapper(i, name, params, results)
        mod.append(imp)
        funcs += fs
    lines.append("\n".join(mod + funcs) + ")")
    actions = []
    for name, _, _ in calls:
        for kind in ("canon", "raw"):
            if has_hang:
                actions.append(("hang", '(invoke $m "hangLimitInitializer")'))
            actions.append((kind, "(invoke $w %s)" % wat_quote((name + "." + kind).encode())))
            actions.append(("hash", '(invoke $fs "hash")'))
    return lines, actions


# SIMD float arithmetic: --denan does not cover it (binaryen 108), so its
# NaN payloads, which the spec leaves open, can reach the hash (through
# i64x2 lanes or memory) or a v128 result where `canon` cannot recognise
# them (a lane pair that is a NaN as f64 is canonicalised as one).
SIMD_FLOAT = re.compile(r"\b(?:f32x4|f64x2)\.(?:add|sub|mul|div|sqrt|min|max|pmin|pmax|"
                        r"ceil|floor|trunc|nearest|demote_f64x2_zero|"
                        r"promote_low_f32x4)\b")


RESULT = re.compile(r"^(\S*)\(.*\) =>(?: (.*))?$")


def reference(tmp, lines, actions):
    """Runs spectest-interp; returns one answer per action: a list of wast
    constants, ("trap", message) or ("exhaustion",)."""
    tmp = os.path.abspath(tmp)
    wast = os.path.join(tmp, "probe.wast")
    with open(wast, "w") as f:
        f.write("\n".join(lines + [a for _, a in actions]) + "\n")
    js = os.path.join(tmp, "probe.json")
    r = run(["wast2json", "--enable-all", wast, "-o", js])
    if r.returncode:
        raise RuntimeError("wast2json: " + r.stdout)
    text = open(js).read().replace("}{", "}, {")  # wast2json 1.0.33 multi-value bug
    open(js, "w").write(text)
    r = run(["spectest-interp", "--enable-all", js], cwd=tmp, timeout=120)
    answers = []
    for line in r.stdout.splitlines():
        m = RESULT.match(line)
        if not m:
            continue
        v = m.group(2) or ""
        if v.startswith("error: "):
            msg = v[len("error: "):]
            if "call stack exhausted" in msg:
                answers.append(("exhaustion",))
                continue
            for wabt, spec in TRAPS:
                if msg.startswith(wabt):
                    msg = spec
                    break
            answers.append(("trap", msg))
            continue
        vals = []
        for part in filter(None, v.split(", ")) if v else []:
            if part.startswith("v128 "):
                lanes = part[len("v128 i32x4:"):].split()
                vals.append("(v128.const i32x4 %s)" % " ".join(lanes))
            else:
                t, x = part.split(":", 1)
                vals.append("(%s.const %s)" % (t, x))
        answers.append(vals)
    if len(answers) != len(actions):
        raise RuntimeError("spectest-interp answered %d of %d actions:\n%s"
                           % (len(answers), len(actions), r.stdout[-2000:]))
    return answers


def asserting(lines, actions, answers):
    out = list(lines)
    kinds = []
    for (kind, act), ans in zip(actions, answers):
        if isinstance(ans, tuple) and ans[0] == "exhaustion":
            out.append("(assert_exhaustion %s \"call stack exhausted\")" % act)
        elif isinstance(ans, tuple):
            out.append("(assert_trap %s \"%s\")" % (act, ans[1]))
        else:
            out.append("(assert_return %s %s)" % (act, " ".join(ans)))
        kinds.append(kind)
    text = "\n".join(out) + "\n"
    first = text.count("\n") - len(actions) + 1  # line of the first assertion
    return text, {first + i: k for i, k in enumerate(kinds)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--count", type=int, default=0, help="stop after N modules")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--build", default=os.environ.get("W2N_BUILD", os.path.join(TOP, "build")))
    ap.add_argument("--keep", default=os.path.join(TOP, "build-fuzz", "differential-failures"))
    ap.add_argument("--bytes", type=int, default=4000, help="random bytes per module")
    ap.add_argument("--generators", default="ttf,traps",
                    help="comma-separated, taken in turn: ttf (wasm-opt -ttf), "
                         "traps (shapes.py)")
    a = ap.parse_args()
    gens = a.generators.split(",")
    if not gens or any(g not in ("ttf", "traps") for g in gens):
        ap.error("--generators: a list of ttf and traps")
    seed = a.seed if a.seed is not None else int(time.time())
    rng = random.Random(seed)
    spectest = os.path.join(a.build, "bin", "w2n-spectest")
    configs = [(o, b) for o in "0123" for b in bounds_strategies(a.build)]
    # One module at a time, all the way through, so that the run ends within
    # one module's time of the deadline however loaded the machine is.
    deadline = time.time() + a.seconds
    work = tempfile.mkdtemp(prefix="w2n-diff-")
    os.makedirs(a.keep, exist_ok=True)
    modules = skipped = calls = simd_nan = 0
    per_gen = {g: [0, 0, 0] for g in gens}  # modules, calls, mismatched
    bad = nan_pairs = 0
    n = 0
    while time.time() < deadline and (not a.count or n < a.count):
        n += 1
        tmp = os.path.join(work, "m%d" % n)
        os.makedirs(tmp)
        gen = gens[(n - 1) % len(gens)]
        if gen == "traps":
            text, actions = shapes.random_module(rng)
            lines = [text]
            try:
                answers = reference(tmp, lines, actions)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                skipped += 1
                print("module %d: reference run failed, skipped: %s" % (n, str(e)[:300]))
                continue
            simd_float = False
        # --denan turns every scalar float result that is a NaN into 0: a
        # NaN's payload may differ between correct engines (the spec lets an
        # arithmetic NaN carry any payload), and once reinterpreted or stored
        # as an integer it reaches the hash where `canon` cannot help
        # (seed 1795506501, module 72). SIMD lanes are not de-NaN'd; `.raw`
        # results still only count as NaN-payload differences.
        if gen == "ttf":
            with open(os.path.join(tmp, "in.bytes"), "wb") as f:
                f.write(bytes(rng.getrandbits(8) for _ in range(a.bytes)))
            wasm = os.path.join(tmp, "m.wasm")
            run(["wasm-opt", "-ttf", os.path.join(tmp, "in.bytes"), "--denan", "-o", wasm]
                + TTF_FEATURES)
            try:
                exports = exports_of(wasm)
                lines, actions = build_wast(wasm, exports)
                answers = reference(tmp, lines, actions)
            except (RuntimeError, subprocess.TimeoutExpired, KeyError) as e:
                skipped += 1
                print("module %d: reference run failed, skipped: %s" % (n, str(e)[:300]))
                continue
            simd_float = bool(SIMD_FLOAT.search(run(["wasm2wat", "--enable-all", wasm]).stdout))
        text, kinds = asserting(lines, actions, answers)
        name = "m%04d.wast" % n
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        mismatch = harness = simd_masked = False
        for opt, bounds in configs:
            r = run([spectest, "--opt=" + opt, "--bounds-checks=" + bounds, "-q", "-j", "1",
                     path])
            for line in r.stdout.splitlines():
                m = re.match(r"^(?:.*/)?m\d+\.wast:(\d+): (.*)$", line)
                if not m:
                    continue
                kind = kinds.get(int(m.group(1)))
                if kind == "raw":
                    nan_pairs += 1
                elif simd_float and (kind == "hash" or (kind == "canon" and "v128:" in line)):
                    # Traps and scalar results still count.
                    simd_nan += 1
                    simd_masked = True
                elif m.group(2).startswith("wast2json:"):
                    # wabt 1.0.33 writes a multi-value assert_trap's
                    # "expected" without commas; w2n-spectest cannot read it.
                    harness = True
                else:
                    mismatch = True
                    print("MISMATCH module %d (%s) -O%s %s: %s" % (n, gen, opt, bounds, line))
            if not re.search(r"^TOTAL", r.stdout, re.M):
                mismatch = True
                print("module %d: w2n-spectest -O%s %s did not finish:\n%s"
                      % (n, opt, bounds, r.stdout[-2000:]))
        if harness and not mismatch:
            skipped += 1
            print("module %d: skipped, wast2json's multi-value JSON" % n)
            continue
        modules += 1
        calls += sum(1 for k, _ in actions if k == "canon")
        per_gen[gen][0] += 1
        per_gen[gen][1] += sum(1 for k, _ in actions if k == "canon")
        if mismatch:
            bad += 1
            per_gen[gen][2] += 1
            shutil.copy(path, os.path.join(a.keep, "%d-%s" % (seed, name)))
        elif simd_masked:
            # Kept apart, to check by hand that it is only NaN payloads.
            nan_dir = os.path.join(a.keep, "simd-nan")
            os.makedirs(nan_dir, exist_ok=True)
            shutil.copy(path, os.path.join(nan_dir, "%d-%s" % (seed, name)))
    print("differential: seed %d, %d modules (%d more skipped by the reference), "
          "%d export calls x %d configurations; %d modules mismatched; %d raw NaN "
          "results differed (canonicalised, they agree); %d hash or v128 results "
          "differed in modules with SIMD float arithmetic (NaN payloads)"
          % (seed, modules, skipped, calls, len(configs), bad, nan_pairs, simd_nan))
    for g in gens:
        print("  %s: %d modules, %d calls, %d mismatched" % ((g,) + tuple(per_gen[g])))
    if bad:
        print("kept in " + a.keep)
    if simd_nan:
        print("modules with SIMD NaN-payload differences kept in "
              + os.path.join(a.keep, "simd-nan"))
    shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (modules - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
