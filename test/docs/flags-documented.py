"""Fails, naming them, when flags `wasm2native --help` lists are missing
from the user guide or the man page.
Usage: flags-documented.py WASM2NATIVE USER_GUIDE MAN_PAGE"""
import re
import subprocess
import sys

w2n, guide_path, man_path = sys.argv[1:4]
help_text = subprocess.run([w2n, "--help"], capture_output=True, text=True,
                           check=True).stdout
flags = set()
for line in help_text.splitlines():
    m = re.match(r"\s+(-[-\w]+(?:,-[-\w]+)*)", line)
    if m:
        flags.update(m.group(1).split(","))
guide = open(guide_path).read()
# roff escapes hyphens as \-.
man = open(man_path).read().replace("\\-", "-")
missing = []
for f in sorted(flags):
    pattern = re.compile(re.escape(f) + r"(?![\w-])")
    for name, text in (("user guide", guide), ("man page", man)):
        if not pattern.search(text):
            missing.append("%s: %s" % (name, f))
print("\n".join(missing) if missing else "%d flags documented" % len(flags))
sys.exit(1 if missing else 0)
