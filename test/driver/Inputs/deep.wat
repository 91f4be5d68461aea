(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func $down (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))
  (func (export "_start")
    (drop (call $down (i32.const 1000000)))
    (call $exit (i32.const 7))))
