//===- Opcode.h - The one enumeration of WebAssembly instructions
//----------===//
//
// Generated from Opcodes.def; the decoder, the validator, the translator and
// the decoded constant expressions of Module.h all name instructions by it.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_WASM_OPCODE_H
#define W2N_WASM_OPCODE_H

#include <cstdint>

namespace w2n::wasm {

enum class Opcode : uint32_t {
#define W2N_OP(Enum, Code, Name, Imm, Arg, Sig) Enum = Code,
#include "w2n/Wasm/Opcodes.def"
};

} // namespace w2n::wasm

#endif
