; A byte swap a Wasm producer expanded into shifts and masks (Wasm has no
; bswap) comes back as llvm.bswap; a bit reversal as llvm.bitreverse.
; RUN: w2n-opt -passes=w2n-bit-idioms -S %s | FileCheck %s

; CHECK-LABEL: define i32 @bswap(
; CHECK: call i32 @llvm.bswap.i32(i32 %x)
define i32 @bswap(i32 %x) {
  %b0 = shl i32 %x, 24
  %t1 = shl i32 %x, 8
  %b1 = and i32 %t1, 16711680
  %t2 = lshr i32 %x, 8
  %b2 = and i32 %t2, 65280
  %b3 = lshr i32 %x, 24
  %o1 = or i32 %b0, %b1
  %o2 = or i32 %o1, %b2
  %o3 = or i32 %o2, %b3
  ret i32 %o3
}

; An or of unrelated values is left alone.
; CHECK-LABEL: define i32 @plain(
; CHECK-NEXT: %o = or i32 %a, %b
; CHECK-NEXT: ret i32 %o
define i32 @plain(i32 %a, i32 %b) {
  %o = or i32 %a, %b
  ret i32 %o
}
