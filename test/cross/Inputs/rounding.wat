;; Rounding operations whose NaN results must be quiet (riscv-rounding-nan.test).
(module
  (func (export "floor") (param f64) (result f64) (f64.floor (local.get 0)))
  (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "trunc4") (param v128) (result v128) (f32x4.trunc (local.get 0))))
