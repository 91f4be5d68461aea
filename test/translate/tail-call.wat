;; With the tail-call proposal, defined functions use tailcc and return_call
;; is a musttail call, whatever the signatures; C-convention entry points
;; serve the runtime. return_call_indirect reaches a callee of the same
;; instance through its tailcc function.
;; RUN: wat2wasm --enable-tail-call --debug-names %s -o %t.wasm
;; RUN: %wasm2native --enable-tail-call --emit-llvm -S -O0 %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal tailcc i64 @w2n_f0_even(
;; CHECK: musttail call tailcc i64 @w2n_f1_odd(ptr %ctx, i64 %{{.*}}, i32 7)
;; CHECK-NEXT: ret i64

;; CHECK-LABEL: define internal tailcc i64 @w2n_f2_indirect(
;; CHECK: tail.fast:
;; CHECK: musttail call tailcc i64 %{{.*}}(ptr %ctx, i64 %{{.*}}, i32 1)
;; CHECK: tail.other:
;; CHECK: tail call i64 %fn.code(ptr %fn.ctx,

;; CHECK-LABEL: define internal i64 @w2n_f0_even.entry(
;; CHECK: call tailcc i64 @w2n_f0_even(
(module
  (type $t (func (param i64 i32) (result i64)))
  (table 1 funcref)
  (elem (i32.const 0) $odd)
  (func $even (export "even") (param i64) (result i64)
    (return_call $odd (local.get 0) (i32.const 7)))
  (func $odd (type $t) (local.get 0))
  (func $indirect (export "indirect") (param i64) (result i64)
    (return_call_indirect (type $t) (local.get 0) (i32.const 1) (i32.const 0))))

;; Plain calls are `notail` under tailcc, at every level, so recursion
;; through them exhausts the stack (spec call.wast's runaway, which looped
;; forever at -O2 before):
;; RUN: w2n-spectest -q --enable-tail-call --opt=2 %S/Inputs/tail-call-runaway.wast | FileCheck --check-prefix=RUNAWAY %s
;; RUN: w2n-spectest -q --enable-tail-call --opt=3 --bounds-checks=software %S/Inputs/tail-call-runaway.wast | FileCheck --check-prefix=RUNAWAY %s
;; RUNAWAY: TOTAL {{.*}}: 4 passed, 0 failed
