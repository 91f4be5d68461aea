"""Runs every Inputs/*.wasm through w2n-validate and `wasm2native -c -O0`
(every bounds strategy, every proposal enabled) and fails if any run ends other
than with status 0 or 1 (a crash, a signal, a sanitizer report) or takes
longer than its time limit. Inputs are what fuzzing found: a crash file
from tools/fuzz/run.sh is added here as it is."""
import glob
import os
import subprocess
import sys

inputs, tools = sys.argv[1], sys.argv[2]
bad = 0
files = sorted(glob.glob(os.path.join(inputs, "*.wasm")))
# Every strategy the driver has (the name begins each line).
strategies = [line.split()[0] for line in subprocess.run(
    [os.path.join(tools, "wasm2native"), "--print-bounds-strategies"],
    stdout=subprocess.PIPE, text=True, check=True).stdout.splitlines() if line.strip()]
for f in files:
    runs = [[os.path.join(tools, "w2n-validate"), "--enable-all", f]]
    for bounds in strategies:
        runs.append([os.path.join(tools, "wasm2native"), "-c", "-O0", "--enable-all",
                     "--bounds-checks=" + bounds, f, "-o", os.devnull])
    for cmd in runs:
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=120)
        except subprocess.TimeoutExpired:
            print("TIMEOUT %s" % " ".join(cmd))
            bad += 1
            continue
        if r.returncode not in (0, 1) or b"Sanitizer" in r.stdout:
            print("CRASH (status %d) %s\n%s" % (r.returncode, " ".join(cmd),
                                                r.stdout.decode(errors="replace")[-2000:]))
            bad += 1
print("%d inputs, %d bad runs" % (len(files), bad))
sys.exit(1 if bad else 0)
