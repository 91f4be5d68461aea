;; Two loads per iteration, c bytes apart, as a loop clang unrolled by two
;; reads: a[q + 8i + c] and a[q + 8i]. The copy addresses both from one
;; pointer, zext(q) + c; it must not run when q + c wraps (below zero for
;; c = -65536 and q < 65536), where the original loop traps.
(module
  (memory 2)
  (func $init (export "init")
    (local $i i32)
    (loop $l
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (i32.const 3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 32768)))))
  ;; sum over i < n of mem[q + 8i + C] - mem[q + 8i], C = 4 and -65536
  (func (export "plus4") (param $q i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $s (i32.add (local.get $s)
        (i32.sub (i32.load (i32.add (local.get $p) (i32.const 4)))
                 (i32.load (local.get $p)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func (export "minus64k") (param $q i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $s (i32.add (local.get $s)
        (i32.sub (i32.load (i32.add (local.get $p) (i32.const -65536)))
                 (i32.load (local.get $p)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))

(invoke "init")
(assert_return (invoke "plus4" (i32.const 0) (i32.const 1000)) (i32.const 3000))
(assert_return (invoke "plus4" (i32.const 4) (i32.const 1000)) (i32.const 3000))
(assert_return (invoke "plus4" (i32.const 131064) (i32.const 1)) (i32.const 3))
(assert_trap (invoke "plus4" (i32.const 131064) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "minus64k" (i32.const 65536) (i32.const 100)) (i32.const -4915200))
(assert_return (invoke "minus64k" (i32.const 65540) (i32.const 100)) (i32.const -4915200))
(assert_trap (invoke "minus64k" (i32.const 0) (i32.const 100)) "out of bounds memory access")
(assert_trap (invoke "minus64k" (i32.const 65528) (i32.const 100)) "out of bounds memory access")

