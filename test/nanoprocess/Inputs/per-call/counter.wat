;; A child whose state shows whether its instance survived the last call:
;; bump increments a global and a memory cell and returns 10 * global + cell
;; (11 from a fresh instance); keep_open and keep_own open in.txt beneath a
;; lent directory or beneath its own grant (descriptor 3) and never close it.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (data (i32.const 32) "in.txt")
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))
    (i32.add (i32.mul (global.get $g) (i32.const 10)) (i32.load (i32.const 16))))
  ;; The new descriptor's number, or -errno.
  (func $open (param $dir i32) (result i32)
    (local $e i32)
    (local.set $e
      (call $path_open (local.get $dir) (i32.const 0) (i32.const 32)
        (i32.const 6) (i32.const 0) (i64.const 2) (i64.const 2) (i32.const 0)
        (i32.const 8)))
    (if (result i32) (local.get $e)
      (then (i32.sub (i32.const 0) (local.get $e)))
      (else (i32.load (i32.const 8)))))
  (func (export "keep_open") (param i32) (result i32)
    (call $open (local.get 0)))
  (func (export "keep_own") (result i32)
    (call $open (i32.const 3))))
