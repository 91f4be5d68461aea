;; At -O2 LLVM folds x*1.0 to x and fptrunc(fpext x) to x, which would hand
;; a signalling NaN back unquieted; where it did, the quieting is explicit
;; (isnan ? bits | quiet bit : x). An operation that stays needs nothing
;; more (the hardware quiets), and no llvm.canonicalize reaches the backend.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: FileCheck %s --check-prefix=NONE < %t.ll
;; RUN: %wasm2native --emit-llvm -S -O0 %t.wasm -o %t0.ll
;; RUN: FileCheck %s --check-prefix=NONE < %t0.ll

;; CHECK-LABEL: define {{.*}}@w2n_f0_mul_one(
;; CHECK-DAG: or i32 {{.*}}, 4194304
;; CHECK-DAG: fcmp uno float %0, %0
;; CHECK: ret float %quiet
;; CHECK-LABEL: define {{.*}}@w2n_f1_promote_demote(
;; CHECK: fptrunc double
;; CHECK: or i32 {{.*}}, 4194304
;; CHECK: ret float %quiet
;; CHECK-LABEL: define {{.*}}@w2n_f2_mul(
;; CHECK-NEXT: entry:
;; CHECK-NEXT: %[[M:[0-9]+]] = fmul double
;; CHECK-NEXT: ret double %[[M]]
;; NONE-NOT: call {{.*}}@llvm.canonicalize
(module
  (func $mul_one (export "mul_one") (param f32) (result f32)
    (f32.mul (local.get 0) (f32.const 1.0)))
  (func $promote_demote (export "promote_demote") (param f32) (result f32)
    (f32.demote_f64 (f64.promote_f32 (local.get 0))))
  (func $mul (export "mul") (param f64 f64) (result f64)
    (f64.mul (local.get 0) (local.get 1))))
