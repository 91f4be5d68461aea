;; A fixed funcref table of 301 elements (the last null) called through
;; call_indirect with two types, so the compiler makes a dispatch array of
;; 301 entries per type; function names for the trap report.
(module
  (type $ii (func (param i32) (result i32)))
  (type $II (func (param i64) (result i64)))
  (table 301 funcref)
  (elem (i32.const 0) func $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c)
  (func $a (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $b (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $c (type $II) (i64.sub (local.get 0) (i64.const 3)))
  (func $call_ii (export "call_ii") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func $call_II (export "call_II") (param i32 i64) (result i64)
    (call_indirect (type $II) (local.get 1) (local.get 0)))
  (func $boom (export "boom") (result i32) (unreachable)))
