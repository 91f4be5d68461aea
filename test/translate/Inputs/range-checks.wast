;; Software checks of `inv + var` with var in a small range (a masked
;; index, a hash) in loops: the loop gets a copy without them when
;; inv + max(var) is below the size before the loop (LoopVersioning.cpp),
;; otherwise the original runs, and the traps and the stores before them
;; stay exact.
(module
  (memory (export "mem") 1 3)
  ;; f0 scatter: stores i at base + ((i * 7) & 255) * 4 for i < n; the
  ;; index range is [0, 1020]
  (func (export "scatter") (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store
          (i32.add (local.get $base)
            (i32.shl (i32.and (i32.mul (local.get $i) (i32.const 7)) (i32.const 255))
                     (i32.const 2)))
          (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; f1 the sum of the 256 words at base
  (func (export "sum256") (param $base i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 256))))
    (local.get $s))
  ;; f2 chain: a hash-chain walk, as compress.c: the outer loop follows
  ;; links prev[c & 63] (a range check), an inner loop compares bytes;
  ;; returns the number of links followed before a zero link or 10 steps
  (func (export "chain") (param $prev i32) (param $c i32) (result i32)
    (local $steps i32) (local $k i32)
    (block $done
      (loop $walk
        (br_if $done (i32.eqz (local.get $c)))
        (br_if $done (i32.ge_u (local.get $steps) (i32.const 10)))
        ;; an inner loop: count the bytes at c equal to the one at prev
        (local.set $k (i32.const 0))
        (block $stop
          (loop $cmp
            (br_if $stop (i32.ge_u (local.get $k) (i32.const 4)))
            (br_if $stop (i32.ne (i32.load8_u (i32.add (local.get $prev) (local.get $k)))
                                 (i32.load8_u (i32.add (local.get $prev) (i32.const 1)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $cmp)))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (local.set $c (i32.load offset=8
          (i32.add (local.get $prev)
                   (i32.shl (i32.and (local.get $c) (i32.const 63)) (i32.const 2)))))
        (br $walk)))
    (local.get $steps))
  ;; f3 hashed: table[(x * 2654435761) >> 24] += 1 over n keys (index range
  ;; [0, 255] words)
  (func (export "hashed") (param $table i32) (param $n i32)
    (local $i i32) (local $a i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.add (local.get $table)
          (i32.shl (i32.shr_u (i32.mul (local.get $i) (i32.const 2654435761)) (i32.const 24))
                   (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; f4 grows memory by one page every 64 iterations, and scatters
  (func (export "scatter_grow") (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.and (local.get $i) (i32.const 63)))
          (then (drop (memory.grow (i32.const 1)))))
        (i32.store
          (i32.add (local.get $base)
            (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)))
          (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; f5 wrapped: stores i at base + ((i & 63) | 64) * 4, index range
  ;; [256, 508]: from base 0xffffff00 on, every address wraps to [0, 252]
  (func (export "wrapped") (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store
          (i32.add (local.get $base)
            (i32.shl (i32.or (i32.and (local.get $i) (i32.const 63)) (i32.const 64))
                     (i32.const 2)))
          (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; f6 fill: stores i + 1 at base + 4i for i < n
  (func (export "fill") (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
;; f7 chain2: as chain, with values of the inner loop (k, acc) that
  ;; leave both loops, also straight from the inner loop: the copy of the
  ;; outer loop must hand them out (LCSSA of the loops inside it)
  (func (export "chain2") (param $prev i32) (param $c i32) (result i32)
    (local $steps i32) (local $k i32) (local $acc i32)
    (block $out
      (loop $walk
        (br_if $out (i32.eqz (local.get $c)))
        (local.set $k (i32.const 0))
        (block $stop
          (loop $cmp
            (br_if $out (i32.gt_u (local.get $acc) (i32.const 1000)))
            (br_if $stop (i32.ge_u (local.get $k) (local.get $steps)))
            (local.set $acc (i32.add (local.get $acc)
              (i32.load8_u (i32.add (local.get $prev) (local.get $k)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $cmp)))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (local.set $c (i32.load offset=8
          (i32.add (local.get $prev)
                   (i32.shl (i32.and (local.get $c) (i32.const 63)) (i32.const 2)))))
        (br $walk)))
    (i32.add (i32.mul (local.get $steps) (i32.const 100000))
             (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $acc))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
;; In bounds: the copy.
(invoke "scatter" (i32.const 1024) (i32.const 300))
(assert_return (invoke "load" (i32.const 1024)) (i32.const 257))
(assert_return (invoke "load" (i32.const 1028)) (i32.const 184))
(assert_return (invoke "sum256" (i32.const 1024)) (i32.const 44160))
;; Exactly up to the end: still the copy.
(invoke "scatter" (i32.const 64512) (i32.const 300))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 74))
;; Part-way out: index 238 (i = 34) is the first to reach past 64 KiB;
;; the 34 stores before it land.
(invoke "fill" (i32.const 64600) (i32.const 234))
(assert_trap (invoke "scatter" (i32.const 64600) (i32.const 300)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 64600)) (i32.const 1))
(assert_return (invoke "load" (i32.const 64628)) (i32.const 2))
(assert_return (invoke "sum256" (i32.const 64000)) (i32.const 9102))
;; A word straddling the end.
(assert_trap (invoke "scatter" (i32.const 64514) (i32.const 300)) "out of bounds memory access")
;; Wrapping past 2^32 to the bottom of memory, which is in bounds.
(invoke "wrapped" (i32.const 0xffffff00) (i32.const 100))
(assert_return (invoke "load" (i32.const 0)) (i32.const 64))
(assert_return (invoke "load" (i32.const 252)) (i32.const 63))
(assert_return (invoke "sum256" (i32.const 0)) (i32.const 4320))
(assert_trap (invoke "wrapped" (i32.const 0xfffffe00) (i32.const 100)) "out of bounds memory access")
;; The chain: links at 2048 + 8 + 4 * (c & 63) hold (c & 63) + 1.
(invoke "fill" (i32.const 2056) (i32.const 64))
(assert_return (invoke "chain" (i32.const 2048) (i32.const 5)) (i32.const 10))
(assert_return (invoke "chain" (i32.const 2048) (i32.const 0)) (i32.const 0))
(assert_return (invoke "chain2" (i32.const 2048) (i32.const 5)) (i32.const 5046001))
(assert_return (invoke "chain2" (i32.const 2048) (i32.const 60)) (i32.const 5046001))
(assert_return (invoke "chain2" (i32.const 2056) (i32.const 3)) (i32.const 2120140))
(assert_trap (invoke "chain" (i32.const 65300) (i32.const 63)) "out of bounds memory access")
(assert_return (invoke "chain" (i32.const 65200) (i32.const 1)) (i32.const 2))
(invoke "hashed" (i32.const 4096) (i32.const 1000))
(assert_return (invoke "sum256" (i32.const 4096)) (i32.const 1000))
(assert_return (invoke "load" (i32.const 4096)) (i32.const 5))
(assert_trap (invoke "hashed" (i32.const 64600) (i32.const 1000)) "out of bounds memory access")
(assert_return (invoke "sum256" (i32.const 64512)) (i32.const 177035380))
;; Memory grows in the loop: the size before it decides, and the accesses
;; that the growth brings in bounds succeed.
(assert_return (invoke "size") (i32.const 1))
(invoke "scatter_grow" (i32.const 65024) (i32.const 200))
(assert_return (invoke "size") (i32.const 3))
(assert_return (invoke "load" (i32.const 65024)) (i32.const 0))
(assert_return (invoke "load" (i32.const 65788)) (i32.const 191))
(assert_trap (invoke "scatter_grow" (i32.const 196000) (i32.const 200)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 196000)) (i32.const 0))
(assert_return (invoke "load" (i32.const 196604)) (i32.const 151))
