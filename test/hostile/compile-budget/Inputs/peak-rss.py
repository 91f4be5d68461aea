"""peak-rss.py LIMIT_KIB CMD...: runs CMD and fails unless it succeeds with a
peak resident set of at most LIMIT_KIB kibibytes (printed either way)."""
import resource
import subprocess
import sys

limit = int(sys.argv[1])
rc = subprocess.run(sys.argv[2:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak {peak} KiB, limit {limit} KiB, exit status {rc}")
sys.exit(0 if rc == 0 and peak <= limit else 1)
