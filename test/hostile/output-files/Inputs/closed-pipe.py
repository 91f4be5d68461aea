# Runs a command whose standard output is a pipe nobody reads any more, as
# `cmd | head -c0` would leave it once head has exited, but without the race:
# the read end is closed before the command starts. Prints its exit status
# (negative: killed by that signal).
import os
import subprocess
import sys

r, w = os.pipe()
os.close(r)
status = subprocess.run(sys.argv[1:], stdout=w).returncode
os.close(w)
print("exit status", status)
