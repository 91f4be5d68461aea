"""Writes stack.wast from stack.wast.in: the text format has no run-length
form for locals, so the v128 locals are spelled out here."""
import sys
src, out = sys.argv[1], sys.argv[2]
text = open(src).read().replace("@LOCALS@", " ".join(["v128"] * 49997))
open(out, "w").write(text)
