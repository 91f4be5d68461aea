; Before the loop vectoriser, llvm.canonicalize goes where LowerCanonicalize
; would drop it anyway (its operand quiets NaNs) and no later fold can turn
; that operand into an identity: in loops, scalar, over values that are not
; constants, phis or selects. The cost model prices the call as a libcall,
; which kept float loops from being unrolled and vectorised.
; RUN: w2n-opt -passes=w2n-loop-canonicalize -S %s | FileCheck %s
; RUN: w2n-opt -passes=w2n-loop-canonicalize -w2n-loop-canonicalize=false -S %s \
; RUN:   | FileCheck --check-prefix=OFF %s

; CHECK-LABEL: define void @axpy(
; CHECK: loop:
; CHECK: %m = fmul double %x, %a
; CHECK-NEXT: %s = fadd double %m, %y
; CHECK-NEXT: store double %s, ptr %py
; The factor is a phi: full unrolling could make it 1.0, and x*1.0 folds.
; CHECK: %mp = fmul double %x, %k
; CHECK-NEXT: %cp = call double @llvm.canonicalize.f64(double %mp)
; Identity folds and vectors keep theirs.
; CHECK: %one = fmul double %x, 1.000000e+00
; CHECK-NEXT: call double @llvm.canonicalize.f64(double %one)
; CHECK: call <2 x double> @llvm.canonicalize.v2f64(
; Outside a loop: left to LowerCanonicalize.
; CHECK: exit:
; CHECK-NEXT: %e = fmul double %a, %a
; CHECK-NEXT: call double @llvm.canonicalize.f64(double %e)
; OFF-COUNT-2: call double @llvm.canonicalize.f64(double %{{[ms]}})
define void @axpy(ptr %px, ptr %py, double %a, i64 %n, <2 x double> %v) {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %k = phi double [ 2.0, %entry ], [ %a, %loop ]
  %x = load double, ptr %px
  %y = load double, ptr %py
  %m = fmul double %x, %a
  %cm = call double @llvm.canonicalize.f64(double %m)
  %s = fadd double %cm, %y
  %cs = call double @llvm.canonicalize.f64(double %s)
  store double %cs, ptr %py
  %mp = fmul double %x, %k
  %cp = call double @llvm.canonicalize.f64(double %mp)
  store double %cp, ptr %px
  %one = fmul double %x, 1.0
  %co = call double @llvm.canonicalize.f64(double %one)
  store double %co, ptr %px
  %vm = fmul <2 x double> %v, %v
  %cv = call <2 x double> @llvm.canonicalize.v2f64(<2 x double> %vm)
  store <2 x double> %cv, ptr %px
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop

exit:
  %e = fmul double %a, %a
  %ce = call double @llvm.canonicalize.f64(double %e)
  store double %ce, ptr %py
  ret void
}

declare double @llvm.canonicalize.f64(double)
declare <2 x double> @llvm.canonicalize.v2f64(<2 x double>)
