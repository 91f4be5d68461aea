;; With W2N_SPECTEST_CRASH_AT=3 the worker crashes while compiling the first
;; module: that module and the commands using it fail, the rest still run.
(module
  (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (i32.const 1))
(assert_malformed (module binary "\00asm") "unexpected end")
(module
  (func (export "two") (result i32) (i32.const 2)))
(assert_return (invoke "two") (i32.const 2))
