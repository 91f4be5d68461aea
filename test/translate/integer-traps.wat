;; Integer division traps where Wasm says so (codes: 3 divide by zero,
;; 4 integer overflow) and never reaches LLVM's undefined behaviour;
;; rem_s of INT_MIN by -1 is 0 without a trap.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal {{.*}}@w2n_f0_div_s(
;; CHECK-DAG: icmp eq i32 %1, 0
;; CHECK-DAG: icmp eq i32 %1, -1
;; CHECK-DAG: icmp eq i32 %0, -2147483648
;; CHECK-DAG: sdiv i32 %0, %1
;; CHECK-DAG: call void @w2n_trap(ptr {{.*}}, i32 3)
;; CHECK-DAG: call void @w2n_trap(ptr {{.*}}, i32 4)

;; CHECK-LABEL: define internal {{.*}}@w2n_f1_rem_s(
;; CHECK: icmp eq i64 %1, 0
;; CHECK: [[M1:%.*]] = icmp eq i64 %1, -1
;; CHECK: [[D:%.*]] = select i1 [[M1]], i64 1, i64 %1
;; CHECK: srem i64 %0, [[D]]
;; CHECK-NOT: i32 4)
;; CHECK: call void @w2n_trap(ptr {{.*}}, i32 3)

;; Shift counts are taken modulo the width; rotates use funnel shifts.
;; CHECK-LABEL: define internal {{.*}}@w2n_f2_shl(
;; CHECK: [[AMT:%.*]] = and i32 %1, 31
;; CHECK: shl i32 %0, [[AMT]]
;; CHECK-LABEL: define internal {{.*}}@w2n_f3_rotl(
;; CHECK: call i64 @llvm.fshl.i64(i64 %0, i64 %0, i64 %1)
;; CHECK-LABEL: define internal {{.*}}@w2n_f4_clz(
;; CHECK: call {{.*}}i32 @llvm.ctlz.i32(i32 %0, i1 false)
(module
  (func $div_s (export "div_s") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $rem_s (export "rem_s") (param i64 i64) (result i64)
    (i64.rem_s (local.get 0) (local.get 1)))
  (func $shl (export "shl") (param i32 i32) (result i32)
    (i32.shl (local.get 0) (local.get 1)))
  (func $rotl (export "rotl") (param i64 i64) (result i64)
    (i64.rotl (local.get 0) (local.get 1)))
  (func $clz (export "clz") (param i32) (result i32)
    (i32.clz (local.get 0))))
