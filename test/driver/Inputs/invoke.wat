;; Exports over every number type, one with two results, one that traps and
;; one over a reference, for `wasm2native run --invoke`.
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "div") (param f64 f64) (result f64)
    (f64.div (local.get 0) (local.get 1)))
  (func (export "half") (param f32) (result f32)
    (f32.mul (local.get 0) (f32.const 0.5)))
  (func (export "pair") (param i32) (result i32 f32)
    (local.get 0) (f32.const 0.1))
  (func (export "none"))
  (func (export "crash") (result i32) unreachable)
  (func (export "ref") (param externref))
  (memory (export "memory") 1))
