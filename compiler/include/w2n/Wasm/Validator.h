//===- Validator.h - The spec's validation algorithm ----------------------===//
#ifndef W2N_WASM_VALIDATOR_H
#define W2N_WASM_VALIDATOR_H

#include "w2n/Wasm/Module.h"
#include "llvm/Support/Error.h"

namespace w2n::wasm {

/// Validates a decoded module (types, limits, constant expressions, exports,
/// start function, segments, and every function body with the operand stack
/// and control frames of the spec's algorithm). Returns a WasmError with the
/// offset of the offending instruction. A module that passes can be
/// translated without further checks.
llvm::Error validate(const Module &M, const Features &F);

} // namespace w2n::wasm

#endif
