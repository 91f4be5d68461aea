; A keep-alive assumption whose load has no other use becomes a call of
; w2n.keep, which SimplifyCFG cannot drop; one on a live load stays an
; assumption.
; RUN: w2n-opt -passes=w2n-harden-keep-alives -S %s | FileCheck %s

; CHECK-LABEL: define void @dead(
; CHECK: %v = load i32, ptr %p
; CHECK-NEXT: call void (...) @w2n.keep(i32 %v)
; CHECK-NOT: llvm.assume
define void @dead(ptr %p) {
  %v = load i32, ptr %p
  call void @llvm.assume(i1 true) [ "noundef"(i32 %v) ]
  ret void
}

; CHECK-LABEL: define i32 @live(
; CHECK: call void @llvm.assume(i1 true) [ "noundef"(i32 %v) ]
; CHECK-NEXT: ret i32 %v
define i32 @live(ptr %p) {
  %v = load i32, ptr %p
  call void @llvm.assume(i1 true) [ "noundef"(i32 %v) ]
  ret i32 %v
}

declare void @llvm.assume(i1)
