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
