;; Only the descriptor is external; every function is internal, nounwind
;; and probes its stack inline. The descriptor points to the init function,
;; which stores global initialisers into their cells and applies segments;
;; an executable has no relative per-function arrays (its _rel fields),
;; and a module without tags no tag table.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O0 %t.wasm -o - | FileCheck %s

;; CHECK: @w2n_main_module = constant {{.*}} ptr @w2n_init, i32 0, ptr null, ptr null, i32 0, i32 0, ptr null }
;; CHECK: define internal { i32, i64 } @w2n_f0_pair(ptr noundef nonnull align 8 dereferenceable(136) %ctx, i32 %0) [[ATTR:#[0-9]+]]
;; CHECK: insertvalue { i32, i64 }
;; CHECK: define internal void @w2n_init(ptr
;; CHECK: store i32 42, ptr %g0
;; CHECK: call void @w2n_table_init(ptr %{{.*}}, i32 0, i32 0, i64 1, i32 0, i32 1)
;; CHECK: call void @w2n_elem_drop(ptr %{{.*}}, i32 0)
;; CHECK: call void @w2n_memory_init(ptr %{{.*}}, i32 0, i32 0, i64 8, i32 0, i32 2)
;; CHECK: call void @w2n_data_drop(ptr %{{.*}}, i32 0)
;; CHECK: define internal void @w2n_invoke_i_iI(ptr %0, ptr %1, ptr %2)
;; CHECK: attributes [[ATTR]] = { nounwind "disable-tail-calls"="true" "probe-stack"="inline-asm" }
(module
  (memory 1)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 42))
  (func $pair (export "pair") (param i32) (result i32 i64)
    (local.get 0) (i64.const 7))
  (elem (i32.const 1) $pair)
  (data (i32.const 8) "hi"))
