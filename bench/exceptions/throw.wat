;; try.wat with the error on every iteration: the bottom of the 10-deep
;; recursion throws and the loop's try_table catches, so the difference from
;; try.wat is a million throws and catches across 10 frames.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (tag $err (param i32))
  (func $f (param $d i32) (param $x i32) (result i32)
    (if (result i32) (local.get $d)
      (then
        (i32.add
          (call $f (i32.sub (local.get $d) (i32.const 1))
                   (i32.add (i32.mul (local.get $x) (i32.const 31)) (i32.const 7)))
          (local.get $d)))
      (else
        (throw $err (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 7)))))))
  (func (export "_start") (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum
        (i32.add (local.get $sum)
          (block $h (result i32)
            (try_table (result i32) (catch $err $h)
              (call $f (i32.const 10) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (call $exit (i32.and (local.get $sum) (i32.const 127)))))
