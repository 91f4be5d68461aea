//===- Module.cpp - Value types and the WasmError diagnostic
//---------------===//
#include "w2n/Wasm/Module.h"
#include "w2n/Wasm/Decoder.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace w2n::wasm;

const char *w2n::wasm::valTypeName(ValType T) {
  switch (T) {
  case ValType::I32:
    return "i32";
  case ValType::I64:
    return "i64";
  case ValType::F32:
    return "f32";
  case ValType::F64:
    return "f64";
  case ValType::V128:
    return "v128";
  case ValType::FuncRef:
    return "funcref";
  case ValType::ExternRef:
    return "externref";
  }
  return "<invalid type>";
}

std::optional<ValType> w2n::wasm::valTypeFromByte(uint8_t B) {
  switch (B) {
  case 0x7f:
  case 0x7e:
  case 0x7d:
  case 0x7c:
  case 0x7b:
  case 0x70:
  case 0x6f:
    return ValType(B);
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
