;; With the tail-call proposal on, a plain call in tail position still uses
;; stack: infinite recursion ends in "call stack exhausted", while the same
;; recursion through return_call runs in constant stack.
(module
  (func $runaway (export "runaway") (call $runaway))
  (func $mutual1 (export "mutual") (call $mutual2))
  (func $mutual2 (call $mutual1))
  (func $count (export "count") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 42))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1)))))))
(assert_exhaustion (invoke "runaway") "call stack exhausted")
(assert_exhaustion (invoke "mutual") "call stack exhausted")
(assert_return (invoke "count" (i64.const 10000000)) (i64.const 42))
