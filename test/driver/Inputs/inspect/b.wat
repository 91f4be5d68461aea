;; a.wat's imports and exports in the opposite order.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (func (export "alpha") (result f64 i32) (f64.const 1) (i32.const 2))
  (func (export "_start") (call $exit (i32.const 0)))
  (func (export "zeta") (param i64) (result i32) (i32.const 0))
  (memory (export "memory") 1))
