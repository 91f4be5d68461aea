"""Runs the shell examples of Markdown files, as a reader would: every
```sh (or ```console, whose commands start with "$ ") block of a file, in
order, in one temporary folder per file, with the build's tools first on
PATH, `build` linking to the build tree and a copy of examples/. A block
preceded by `<!-- not run: REASON -->` is not run; the reason is printed,
so nothing is skipped silently. Fails, printing its output, when a block
that is run exits non-zero.
Usage: run-examples.py BUILD_DIR SOURCE_DIR FILE.md..."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

build, src, files = sys.argv[1], sys.argv[2], sys.argv[3:]
NOT_RUN = re.compile(r"<!--\s*not run:\s*(.*?)\s*-->")
FENCE = re.compile(r"^```(sh|console)\s*$")


def blocks(path):
    """(line number, code, reason not run or None) of each shell block."""
    lines = open(path).read().splitlines()
    reason, i = None, 0
    while i < len(lines):
        m = NOT_RUN.search(lines[i])
        f = FENCE.match(lines[i])
        if m:
            reason = m.group(1)
        elif f:
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            body = lines[i + 1:j]
            if f.group(1) == "console":
                body = [l[2:] for l in body if l.startswith("$ ")]
            yield i + 1, "\n".join(body), reason
            reason, i = None, j
        elif lines[i].strip():
            reason = None
        i += 1


failed = ran = 0
for md in files:
    name = os.path.relpath(md, src)
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(build, os.path.join(tmp, "build"))
        shutil.copytree(os.path.join(src, "examples"),
                        os.path.join(tmp, "examples"), symlinks=True)
        env = dict(os.environ)
        env["PATH"] = os.path.join(build, "bin") + os.pathsep + env["PATH"]
        env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
        for line, code, reason in blocks(md):
            if reason is not None:
                print("not run: %s:%d: %s" % (name, line, reason))
                continue
            r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", code],
                               cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               timeout=600)
            ran += 1
            if r.returncode != 0:
                failed += 1
                print("FAILED: %s:%d (exit %d):\n%s\n%s" %
                      (name, line, r.returncode, code, r.stdout))
            else:
                print("ok: %s:%d" % (name, line))
print("%d examples run, %d failed" % (ran, failed))
sys.exit(1 if failed else 0)
