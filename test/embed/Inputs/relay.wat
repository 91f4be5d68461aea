(module
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (import "lib" "recurse" (func $recurse (param i32) (result i32)))
  (import "lib" "fail" (func $fail (param i32)))
  (func (export "relay_fail") (param i32) (call $fail (local.get 0)))
  (func (export "relay_add") (param i32 i32) (result i32)
    (call $add (local.get 0) (local.get 1)))
  (func (export "relay_recurse") (result i32)
    (call $recurse (i32.const 0))))
