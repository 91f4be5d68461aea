#!/usr/bin/env python3
"""Checks w2n-validate against the spec test suite's module assertions.

Each .wast is converted with wast2json (wabt 1.0.32); then every module it
contains is run through w2n-validate:

  module, assert_unlinkable, assert_uninstantiable, assert_trap (on a module),
  assert_exhaustion / assert_return on a module: must validate
  assert_invalid, assert_malformed (binary):   must fail, and the message must
                                               start with the expected text
  assert_malformed / assert_invalid (text):    not applicable (wast2json cannot
                                               write them as binaries); counted
                                               as skipped

Folders and their flags follow the suite's VERSION.md: core/ with no flags,
each proposal folder on its own with its feature enabled.

Usage: check-spec.py [--validator PATH] [--suite DIR] [-v] [FOLDER...]
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# folder -> (path inside the suite, wast2json flags, w2n-validate flags)
FOLDERS = {
    "core": ("core", [], []),
    "tail-call": ("proposals/tail-call", ["--enable-tail-call"],
                  ["--enable-tail-call"]),
    "extended-const": ("proposals/extended-const", ["--enable-extended-const"],
                       ["--enable-extended-const"]),
    "multi-memory": ("proposals/multi-memory", ["--enable-multi-memory"],
                     ["--enable-multi-memory"]),
    "memory64": ("proposals/memory64", ["--enable-memory64"],
                 ["--enable-memory64"]),
}

# Proposal snapshots predate a few wording changes of the spec interpreter.
# An expected text on the left is also satisfied by the current wording.
RENAMED = {
    "junk after last section": "unexpected content after last section",
    "zero flag expected": "zero byte expected",
}

# Expectations that contradict WebAssembly 2.0 itself, so a 2.0 validator
# cannot meet them; reported as "known" instead of failures. The memory64
# snapshot (2021) predates 2.0's binary format in these places.
MEMORY64_PRE_2_0 = {
    48: "section id 12 (data count) did not exist yet",
    71: "call_indirect's table index was a reserved zero byte",
    90: "call_indirect's table index was a reserved zero byte",
    109: "call_indirect's table index was a reserved zero byte",
    127: "call_indirect's table index was a reserved zero byte",
    145: "call_indirect's table index was a reserved zero byte",
    481: "2.0 reports a length past the end as 'length out of bounds'",
    760: "2.0 reports a length past the end as 'length out of bounds'",
}
for _line in (636, 645, 655, 683, 691, 700, 709):
    MEMORY64_PRE_2_0[_line] = ("limits flags: 2.0 reads a 1-bit LEB "
                               "('integer too large', 'integer "
                               "representation too long')")
KNOWN = {("memory64", "binary.wast", line): why
         for line, why in MEMORY64_PRE_2_0.items()}
KNOWN[("core", "select.wast", 324)] = (
    "wast2json 1.0.32 writes (select (result)) as the untyped select 0x1b, "
    "so the binary has a type mismatch, not a result arity")

VALID_TYPES = {"module", "assert_unlinkable", "assert_uninstantiable",
               "assert_trap", "assert_exhaustion", "assert_return"}

ERROR_RE = re.compile(r"error: .*?:(0x[0-9a-fA-F]+|\d+): (.*)$")


def find_validator():
    for cand in (os.path.join(ROOT, "build-dec", "bin", "w2n-validate"),
                 os.path.join(ROOT, "build", "bin", "w2n-validate"),
                 shutil.which("w2n-validate")):
        if cand and os.path.exists(cand):
            return cand
    sys.exit("check-spec.py: cannot find w2n-validate; pass --validator")


def run_validator(validator, flags, path):
    p = subprocess.run([validator] + flags + [path], capture_output=True,
                       text=True, errors="replace")
    if p.returncode == 0:
        return True, ""
    if p.returncode != 1:
        return False, "CRASH (exit %d): %s" % (p.returncode,
                                               p.stderr.strip()[-200:])
    m = ERROR_RE.search(p.stderr.strip().splitlines()[-1] if p.stderr else "")
    return False, m.group(2) if m else p.stderr.strip()


def matches(actual, expected):
    return (actual.startswith(expected) or
            (expected in RENAMED and actual.startswith(RENAMED[expected])))


def check_folder(name, suite, validator, tmp, verbose, extra_flags):
    sub, w2j_flags, val_flags = FOLDERS[name]
    val_flags = val_flags + extra_flags
    src = os.path.join(suite, sub)
    jobs = []  # (wast, line, kind, wasm path, expected text or None)
    skipped = 0
    for wast in sorted(f for f in os.listdir(src) if f.endswith(".wast")):
        base = wast[:-5]
        out = os.path.join(tmp, name, base)
        os.makedirs(out, exist_ok=True)
        js = os.path.join(out, base + ".json")
        r = subprocess.run(["wast2json"] + w2j_flags +
                           [os.path.join(src, wast), "-o", js],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print("%s: wast2json failed: %s" % (wast, r.stderr.strip()))
            continue
        with open(js) as f:
            commands = json.load(f)["commands"]
        for c in commands:
            t = c["type"]
            if "filename" not in c:
                continue
            if c.get("module_type", "binary") != "binary":
                skipped += 1
                continue
            path = os.path.join(out, c["filename"])
            if t in ("assert_invalid", "assert_malformed"):
                jobs.append((wast, c["line"], t, path, c["text"]))
            elif t in VALID_TYPES:
                jobs.append((wast, c["line"], t, path, None))

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        results = list(ex.map(
            lambda j: run_validator(validator, val_flags, j[3]), jobs))

    counts = {}
    failures = []
    known = []
    for (wast, line, kind, path, want), (ok, msg) in zip(jobs, results):
        group = "valid" if want is None else kind
        passed = ok if want is None else (not ok and matches(msg, want))
        if not passed and (name, wast, line) in KNOWN:
            known.append("%s:%d: %s" % (wast, line, KNOWN[(name, wast, line)]))
            continue
        tot = counts.setdefault(group, [0, 0])
        tot[1] += 1
        if passed:
            tot[0] += 1
        else:
            failures.append("%s:%d: %s: expected %s, got %s (%s)" % (
                wast, line, kind, repr(want) if want else "valid",
                repr(msg) if not ok else "valid", path))
    total_pass = sum(v[0] for v in counts.values())
    total = sum(v[1] for v in counts.values())
    parts = ", ".join("%s %d/%d" % (k, v[0], v[1])
                      for k, v in sorted(counts.items()))
    print("%-15s %d/%d passed (%s); %d known divergences; "
          "%d text-only skipped" % (name, total_pass, total, parts,
                                    len(known), skipped))
    if verbose:
        for k in known:
            print("  KNOWN " + k)
    for f in failures[: None if verbose else 25]:
        print("  FAIL " + f)
    if len(failures) > 25 and not verbose:
        print("  ... %d more (-v shows all)" % (len(failures) - 25))
    return not failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--validator", default=None)
    ap.add_argument("--suite", default="/work/shared/spec-testsuite")
    ap.add_argument("--keep", help="directory for the converted files")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--validator-flag", action="append", default=[],
                    help="extra w2n-validate flag, e.g. --enable-all")
    ap.add_argument("folders", nargs="*", default=list(FOLDERS))
    args = ap.parse_args()
    validator = args.validator or find_validator()
    tmp = args.keep or tempfile.mkdtemp(prefix="w2n-spec-")
    try:
        ok = all([check_folder(f, args.suite, validator, tmp, args.verbose,
                               args.validator_flag)
                  for f in args.folders])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
