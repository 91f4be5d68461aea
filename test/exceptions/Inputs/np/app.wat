;; Calls the child's export inside a catch_all: the exception the child
;; throws must not arrive here.
(module
  (import "child" "boom" (func $boom (param i32) (result i32)))
  (func (export "_start")
    (block $caught
      (try_table (catch_all $caught)
        (drop (call $boom (i32.const 0)))
        (drop (call $boom (i32.const 1))))
      (return))
    (unreachable)))
