"""Wasm functions in the shapes where an optimiser or code generator can lose
a trap or the stores before it (docs/security.md, "Traps exact at every
optimisation level"): loads whose value is thrown away (select, br_if, an
untaken path, a select in a loop), and store and copy loops, ascending and
descending, that run past the end of memory. Used by differential.py's
`traps` generator (random choices) and by test/hostile/traps (every choice).

Each module has one memory of one page, a `reset` export that writes a
known pattern near both ends of it (memory.fill and memory.init, which check
before writing), and a `sum` export hashing those regions, so the stores a
trapping call did before its trap are compared too.
"""

PAGE = 65536
# (instruction, value type, access width)
LOADS = [("i32.load", "i32", 4), ("i32.load8_s", "i32", 1), ("i32.load8_u", "i32", 1),
         ("i32.load16_s", "i32", 2), ("i32.load16_u", "i32", 2), ("i64.load", "i64", 8),
         ("i64.load8_s", "i64", 1), ("i64.load8_u", "i64", 1), ("i64.load16_s", "i64", 2),
         ("i64.load16_u", "i64", 2), ("i64.load32_s", "i64", 4), ("i64.load32_u", "i64", 4),
         ("f32.load", "f32", 4), ("f64.load", "f64", 8), ("v128.load", "v128", 16)]
STORES = [("i32.store8", "i32", 1), ("i32.store16", "i32", 2), ("i32.store", "i32", 4),
          ("i64.store8", "i64", 1), ("i64.store16", "i64", 2), ("i64.store32", "i64", 4),
          ("i64.store", "i64", 8), ("f32.store", "f32", 4), ("f64.store", "f64", 8),
          ("v128.store", "v128", 16)]
# The load that reads what a store of each width writes, for copy loops.
LOAD_OF = {1: "i32.load8_u", 2: "i32.load16_u", 4: "i32.load", 8: "i64.load",
           16: "v128.load"}
TYPE_OF = {"i32.load8_u": "i32", "i32.load16_u": "i32", "i32.load": "i32",
           "i64.load": "i64", "v128.load": "v128"}
STORE_OF = {1: "i32.store8", 2: "i32.store16", 4: "i32.store", 8: "i64.store",
            16: "v128.store"}
HIGH = 512   # bytes below the end that reset writes and sum hashes
LOW = 1024   # start of the low region (HIGH bytes too)


def const(t, bits):
    """A constant of type t whose bytes are all `bits` & 0xff, or, for
    bits < 0, a pattern of distinct bytes."""
    if bits >= 0:
        b = bits & 0xff
        return {"i32": "(i32.const 0x%s)" % ("%02x" % b * 4),
                "i64": "(i64.const 0x%s)" % ("%02x" % b * 8),
                "f32": "(f32.reinterpret_i32 (i32.const 0x%s))" % ("%02x" % b * 4),
                "f64": "(f64.reinterpret_i64 (i64.const 0x%s))" % ("%02x" % b * 8),
                "v128": "(v128.const i8x16 %s)" % " ".join([str(b)] * 16)}[t]
    return {"i32": "(i32.const 0x04030201)", "i64": "(i64.const 0x0807060504030201)",
            "f32": "(f32.reinterpret_i32 (i32.const 0x04030201))",
            "f64": "(f64.reinterpret_i64 (i64.const 0x0807060504030201))",
            "v128": "(v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)"}[t]


def to_i64(t, e):
    """Expression e of type t as i64 bits (v128: both lanes folded)."""
    return {"i32": "(i64.extend_i32_u %s)", "i64": "%s",
            "f32": "(i64.extend_i32_u (i32.reinterpret_f32 %s))",
            "f64": "(i64.reinterpret_f64 %s)",
            "v128": "(call $fold %s)"}[t] % e


def prelude(pattern):
    """Memory, the data `reset` copies, `reset`, `sum` and `$fold`."""
    data = "".join("\\%02x" % b for b in pattern)
    return """(module
  (memory 1)
  (data $pat "%s")
  (func $fold (param v128) (result i64)
    (i64.add (i64x2.extract_lane 0 (local.get 0))
             (i64.mul (i64x2.extract_lane 1 (local.get 0)) (i64.const 31))))
  (func (export "reset")
    (memory.init $pat (i32.const %d) (i32.const 0) (i32.const %d))
    (memory.init $pat (i32.const %d) (i32.const 0) (i32.const %d)))
  (func (export "sum") (result i64)
    (local $i i32) (local $h i64)
    (loop $l
      (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 1000003))
        (i64.add (i64.load8_u offset=%d (local.get $i))
                 (i64.shl (i64.load8_u offset=%d (local.get $i)) (i64.const 8)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (i32.const %d))))
    (local.get $h))""" % (data, PAGE - HIGH, HIGH, LOW, HIGH, PAGE - HIGH, LOW, HIGH)


def discarded_load(kind, name, op, t, offset, k=3):
    """A function (param $p i32) (param $c i32) (result i64) whose load at
    $p+offset is thrown away for some $c:
      sel1/sel2 - the load in the first/second arm of select (kept when
                  $c != 0 / $c == 0);
      brif      - the load is br_if's value, used when $c != 0;
      dead      - the load is used only when $c != 0, on a later path;
      drop      - the load is dropped, then $c is returned;
      loop      - s += i < k ? load($p + w*i) : 1 for i < $c."""
    ld = "(%s offset=%d (local.get $p))" % (op, offset)
    other = const(t, 7)
    sel = "(select (result %s) %%s %%s (local.get $c))" % t
    if kind == "sel1":
        body = to_i64(t, sel % (ld, other))
    elif kind == "sel2":
        body = to_i64(t, sel % (other, ld))
    elif kind == "brif":
        body = to_i64(t, "(block $b (result %s) (drop (br_if $b %s (local.get $c))) %s)"
                      % (t, ld, other))
    elif kind == "dead":
        return ('(func (export "%s") (param $p i32) (param $c i32) (result i64) (local $x %s)\n'
                '    (local.set $x %s)\n'
                '    (if (local.get $c) (then (return %s)))\n'
                '    (i64.const 9))' % (name, t, ld, to_i64(t, "(local.get $x)")))
    elif kind == "drop":
        body = "(drop %s) (i64.extend_i32_u (local.get $c))" % ld
    elif kind == "loop":
        w = dict((o, wd) for o, _, wd in LOADS)[op]
        return ('(func (export "%s") (param $p i32) (param $c i32) (result i64)\n'
                '    (local $i i32) (local $s i64)\n'
                '    (loop $l\n'
                '      (local.set $s (i64.add (local.get $s) %s))\n'
                '      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))\n'
                '                          (local.get $c))))\n'
                '    (local.get $s))'
                % (name, to_i64(t, "(select (result %s) (%s offset=%d (i32.add (local.get $p) "
                                   "(i32.mul (local.get $i) (i32.const %d)))) %s (i32.lt_u "
                                   "(local.get $i) (i32.const %d)))"
                                % (t, op, offset, w, other, k))))
    else:
        raise ValueError(kind)
    return ('(func (export "%s") (param $p i32) (param $c i32) (result i64)\n    %s)'
            % (name, body))


def fill_loop(name, op, t, w, offset, down, value, stride=None):
    """(param $p i32) (param $n i32): stores `value` (see const) at
    $p + offset + stride*i for i = 0..$n-1 ($n >= 1), ascending or
    descending (down)."""
    stride = stride or w
    st = "(%s offset=%d (i32.add (local.get $p) (i32.mul (local.get $i) (i32.const %d))) %s)" % (
        op, offset, stride, const(t, value))
    if not down:
        return ('(func (export "%s") (param $p i32) (param $n i32) (local $i i32)\n'
                '    (loop $l\n      %s\n'
                '      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))\n'
                '                          (local.get $n)))))' % (name, st))
    return ('(func (export "%s") (param $p i32) (param $n i32) (local $i i32)\n'
            '    (local.set $i (local.get $n))\n'
            '    (loop $l\n'
            '      (local.set $i (i32.sub (local.get $i) (i32.const 1)))\n      %s\n'
            '      (br_if $l (local.get $i))))' % (name, st))


def byte_fill_loop(name, down):
    """(param $p i32) (param $n i32) (param $v i32): mem[$p+i] = $v for
    i < $n, a memset with a variable byte."""
    st = "(i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $v))"
    if not down:
        return ('(func (export "%s") (param $p i32) (param $n i32) (param $v i32) (local $i i32)\n'
                '    (loop $l\n      %s\n'
                '      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))\n'
                '                          (local.get $n)))))' % (name, st))
    return ('(func (export "%s") (param $p i32) (param $n i32) (param $v i32) (local $i i32)\n'
            '    (local.set $i (local.get $n))\n'
            '    (loop $l\n'
            '      (local.set $i (i32.sub (local.get $i) (i32.const 1)))\n      %s\n'
            '      (br_if $l (local.get $i))))' % (name, st))


def copy_loop(name, w, doff, soff, down):
    """(param $d i32) (param $s i32) (param $n i32): copies $n elements of
    w bytes from $s + soff to $d + doff, ascending or descending."""
    ld, st = LOAD_OF[w], STORE_OF[w]
    body = ("(%s offset=%d (i32.add (local.get $d) (i32.mul (local.get $i) (i32.const %d)))\n"
            "        (%s offset=%d (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const %d)))))"
            % (st, doff, w, ld, soff, w))
    if not down:
        return ('(func (export "%s") (param $d i32) (param $s i32) (param $n i32) (local $i i32)\n'
                '    (loop $l\n      %s\n'
                '      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))\n'
                '                          (local.get $n)))))' % (name, body))
    return ('(func (export "%s") (param $d i32) (param $s i32) (param $n i32) (local $i i32)\n'
            '    (local.set $i (local.get $n))\n'
            '    (loop $l\n'
            '      (local.set $i (i32.sub (local.get $i) (i32.const 1)))\n      %s\n'
            '      (br_if $l (local.get $i))))' % (name, body))


def stores_then_load(name, stores, load, loff):
    """(param $p i32) (param $q i32) (result i64): the stores (op, type,
    offset) at $p, then a load at $q + loff, which the stores must precede
    when it faults."""
    body = "".join("(%s offset=%d (local.get $p) %s) " % (op, off, const(t, -1))
                   for op, t, off in stores)
    op, t, _ = load
    return ('(func (export "%s") (param $p i32) (param $q i32) (result i64)\n    %s%s)'
            % (name, body, to_i64(t, "(%s offset=%d (local.get $q))" % (op, loff))))


def i32(v):
    return "(i32.const %d)" % (v & 0xffffffff)


def near_end(rng, reach):
    """An address whose access of `reach` bytes ends near the end of memory:
    just fitting, straddling or just past it, now and then far out or
    wrapping past 2^32."""
    r = rng.random()
    if r < 0.08:
        return rng.choice([PAGE, 0xffffffff, 0xfffffff0, 0x80000000])
    if r < 0.2:
        return rng.randrange(LOW, PAGE - HIGH)  # in bounds
    return PAGE - reach + rng.randint(-3, 3 + min(reach, 24))


def random_module(rng):
    """A module of 4 to 9 functions in random trap shapes and, for each,
    calls at random addresses around the end of memory. Returns the module
    text and the actions: (kind, action) with kind "canon" for a call of a
    shape and "hash" for reset and sum."""
    funcs, actions = [], []

    def call(name, *args):
        actions.append(("hash", '(invoke "reset")'))
        actions.append(("canon", '(invoke "%s" %s)' % (name, " ".join(i32(a) for a in args))))
        actions.append(("hash", '(invoke "sum")'))

    for f in range(rng.randint(4, 9)):
        name = "f%d" % f
        shape = rng.choice(["load", "load", "fill", "fill", "bytefill", "copy", "copy",
                            "storeload"])
        if shape == "load":
            kind = rng.choice(["sel1", "sel2", "brif", "dead", "drop", "loop"])
            op, t, w = rng.choice(LOADS)
            offset = rng.choice([0, 0, 1, w - 1, w, 8, 255, 4096, rng.randrange(PAGE)])
            funcs.append(discarded_load(kind, name, op, t, offset, k=rng.randint(0, 4)))
            for _ in range(rng.randint(2, 5)):
                if kind == "loop":
                    n = rng.randint(1, 40)
                    call(name, near_end(rng, offset + w * n), n)
                else:
                    call(name, near_end(rng, offset + w), rng.choice([0, 1]))
        elif shape == "fill":
            op, t, w = rng.choice(STORES)
            offset = rng.choice([0, 0, 1, 3, w, 16, 100])
            stride = w if rng.random() < 0.8 else 2 * w
            down = rng.random() < 0.5
            value = rng.choice([0, 0xff, 0xab, -1])
            funcs.append(fill_loop(name, op, t, w, offset, down, value, stride))
            for _ in range(rng.randint(2, 4)):
                n = rng.randint(1, 64)
                call(name, near_end(rng, offset + stride * rng.randint(0, n)), n)
        elif shape == "storeload":
            stores = [(op, t, rng.choice([0, 1, 4, 8, 16, 40]))
                      for op, t, _ in (rng.choice(STORES) for _ in range(rng.randint(1, 4)))]
            load = rng.choice(LOADS)
            loff = rng.choice([0, 4, 8, 65536, rng.randrange(PAGE)])
            funcs.append(stores_then_load(name, stores, load, loff))
            for _ in range(rng.randint(2, 4)):
                call(name, PAGE - HIGH + rng.randrange(HIGH - 64) if rng.random() < 0.5
                     else LOW + rng.randrange(HIGH - 64), near_end(rng, loff + load[2]))
        elif shape == "bytefill":
            funcs.append(byte_fill_loop(name, rng.random() < 0.5))
            for _ in range(rng.randint(2, 4)):
                n = rng.randint(1, 300)
                call(name, near_end(rng, rng.randint(0, n)), n, rng.randrange(256))
        else:
            w = rng.choice(sorted(LOAD_OF))
            doff, soff = rng.choice([0, 0, 1, 3, 8]), rng.choice([0, 0, 2, 5, 8])
            down = rng.random() < 0.5
            funcs.append(copy_loop(name, w, doff, soff, down))
            for _ in range(rng.randint(2, 4)):
                n = rng.randint(1, 80)
                cross = rng.choice(["dst", "src", "both", "overlap"])
                low = LOW + rng.randrange(HIGH // 2)
                d = near_end(rng, doff + w * rng.randint(0, n)) if cross in ("dst", "both") else low
                s = near_end(rng, soff + w * rng.randint(0, n)) if cross in ("src", "both") else low
                if cross == "overlap":
                    s = near_end(rng, soff + w * rng.randint(0, n))
                    d = (s + rng.choice([-1, 1]) * w * rng.randint(1, 4)) & 0xffffffff
                call(name, d, s, n)
    pattern = bytes(rng.randrange(256) for _ in range(HIGH))
    text = prelude(pattern) + "\n  " + "\n  ".join(funcs) + ")"
    return text, actions
