;; call_indirect through a table that may change (here: exported) checks
;; the index against the table size (7, undefined element), the element for
;; null (8, uninitialized element) and the callee's canonical type id
;; against ctx->type_ids[type] (6, indirect call type mismatch), then calls
;; the element's code with the element's ctx. The first two traps pass the
;; index, which their messages name.
;;
;; Through a table fixed at instantiation (not exported, never written, its
;; segments constant) the bound is a constant and the callee comes from a
;; constant array built for the call's type: the element's function, or a
;; stub that traps on behalf of its caller (w2n_trap_for_caller with its
;; return address) with "uninitialized element N" (8) or "indirect call
;; type mismatch" (6). A constant index becomes a direct call (here
;; inlined).
;; Functions that call out of the module check the stack limit on entry
;; (stack-check.wat); call_indirect through a table that may change does.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: FileCheck %s --check-prefix=TRAPS < %t.ll
;; RUN: FileCheck %s --check-prefix=GLOBALS < %t.ll

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
;; GLOBALS: @w2n_dispatch_callees_t1_type0 = private unnamed_addr constant [3 x ptr] [ptr @w2n_dispatch_trap8_0_type0, ptr @w2n_f0_inc, ptr @w2n_dispatch_trap6_type0]
;; GLOBALS: define private {{.*}}@w2n_dispatch_trap8_0_type0(
;; GLOBALS: call ptr @llvm.returnaddress(i32 0)
;; GLOBALS: call void @w2n_trap_for_caller(ptr {{.*}}, i32 8, i64 0, ptr
;; GLOBALS: define private {{.*}}@w2n_dispatch_trap6_type0(
;; GLOBALS: call void @w2n_trap_for_caller(ptr {{.*}}, i32 6, i64 -1, ptr
;; CHECK-LABEL: define internal i32 @w2n_f2_fixed(
;; CHECK-NOT: %t.size
;; CHECK: icmp ugt i32 %0, 2
;; CHECK: getelementptr inbounds [3 x ptr], ptr @w2n_dispatch_callees_t1_type0
;; CHECK: %callee = load ptr
;; CHECK-NOT: icmp
;; CHECK: call i32 %callee(ptr nonnull %ctx, i32 %1)
;; CHECK-LABEL: define internal i32 @w2n_f3_fixed_const(
;; CHECK-NOT: @w2n_dispatch_
;; CHECK: add i32 %0, 1
;; CHECK-NOT: @w2n_dispatch_
;; CHECK: ret i32
;; TRAPS-LABEL: define internal {{.*}}@w2n_f1_dispatch(
;; TRAPS-DAG: call void @w2n_trap(ptr {{.*}}, i32 6)
;; TRAPS-DAG: call void @w2n_trap_detail(ptr {{.*}}, i32 7, i64 %
;; TRAPS-DAG: call void @w2n_trap_detail(ptr {{.*}}, i32 8, i64 %
;; TRAPS-DAG: call void @w2n_trap_stack(ptr
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (export "table" (table 0))
  (elem (i32.const 0) $inc)
  (table $fixed 3 funcref)
  (elem (table $fixed) (i32.const 1) func $inc $fixed)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $dispatch (export "dispatch") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func $fixed (export "fixed") (param i32 i32) (result i32)
    (call_indirect $fixed (type $t) (local.get 1) (local.get 0)))
  (func $fixed_const (export "fixed_const") (param i32) (result i32)
    (call_indirect $fixed (type $t) (local.get 0) (i32.const 1))))
