;; Imports a tag and throws it; catches it around a call of "env"."thrower".
(module
  (import "env" "boom" (tag $boom (param i32)))
  (import "env" "thrower" (func $thrower (param i32)))
  (func (export "throw") (param i32) (throw $boom (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $other
      (block $h (result i32)
        (try_table (catch $boom $h) (catch_all $other)
          (call $thrower (local.get 0)))
        (return (i32.const -1)))
      (return))
    (i32.const -2)))
