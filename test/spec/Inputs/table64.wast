;; table64 (Wasm 3.0 memory64): i64 table indices, sizes and deltas; an
;; index or length of 2^32 or more is out of bounds, not truncated; the
;; index type is part of a table import's type.
(module
  (type $v (func (result i32)))
  (table $t i64 2 10 funcref)
  (table $u 3 funcref)
  (elem (table $t) (i64.const 0) func $f $g)
  (func $f (result i32) (i32.const 1))
  (func $g (result i32) (i32.const 2))
  (func (export "call") (param i64) (result i32)
    (call_indirect $t (type $v) (local.get 0)))
  (func (export "size") (result i64) (table.size $t))
  (func (export "grow") (param i64) (result i64)
    (table.grow $t (ref.null func) (local.get 0)))
  (func (export "is-null") (param i64) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
  (func (export "fill") (param i64 i64)
    (table.fill $t (local.get 0) (ref.func $f) (local.get 1)))
  (func (export "copy-to-32") (param i32 i64 i32)
    (table.copy $u $t (local.get 0) (local.get 1) (local.get 2)))
)
(assert_return (invoke "call" (i64.const 1)) (i32.const 2))
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_return (invoke "size") (i64.const 2))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 3)) (i64.const 2))
(assert_return (invoke "size") (i64.const 5))
(assert_return (invoke "is-null" (i64.const 4)) (i32.const 1))
(assert_trap (invoke "is-null" (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const 0x1_0000_0000)) "out of bounds table access")
(invoke "fill" (i64.const 2) (i64.const 3))
(assert_return (invoke "call" (i64.const 4)) (i32.const 1))
(assert_trap (invoke "copy-to-32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds table access")
(invoke "copy-to-32" (i32.const 0) (i64.const 0) (i32.const 3))

(assert_invalid
  (module (table i64 1 funcref) (func (result i32) (table.size 0)))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (drop (table.get 0 (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (elem (i32.const 0) func))
  "type mismatch")
(assert_invalid
  (module (table $a i64 1 funcref) (table $b 1 funcref)
    (func (table.copy $a $b (i64.const 0) (i32.const 0) (i64.const 0))))
  "type mismatch")

(module $M
  (table (export "t64") i64 1 funcref)
  (table (export "t32") 1 funcref))
(register "M" $M)
(module (import "M" "t64" (table i64 1 funcref)))
(assert_unlinkable
  (module (import "M" "t64" (table 1 funcref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "M" "t32" (table i64 1 funcref)))
  "incompatible import type")
