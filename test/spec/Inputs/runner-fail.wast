;; Wrong expectations: each command below must be reported as a failure.
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "nan.payload") (result f32) (f32.reinterpret_i32 (i32.const 0x7fc00001)))
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "trap") unreachable)
)
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "nan.payload") (f32.const nan:canonical))
(assert_return (invoke "lanes") (v128.const i32x4 1 2 3 5))
(assert_trap (invoke "one") "unreachable")
(assert_trap (invoke "trap") "integer overflow")
(assert_return (invoke "trap"))
(assert_return (invoke "one") (i32.const 1))
