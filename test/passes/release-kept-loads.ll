; After the optimiser every keep-alive goes, assumption and w2n.keep call
; alike, and the loads they kept become volatile, so instruction selection
; keeps each one and its fault.
; RUN: w2n-opt -passes=w2n-release-kept-loads -S %s | FileCheck %s

; CHECK-LABEL: define void @assumed(
; CHECK-NEXT: %v = load volatile i32, ptr %p
; CHECK-NEXT: ret void
define void @assumed(ptr %p) {
  %v = load i32, ptr %p
  call void @llvm.assume(i1 true) [ "noundef"(i32 %v) ]
  ret void
}

; CHECK-LABEL: define void @kept(
; CHECK-NEXT: %v = load volatile i64, ptr %p
; CHECK-NEXT: ret void
define void @kept(ptr %p) {
  %v = load i64, ptr %p
  call void (...) @w2n.keep(i64 %v)
  ret void
}

; CHECK-NOT: declare void @w2n.keep
declare void @w2n.keep(...)
declare void @llvm.assume(i1)
