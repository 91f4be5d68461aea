;; Returns its argument when it is 0, else throws.
(module
  (tag $oops (param i32))
  (func (export "boom") (param i32) (result i32)
    (if (local.get 0) (then (throw $oops (local.get 0))))
    (local.get 0)))
