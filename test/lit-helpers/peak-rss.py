#!/usr/bin/env python3
"""Run a command and fail when its peak resident set size exceeds a bound.

  peak-rss.py --max-mb N -- COMMAND ARGS...

Prints `peak RSS: M MB (bound N MB)`. The peak is the largest RSS of the
command's process (getrusage of the waited-for child). A sanitizer build
of the command (AddressSanitizer keeps shadow memory and quarantine) is
only reported, not checked.
"""
import resource
import subprocess
import sys


def sanitized(exe):
    try:
        with open(exe, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[0] != "--max-mb" or args[2] != "--":
        sys.exit(__doc__)
    bound = int(args[1])
    cmd = args[3:]
    rc = subprocess.call(cmd)
    if rc != 0:
        sys.exit("command failed with status %d" % rc)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print("peak RSS: %d MB (bound %d MB)" % (peak, bound))
    if peak > bound and not sanitized(cmd[0]):
        sys.exit("peak RSS %d MB is over the bound of %d MB" % (peak, bound))


if __name__ == "__main__":
    main()
