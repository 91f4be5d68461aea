(module (memory 1) (memory 1) (func (export "g") (result i32) (i32.load 1 (i32.const 0))))
