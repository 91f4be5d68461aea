; A 32-bit pointer that a loop walks and zero-extends for addressing is
; carried through the phi as 64 bits; the extension moves to the edge the
; value enters by.
; RUN: w2n-opt -passes=w2n-widen-address-phis -S %s | FileCheck %s

; CHECK-LABEL: define i32 @walk(
; CHECK: entry:
; CHECK-NEXT: %start.zext = zext i32 %start to i64
; CHECK: loop:
; CHECK-NEXT: %p.wide = phi i64 [ %start.zext, %entry ], [ %next.zext, %loop ]
; CHECK-NEXT: %p1 = trunc i64 %p.wide to i32
; CHECK-NEXT: %a = getelementptr i8, ptr %mem, i64 %p.wide
; CHECK: %next.zext = zext i32 %next to i64
; CHECK-NEXT: br i1 %done
; CHECK: ret i32 %p1
define i32 @walk(ptr %mem, i32 %start) {
entry:
  br label %loop
loop:
  %p = phi i32 [ %start, %entry ], [ %next, %loop ]
  %e = zext i32 %p to i64
  %a = getelementptr i8, ptr %mem, i64 %e
  %next = load i32, ptr %a
  %done = icmp eq i32 %next, 0
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %p
}
