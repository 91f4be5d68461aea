;; A store that faults must leave the stores before it done (the host reads
;; memory after the trap). Optimisations that merge stores into one wider
;; store (the DAG combiner), a memset (MemCpyOpt) or a vector store (the
;; loop and SLP vectorisers) would lose them when the last one faults in
;; the guard region or the software-check tail. Expected values were
;; checked with wabt's spectest-interp.
(module
  (memory 1)
  ;; four byte stores of constants: one i32 store once merged
  (func (export "four8") (param $p i32)
    (i32.store8 (local.get $p) (i32.const 1))
    (i32.store8 offset=1 (local.get $p) (i32.const 2))
    (i32.store8 offset=2 (local.get $p) (i32.const 3))
    (i32.store8 offset=3 (local.get $p) (i32.const 4)))
  ;; 32 zero bytes: a memset once merged
  (func (export "zero4") (param $p i32)
    (i64.store (local.get $p) (i64.const 0))
    (i64.store offset=8 (local.get $p) (i64.const 0))
    (i64.store offset=16 (local.get $p) (i64.const 0))
    (i64.store offset=24 (local.get $p) (i64.const 0)))
  ;; do { mem[p + 4i] = v } while (++i <u n): vector stores once vectorised
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n)))))
  ;; copy n words from s to d, forwards: the load of a later iteration
  ;; faults after the stores of the earlier ones
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 2)))
                 (i32.load (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n)))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(assert_trap (invoke "four8" (i32.const 65534)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65534)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 2))
(invoke "fill" (i32.const 65504) (i32.const 8) (i32.const -1))
(assert_trap (invoke "zero4" (i32.const 65512)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65508)) (i32.const -1))
(assert_return (invoke "load" (i32.const 65512)) (i32.const 0))
(assert_return (invoke "load" (i32.const 65520)) (i32.const 0))
(assert_return (invoke "load" (i32.const 65528)) (i32.const 0))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
;; 134 words from 65000 fit, the 135th does not; unaligned to 16 bytes
(assert_trap (invoke "fill" (i32.const 65000) (i32.const 200) (i32.const 7))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65000)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65524)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65528)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 7))
(invoke "fill" (i32.const 1000) (i32.const 100) (i32.const 5))
;; reads 65000.. until the 135th word faults: 134 words copied to 1000..
(assert_trap (invoke "copy" (i32.const 1000) (i32.const 65000) (i32.const 100000))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 1000)) (i32.const 7))
(assert_return (invoke "load" (i32.const 1532)) (i32.const 7))
(assert_return (invoke "load" (i32.const 1536)) (i32.const 0))
