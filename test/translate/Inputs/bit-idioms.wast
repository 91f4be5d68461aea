;; Byte swaps and bit reversals that Wasm producers expand into shifts and
;; masks (Wasm has neither instruction), as clang does for
;; __builtin_bswap32 and reversing loops (see ../bit-idioms.test). Values
;; checked with wabt's spectest-interp.
(module
  ;; f0: bswap32
  (func (export "bswap32") (param $x i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
              (i32.shr_u (local.get $x) (i32.const 24)))))
  ;; f1: bit reversal: swap bits, pairs, nibbles, then the bytes
  (func (export "reverse32") (param $x i32) (result i32)
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 1)) (i32.const 0x55555555))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x55555555)) (i32.const 1))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 0x33333333))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x33333333)) (i32.const 2))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 0x0f0f0f0f))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x0f0f0f0f)) (i32.const 4))))
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
              (i32.shr_u (local.get $x) (i32.const 24)))))
  ;; f2: bswap of the low half, zero-extended (bswap16)
  (func (export "bswap16") (param $x i32) (result i32)
    (i32.or (i32.shl (i32.and (local.get $x) (i32.const 0xff)) (i32.const 8))
            (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff))))
  ;; f3: bswap64
  (func (export "bswap64") (param $x i64) (result i64)
    (i64.or
      (i64.or
        (i64.or (i64.shl (local.get $x) (i64.const 56))
                (i64.shl (i64.and (local.get $x) (i64.const 0xff00)) (i64.const 40)))
        (i64.or (i64.shl (i64.and (local.get $x) (i64.const 0xff0000)) (i64.const 24))
                (i64.shl (i64.and (local.get $x) (i64.const 0xff000000)) (i64.const 8))))
      (i64.or
        (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0xff000000))
                (i64.and (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 0xff0000)))
        (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 0xff00))
                (i64.shr_u (local.get $x) (i64.const 56))))))
  ;; f4: nearly a bswap32 (the last shift is 23): must stay what it is
  (func (export "not_bswap") (param $x i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
              (i32.shr_u (local.get $x) (i32.const 23)))))
  ;; f5: as clang lowers a bit reversal (byte swap, then nibbles, pairs,
  ;; bits) of a value whose low 17 bits equal another's, from an xorshift
  ;; step: InstCombine reads those bits from the other value and the tree
  ;; then has two sources (bench/bitops.c)
  (func (export "reverse_xorshift") (param $s i64) (result i32)
    (local $x i32)
    (local.set $x (i32.wrap_i64 (i64.xor (local.get $s)
                                         (i64.shl (local.get $s) (i64.const 17)))))
    (local.set $x
      (i32.or
        (i32.or (i32.shl (local.get $x) (i32.const 24))
                (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
        (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
                (i32.shr_u (local.get $x) (i32.const 24)))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 0x0f0f0f0f))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x0f0f0f0f)) (i32.const 4))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 0x33333333))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x33333333)) (i32.const 2))))
    (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 1)) (i32.const 0x55555555))
            (i32.shl (i32.and (local.get $x) (i32.const 0x55555555)) (i32.const 1))))
)
(assert_return (invoke "reverse_xorshift" (i64.const 1)) (i32.const 0x80004000))
(assert_return (invoke "reverse_xorshift" (i64.const 0x123456789abcdef0)) (i32.const 0x0f7b3ae4))
(assert_return (invoke "bswap32" (i32.const 0x12345678)) (i32.const 0x78563412))
(assert_return (invoke "bswap32" (i32.const 0x80000001)) (i32.const 0x01000080))
(assert_return (invoke "bswap32" (i32.const 0)) (i32.const 0))
(assert_return (invoke "reverse32" (i32.const 1)) (i32.const 0x80000000))
(assert_return (invoke "reverse32" (i32.const 0x12345678)) (i32.const 0x1e6a2c48))
(assert_return (invoke "reverse32" (i32.const 0xf0000000)) (i32.const 0x0000000f))
(assert_return (invoke "bswap16" (i32.const 0x12345678)) (i32.const 0x7856))
(assert_return (invoke "bswap16" (i32.const 0xffff00ff)) (i32.const 0xff00))
(assert_return (invoke "bswap64" (i64.const 0x0123456789abcdef)) (i64.const 0xefcdab8967452301))
(assert_return (invoke "bswap64" (i64.const 0xff)) (i64.const 0xff00000000000000))
(assert_return (invoke "not_bswap" (i32.const 0x12345678)) (i32.const 0x78563424))
(assert_return (invoke "not_bswap" (i32.const 0x80000000)) (i32.const 0x00000100))
