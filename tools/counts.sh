# Sourced by tools/test.sh and tools/sanitize.sh: the running total behind
# their closing `N passed, N failed` line.
passed=0
failed=0

# Adds the counts of log $1: its last "N passed, N failed" line, else the sum
# of w2n-spectest's `TOTAL <suite> (...): N passed, N failed` lines. A log
# with neither (the runner itself died) counts as one failure.
add_counts() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    line=$(grep -E '^TOTAL .*: [0-9]+ passed, [0-9]+ failed' "$1" |
      sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' |
      awk '{p += $1; f += $2} END {if (NR) print p " passed, " f " failed"}')
  fi
  if [ -z "$line" ]; then
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
}

# Prints "N passed, N failed" for lit's xunit output $1: one per test that
# ran (skipped and unsupported tests are not counted).
lit_counts() {
  /usr/bin/python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
p = f = 0
for c in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    if c.find("skipped") is not None:
        continue
    if c.find("failure") is not None or c.find("error") is not None:
        f += 1
    else:
        p += 1
print(f"{p} passed, {f} failed")
PY
}
