;; Traps raised three ways, chosen by the first argument's length (args_sizes_get):
;; argc 1: a store far past memory, a fault in the guard region (the SIGSEGV
;;         handler finds the function from the pc in the signal frame);
;;         with software checks, an explicit trap;
;; argc 2: i32.div_s by zero, an explicit trap;
;; argc 3: unbounded recursion with a big frame (stack limit / guard zone).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "before the trap\n")
  (func $store_far (param $a i32)
    (i32.store offset=100000 (local.get $a) (i32.const 1)))
  (func $divide (param $a i32) (result i32)
    (i32.div_s (i32.const 7) (local.get $a)))
  (func $recurse (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local.set $a (i64.mul (local.get $n) (i64.const 3)))
    (local.set $b (i64.add (local.get $n) (i64.const 5)))
    (local.set $c (i64.xor (local.get $a) (local.get $b)))
    (local.set $d (call $recurse (i64.add (local.get $n) (i64.const 1))))
    (i64.add (i64.add (local.get $a) (local.get $b)) (i64.add (local.get $c) (local.get $d))))
  (func $main (export "_start")
    (local $argc i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $argc (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 64))
    (i32.store (i32.const 12) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (if (i32.eq (local.get $argc) (i32.const 1))
      (then (call $store_far (i32.const 0x7fff0000))))
    (if (i32.eq (local.get $argc) (i32.const 2))
      (then (drop (call $divide (i32.const 0)))))
    (if (i32.eq (local.get $argc) (i32.const 3))
      (then (drop (call $recurse (i64.const 0)))))))
