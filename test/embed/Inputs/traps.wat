(module
  (import "host" "fail" (func $fail (param i32)))
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "store") (param i32 i32)
    (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "unreachable") unreachable)
  (func (export "fail") (param i32) (call $fail (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1)))
             (i32.const 1)))
  ;; Counts down from n: a loop that runs until it is done or interrupted.
  (func (export "spin") (param i64) (result i64)
    (local $acc i64)
    (block $done
      (loop $again
        (br_if $done (i64.eqz (local.get 0)))
        (local.set $acc (i64.add (local.get $acc) (local.get 0)))
        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
        (br $again)))
    (local.get $acc)))
