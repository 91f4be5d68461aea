;; Accesses whose address lies below the memory's declared minimum need no
;; software check (FunctionEnv::memorySize puts the minimum on the size
;; load as !range). The ones above it, or that run past it, must still trap.
(module $m
  (memory (export "mem") 1 4)
  (data (i32.const 1024) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
  ;; f0: static data, a loop over a constant range
  (func (export "static") (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load offset=1024 (i32.shl (local.get $i) (i32.const 2)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
    (local.get $sum))
  ;; f1: the last word below the minimum
  (func (export "edge") (result i32) (i32.load (i32.const 65532)))
  ;; f2: a word that starts below the minimum and ends past it
  (func (export "straddle") (result i32) (i32.load (i32.const 65533)))
  ;; f3: the first word past the minimum
  (func (export "above") (result i32) (i32.load (i32.const 65536)))
  ;; f4: stores, the same
  (func (export "store-straddle") (i32.store (i32.const 65534) (i32.const 7)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "size") (result i32) (memory.size))
  ;; f7: p checked before a loop whose calls reload the size: memories only
  ;; grow, so the check in the loop (of a size that is a phi of the loads
  ;; before the loop and after the call) goes (TailChecks)
  (func (export "around") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (local.set $s (i32.load (local.get $p)))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load offset=4 (local.get $p))))
      (drop (memory.grow (i32.const 0)))
      (local.set $s (i32.add (local.get $s) (i32.load offset=8 (local.get $p))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  ;; f8: a counter in memory around a call, as a bytecode loop keeps its pc
  ;; run $r times over: the outer loop's check of p is of a size that is a
  ;; phi of the loads before the loops and after the call
  (func (export "counter") (param $p i32) (param $n i32) (param $r i32) (result i32)
    (loop $outer
      (i32.store (local.get $p) (i32.const 0))
      (loop $l
        (drop (memory.grow (i32.const 0)))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
        (br_if $l (i32.lt_u (i32.load (local.get $p)) (local.get $n))))
      (br_if $outer (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (i32.load (local.get $p)))
)
(assert_return (invoke "counter" (i32.const 2048) (i32.const 5) (i32.const 3)) (i32.const 5))
(assert_trap (invoke "counter" (i32.const 65533) (i32.const 5) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "around" (i32.const 1024) (i32.const 3)) (i32.const 16))
(assert_trap (invoke "around" (i32.const 65536) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "around" (i32.const 65532) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "around" (i32.const 65528) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "around" (i32.const 65520) (i32.const 2)) (i32.const 0))
(assert_return (invoke "static") (i32.const 10))
(assert_return (invoke "edge") (i32.const 0))
(assert_trap (invoke "straddle") "out of bounds memory access")
(assert_trap (invoke "above") "out of bounds memory access")
(assert_trap (invoke "store-straddle") "out of bounds memory access")
(assert_return (invoke "size") (i32.const 1))
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "straddle") (i32.const 0))
(assert_return (invoke "above") (i32.const 0))
(assert_return (invoke "store-straddle"))
(assert_return (invoke "straddle") (i32.const 0x700))
(assert_return (invoke "size") (i32.const 2))

;; An importer that declares a smaller minimum than the memory has: its
;; checks may assume only its own minimum.
(register "m" $m)
(module
  (import "m" "mem" (memory 1))
  (func (export "low") (result i32) (i32.load (i32.const 65532)))
  (func (export "high") (result i32) (i32.load (i32.const 65536)))
  (func (export "top") (result i32) (i32.load (i32.const 131068)))
  (func (export "past") (result i32) (i32.load (i32.const 131069)))
  (func (export "far") (result i32) (i32.load (i32.const 131072)))
)
(assert_return (invoke "low") (i32.const 0x70000))
(assert_return (invoke "high") (i32.const 0))
(assert_return (invoke "top") (i32.const 0))
(assert_trap (invoke "past") "out of bounds memory access")
(assert_trap (invoke "far") "out of bounds memory access")

;; An importer that asks for more than the memory has does not link.
(assert_unlinkable
  (module (import "m" "mem" (memory 3)))
  "incompatible import type")
