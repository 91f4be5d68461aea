;; Software checks. An access whose offset + size fits in the runtime's
;; PROT_NONE tail after every memory (W2N_MEMORY_TAIL, 64 KiB) compares only
;; zext(addr) with the current memory size: the rest of the access can only
;; reach the tail and fault. Accesses to one address with different offsets
;; share that check. A larger offset compares zext(addr) + offset + size.
;; Failure branches to a shared cold block that calls
;; w2n_trap(ctx, W2N_TRAP_OOB_MEMORY = 2). Runtime behaviour at the edges:
;; software-tail.test.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 --bounds-checks=software %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal i32 @w2n_f0_load(
;; CHECK: %mem.size = load i64, ptr %{{.*}}, !tbaa
;; CHECK-NOT: !invariant.load
;; CHECK: [[IDX:%.*]] = zext i32 %{{.*}} to i64
;; CHECK: [[OK:%.*]] = icmp ugt i64 %mem.size, [[IDX]]
;; CHECK: br i1 [[OK]], label %[[IN:.*]], label %[[TRAP:.*]], !prof
;; CHECK: [[IN]]:
;; CHECK: load volatile i32, ptr %{{.*}}, align 1, !tbaa
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @w2n_trap(ptr {{.*}}, i32 2)
;; CHECK-NEXT: unreachable

;; Three fields of one address: one compare.
;; CHECK-LABEL: define internal i32 @w2n_f1_fields(
;; CHECK: icmp
;; CHECK-NOT: icmp
;; CHECK: ret i32

;; offset + size past the tail: the whole end is compared.
;; CHECK-LABEL: define internal {{.*}}i32 @w2n_f2_far(
;; CHECK: [[IDX2:%.*]] = zext i32 %{{.*}} to i64
;; CHECK: [[END:%.*]] = add nuw nsw i64 [[IDX2]], 65537
;; CHECK: icmp ugt i64 [[END]], %mem.size

;; memory.grow changes the size: the second load's check reads it again.
;; CHECK-LABEL: define internal i32 @w2n_f3_grow(
;; CHECK: load i64
;; CHECK: call i64 @w2n_memory_grow(
;; CHECK: load i64
(module
  (memory 1)
  (func $load (export "load") (param i32) (result i32)
    (i32.load offset=16 (local.get 0)))
  (func $fields (export "fields") (param i32) (result i32)
    (i32.add (i32.load offset=0 (local.get 0))
      (i32.add (i32.load offset=4 (local.get 0)) (i32.load offset=60 (local.get 0)))))
  (func $far (export "far") (param i32) (result i32)
    (i32.load8_u offset=65536 (local.get 0)))
  (func $grow (export "grow") (param i32) (result i32)
    (i32.load (local.get 0))
    (drop (memory.grow (i32.const 1)))
    (i32.add (i32.load (local.get 0)))))
