#!/usr/bin/env python3
"""mutate.py FILE OLD NEW: replaces the one occurrence of OLD in FILE by NEW
(backslash escapes such as \\n are decoded), so mutants.test can break the
server on purpose. Fails when OLD is not there exactly once, so a mutant
never silently stops mutating."""
import sys

path, old, new = sys.argv[1:4]
old = old.encode().decode("unicode_escape")
new = new.encode().decode("unicode_escape")
text = open(path).read()
if text.count(old) != 1:
    sys.exit("mutate.py: %r occurs %d times in %s" % (old, text.count(old), path))
open(path, "w").write(text.replace(old, new))
