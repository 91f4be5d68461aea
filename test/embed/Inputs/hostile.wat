;; Export names a C header must not take verbatim: a comment terminator with
;; a preprocessor directive, a newline, a trigraph, a backslash, non-ASCII
;; bytes, a quote, names that map to the same C characters, the
;; constructor's name and a name longer than any identifier should be; and
;; imports with such names, which the host supplies through the header's
;; helpers.
(module
  (import "x */ #error boom /* y" "nl\0a??/\\\"q\c3\a9" (func $h (param i64 f32 f64) (result f64)))
  (import "env" "_tick" (func $tick (param i32) (result i32)))
  (import "env" "tick" (func $tick2 (param i32) (result i32)))
  (func (export "x */ #error boom /* y") (result i32) (i32.const 1))
  (func (export "nl\0a#error newline") (result i32) (i32.const 2))
  (func (export "tri??/") (result i32) (i32.const 3))
  (func (export "back\\") (result i32) (i32.const 4))
  (func (export "caf\c3\a9") (result i32) (i32.const 5))
  (func (export "q\"uote") (result i32) (i32.const 6))
  (func (export "a_b") (result i32) (i32.const 7))
  (func (export "a-b") (result i32) (i32.const 8))
  (func (export "a.b") (result i32) (i32.const 9))
  (func (export "new") (result i32) (i32.const 10))
  (func (export "import_x") (result i32) (i32.const 11))
  (func (export "a_very_long_export_name_that_goes_on_and_on_and_on_past_any_sensible_identifier_length") (result i32) (i32.const 12))
  (func (export "plain") (result i32) (i32.const 13))
  (func (export "_plain") (result i32) (i32.const 14))
  (func (export "calls") (result i32) (i32.add (i32.trunc_f64_s (call $h (i64.const 40) (f32.const 1.5) (f64.const 0.25))) (i32.add (call $tick (i32.const 100)) (call $tick2 (i32.const 1000)))))
)
