;; Exports a tag and a function that throws it, and catches its own tag from
;; whatever function the embedder's resolver gave it as "env"."thrower".
(module
  (import "env" "thrower" (func $thrower (param i32)))
  (tag $boom (export "boom") (param i32))
  (func (export "throw") (param i32) (throw $boom (local.get 0)))
  ;; The payload when the thrower's exception is this instance's $boom;
  ;; -2 when it is another exception.
  (func (export "catch") (param i32) (result i32)
    (block $other
      (block $h (result i32)
        (try_table (catch $boom $h) (catch_all $other)
          (call $thrower (local.get 0)))
        (return (i32.const -1)))
      (return))
    (i32.const -2))
  (func (export "ok") (result i32) (i32.const 42)))
