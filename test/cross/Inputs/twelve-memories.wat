;; Twelve memories of one page (guard-va.test): with guard regions each
;; reserves 8 GiB + 64 KiB of address space, with software checks 64 KiB.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (memory $m1 1 1)
  (memory $m2 1 1)
  (memory $m3 1 1)
  (memory $m4 1 1)
  (memory $m5 1 1)
  (memory $m6 1 1)
  (memory $m7 1 1)
  (memory $m8 1 1)
  (memory $m9 1 1)
  (memory $m10 1 1)
  (memory $m11 1 1)
  (data (memory 0) (i32.const 16) "ok\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (i32.store8 $m11 (i32.const 65535) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
