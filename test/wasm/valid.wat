;; A module that uses every WebAssembly 2.0 feature family must validate:
;; multi-value blocks, sign extension, saturating truncation, bulk memory,
;; reference types with several tables, and SIMD (lanes, shuffles, lane
;; loads and stores, splats, extends).
;; RUN: wat2wasm %s -o %t.wasm
;; RUN: w2n-validate %t.wasm
;; Also with every proposal on, which changes encodings but not validity.
;; RUN: w2n-validate --enable-all %t.wasm
(module
  (type $pair (func (param i32 i64) (result i64 i32)))
  (import "env" "f" (func $imported (param i32) (result i32)))
  (import "env" "g" (global $g i32))
  (memory 1 2)
  (table $funcs 4 funcref)
  (table $externs 2 externref)
  (global $counter (mut i64) (i64.const 0))
  (global $fref funcref (ref.func $swap))
  (elem $e funcref (ref.func $swap) (ref.null func))
  (elem (table $funcs) (offset (global.get $g)) func $swap)
  (elem declare func $imported)
  (data $d "hello")
  (data (i32.const 16) "world")

  (func $swap (type $pair) (local.get 1) (local.get 0))

  (func (export "multi") (result i64 i32)
    (i32.const 1) (i64.const 2)
    (block (type $pair) (call $swap) (br 0)))

  (func (export "numeric") (param f64) (result i32)
    (i32.add (i32.extend8_s (i32.const 200))
             (i32.trunc_sat_f64_u (local.get 0))))

  (func (export "bulk") (param i32)
    (memory.init $d (local.get 0) (i32.const 0) (i32.const 5))
    (memory.copy (i32.const 0) (i32.const 16) (i32.const 5))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop $d)
    (table.init $funcs $e (i32.const 0) (i32.const 0) (i32.const 2))
    (table.copy $funcs $funcs (i32.const 0) (i32.const 1) (i32.const 1))
    (elem.drop $e))

  (func (export "refs") (param externref) (result i32)
    (table.set $externs (i32.const 0) (local.get 0))
    (drop (table.grow $funcs (ref.func $imported) (i32.const 1)))
    (table.fill $externs (i32.const 0) (ref.null extern) (i32.const 1))
    (drop (select (result funcref) (global.get $fref) (table.get $funcs (i32.const 0)) (i32.const 1)))
    (i32.add (table.size $externs) (ref.is_null (local.get 0))))

  (func (export "simd") (param v128) (result i32)
    (local $v v128)
    (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (v128.const i32x4 1 2 3 4)))
    (local.set $v (i32x4.replace_lane 3 (local.get $v) (i32.const 7)))
    (local.set $v (v128.load8_lane 15 (i32.const 0) (local.get $v)))
    (v128.store64_lane 1 (i32.const 8) (local.get $v))
    (local.set $v (i16x8.extend_low_i8x16_s (v128.load32_splat (i32.const 0))))
    (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.const 0))))
    (i32.add (i8x16.extract_lane_u 15 (local.get $v)) (v128.any_true (local.get $v))))

  (func (export "control") (param i32) (result i32)
    (block $a (result i32)
      (drop (block $b (result i32)
        (br_table $b $a $b (i32.const 5) (local.get 0))))
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
    (loop $l (param i32) (result i32) (local.get 0) (br_if $l))
    (call_indirect $funcs (param i32) (result i32) (i32.const 0))))
