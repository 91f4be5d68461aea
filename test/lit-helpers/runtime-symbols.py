#!/usr/bin/env python3
"""Check the symbol surface of runtime archives (libw2nrt.a).

  runtime-symbols.py LIBW2NRT.A...

Two rules, read from `llvm-readelf --syms` of every member:

1. Every global or weak symbol a member defines is named `w2n_...`, except
   `main` of host_main.c.o (the executable's entry, pulled from the archive
   only by a program without a main of its own). Hidden visibility is not
   an exemption: in a static link hidden symbols still bind across objects,
   so an unprefixed one would clash with, or be silently replaced by, an
   embedder's symbol of the same name.
2. The trusted core (members core_*.o) refers to nothing defined by another
   member: it needs only itself and the C library, never WASI or start-up.

Prints every violation and exits 1 when there is one.
"""
import re
import subprocess
import sys

MEMBER = re.compile(r"^File: .*\((?P<member>[^)]*)\)$")
# Num: Value Size Type Bind Vis Ndx Name
SYMBOL = re.compile(r"^\s*\d+:\s+\S+\s+\S+\s+\S+\s+(?P<bind>\S+)\s+"
                    r"(?P<vis>\S+)\s+(?P<ndx>\S+)\s+(?P<name>\S+)$")
ALLOWED = {("host_main.c.o", "main")}


def members(archive):
    """{member: (defined globals, undefined symbols)}"""
    out = subprocess.run(["llvm-readelf", "--syms", archive], check=True,
                         capture_output=True, text=True).stdout
    result = {}
    current = None
    for line in out.splitlines():
        m = MEMBER.match(line)
        if m:
            current = result.setdefault(m.group("member"), (set(), set()))
            continue
        s = SYMBOL.match(line)
        if not s or current is None or s.group("bind") not in ("GLOBAL",
                                                                 "WEAK"):
            continue
        if s.group("ndx") == "UND":
            current[1].add(s.group("name"))
        else:
            current[0].add(s.group("name"))
    return result


def check(archive):
    objs = members(archive)
    if not objs:
        return ["%s: no members" % archive]
    errors = []
    for member, (defined, _) in sorted(objs.items()):
        for name in sorted(defined):
            if not name.startswith("w2n_") and (member, name) not in ALLOWED:
                errors.append("%s(%s): global symbol without the w2n_ prefix: "
                              "%s" % (archive, member, name))
    outside = {}
    for member, (defined, _) in objs.items():
        if not member.startswith("core_"):
            for name in defined:
                outside[name] = member
    for member, (_, undefined) in sorted(objs.items()):
        if not member.startswith("core_"):
            continue
        for name in sorted(undefined & outside.keys()):
            errors.append("%s(%s): the core refers to %s, defined by %s" %
                          (archive, member, name, outside[name]))
    return errors


def main():
    errors = []
    for archive in sys.argv[1:]:
        errors += check(archive)
    for e in errors:
        print(e)
    if not sys.argv[1:]:
        print("usage: runtime-symbols.py LIBW2NRT.A...")
        return 2
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
