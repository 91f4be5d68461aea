;; Software checks that TailChecks.cpp drops: an address u + c, where a
;; check of u came first and c is small, relies on the memory's PROT_NONE
;; tail. Each export runs with c taking the access past the end too.
;; Expected values were checked with wabt's spectest-interp.
(module
  (memory 1 2)
  ;; a tree step: key at p, then the child at p + (s ? 4 : 0)
  (func (export "step") (param $p i32) (param $s i32) (result i32)
    (i32.add
      (i32.load (local.get $p))
      (i32.load (i32.add (local.get $p)
                         (select (i32.const 4) (i32.const 0) (local.get $s))))))
  ;; a store through p + c after a load of p
  (func (export "bump") (param $p i32) (param $s i32)
    (i32.store (i32.add (local.get $p)
                        (select (i32.const 4) (i32.const 0) (local.get $s)))
               (i32.add (i32.load (local.get $p)) (i32.const 1))))
  ;; c up to 60000, an i64 access
  (func (export "far") (param $p i32) (param $s i32) (result i64)
    (drop (i32.load8_u (local.get $p)))
    (i64.load offset=8 (i32.add (local.get $p)
                                (select (i32.const 60000) (i32.const 0) (local.get $s)))))
  ;; c up to 65535: too far for the tail, the check stays
  (func (export "wide") (param $p i32) (param $x i32) (result i32)
    (drop (i32.load8_u (local.get $p)))
    (i32.load (i32.add (local.get $p) (i32.and (local.get $x) (i32.const 0xffff)))))
  ;; a dead load at p + c still traps
  (func (export "dead") (param $p i32) (param $s i32)
    (drop (i32.load (local.get $p)))
    (drop (i32.load (i32.add (local.get $p)
                             (select (i32.const 4) (i32.const 0) (local.get $s))))))
  ;; code[i] then code[i + 1], each address computed from i: a constant
  ;; distance that ScalarEvolution sees
  (func (export "next") (param $b i32) (param $i i32) (result i32)
    (i32.add
      (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))
      (i32.load (i32.add (local.get $b)
                         (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2))))))
  ;; code[i] then code[i - 1]: below, the check stays
  (func (export "prev") (param $b i32) (param $i i32) (result i32)
    (i32.add
      (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))
      (i32.load (i32.add (local.get $b)
                         (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2))))))
  ;; p then p + 70000: too far, the check stays
  (func (export "jump") (param $p i32) (result i32)
    (i32.add (i32.load (local.get $p))
             (i32.load (i32.add (local.get $p) (i32.const 70000)))))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(invoke "store" (i32.const 65528) (i32.const 5))
(invoke "store" (i32.const 65532) (i32.const 7))
(assert_return (invoke "step" (i32.const 65528) (i32.const 1)) (i32.const 12))
(assert_return (invoke "step" (i32.const 65532) (i32.const 0)) (i32.const 14))
(assert_trap (invoke "step" (i32.const 65532) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "step" (i32.const 65534) (i32.const 0)) "out of bounds memory access")
(invoke "bump" (i32.const 65528) (i32.const 1))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 6))
(assert_trap (invoke "bump" (i32.const 65532) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 6))
(assert_return (invoke "far" (i32.const 5520) (i32.const 1)) (i64.const 25769803781))
(assert_trap (invoke "far" (i32.const 5521) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "far" (i32.const 65535) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "wide" (i32.const 0) (i32.const 65532)) (i32.const 6))
(assert_trap (invoke "wide" (i32.const 1) (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "dead" (i32.const 65532) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "dead" (i32.const 65532) (i32.const 0)))
(assert_return (invoke "next" (i32.const 65520) (i32.const 2)) (i32.const 11))
(assert_trap (invoke "next" (i32.const 65520) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "next" (i32.const 0) (i32.const 0x3fffffff)) "out of bounds memory access")
(assert_return (invoke "prev" (i32.const 65520) (i32.const 3)) (i32.const 11))
(assert_trap (invoke "prev" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "jump" (i32.const 4)) "out of bounds memory access")
;; after growing to 2 pages the same calls are in bounds
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "step" (i32.const 65532) (i32.const 1)) (i32.const 6))
(assert_return (invoke "far" (i32.const 65535) (i32.const 1)) (i64.const 0))
(assert_trap (invoke "step" (i32.const 131068) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "dead" (i32.const 131068) (i32.const 1)) "out of bounds memory access")
