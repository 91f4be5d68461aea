"""Writes the bytes spelled by its arguments (hex digits) to stdout.

Lets a test spell a hand-made binary module inline, e.g.
  python3 hex2bin.py 0061736d 01000000 "01 04 01 60 00 00"
"""
import sys

sys.stdout.buffer.write(bytes.fromhex("".join(sys.argv[1:])))
