;; Guard regions: a load is base + zext(addr) + offset with no compare; the
;; runtime's reservation turns an out-of-bounds access into a fault. After
;; optimisation the load is volatile, so code generation can neither drop
;; nor move the fault (design.md, "Dead loads still trap").
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 --bounds-checks=guard %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal i32 @w2n_f0_load(
;; CHECK-NOT: icmp
;; CHECK: %mem0.base = load ptr, ptr %{{.*}}, !invariant.load
;; CHECK-NEXT: [[IDX:%.*]] = zext i32 %{{.*}} to i64
;; CHECK-NEXT: [[P:%.*]] = getelementptr inbounds i8, ptr %mem0.base, i64 [[IDX]]
;; CHECK-NEXT: [[Q:%.*]] = getelementptr inbounds i8, ptr [[P]], i64 16
;; CHECK-NEXT: load volatile i32, ptr [[Q]], align 1, !tbaa
;; CHECK-NOT: icmp
;; CHECK: ret i32
(module
  (memory 1)
  (func $load (export "load") (param i32) (result i32)
    (i32.load offset=16 (local.get 0))))
