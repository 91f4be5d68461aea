;; memory64 accesses are always software-checked, even with guard regions.
;; With offset + size within the runtime's tail (W2N_MEMORY_TAIL) only the
;; address is compared with the size (software-tail.test); beyond it
;; addr + offset + size is computed with an overflow check.
;; RUN: wat2wasm --enable-memory64 --debug-names %s -o %t.wasm
;; RUN: %wasm2native --enable-memory64 --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal {{.*}}@w2n_f0_load(
;; CHECK: icmp ugt i64 %mem.size, %0
;; CHECK: call void @w2n_trap(ptr {{.*}}, i32 2)

;; CHECK-LABEL: define internal {{.*}}@w2n_f1_far(
;; CHECK: call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %0, i64 70004)
;; CHECK: icmp ugt i64 %{{.*}}, %mem.size
;; CHECK: or i1
;; CHECK: call void @w2n_trap(ptr {{.*}}, i32 2)
(module
  (memory i64 1)
  (func $load (export "load") (param i64) (result i32)
    (i32.load offset=8 (local.get 0)))
  (func $far (export "far") (param i64) (result i32)
    (i32.load offset=70000 (local.get 0))))
