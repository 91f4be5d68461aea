;; A reactor whose imports a host serves with state, one that fails with a
;; message, and one nobody provides; with exports of every kind and a
;; second memory.
(module
  (import "env" "count" (func $count (param i32) (result i32)))
  (import "env" "fail" (func $fail (param i32)))
  (import "env" "greet" (func $greet (param i32 i32) (result i32)))
  (import "env" "missing" (func $missing (param i64) (result f64)))
  (memory (export "memory") 1)
  (memory (export "scratch") 2)
  (global (export "answer") i32 (i32.const 42))
  (global $g (export "level") (mut i64) (i64.const 7))
  (table (export "table") 3 funcref)
  (data (memory 0) (i32.const 16) "hello\00")
  (data (memory 1) (i32.const 8) "second")
  (func (export "count") (param i32) (result i32) (call $count (local.get 0)))
  (func (export "fail") (param i32) (call $fail (local.get 0)))
  (func (export "greet") (result i32) (call $greet (i32.const 16) (i32.const 64)))
  (func (export "missing") (result f64) (call $missing (i64.const 1)))
  (func (export "get_level") (result i64) (global.get $g)))
