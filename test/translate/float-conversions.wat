;; Trapping float-to-int conversions: NaN traps with code 5 (invalid
;; conversion), values whose truncation does not fit with code 4 (integer
;; overflow). The bounds are the exclusive limits, exactly representable.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s
;; RUN: %wasm2native --emit-llvm -S -O0 %t.wasm -o - | FileCheck %s --check-prefix=O0

;; -2147483904 = -2^31 - 256, the f32 just below INT32_MIN.
;; CHECK-LABEL: define internal i32 @w2n_f0_i32_f32_s(
;; CHECK: fcmp uno float %0, 0.000000e+00
;; CHECK: fcmp uge float %0, 0x41E0000000000000
;; CHECK: fcmp ule float %0, 0xC1E0000020000000
;; CHECK-DAG: fptosi float %0 to i32
;; CHECK-DAG: call void @w2n_trap(ptr {{.*}}, i32 5)
;; CHECK-DAG: call void @w2n_trap(ptr {{.*}}, i32 4)

;; -2147483649 = INT32_MIN - 1, exact in f64.
;; CHECK-LABEL: define internal i32 @w2n_f1_i32_f64_s(
;; CHECK: fcmp ule double %0, 0xC1E0000000200000

;; Unsigned: (-1, 2^64).
;; CHECK-LABEL: define internal i64 @w2n_f2_i64_f64_u(
;; CHECK: fcmp uge double %0, 0x43F0000000000000
;; CHECK: fcmp ule double %0, -1.0

;; -9223373136366403584 = -2^63 - 2^40, the f32 just below INT64_MIN.
;; CHECK-LABEL: define internal i64 @w2n_f3_i64_f32_s(
;; CHECK: fcmp ule float %0, 0xC3E0000020000000

;; Saturating conversions are the LLVM intrinsics.
;; CHECK-LABEL: define internal i32 @w2n_f4_sat(
;; CHECK: call i32 @llvm.fptoui.sat.i32.f64(double %0)

;; min and max return a quiet NaN when either operand is NaN.
;; O0-LABEL: define internal float @w2n_f5_min(
;; O0-DAG: [[MIN:%.*]] = call nnan float @llvm.minimum.f32(float [[A:%.*]], float [[B:%.*]])
;; O0-DAG: [[UNO:%.*]] = fcmp uno float [[A]], [[B]]
;; O0-DAG: [[SUM:%.*]] = fadd float [[A]], [[B]]
;; O0: select i1 [[UNO]], float [[SUM]], float [[MIN]]
(module
  (func $i32_f32_s (export "a") (param f32) (result i32)
    (i32.trunc_f32_s (local.get 0)))
  (func $i32_f64_s (export "b") (param f64) (result i32)
    (i32.trunc_f64_s (local.get 0)))
  (func $i64_f64_u (export "c") (param f64) (result i64)
    (i64.trunc_f64_u (local.get 0)))
  (func $i64_f32_s (export "d") (param f32) (result i64)
    (i64.trunc_f32_s (local.get 0)))
  (func $sat (export "e") (param f64) (result i32)
    (i32.trunc_sat_f64_u (local.get 0)))
  (func $min (export "f") (param f32 f32) (result f32)
    (f32.min (local.get 0) (local.get 1))))
