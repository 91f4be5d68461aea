#!/usr/bin/env python3
"""Writes test/translate/load-store/: the bounds-strategy test matrix.

Every load and store opcode (each width, sign and zero extension, v128)
x static offsets (zero, small, at the end of the runtime's tail, just past
it, 2^32-1) x memory kind (memory32, memory64) x bounds strategy, in one .wast per memory kind and value type.
Each file checks twice:

  - the -O0 IR (the translator as written) of every access, per strategy,
    with FileCheck: guard regions emit no compare for memory32, software
    checks compare the address (offset + size within the tail) or the whole
    end (beyond it) and branch to the trap; memory64 is always checked;
  - execution at the edge: the access ending at the last byte of memory
    succeeds (loads read a known pattern, stores change exactly their
    bytes), one byte further traps without writing anything. wabt's
    spectest-interp runs the same assertions as the independent truth, and
    w2n-spectest runs them in every strategy at -O0 and -O2.

The strategies' expectations are written out here; a new strategy adds its
IR shape to `expect_ir`. Run with --check to compare with the checked-in
files instead of writing them (test/translate/load-store/up-to-date.test).
"""
import argparse
import os
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(TOP, "test", "translate", "load-store")

PAGES = 2
MEM_SIZE = PAGES * 65536
TAIL = 65536  # W2N_MEMORY_TAIL (runtime-lib/include/w2n/abi.h)
# The pattern in the memory's last 16 bytes: high bits set, so that sign and
# zero extension differ, and every byte distinct.
PATTERN = bytes(range(0x80, 0x90))
STRATEGIES = ("guard", "software")

# name, value type, bytes accessed, is a store
OPS = {
    "i32": [("i32.load", 4, False), ("i32.load8_s", 1, False), ("i32.load8_u", 1, False),
            ("i32.load16_s", 2, False), ("i32.load16_u", 2, False), ("i32.store", 4, True),
            ("i32.store8", 1, True), ("i32.store16", 2, True)],
    "i64": [("i64.load", 8, False), ("i64.load8_s", 1, False), ("i64.load8_u", 1, False),
            ("i64.load16_s", 2, False), ("i64.load16_u", 2, False),
            ("i64.load32_s", 4, False), ("i64.load32_u", 4, False), ("i64.store", 8, True),
            ("i64.store8", 1, True), ("i64.store16", 2, True), ("i64.store32", 4, True)],
    "f32": [("f32.load", 4, False), ("f32.store", 4, True)],
    "f64": [("f64.load", 8, False), ("f64.store", 8, True)],
    "v128": [("v128.load", 16, False), ("v128.load8x8_s", 8, False),
             ("v128.load16x4_u", 8, False), ("v128.load32_zero", 4, False),
             ("v128.load64_splat", 8, False), ("v128.load8_splat", 1, False),
             ("v128.store", 16, True)],
}

OFFSETS = {
    "m32": [0, 16, TAIL - 16, TAIL, 2**32 - 1],
    # wabt 1.0.32's text parser (wast2json, which w2n-spectest uses too)
    # refuses offsets above 2^32-1 also for memory64, so the largest is
    # that; the wrap-around address 2^64 - offset still tests 64-bit sums.
    "m64": [0, 16, TAIL - 16, TAIL, 2**32 - 1],
}


def fname(op, offset):
    return "%s_o%d" % (op.replace(".", "_"), offset)


def le(data, signed):
    return int.from_bytes(data, "little", signed=signed)


def v128_const(data):
    return "(v128.const i8x16 %s)" % " ".join(str(b) for b in data)


def loaded(op, size):
    """The result of `op` reading the last `size` bytes of the pattern, as a
    wast constant of the function's result type (floats as their bits)."""
    data = PATTERN[16 - size:]
    ty, name = op.split(".")
    if ty in ("i32", "i64", "f32", "f64"):
        signed = name.endswith("_s")
        bits = 32 if ty in ("i32", "f32") else 64
        v = le(data, signed) & ((1 << bits) - 1)
        return "(%s.const %d)" % ("i32" if bits == 32 else "i64", v)
    if name == "load":
        out = data
    elif name in ("load8x8_s", "load16x4_u"):
        lane = 1 if name == "load8x8_s" else 2
        signed = name.endswith("_s")
        out = b"".join((le(data[i:i + lane], signed) & ((1 << 16 * lane) - 1))
                       .to_bytes(2 * lane, "little") for i in range(0, 8, lane))
    elif name == "load32_zero":
        out = data + bytes(12)
    elif name.endswith("_splat"):
        out = data * (16 // size)
    else:
        raise ValueError(op)
    return v128_const(out)


def stored_value(ty, size):
    """A value whose low `size` bytes differ from the pattern, and the
    bytes a store of `size` writes."""
    data = bytes(range(0x11, 0x11 + 16))[:size]
    full = bytes(range(0x11, 0x11 + 16))
    if ty == "v128":
        return v128_const(full), data
    width = 4 if ty in ("i32", "f32") else 8
    v = le(full[:width], False)
    return "(%s.const %d)" % ("i32" if width == 4 else "i64", v), data


def float_const(ty, data):
    """The float whose bits are `data` (a normal number, so exact in hex)."""
    fmt = "<f" if ty == "f32" else "<d"
    return "(%s.const %s)" % (ty, struct.unpack(fmt, data)[0].hex())


def addr_const(kind, a):
    if kind == "m32":
        return "(i32.const %d)" % (a - 2**32 if a >= 2**31 else a)
    return "(i64.const %d)" % (a - 2**64 if a >= 2**63 else a)


def result_type(ty):
    return {"f32": "i32", "f64": "i64"}.get(ty, ty)


def module(kind, ty):
    at = "i32" if kind == "m32" else "i64"
    lines = ["(module",
             "  (memory%s %d)" % (" i64" if kind == "m64" else "", PAGES),
             "  (data (%s.const %d) \"%s\")" % (at, MEM_SIZE - 16,
                                                "".join("\\%02x" % b for b in PATTERN)),
             "  ;; The last 16 bytes, as two i64, to see what a store wrote.",
             "  (func (export \"tail_lo\") (result i64) (i64.load (%s.const %d)))"
             % (at, MEM_SIZE - 16),
             "  (func (export \"tail_hi\") (result i64) (i64.load (%s.const %d)))"
             % (at, MEM_SIZE - 8),
             "  (func (export \"reset\")",
             "    (i64.store (%s.const %d) (i64.const %d))"
             % (at, MEM_SIZE - 16, le(PATTERN[:8], True)),
             "    (i64.store (%s.const %d) (i64.const %d)))"
             % (at, MEM_SIZE - 8, le(PATTERN[8:], True))]
    for op, size, store in OPS[ty]:
        for off in OFFSETS[kind]:
            name = fname(op, off)
            if store:
                lines.append("  (func $%s (export \"%s\") (param %s %s)" % (name, name, at, ty))
                lines.append("    (%s offset=%d (local.get 0) (local.get 1)))" % (op, off))
            elif ty in ("f32", "f64"):
                lines.append("  (func $%s (export \"%s\") (param %s) (result %s)"
                             % (name, name, at, result_type(ty)))
                lines.append("    (%s.reinterpret_%s (%s offset=%d (local.get 0))))"
                             % (result_type(ty), ty, op, off))
            else:
                lines.append("  (func $%s (export \"%s\") (param %s) (result %s)"
                             % (name, name, at, ty))
                lines.append("    (%s offset=%d (local.get 0)))" % (op, off))
    lines.append(")")
    return lines


def tail_after(data):
    t = PATTERN[:16 - len(data)] + data
    return le(t[:8], True), le(t[8:], True)


def assertions(kind, ty):
    out = []
    count = 1  # the module, which both runners count as a command
    lo, hi = le(PATTERN[:8], True), le(PATTERN[8:], True)
    for op, size, store in OPS[ty]:
        for off in OFFSETS[kind]:
            name = fname(op, off)
            if store:
                val, data = stored_value(ty, size)
                arg = float_const(ty, data) if ty in ("f32", "f64") else val
            last = MEM_SIZE - off - size
            if last >= 0:
                if store:
                    new_lo, new_hi = tail_after(data)
                    out.append("(assert_return (invoke \"%s\" %s %s))"
                               % (name, addr_const(kind, last), arg))
                    out.append("(assert_return (invoke \"tail_lo\") (i64.const %d))" % new_lo)
                    out.append("(assert_return (invoke \"tail_hi\") (i64.const %d))" % new_hi)
                    out.append("(invoke \"reset\")")
                    count += 4
                else:
                    out.append("(assert_return (invoke \"%s\" %s) %s)"
                               % (name, addr_const(kind, last), loaded(op, size)))
                    count += 1
            # One byte further, and the address at which an offset added
            # without carrying out of the address width would wrap back to 0.
            bad = [last + 1] if last >= 0 else [0]
            if off > 0:
                bad.append((2**32 if kind == "m32" else 2**64) - off)
            for a in bad:
                if store:
                    out.append("(assert_trap (invoke \"%s\" %s %s) \"out of bounds memory access\")"
                               % (name, addr_const(kind, a), arg))
                    out.append("(assert_return (invoke \"tail_lo\") (i64.const %d))" % lo)
                    out.append("(assert_return (invoke \"tail_hi\") (i64.const %d))" % hi)
                    count += 3
                else:
                    out.append("(assert_trap (invoke \"%s\" %s) \"out of bounds memory access\")"
                               % (name, addr_const(kind, a)))
                    count += 1
    return out, count


def expect_ir(strategy, kind, op, off, size, store):
    """FileCheck lines for the -O0 IR of one access."""
    ty = op.split(".")[0]
    p = strategy.upper()
    checked = strategy == "software" or kind == "m64"
    idx = "%%%s" % "{{[0-9]+}}"
    out = ["%s-LABEL: define internal {{.*}}@w2n_f{{[0-9]+}}_%s(" % (p, fname(op, off))]
    if not checked:
        # Nothing between the address and the access: no compare, no
        # branch; a load is kept even when unused, since it is the check.
        out += ["%s:      [[I:%%.*]] = zext i32 %s to i64" % (p, idx),
                "%s-NEXT: [[EA:%%.*]] = add nuw i64 [[I]], %d" % (p, off),
                "%s-NEXT: [[P:%%.*]] = getelementptr inbounds i8, ptr %%mem0.base, i64 [[EA]]"
                % p,
                "%s-NEXT: %s {{.*}}ptr [[P]]" % (p, "store" if store else "load volatile"),
                "%s-NOT:  icmp" % p,
                "%s:      {{^  ret }}" % p]
        return out
    tail = off + size <= TAIL
    a = "[[A:%.*]]"
    if kind == "m32":
        out.append("%s:      [[A:%%.*]] = zext i32 %s to i64" % (p, idx))
        a = "[[A]]"
    if tail:
        # Only the address is compared; the rest of the access is in the
        # tail, whose fault is the trap.
        out += ["%s:      [[BAD:%%.*]] = icmp uge i64 %s, %%mem.size" % (p, a),
                "%s-NEXT: br i1 [[BAD]], label %%trap.2," % p,
                "%s:      [[EA:%%.*]] = add nuw i64 [[A]], %d" % (p, off),
                "%s-NEXT: [[P:%%.*]] = getelementptr inbounds i8, ptr %%mem0.base, i64 [[EA]]"
                % p,
                "%s-NEXT: %s {{.*}}ptr [[P]]" % (p, "store" if store else "load volatile")]
    elif kind == "m32":
        out += ["%s-NEXT: [[EA:%%.*]] = add nuw i64 [[A]], %d" % (p, off),
                "%s-NEXT: [[END:%%.*]] = add nuw i64 [[EA]], %d" % (p, size),
                "%s-NEXT: [[BAD:%%.*]] = icmp ugt i64 [[END]], %%mem.size" % p,
                "%s-NEXT: br i1 [[BAD]], label %%trap.2," % p,
                "%s:      [[P:%%.*]] = getelementptr inbounds i8, ptr %%mem0.base, i64 [[EA]]"
                % p,
                "%s-NEXT: %s {{.*}}ptr [[P]]" % (p, "store" if store else "load")]
    else:
        out += ["%s:      [[S:%%.*]] = call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %s, i64 %d)"
                % (p, a, off + size),
                "%s-NEXT: [[END:%%.*]] = extractvalue { i64, i1 } [[S]], 0" % p,
                "%s-NEXT: [[OV:%%.*]] = extractvalue { i64, i1 } [[S]], 1" % p,
                "%s-NEXT: [[GT:%%.*]] = icmp ugt i64 [[END]], %%mem.size" % p,
                "%s-NEXT: [[BAD:%%.*]] = or i1 [[OV]], [[GT]]" % p,
                "%s-NEXT: br i1 [[BAD]], label %%trap.2," % p,
                "%s:      [[EA:%%.*]] = add nuw i64 [[A]], %d" % (p, off),
                "%s-NEXT: [[P:%%.*]] = getelementptr inbounds i8, ptr %%mem0.base, i64 [[EA]]"
                % p,
                "%s-NEXT: %s {{.*}}ptr [[P]]" % (p, "store" if store else "load")]
    out += ["%s:      trap.2:" % p,
            "%s-NEXT: call void @w2n_trap(ptr %%ctx, i32 2)" % p]
    return out


def generate(kind, ty):
    asserts, count = assertions(kind, ty)
    flags = "--enable-memory64 " if kind == "m64" else ""
    mem = "memory64" if kind == "m64" else "memory32"
    lines = [
        ";; Generated by tools/gen-load-store-tests.py; do not edit.",
        ";; Every %s load and store on a %s memory of %d pages, at each static"
        % (ty, mem, PAGES),
        ";; offset, in every bounds strategy: the IR each strategy emits, and",
        ";; execution at the last byte of memory and one past it, against",
        ";; wabt's spectest-interp.",
        ";; RUN: rm -rf %t && mkdir %t",
        ";; RUN: wast2json --enable-memory64 --debug-names %s -o %t/t.json",
        ";; RUN: spectest-interp --enable-memory64 %t/t.json | FileCheck %s --check-prefix=TRUTH",
        ";; TRUTH: %d/%d tests passed." % (count, count),
    ]
    for s in STRATEGIES:
        lines.append(";; RUN: %%wasm2native %s--emit-llvm -S -O0 --bounds-checks=%s "
                     "%%t/t.0.wasm -o - | FileCheck %%s --check-prefix=%s"
                     % (flags, s, s.upper()))
    for s in STRATEGIES:
        for o in (0, 2):
            lines.append(";; RUN: w2n-spectest -q %s--opt=%d --bounds-checks=%s %%s "
                         "| FileCheck %%s --check-prefix=EXEC" % (flags, o, s))
    lines.append(";; EXEC: TOTAL {{.*}}: %d passed, 0 failed" % count)
    lines.append("")
    for s in STRATEGIES:
        for op, size, store in OPS[ty]:
            for off in OFFSETS[kind]:
                lines += [";; " + l for l in expect_ir(s, kind, op, off, size, store)]
        lines.append("")
    lines += module(kind, ty)
    lines.append("")
    lines += asserts
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="fail if the checked-in files differ from what would be written")
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args()
    stale = []
    for kind in OFFSETS:
        for ty in OPS:
            path = os.path.join(a.out, "%s-%s.wast" % (kind, ty))
            text = generate(kind, ty)
            if a.check:
                try:
                    with open(path) as f:
                        if f.read() != text:
                            stale.append(path)
                except FileNotFoundError:
                    stale.append(path)
            else:
                os.makedirs(a.out, exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
    if stale:
        print("out of date (run tools/gen-load-store-tests.py):\n  " + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
