; Rounding a NaN gives a quiet NaN: `isnan(x) ? x + x : floor(x)`, for the
; RISC-V backend that hands a signalling NaN back unchanged.
; RUN: w2n-opt -passes=w2n-quiet-rounding-nans -S %s | FileCheck %s
target triple = "riscv64-unknown-linux-gnu"

; CHECK-LABEL: define float @floor(
; CHECK-NEXT: %r = call float @llvm.floor.f32(float %x)
; CHECK-NEXT: %quiet = fadd float %x, %x
; CHECK-NEXT: %1 = fcmp uno float %x, %x
; CHECK-NEXT: %2 = select i1 %1, float %quiet, float %r
; CHECK-NEXT: ret float %2
define float @floor(float %x) {
  %r = call float @llvm.floor.f32(float %x)
  ret float %r
}

declare float @llvm.floor.f32(float)
