;; One i32.popcnt (the -mcpu/--features tests look for the instruction).
(module
  (func (export "popcnt") (param i32) (result i32)
    (i32.popcnt (local.get 0))))
