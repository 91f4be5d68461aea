;; Software checks: zext(addr) + offset + size is compared with the current
;; memory size in 64 bits, and failure branches to a shared cold block that
;; calls w2n_trap(ctx, W2N_TRAP_OOB_MEMORY = 2).
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 --bounds-checks=software %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal i32 @w2n_f0_load(
;; CHECK: %mem.size = load i64, ptr %{{.*}}, !tbaa
;; CHECK-NOT: !invariant.load
;; CHECK: [[IDX:%.*]] = zext i32 %{{.*}} to i64
;; CHECK: [[END:%.*]] = add nuw nsw i64 [[IDX]], 20
;; CHECK: [[OOB:%.*]] = icmp ugt i64 [[END]], %mem.size
;; CHECK: br i1 [[OOB]], label %[[TRAP:.*]], label %[[OK:.*]], !prof
;; CHECK: [[OK]]:
;; CHECK: load i32, ptr %{{.*}}, align 1, !tbaa
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @w2n_trap(ptr {{.*}}, i32 2)
;; CHECK-NEXT: unreachable

;; memory.grow changes the size: the second load's check reads it again.
;; CHECK-LABEL: define internal i32 @w2n_f1_grow(
;; CHECK: load i64
;; CHECK: call i64 @w2n_memory_grow(
;; CHECK: load i64
(module
  (memory 1)
  (func $load (export "load") (param i32) (result i32)
    (i32.load offset=16 (local.get 0)))
  (func $grow (export "grow") (param i32) (result i32)
    (i32.load (local.get 0))
    (drop (memory.grow (i32.const 1)))
    (i32.add (i32.load (local.get 0)))))
