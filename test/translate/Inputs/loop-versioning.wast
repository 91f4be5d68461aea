;; Loops that LoopVersioning.cpp copies: the copy (64-bit addresses, no
;; software checks) must only run when that changes nothing. Each export
;; takes the slow path on purpose in some calls: addresses that wrap past
;; 2^32, accesses that leave memory part-way (the stores before the trap
;; must be visible), memory growing inside the loop, negative strides.
;; Expected values were checked with wabt's spectest-interp.
(module
  (memory 1 4)
  ;; sum of n i32 words from p, stride 4
  (func $sum (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
  ;; store v at n words from p, stride 4
  (func $fill (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))
  ;; downwards: store v at p, p-4, ... (n words)
  (func (export "fill_down") (param $p i32) (param $n i32) (param $v i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store (local.get $p) (local.get $v))
        (local.set $p (i32.sub (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))
  ;; copy n words from s to d with an offset on each access
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store offset=8
          (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load offset=8
            (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; grows memory by one page on the first iteration, then writes n words
  ;; from p: in bounds only thanks to the growth
  (func (export "grow_fill") (param $p i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (local.get $i))
          (then (drop (memory.grow (i32.const 1)))))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (memory.size))
  ;; grows memory on the third iteration: a fast copy entered with the
  ;; size from before the loop must stay correct
  (func (export "grow_late") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eq (local.get $i) (i32.const 2))
          (then (drop (memory.grow (i32.const 1)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
;; in bounds: the copy runs
(invoke "fill" (i32.const 0) (i32.const 100) (i32.const 3))
(assert_return (invoke "sum" (i32.const 0) (i32.const 100)) (i32.const 300))
(assert_return (invoke "sum" (i32.const 65532) (i32.const 1)) (i32.const 0))
;; the last word is past the end: trap after 16382 good stores
(assert_trap (invoke "fill" (i32.const 8) (i32.const 16383) (i32.const 5))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 5))
(assert_return (invoke "load" (i32.const 8)) (i32.const 5))
(assert_trap (invoke "sum" (i32.const 65000) (i32.const 200)) "out of bounds memory access")
;; wrapping addresses: 0xfffffff8 + 4*k wraps to 0, 4, ... (in bounds)
(assert_trap (invoke "sum" (i32.const 0xfffffff8) (i32.const 4)) "out of bounds memory access")
(invoke "fill" (i32.const 0) (i32.const 4) (i32.const 7))
;; an address that wraps before it is used: p = -4 is 0xfffffffc (OOB)
(assert_trap (invoke "fill" (i32.const -4) (i32.const 3) (i32.const 9)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0)) (i32.const 7))
;; downwards to address 0 and below: wraps to 0xfffffffc and traps
(invoke "fill_down" (i32.const 12) (i32.const 4) (i32.const 11))
(assert_return (invoke "sum" (i32.const 0) (i32.const 4)) (i32.const 44))
(assert_trap (invoke "fill_down" (i32.const 12) (i32.const 5) (i32.const 13))
             "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 0) (i32.const 4)) (i32.const 52))
;; offsets: copy 3 words from 100+8 to 200+8
(invoke "fill" (i32.const 108) (i32.const 3) (i32.const 21))
(invoke "copy" (i32.const 200) (i32.const 100) (i32.const 3))
(assert_return (invoke "sum" (i32.const 208) (i32.const 3)) (i32.const 63))
;; the source leaves memory at its offset: 2 words copied, then a trap
(invoke "fill" (i32.const 65528) (i32.const 2) (i32.const 17))
(assert_trap (invoke "copy" (i32.const 300) (i32.const 65520) (i32.const 3))
             "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 308) (i32.const 3)) (i32.const 39))
;; memory grows inside the loop: 65536 .. 65536+4*99 becomes valid
(assert_return (invoke "grow_fill" (i32.const 65536) (i32.const 100)) (i32.const 2))
(assert_return (invoke "load" (i32.const 65932)) (i32.const 99))
;; grows again, to 3 pages, but the loop runs past them
(assert_trap (invoke "grow_fill" (i32.const 196600) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 196604)) (i32.const 1))
;; 3 pages at first: reads up to the 4th page only after the growth
(assert_return (invoke "grow_late" (i32.const 196600) (i32.const 4)) (i32.const 1))
(assert_return (invoke "grow_late" (i32.const 0) (i32.const 3)) (i32.const 39))
(assert_trap (invoke "grow_late" (i32.const 262136) (i32.const 3)) "out of bounds memory access")

;; Exit tests the copy makes 64-bit (LoopVersioning.cpp, ExitCompare): a
;; counter from a small constant against a bound (equality and unsigned),
;; and LSR's shape, a counter climbing from a negative constant to zero.
(module
  (memory 1)
  ;; do { mem[p + 4i] = i } while (++i != n); n = 0 runs the counter round
  (func (export "fill_ne") (param $p i32) (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (local.get $i))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                        (local.get $n)))))
  ;; do { mem[p + 4i] = v } while (++i <u n)
  (func (export "fill_lt") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n)))))
  ;; i from -400 up to 0 in steps of 4: mem[p + i + 400] = v (100 words)
  (func (export "fill_neg") (param $p i32) (param $v i32)
    (local $i i32)
    (local.set $i (i32.const -400))
    (loop $l
      (i32.store offset=400 (i32.add (local.get $p) (local.get $i)) (local.get $v))
      (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 4))))))
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
)
;; 10 words, 0..9
(invoke "fill_ne" (i32.const 0) (i32.const 10))
(assert_return (invoke "sum" (i32.const 0) (i32.const 11)) (i32.const 45))
(invoke "fill_lt" (i32.const 1000) (i32.const 50) (i32.const 3))
(assert_return (invoke "sum" (i32.const 1000) (i32.const 51)) (i32.const 150))
;; n = 0: one store, then ++i <u 0 fails
(invoke "fill_lt" (i32.const 2000) (i32.const 0) (i32.const 5))
(assert_return (invoke "sum" (i32.const 2000) (i32.const 2)) (i32.const 5))
(assert_trap (invoke "fill_lt" (i32.const 65000) (i32.const 200) (i32.const 7))
             "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 65528) (i32.const 2)) (i32.const 14))
(invoke "fill_neg" (i32.const 3000) (i32.const 2))
(assert_return (invoke "sum" (i32.const 3000) (i32.const 101)) (i32.const 200))
;; p + i wraps below zero: the first store is out of bounds
(assert_trap (invoke "fill_neg" (i32.const 0) (i32.const 9)) "out of bounds memory access")
(assert_trap (invoke "fill_neg" (i32.const 65200) (i32.const 9)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 65532) (i32.const 1)) (i32.const 9))
;; n = 0: the counter never meets it before the stores leave memory
(assert_trap (invoke "fill_ne" (i32.const 4) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 65532) (i32.const 1)) (i32.const 16382))
(assert_return (invoke "sum" (i32.const 0) (i32.const 3)) (i32.const 1))
