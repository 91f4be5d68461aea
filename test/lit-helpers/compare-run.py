#!/usr/bin/env python3
"""Run a native build and one or more wasm2native builds of the same program
with the same arguments, stdin and environment, and compare what they do.

usage: compare-run.py --native EXE --wasm EXE [--wasm EXE...] [options] [-- ARGS...]

Each run gets a clean environment holding only the --env variables (the Wasm
runs additionally get the --wasm-env ones, to prove a variable that was not
granted stays invisible). Stdout, stderr and the exit status of every Wasm run
must equal the native run's; any difference is printed as a unified diff and
the script exits 1.

--map HOST=GUEST lets a program take a directory argument: the Wasm runs see
GUEST wherever an argument contains HOST (the path it was granted with
--dir=HOST::GUEST), and HOST in the native output reads as GUEST before the
comparison.
"""

import argparse
import difflib
import os
import signal
import subprocess
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--native", required=True, help="the native executable")
    p.add_argument("--wasm", action="append", required=True,
                   help="a wasm2native-built executable (repeatable)")
    p.add_argument("--stdin", help="file whose bytes every run reads from a pipe on stdin")
    p.add_argument("--stdin-file", help="file every run gets opened as stdin (seekable)")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                   help="variable set for every run")
    p.add_argument("--wasm-env", action="append", default=[], metavar="NAME=VALUE",
                   help="variable set only for the Wasm runs")
    p.add_argument("--map", action="append", default=[], metavar="HOST=GUEST",
                   help="path the Wasm runs see under another name")
    p.add_argument("--merge-stderr", action="store_true",
                   help="send stderr into the stdout pipe, to compare interleaving")
    p.add_argument("--expect-status", type=int,
                   help="the exit status the native run must have")
    p.add_argument("--cwd", help="working directory of every run")
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("args", nargs=argparse.REMAINDER)
    ns = p.parse_args()
    if ns.args and ns.args[0] == "--":
        ns.args = ns.args[1:]
    return ns


def env_from(pairs):
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            sys.exit("compare-run.py: --env wants NAME=VALUE, got %r" % pair)
        env[name] = value
    return env


def run(exe, args, stdin, env, merge, cwd, timeout):
    """Runs exe; stdin is None, ("pipe", bytes) or ("file", path).
    Returns (stdout, stderr, status), or (None, None, None) on timeout."""
    data = None
    if stdin is None:
        stdin_arg = subprocess.DEVNULL
    elif stdin[0] == "pipe":
        stdin_arg, data = subprocess.PIPE, stdin[1]
    else:
        stdin_arg = open(stdin[1], "rb")
    try:
        proc = subprocess.Popen(
            [exe] + args, stdin=stdin_arg, env=env, cwd=cwd, start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge else subprocess.PIPE)
        try:
            out, err = proc.communicate(input=data, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None, None, None
    finally:
        if stdin is not None and stdin[0] == "file":
            stdin_arg.close()
    return out, err or b"", proc.returncode


def describe_status(code):
    return "signal %d" % -code if code < 0 else "exit %d" % code


def diff(what, expected, actual, wasm_exe):
    if expected == actual:
        return []
    exp = expected.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    act = actual.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(exp, act, "native " + what, wasm_exe + " " + what))
    return [l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines]


def main():
    ns = parse_args()
    ns.native = os.path.abspath(ns.native)
    ns.wasm = [os.path.abspath(w) for w in ns.wasm]
    maps = [m.partition("=")[::2] for m in ns.map]
    common_env = env_from(ns.env)
    stdin = None
    if ns.stdin:
        with open(ns.stdin, "rb") as f:
            stdin = ("pipe", f.read())
    elif ns.stdin_file:
        stdin = ("file", ns.stdin_file)

    n_out, n_err, n_status = run(ns.native, ns.args, stdin, common_env,
                                 ns.merge_stderr, ns.cwd, ns.timeout)
    if n_status is None:
        sys.exit("compare-run.py: the native run timed out after %gs" % ns.timeout)
    if n_status < 0:
        sys.exit("compare-run.py: the native run died of %s; nothing to compare against"
                 % describe_status(n_status))
    if ns.expect_status is not None and n_status != ns.expect_status:
        sys.exit("compare-run.py: the native run ended with %s, the test expects exit %d"
                 % (describe_status(n_status), ns.expect_status))
    for host, guest in maps:
        n_out = n_out.replace(host.encode(), guest.encode())
        n_err = n_err.replace(host.encode(), guest.encode())

    wasm_env = dict(common_env)
    wasm_env.update(env_from(ns.wasm_env))
    wasm_args = list(ns.args)
    for host, guest in maps:
        wasm_args = [a.replace(host, guest) for a in wasm_args]

    failed = False
    for exe in ns.wasm:
        w_out, w_err, w_status = run(exe, wasm_args, stdin, wasm_env,
                                     ns.merge_stderr, ns.cwd, ns.timeout)
        if w_status is None:
            failed = True
            print("MISMATCH: %s timed out after %gs" % (exe, ns.timeout))
            continue
        report = diff("stdout", n_out, w_out, exe) + diff("stderr", n_err, w_err, exe)
        if w_status != n_status:
            report.append("exit status: native %s, %s %s\n"
                          % (describe_status(n_status), exe, describe_status(w_status)))
        if report:
            failed = True
            sys.stdout.write("MISMATCH: %s\n" % exe)
            sys.stdout.writelines(report)
        else:
            print("same: %s (stdout %d bytes, stderr %d bytes, %s)"
                  % (exe, len(w_out), len(w_err), describe_status(w_status)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
