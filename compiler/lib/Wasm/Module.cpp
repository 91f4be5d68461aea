//===- Module.cpp - Value types and the WasmError diagnostic
//---------------===//
#include "w2n/Wasm/Module.h"
#include "w2n/Wasm/Decoder.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace w2n::wasm;

const char *w2n::wasm::valTypeName(ValType T) {
  switch (T) {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef)                          \
  case ValType::Enum:                                                          \
    return Name;
#include "w2n/Wasm/ValTypes.def"
  }
  return "<invalid type>";
}

std::optional<ValType> w2n::wasm::valTypeFromByte(uint8_t B) {
  switch (B) {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef)                          \
  case Code:                                                                   \
    return ValType::Enum;
#include "w2n/Wasm/ValTypes.def"
  default:
    return std::nullopt;
  }
}

char WasmError::ID = 0;

void WasmError::log(llvm::raw_ostream &OS) const {
  OS << llvm::format("0x%llx: ", (unsigned long long)Offset) << Msg;
}

std::error_code WasmError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}
