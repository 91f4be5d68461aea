;; call_indirect confusion: a function reached through a table with a type
;; that differs only in a result or parameter, the same signature declared
;; by another module (structurally equal: must work), an index past the
;; table, a huge index, a null entry, and absurd table.grow requests.
(module $a
  (type $ii (func (param i32) (result i32)))
  (type $il (func (param i32) (result i64)))
  (table $t (export "table") 4 8 funcref)
  (func $id (type $ii) (local.get 0))
  (func $wide (type $il) (i64.extend_i32_u (local.get 0)))
  (elem (i32.const 0) $id $wide)
  (func (export "call_ii") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (local.get 1)))
  (func (export "call_il") (param i32 i32) (result i64)
    (call_indirect (type $il) (local.get 0) (local.get 1)))
  (func (export "call_ff") (param i32) (result f32)
    (call_indirect (param f32) (result f32) (f32.const 1) (local.get 0)))
  (func (export "grow") (param i32) (result i32)
    (table.grow $t (ref.null func) (local.get 0)))
  (func (export "get_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
)
(register "a" $a)
(assert_return (invoke "call_ii" (i32.const 5) (i32.const 0)) (i32.const 5))
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "call_il" (i32.const 5) (i32.const 0)) "indirect call type mismatch")
(assert_return (invoke "call_il" (i32.const 5) (i32.const 1)) (i64.const 5))
(assert_trap (invoke "call_ff" (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 2)) "uninitialized element")
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 4)) "undefined element")
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const -1)) "undefined element")
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 0x80000000)) "undefined element")
(assert_trap (invoke "get_null" (i32.const 4)) "out of bounds table access")
(assert_trap (invoke "get_null" (i32.const -1)) "out of bounds table access")
(assert_return (invoke "grow" (i32.const 5)) (i32.const -1))
(assert_return (invoke "grow" (i32.const -1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 4)) (i32.const 4))
(assert_return (invoke "get_null" (i32.const 7)) (i32.const 1))
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 7)) "uninitialized element")
(assert_trap (invoke "call_ii" (i32.const 5) (i32.const 8)) "undefined element")

;; Another module declares the same signatures under other indices and puts
;; its own functions into $a's table: equal signatures match across modules,
;; different ones never do, whatever the type index.
(module $b
  (type $pad (func))
  (type $il (func (param i32) (result i64)))
  (type $ii (func (param i32) (result i32)))
  (import "a" "table" (table 4 funcref))
  (func $neg (type $ii) (i32.sub (i32.const 0) (local.get 0)))
  (func $f64 (param i32) (result f64) (f64.const 1))
  (elem (i32.const 2) $neg $f64)
  (func (export "call_ii") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (local.get 1)))
  (func (export "call_il") (param i32 i32) (result i64)
    (call_indirect (type $il) (local.get 0) (local.get 1)))
)
(assert_return (invoke $b "call_ii" (i32.const 5) (i32.const 0)) (i32.const 5))
(assert_return (invoke $b "call_ii" (i32.const 5) (i32.const 2)) (i32.const -5))
(assert_return (invoke $b "call_il" (i32.const 5) (i32.const 1)) (i64.const 5))
(assert_return (invoke $a "call_ii" (i32.const 5) (i32.const 2)) (i32.const -5))
(assert_trap (invoke $b "call_ii" (i32.const 5) (i32.const 3)) "indirect call type mismatch")
(assert_trap (invoke $b "call_il" (i32.const 5) (i32.const 3)) "indirect call type mismatch")
(assert_trap (invoke $a "call_il" (i32.const 5) (i32.const 2)) "indirect call type mismatch")
(assert_trap (invoke $b "call_ii" (i32.const 5) (i32.const 8)) "undefined element")

;; An element segment that runs past the table is rejected at instantiation,
;; after the segments before it were applied.
(assert_trap
  (module
    (import "a" "table" (table 4 funcref))
    (func $z (result i32) (i32.const 0))
    (elem (i32.const 7) $z $z))
  "out of bounds table access")
