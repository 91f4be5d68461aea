;; The stack-limit check at function entry. A function that calls only this
;; module's functions (directly or through a fixed table) has none:
;; recursion among them runs into the guard zone below the stack, and the
;; fault handler reports "call stack exhausted" (run/traps and the spec
;; suite's assert_exhaustion prove it). Functions that call out (an import,
;; a runtime helper such as memory.grow, call_indirect through a table that
;; may hold other modules' functions) check, so host code always has the
;; stack margin. Nanoprocesses check in every function that calls, since
;; the check enforces their stack budgets (nanoprocess/example.test).
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s

;; CHECK-LABEL: define internal i32 @w2n_f1_recurse(
;; CHECK-NOT: read_register
;; CHECK: ret i32
;; CHECK-LABEL: define internal void @w2n_f2_calls_import(
;; CHECK: read_register
;; CHECK: %stack.limit = load i64
;; CHECK-LABEL: define internal i32 @w2n_f3_grows(
;; CHECK: read_register
;; CHECK: call i64 @w2n_memory_grow(
;; CHECK-LABEL: define internal i32 @w2n_f4_open_table(
;; CHECK: read_register
(module
  (import "env" "host" (func $host))
  (memory 1)
  (table $open (export "open") 1 funcref)
  (func $recurse (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
              (call $recurse (i32.sub (local.get 0) (i32.const 1)))))))
  (func $calls_import (export "calls_import") (call $host))
  (func $grows (export "grows") (result i32) (memory.grow (i32.const 1)))
  (func $open_table (export "open_table") (param i32) (result i32)
    (call_indirect $open (result i32) (local.get 0))))
