;; A load whose value is never used must still trap when out of bounds.
;; Found by tools/fuzz/differential.py (binaryen's hashMemory overwrites
;; the local it loaded into): at -O2 with guard regions LLVM deletes the
;; dead load, and with it the fault that was the bounds check, so the call
;; returns instead of trapping. Software checks keep their explicit branch.
(module
  (memory 1)
  (func (export "drop_load") (result i32)
    (drop (i32.load (i32.const 65536)))
    (i32.const 7))
  (func (export "overwritten") (result i32) (local i32)
    (local.set 0 (i32.load8_u (i32.const 70000)))
    (local.set 0 (i32.const 153))
    (local.get 0))
  (func (export "drop_load64") (param i32) (result i32)
    (drop (i64.load offset=65530 (local.get 0)))
    (i32.const 7))
)
(assert_trap (invoke "drop_load") "out of bounds memory access")
(assert_trap (invoke "overwritten") "out of bounds memory access")
(assert_trap (invoke "drop_load64" (i32.const 0)) "out of bounds memory access")

;; A loop that only loads: LLVM's LoopDeletion would remove it whole.
(module
  (memory 1)
  (func (export "dead_loop") (param i32) (result i32) (local i32 i32)
    (loop
      (local.set 2 (i32.load (i32.mul (local.get 1) (i32.const 4096))))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    (i32.const 0))
  ;; The loaded value is used only on a path the optimiser proves dead
  ;; after inlining the callee.
  (func $get (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "inlined_dead") (param i32) (result i32)
    (drop (call $get (local.get 0)))
    (i32.const 1))
  ;; A vector load whose lanes are dropped.
  (func (export "v128_dead") (param i32) (result i32) (local v128)
    (local.set 1 (v128.load (local.get 0)))
    (i32.const 2))
)
(assert_return (invoke "dead_loop" (i32.const 16)) (i32.const 0))
(assert_trap (invoke "dead_loop" (i32.const 17)) "out of bounds memory access")
(assert_return (invoke "inlined_dead" (i32.const 65532)) (i32.const 1))
(assert_trap (invoke "inlined_dead" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "v128_dead" (i32.const 65520)) (i32.const 2))
(assert_trap (invoke "v128_dead" (i32.const 65521)) "out of bounds memory access")

;; A load used only after a loop and a call, on one path: code generation
;; (MachineSink) would move it there, past the early return (found by the
;; differential run, module 315 of seed 42).
(module
  (memory 1)
  (global $g (mut i64) (i64.const 0))
  (global $c (mut i32) (i32.const 3))
  (func $f (export "sunk") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load8_u offset=5 (i32.xor (local.get 0) (i32.const -65))))
    (if (i64.gt_u (global.get $g) (i64.const 100)) (then (return (i32.const -6))))
    (loop $l
      (global.set $c (i32.sub (global.get $c) (i32.const 1)))
      (br_if $l (i32.eqz (i32.load (i32.const 150)))))
    (drop (call $f (i32.const -65) (i32.const 0)))
    (i32.mul (local.get 2) (i32.const 33)))
  (func (export "setg") (param i64) (global.set $g (local.get 0)))
)
(invoke "setg" (i64.const 1000))
(assert_trap (invoke "sunk" (i32.const 0) (i32.const 1)) "out of bounds memory access")

;; A dead load in a block SimplifyCFG speculates (turning a phi or a
;; conditional store into a select): values only an assumption uses count as
;; ephemeral there and were dropped with the block's branch. Found by the
;; differential run (seed 1795506501, module 110: a hang-limited loop whose
;; load of address -11 offset 22 went dead once the loop was folded).
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "cond_store") (param i32 i32) (result i32)
    (global.set $g (i32.const 1))
    (if (local.get 0)
      (then (drop (i32.load (local.get 1))) (global.set $g (i32.const 3))))
    (global.get $g))
  (func (export "cond_phi") (param i32 i32 i32) (result i32)
    (if (local.get 0)
      (then (drop (i32.load (local.get 1)))
            (local.set 2 (i32.add (local.get 2) (i32.const 5)))))
    (local.get 2))
  (func (export "folded_loop") (param i32) (result i32) (local i64)
    (global.set $g (local.get 0))
    (loop $l
      (if (i32.eqz (global.get $g)) (then (return (i32.const 1))))
      (global.set $g (i32.sub (global.get $g) (i32.const 1)))
      (local.set 1 (i64.load8_s offset=22 (i32.const -11)))
      (br $l))
    (i32.const 0))
)
(assert_return (invoke "cond_store" (i32.const 1) (i32.const 65532)) (i32.const 3))
(assert_trap (invoke "cond_store" (i32.const 1) (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "cond_store" (i32.const 0) (i32.const -1)) (i32.const 1))
(assert_return (invoke "cond_phi" (i32.const 1) (i32.const 65532) (i32.const 2)) (i32.const 7))
(assert_trap (invoke "cond_phi" (i32.const 1) (i32.const -4) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "cond_phi" (i32.const 0) (i32.const -4) (i32.const 2)) (i32.const 2))
(assert_return (invoke "folded_loop" (i32.const 0)) (i32.const 1))
(assert_trap (invoke "folded_loop" (i32.const 3)) "out of bounds memory access")
