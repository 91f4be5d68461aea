#!/usr/bin/env python3
"""Stands in for a newer wast2json: runs the real one ($W2N_REAL_WAST2JSON,
default Debian's) and appends the JSON forms that
only newer versions write, so that the runner's handling of them is tested
with any wabt: a command kind it does not know, a value type it does not
know, an assert_return with alternative results (`either`) and a module
definition (compiled, not instantiated)."""
import json
import os
import subprocess
import sys

args = sys.argv[1:]
out = args[args.index("-o") + 1]
real = os.environ.get("W2N_REAL_WAST2JSON", "/usr/bin/wast2json")
subprocess.run([real] + args, check=True)
with open(out) as f:
    script = json.load(f)
cmds = script["commands"]
first_module = next(c for c in cmds if c["type"] == "module")
cmds += [
    {"type": "assert_future", "line": 1001},
    {"type": "assert_return", "line": 1002,
     "action": {"type": "invoke", "field": "one", "args": []},
     "expected": [{"type": "contref", "value": "null"}]},
    {"type": "assert_return", "line": 1003,
     "action": {"type": "invoke", "field": "one", "args": []},
     "expected": [], "either": [{"type": "i32", "value": "1"},
                                {"type": "i32", "value": "2"}]},
    {"type": "module", "definition": "true", "line": 1004,
     "filename": first_module["filename"]},
    {"type": "assert_return", "line": 1005,
     "action": {"type": "invoke", "field": "one", "args": []},
     "expected": [{"type": "i32", "value": "1"}]},
]
with open(out, "w") as f:
    json.dump(script, f)
