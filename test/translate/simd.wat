;; v128 values travel as <2 x i64> and each op views them in its lane shape.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal <2 x i64> @w2n_f0_add(
;; CHECK: add <4 x i32>

;; Saturating narrow clamps to the narrow range and truncates.
;; CHECK-LABEL: define internal <2 x i64> @w2n_f1_narrow(
;; CHECK: @llvm.smax.v16i16
;; CHECK: @llvm.smin.v16i16
;; CHECK: trunc {{.*}}<16 x i16> {{.*}} to <16 x i8>

;; bitmask: the sign bits as an integer.
;; CHECK-LABEL: define internal {{.*}}i32 @w2n_f2_bitmask(
;; CHECK: icmp slt <4 x i32>
;; CHECK: bitcast <4 x i1> {{.*}} to i4

;; trunc_sat from f64x2 fills the upper lanes with zeros.
;; CHECK-LABEL: define internal <2 x i64> @w2n_f3_trunc_zero(
;; CHECK: @llvm.fptosi.sat.v2i32.v2f64
;; CHECK: shufflevector <2 x i32> {{.*}}, <2 x i32> zeroinitializer, <4 x i32> <i32 0, i32 1, i32 2, i32 3>
(module
  (func $add (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func $narrow (export "narrow") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
  (func $bitmask (export "bitmask") (param v128) (result i32)
    (i32x4.bitmask (local.get 0)))
  (func $trunc_zero (export "trunc_zero") (param v128) (result v128)
    (i32x4.trunc_sat_f64x2_s_zero (local.get 0))))
