;; call_indirect checks the index against the table size (7, undefined
;; element), the element for null (8, uninitialized element) and the
;; callee's canonical type id against ctx->type_ids[type] (6, indirect call
;; type mismatch), then calls the element's code with the element's ctx.
;; The first two traps pass the index, which their messages name.
;; Functions that call check the stack limit on entry.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: FileCheck %s --check-prefix=TRAPS < %t.ll

;; CHECK-LABEL: define internal i32 @w2n_f1_dispatch(
;; CHECK: call i64 @llvm.read_register.i64(metadata [[SP:![0-9]+]])
;; CHECK: %stack.limit = load i64
;; CHECK: icmp {{ugt i64 %stack.limit|ult i64 %.*, %stack.limit}}
;; CHECK: %t.size = load i64
;; CHECK: icmp {{.*}}%t.size
;; CHECK: %t.elems = load ptr
;; CHECK: %elem = load ptr
;; CHECK: icmp eq ptr %elem, null
;; CHECK: %fn.type = load i32
;; CHECK: icmp {{eq|ne}} i32 %fn.type, %type0
;; CHECK-DAG: %fn.ctx = load ptr
;; CHECK-DAG: %fn.code = load ptr
;; CHECK: call i32 %fn.code(ptr %fn.ctx, i32 %1)
;; TRAPS-LABEL: define internal {{.*}}@w2n_f1_dispatch(
;; TRAPS-DAG: call void @w2n_trap(ptr {{.*}}, i32 6)
;; TRAPS-DAG: call void @w2n_trap_detail(ptr {{.*}}, i32 7, i64 %
;; TRAPS-DAG: call void @w2n_trap_detail(ptr {{.*}}, i32 8, i64 %
;; TRAPS-DAG: call void @w2n_trap_stack(ptr
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $inc)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $dispatch (export "dispatch") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
