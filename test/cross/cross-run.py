#!/usr/bin/env python3
"""Run one of test/run's C-program tests for another target, under qemu-user.

usage: cross-run.py --target TRIPLE --qemu QEMU [--qemu-arg A...] --wasm2native W2N
                    --clang CLANG --compare "PY SCRIPT" --tmp T SOURCE.c

The test's own `// RUN:` lines are executed unchanged, with the lit
substitutions of test/lit.cfg.py, except that `%wasm2native` compiles for
TRIPLE: `-o OUT` writes OUT.bin, the cross executable, and OUT becomes a
two-line script run by Inputs/qemu-run.c, which runs `QEMU OUT.bin ARGS...`
with the environment in the order the caller gave it (binfmt_misc is not
set up here). Everything else stays as on x86-64: `%t.native` is the
x86-64 native build of the same C source, the Wasm module is the same, and
the same %compare and FileCheck expectations must hold. So a cross run
passes exactly when the target's executables print the same stdout and
stderr and end with the same status as the x86-64 native program (or, for
the trap tests, give the same trap messages and status 134).

`cross-run.py --compile` is what `%wasm2native` turns into.
"""

import os
import re
import shlex
import stat
import subprocess
import sys


def compile_cross(argv):
    # cross-run.py --compile W2N TRIPLE QEMU [QEMU-ARGS...] -- ARGS...
    w2n, triple, qemu = argv[0], argv[1], argv[2]
    sep = argv.index("--")
    qemu_args, args = argv[3:sep], argv[sep + 1:]
    out = "a.out"
    rest = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-o" and i + 1 < len(args):
            out = args[i + 1]
            i += 2
            continue
        if a.startswith("-o") and len(a) > 2:
            out = a[2:]
        else:
            rest.append(a)
        i += 1
    binary = out + ".bin"
    rc = subprocess.call([w2n, "--target=" + triple] + rest + ["-o", binary])
    if rc != 0:
        return rc
    with open(out, "w") as f:
        f.write("#!%s\n%s\n" % (os.environ["W2N_QEMU_RUN"], " ".join([qemu] + qemu_args)))
    os.chmod(out, os.stat(out).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--compile":
        return compile_cross(sys.argv[2:])
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
    p.add_argument("--qemu", required=True)
    p.add_argument("--qemu-arg", action="append", default=[])
    p.add_argument("--wasm2native", required=True)
    p.add_argument("--clang", required=True)
    p.add_argument("--compare", required=True)
    p.add_argument("--tmp", required=True)
    p.add_argument("source")
    ns = p.parse_args()

    src = os.path.abspath(ns.source)
    lines = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*//\s*RUN:(.*)$", line)
            if m:
                lines.append(m.group(1).strip())
    if not lines:
        sys.exit("cross-run.py: %s has no RUN lines" % src)

    me = shlex.quote(sys.executable) + " " + shlex.quote(os.path.abspath(__file__))
    w2n = "%s --compile %s %s %s %s --" % (
        me, shlex.quote(ns.wasm2native), shlex.quote(ns.target),
        shlex.quote(ns.qemu), " ".join(shlex.quote(a) for a in ns.qemu_arg))
    subs = [
        ("%wasm2native", w2n),
        ("%wasi-cc", ns.clang + " --target=wasm32-wasi --sysroot=/usr"),
        ("%clang", ns.clang),
        # Emulation is several times slower than native and shares the
        # machine: the time limits of the native tests get six times more.
        ("%compare", ns.compare + " --timeout 120"),
        ("%s", src),
        ("%S", os.path.dirname(src)),
        ("%t", ns.tmp),
    ]
    os.makedirs(os.path.dirname(ns.tmp) or ".", exist_ok=True)
    # The wrappers' interpreter (Inputs/qemu-run.c), built for the host.
    qemu_run = ns.tmp + ".qemu-run"
    here = os.path.dirname(os.path.abspath(__file__))
    rc = subprocess.call(shlex.split(ns.clang) + [
        "-O1", "-w", os.path.join(here, "Inputs", "qemu-run.c"), "-o", qemu_run])
    if rc != 0:
        sys.exit("cross-run.py: cannot build qemu-run")
    os.environ["W2N_QEMU_RUN"] = os.path.abspath(qemu_run)
    for n, line in enumerate(lines, 1):
        # Left to right, longest names first, like lit; %% is not used.
        pattern = re.compile("|".join(re.escape(k) for k, _ in subs))
        table = dict(subs)
        cmd = pattern.sub(lambda m: table[m.group(0)], line)
        cmd = re.sub(r"\btimeout (\d+)\b", lambda m: "timeout %d" % (6 * int(m.group(1))), cmd)
        print("$ " + cmd, flush=True)
        rc = subprocess.call(["bash", "-o", "pipefail", "-c", cmd])
        if rc != 0:
            print("cross-run.py: RUN line %d of %s failed (exit %d) for %s"
                  % (n, src, rc, ns.target), flush=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
