; llvm.canonicalize goes: dropped where its operand is an operation that
; quiets NaNs anyway, and a select that sets the quiet bit of a NaN where a
; fold removed the operation.
; RUN: w2n-opt -passes=w2n-lower-canonicalize -S %s | FileCheck %s

; CHECK-LABEL: define float @folded(
; CHECK-NEXT: %1 = bitcast float %x to i32
; CHECK-NEXT: %2 = or i32 %1, 4194304
; CHECK-NEXT: %3 = bitcast i32 %2 to float
; CHECK-NEXT: %4 = fcmp uno float %x, %x
; CHECK-NEXT: %quiet = select i1 %4, float %3, float %x
; CHECK-NEXT: ret float %quiet
define float @folded(float %x) {
  %c = call float @llvm.canonicalize.f32(float %x)
  ret float %c
}

; CHECK-LABEL: define double @quiets(
; CHECK-NEXT: %m = fmul double %a, %b
; CHECK-NEXT: ret double %m
define double @quiets(double %a, double %b) {
  %m = fmul double %a, %b
  %c = call double @llvm.canonicalize.f64(double %m)
  ret double %c
}

declare float @llvm.canonicalize.f32(float)
declare double @llvm.canonicalize.f64(double)
