#!/usr/bin/env python3
"""Write a large valid WebAssembly module for compile-time and start-up tests.

The module imports wasi proc_exit, defines --funcs functions of type
(i32, i32) -> i32 (each a loop of --body arithmetic steps, a load, a call to
the previous function and, every 16th, a call_indirect), a funcref table of
--table entries filled by one active element segment, a memory with one
active data segment of --data bytes at address 1024, and `_start`, which
calls proc_exit(0), or with data (unless --no-check) proc_exit(1) unless the data bytes in memory
add up to what the segment holds.
The output depends only on the arguments.

  gen-large-wasm.py --funcs 40000 --body 20 -o big.wasm      # ~10 MB
  gen-large-wasm.py --funcs 600000 --table 700000 --body 0 -o huge.wasm
  gen-large-wasm.py --funcs 1 --data 1048576 -o data.wasm     # 1 MiB data
"""

import argparse
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def name(s):
    return uleb(len(s)) + s.encode()


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


I32 = 0x7F
TYPE_BINOP, TYPE_VOID, TYPE_EXIT = 0, 1, 2


def body(i, steps):
    """Function i (its function index is i + 1: proc_exit is 0)."""
    c = bytearray()
    c += b"\x20\x00\x20\x01\x6a\x21\x02"  # l2 = p0 + p1
    c += b"\x02\x40\x03\x40"  # block loop
    for s in range(steps):
        c += b"\x20\x02\x41" + sleb((i * 31 + s * 7) % 1000 + 3) + b"\x6c"
        c += b"\x41" + sleb(i + s) + b"\x73\x21\x02"  # l2 = l2 * k ^ c
    c += b"\x20\x00\x41\x01\x6b\x22\x00\x0d\x00"  # br_if (p0 -= 1)
    c += b"\x0b\x0b"
    # l2 += load(l2 & 0xffc)
    c += b"\x20\x02\x20\x02\x41\xfc\x1f\x71\x28\x02" + uleb(i % 64 * 4)
    c += b"\x6a\x21\x02"
    if i > 0:  # l2 = f(i-1)(l2, p1)
        c += b"\x20\x02\x20\x01\x10" + uleb(i) + b"\x21\x02"
    if i % 16 == 15:  # l2 = table[l2 & 1023](l2, p0)
        c += b"\x20\x02\x20\x00\x20\x02\x41\xff\x07\x71"
        c += b"\x11" + uleb(TYPE_BINOP) + b"\x00\x21\x02"
    c += b"\x20\x02\x0b"
    fn = uleb(1) + uleb(1) + bytes([I32]) + bytes(c)
    return uleb(len(fn)) + fn


def module(funcs, table, data, steps, check):
    out = bytearray(b"\x00asm\x01\x00\x00\x00")
    types = [
        b"\x60" + vec([bytes([I32]), bytes([I32])]) + vec([bytes([I32])]),
        b"\x60\x00\x00",
        b"\x60" + vec([bytes([I32])]) + b"\x00",
    ]
    out += section(1, vec(types))
    imp = name("wasi_snapshot_preview1") + name("proc_exit") + b"\x00"
    out += section(2, vec([imp + uleb(TYPE_EXIT)]))
    out += section(3, vec([uleb(TYPE_BINOP)] * funcs + [uleb(TYPE_VOID)]))
    if table:
        out += section(4, vec([b"\x70\x01" + uleb(table) + uleb(table)]))
    pages = max(1, (1024 + data + 65535) // 65536)
    out += section(5, vec([b"\x00" + uleb(pages)]))
    start = funcs + 1
    out += section(7, vec([name("_start") + b"\x00" + uleb(start),
                           name("memory") + b"\x02\x00"]))
    if table:
        idx = [uleb(1 + k % funcs) for k in range(table)]
        out += section(9, vec([b"\x00\x41\x00\x0b" + vec(idx)]))
    codes = bytearray(uleb(funcs + 1))
    for i in range(funcs):
        codes += body(i, steps)
    start_body = b"\x00\x41\x00\x10\x00\x0b"  # proc_exit(0)
    if data and check:  # proc_exit(sum of the data bytes in memory != expected)
        expected = sum((k * 7 + 1) & 0xFF for k in range(data)) & 0xFFFFFFFF
        if expected >= 1 << 31:
            expected -= 1 << 32
        start_body = (b"\x01\x02\x7f\x03\x40"
                      b"\x20\x00\x2d\x00\x80\x08\x20\x01\x6a\x21\x01"
                      b"\x20\x00\x41\x01\x6a\x22\x00\x41" + sleb(data) +
                      b"\x49\x0d\x00\x0b"
                      b"\x20\x01\x41" + sleb(expected) +
                      b"\x47\x10\x00\x0b")
    codes += uleb(len(start_body)) + start_body
    out += section(10, bytes(codes))
    if data:
        payload = bytes((k * 7 + 1) & 0xFF for k in range(data))
        seg = b"\x00\x41\x80\x08\x0b" + uleb(len(payload)) + payload
        out += section(11, vec([seg]))
    return bytes(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--funcs", type=int, default=1000)
    p.add_argument("--table", type=int, default=0,
                   help="table entries (default: one per function)")
    p.add_argument("--data", type=int, default=0, help="data segment bytes")
    p.add_argument("--body", type=int, default=8,
                   help="arithmetic steps in each function's loop")
    p.add_argument("--no-check", action="store_true",
                   help="_start exits at once, without reading the data")
    p.add_argument("-o", required=True)
    a = p.parse_args()
    table = a.table or max(a.funcs, 1024)
    with open(a.o, "wb") as f:
        f.write(module(a.funcs, table, a.data, a.body, not a.no_check))


if __name__ == "__main__":
    sys.exit(main())
