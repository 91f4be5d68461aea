; A loop that stores to linear memory is kept from the loop vectoriser
; (vectorize.width 1, interleave.count 1); a loop that stores only into the
; instance context (the first argument) is not.
; RUN: w2n-opt -passes=w2n-ordered-stores -S %s | FileCheck %s

; CHECK-LABEL: define void @stores(
; CHECK: br i1 %done, label %exit, label %loop, !llvm.loop ![[L:[0-9]+]]
define void @stores(ptr %ctx, ptr %mem, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr i8, ptr %mem, i64 %i
  store i8 0, ptr %p
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; CHECK-LABEL: define void @context(
; CHECK: br i1 %done, label %exit, label %loop{{$}}
define void @context(ptr %ctx, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  store i64 %i, ptr %ctx
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; CHECK: ![[L]] = distinct !{![[L]], ![[W:[0-9]+]], ![[I:[0-9]+]]}
; CHECK-DAG: ![[W]] = !{!"llvm.loop.vectorize.width", i32 1}
; CHECK-DAG: ![[I]] = !{!"llvm.loop.interleave.count", i32 1}
