;; Tag imports link to the exporter's tag instance: a handler for an imported
;; tag catches what the exporter throws and the other way round, and what
;; another module exporting a tag of the same type throws is another tag.
(module $A
  (type $thunk (func))
  (tag $e (export "e") (param i32))
  (table (export "tab") 1 funcref)
  (func (export "throw") (param i32) (throw $e (local.get 0)))
  ;; Catches $e from whatever function the importer put in tab[0].
  (func (export "catch-tab") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call_indirect (type $thunk) (i32.const 0)))
      (i32.const -1))))
(register "A" $A)
(module $B
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0))))
(register "B" $B)

(module $C
  (import "A" "e" (tag $ea (param i32)))
  (import "A" "throw" (func $throwA (param i32)))
  (import "B" "throw" (func $throwB (param i32)))
  (import "A" "tab" (table 1 funcref))
  (tag $own (param i32))
  (elem (i32.const 0) $throw-imported)
  (func $catch (param $from i32) (result i32)
    (block $all
      (block $h (result i32)
        (try_table (catch $ea $h) (catch_all $all)
          (if (local.get $from)
            (then (call $throwB (i32.const 8)))
            (else (call $throwA (i32.const 7)))))
        (return (i32.const -1)))
      (return))
    (i32.const 99))
  (func (export "from-A") (result i32) (call $catch (i32.const 0)))
  (func (export "from-B") (result i32) (call $catch (i32.const 1)))
  (func $throw-imported (export "throw-imported") (throw $ea (i32.const 5)))
  (func (export "throw-own") (throw $own (i32.const 5))))

(assert_return (invoke "from-A") (i32.const 7))
(assert_return (invoke "from-B") (i32.const 99))
(assert_exception (invoke "throw-imported"))
(assert_exception (invoke "throw-own"))
(assert_return (invoke $A "catch-tab") (i32.const 5))

;; Re-exported, the tag is still A's.
(module $D
  (import "A" "e" (tag $e (param i32)))
  (export "e2" (tag $e)))
(register "D" $D)
(module $E
  (import "D" "e2" (tag $e (param i32)))
  (import "A" "throw" (func $throwA (param i32)))
  (func (export "catch") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throwA (i32.const 3)))
      (i32.const -1))))
(assert_return (invoke "catch") (i32.const 3))

(assert_unlinkable
  (module (import "A" "e" (tag (param i64))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "throw" (tag (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "e" (func (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "nope" (tag (param i32))))
  "unknown import")
