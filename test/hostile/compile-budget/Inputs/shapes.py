#!/usr/bin/env python3
"""Writes a valid module of one pathological shape for compile-budget tests.

  shapes.py SHAPE N OUT       # prints the size of the code section in bytes
  shapes.py SHAPE N OUT.wast --wast ARG
      # a spec script: the module and an assert_return of run(ARG) whose
      # expected value this script computes itself (straight-arith,
      # brtable-few, nest-if only)

Every module has a memory of one page, a helper function 0 of type
(i32, i32) -> i32 and an exported function `run` (index 1) of type
(i32) -> i32 that holds the shape, so a compile at -O2 cannot delete it.
N scales the shape; the code grows linearly in N for every shape.

SHAPE is one of:
  brtable-few       one br_table of N targets that all go to one of two labels
  brtable-distinct  N nested blocks and one br_table with a target for each,
                    each block's end followed by its own code
  locals-chain      N locals (the parameter included), each computed from the
                    one before
  locals-live       N locals, each loaded from memory, all live across a call
                    and then summed
  nest-block        N nested blocks, each left early by a br_if
  nest-loop         N nested loops, each closed by a br_if back to its start
  nest-if           N nested ifs
  straight-arith    one block of N multiply/xor steps on two locals
  straight-mem      one block of N loads and stores at varying offsets
  straight-call     one block of N calls of the helper
  stack-live        N loads pushed on the operand stack, then N-1 adds: N
                    values live at once (an expression tree N deep)
  v128-live         N v128 loads on the operand stack, a call, then N-1
                    i32x4.adds: N vectors live across the call
  funcs             N small functions, each calling the one before
  funcs-brtable     both: N small functions (a partitioned compile) and a
                    br_table of N targets to two labels in `run`
  globals           N mutable globals, each updated by `run`
  datas             N one-byte active data segments
"""
import sys


def leb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return leb(len(items)) + b"".join(items)


def section(sid, body):
    return bytes([sid]) + leb(len(body)) + body


def func(body, local_groups=()):
    b = vec([leb(n) + bytes([t]) for n, t in local_groups]) + body + b"\x0b"
    return leb(len(b)) + b


I32, V128 = 0x7F, 0x7B
GET, SET, TEE = b"\x20", b"\x21", b"\x22"
CONST, ADD, MUL, XOR = b"\x41", b"\x6a", b"\x6c", b"\x73"
HELPER = func(GET + b"\x00" + CONST + sleb(31) + MUL + GET + b"\x01" + ADD)


def mem(op, offset, align=2):
    return op + leb(align) + leb(offset)


def load(offset):
    return mem(b"\x28", offset % 65532 & ~3)


def body_of(shape, n):
    """The body of `run` and its local groups; None for module-level shapes."""
    b = bytearray()
    if shape in ("brtable-few", "funcs-brtable"):
        b += b"\x02\x40\x02\x40" + GET + b"\x00\x0e" + leb(n)
        b += bytes(i & 1 for i in range(n)) + b"\x00\x0b"
        b += GET + b"\x00" + CONST + b"\x07" + ADD + SET + b"\x00\x0b"
        b += GET + b"\x00"
        return b, ()
    if shape == "brtable-distinct":
        b += b"\x02\x40" * n + GET + b"\x00\x0e" + leb(n)
        b += b"".join(leb(i) for i in range(n)) + leb(n - 1)
        for k in range(n):
            b += b"\x0b" + GET + b"\x00" + CONST + sleb(k) + ADD + SET + b"\x00"
        b += GET + b"\x00"
        return b, ()
    if shape == "locals-chain":
        for i in range(1, n):
            b += GET + leb(i - 1) + CONST + sleb(i) + ADD + SET + leb(i)
        b += GET + leb(n - 1)
        return b, [(n - 1, I32)]
    if shape == "locals-live":
        for i in range(1, n):
            b += GET + b"\x00" + load(4 * i) + SET + leb(i)
        b += GET + b"\x00" + GET + b"\x00\x10\x00" + SET + b"\x00"
        for i in range(1, n):
            b += GET + b"\x00" + GET + leb(i) + ADD + SET + b"\x00"
        b += GET + b"\x00"
        return b, [(n - 1, I32)]
    if shape == "nest-block":
        for k in range(n):
            b += b"\x02\x40" + GET + b"\x00" + CONST + sleb(k) + XOR
            b += TEE + b"\x00\x45\x0d\x00"
        b += b"\x0b" * n + GET + b"\x00"
        return b, ()
    if shape == "nest-loop":
        for k in range(n):
            b += b"\x03\x40" + GET + b"\x00" + CONST + sleb(k) + XOR + SET + b"\x00"
        b += (GET + b"\x00" + CONST + b"\x01\x6b" + TEE + b"\x00\x0d\x00\x0b") * n
        b += GET + b"\x00"
        return b, ()
    if shape == "nest-if":
        for k in range(n):
            b += GET + b"\x00" + CONST + sleb(k) + b"\x4b\x04\x40"
            b += GET + b"\x00" + CONST + sleb(k) + ADD + SET + b"\x00"
        b += b"\x0b" * n + GET + b"\x00"
        return b, ()
    if shape == "straight-arith":
        for k in range(n):
            b += GET + b"\x00" + CONST + sleb(k * 7 + 3) + MUL + GET + b"\x01"
            b += XOR + SET + (b"\x01" if k & 1 else b"\x00")
        b += GET + b"\x00" + GET + b"\x01" + ADD
        return b, [(1, I32)]
    if shape == "straight-mem":
        for k in range(n):
            b += GET + b"\x00" + GET + b"\x00" + load(4 * k) + CONST + sleb(k)
            b += ADD + mem(b"\x36", 8 * k % 65532 & ~3)
        b += GET + b"\x00"
        return b, ()
    if shape == "straight-call":
        for k in range(n):
            b += GET + b"\x00" + CONST + sleb(k) + b"\x10\x00" + SET + b"\x00"
        b += GET + b"\x00"
        return b, ()
    if shape == "stack-live":
        for k in range(n):
            b += GET + b"\x00" + load(4 * k)
        b += ADD * (n - 1)
        return b, ()
    if shape == "v128-live":
        for k in range(n):
            b += GET + b"\x00" + b"\xfd\x00" + leb(4) + leb(16 * k % 65520)
        b += GET + b"\x00" + GET + b"\x00\x10\x00\x1a"  # call helper, drop
        b += b"\xfd\xae\x01" * (n - 1) + b"\xfd\x1b\x00"
        return b, ()
    if shape == "globals":
        for k in range(n):
            b += b"\x23" + leb(k) + GET + b"\x00" + ADD + b"\x24" + leb(k)
        b += GET + b"\x00"
        return b, ()
    if shape == "funcs":
        b += GET + b"\x00\x10" + leb(n + 1)
        return b, ()
    if shape == "datas":
        b += GET + b"\x00"
        return b, ()
    raise SystemExit("shapes.py: unknown shape '%s'" % shape)


def module(shape, n):
    types = [b"\x60\x02\x7f\x7f\x01\x7f", b"\x60\x01\x7f\x01\x7f"]
    body, groups = body_of(shape, n)
    funcs = [b"\x00", b"\x01"]
    code = [HELPER, func(bytes(body), groups)]
    if shape in ("funcs", "funcs-brtable"):
        for k in range(n):
            c = GET + b"\x00" + CONST + sleb(k) + ADD
            if k:
                c += b"\x10" + leb(k + 1)  # the function before this one
            funcs.append(b"\x01")
            code.append(func(c))
    s = [section(1, vec(types)), section(3, vec(funcs))]
    s.append(section(5, vec([b"\x00\x01"])))
    if shape == "globals":
        s.append(section(6, vec([b"\x7f\x01\x41" + sleb(k) + b"\x0b"
                                 for k in range(n)])))
    s.append(section(7, vec([b"\x03run\x00\x01"])))
    if shape == "datas":
        s.append(section(12, leb(n)))
    code_section = section(10, vec(code))
    s.append(code_section)
    if shape == "datas":
        s.append(section(11, vec([b"\x00\x41" + sleb(k % 8192) + b"\x0b\x01\x2a"
                                  for k in range(n)])))
    return b"\x00asm\x01\x00\x00\x00" + b"".join(s), len(code_section)


def expected(shape, n, p):
    """run(p) as the Wasm semantics define it, computed here."""
    m = 0xFFFFFFFF
    if shape == "straight-arith":
        loc = [p & m, 0]
        for k in range(n):
            loc[k & 1] = ((loc[0] * (k * 7 + 3)) & m) ^ loc[1]
        return (loc[0] + loc[1]) & m
    if shape in ("brtable-few", "funcs-brtable"):
        return p + 7 if p >= n or not p & 1 else p
    if shape == "nest-if":
        for k in range(n):
            if not p > k:
                break
            p = (p + k) & m
        return p
    raise SystemExit("shapes.py: no expected value for '%s'" % shape)


def main():
    args = sys.argv[1:]
    arg = None
    if len(args) == 5 and args[3] == "--wast":
        arg = int(args[4])
        args = args[:3]
    if len(args) != 3:
        raise SystemExit(__doc__)
    shape, n, out = args[0], int(args[1]), args[2]
    if n < 2:
        raise SystemExit("shapes.py: N must be at least 2")
    data, code_size = module(shape, n)
    with open(out, "wb") as f:
        if arg is None:
            f.write(data)
        else:
            v = expected(shape, n, arg)
            f.write(b'(module binary "%s")\n' % "".join(
                "\\%02x" % c for c in data).encode())
            f.write(b'(assert_return (invoke "run" (i32.const %d)) '
                    b'(i32.const %d))\n' % (arg, v - (1 << 32) if v >> 31 else v))
    print(code_size)


if __name__ == "__main__":
    main()
