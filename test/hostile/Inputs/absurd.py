"""Writes a module that declares an absurd number of one kind of entity:
  absurd.py KIND N OUT
KIND: funcs, types, globals, datas, elems, exports, nesting, brtable,
locals (N locals in one function, one per group), table (a table of min N
elements), memory (a memory of min N pages)."""
import sys


def leb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def vec(items):
    return leb(len(items)) + b"".join(items)


def section(sid, body):
    return bytes([sid]) + leb(len(body)) + body


def code(body, locals_=b"\x00"):
    b = locals_ + body + b"\x0b"
    return leb(len(b)) + b


def module(kind, n):
    void = b"\x60\x00\x00"
    s = []
    if kind == "types":
        s.append(section(1, vec([void] * n)))
        s.append(section(3, vec([b"\x00"])))
        s.append(section(10, vec([code(b"")])))
    elif kind == "funcs":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"] * n)))
        s.append(section(10, vec([code(b"")] * n)))
    elif kind == "exports":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"])))
        names = [b"e%d" % i for i in range(n)]
        s.append(section(7, vec([leb(len(e)) + e + b"\x00\x00" for e in names])))
        s.append(section(10, vec([code(b"")])))
    elif kind == "globals":
        s.append(section(6, vec([b"\x7f\x01\x41\x2a\x0b"] * n)))
    elif kind == "datas":
        s.append(section(5, vec([b"\x00\x01"])))
        s.append(section(11, vec([b"\x00\x41" + leb(i % 8192) + b"\x0b\x01\x2a"
                                  for i in range(n)])))
    elif kind == "elems":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"])))
        s.append(section(4, vec([b"\x70\x00\x10"])))
        s.append(section(9, vec([b"\x00\x41" + leb(i % 16) + b"\x0b\x01\x00"
                                 for i in range(n)])))
        s.append(section(10, vec([code(b"")])))
    elif kind == "nesting":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"])))
        s.append(section(10, vec([code(b"\x02\x40" * n + b"\x0b" * n)])))
    elif kind == "brtable":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"])))
        s.append(section(10, vec([code(b"\x02\x40\x41\x00\x0e" + leb(n) + b"\x00" * (n + 1) + b"\x0b")])))
    elif kind == "locals":
        s.append(section(1, vec([void])))
        s.append(section(3, vec([b"\x00"])))
        s.append(section(10, vec([code(b"", vec([b"\x01\x7f"] * n))])))
    elif kind == "table":
        s.append(section(4, vec([b"\x70\x00" + leb(n)])))
        s.append(section(7, vec([b"\x01t\x01\x00"])))
    elif kind == "memory":
        s.append(section(5, vec([b"\x00" + leb(n)])))
    else:
        raise SystemExit("unknown kind " + kind)
    return b"\x00asm\x01\x00\x00\x00" + b"".join(s)


kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
open(out, "wb").write(module(kind, n))
