;; A Wasm pointer that a loop walks (a list, a tree) reaches the address
;; computation through a zero extension. Carried through the loop's phi as
;; i32, x86 and AArch64 copy the register every iteration to clear its upper
;; half; WidenAddressPhisPass (WidenAddressPhis.cpp) carries the extension instead,
;; which the 32-bit load that produces the next pointer gives for free.
;; RISC-V sign-extends 32-bit results, so it keeps the i32 phi.
;; RUN: wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasm2native --emit-llvm -S -O2 %t.wasm -o - | FileCheck %s
;; RUN: %wasm2native --emit-llvm -S -O2 --target=aarch64-linux-gnu %t.wasm -o - | FileCheck %s
;; RUN: %wasm2native --emit-llvm -S -O2 --target=riscv64-linux-gnu %t.wasm -o - | FileCheck --check-prefix=RV %s
;; RUN: %wasm2native -S -O2 %t.wasm -o - | FileCheck --check-prefix=ASM %s
;; The search itself gives wabt's interpreter's answer (80):
;; RUN: wasm-interp --run-all-exports %t.wasm | FileCheck --check-prefix=OUT %s
;; RUN: (cat %s; echo '(assert_return (invoke "find") (i32.const 80))') > %t.wast
;; RUN: w2n-spectest -q --opt=2 %t.wast | FileCheck --check-prefix=SPEC %s
;; RUN: w2n-spectest -q --opt=2 --target=aarch64-linux-gnu %t.wast | FileCheck --check-prefix=SPEC %s

;; CHECK-LABEL: define internal i32 @w2n_f0_find(
;; CHECK: loop:
;; CHECK-NEXT: [[W:%[a-z0-9.]+]] = phi i64
;; CHECK: getelementptr inbounds i8, ptr %invariant.gep, i64 [[W]]
;; CHECK: br i1 %{{.*}}, label %return, label %loop
;; RV-LABEL: define internal i32 @w2n_f0_find(
;; RV: loop:
;; RV-NEXT: phi i32
;; ASM-LABEL: w2n_f0_find:
;; ASM: .LBB0_1:
;; ASM-NEXT: movl 8(%rcx,%rax), %esi
;; OUT: find() => i32:80
;; SPEC: TOTAL {{.*}}: 2 passed, 0 failed
(module
  (memory 1)
  ;; binary search tree at 16: key at +8, children at +0 (greater), +4 (less)
  (data (i32.const 16) "\30\00\00\00\20\00\00\00\32\00\00\00\00\00\00\00")
  (data (i32.const 32) "\00\00\00\00\00\00\00\00\14\00\00\00\00\00\00\00")
  (data (i32.const 48) "\00\00\00\00\00\00\00\00\40\00\00\00\00\00\00\00")
  (func $find (param $p i32) (param $k i32) (result i32)
    (loop $l
      (if (i32.eq (i32.load offset=8 (local.get $p)) (local.get $k))
        (then (return (local.get $p))))
      (local.set $p (i32.load (i32.add (local.get $p)
          (select (i32.const 4) (i32.const 0)
                  (i32.lt_u (local.get $k) (i32.load offset=8 (local.get $p)))))))
      (br_if $l (local.get $p)))
    (i32.const 0))
  (func (export "find") (result i32)
    (i32.add (call $find (i32.const 16) (i32.const 64))
             (i32.sub (call $find (i32.const 16) (i32.const 20))
                      (call $find (i32.const 16) (i32.const 99))))))
