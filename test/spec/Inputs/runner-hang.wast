;; A command that never returns: the per-command timeout kills the
;; executable, the tool reports that command and resumes after it.
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "spin") (loop (br 0)))
  (func (export "count") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (global.get $n)))
(assert_return (invoke "count") (i32.const 1))
(invoke "spin")
(assert_return (invoke "count") (i32.const 2))
