//===- Module.cpp - Value types and the WasmError diagnostic
//---------------===//
#include "w2n/Wasm/Module.h"
#include "w2n/Wasm/Decoder.h"
#include "llvm/Support/ErrorHandling.h"
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

std::optional<ValType> w2n::wasm::valTypeFromByte(uint8_t B,
                                                  const Features &F) {
  if (B == uint8_t(ValType::ExnRef) && !F.Exceptions)
    return std::nullopt;
  switch (B) {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef)                          \
  case Code:                                                                   \
    return ValType::Enum;
#include "w2n/Wasm/ValTypes.def"
  default:
    return std::nullopt;
  }
}

const char *w2n::wasm::externKindName(ExternKind K) {
  switch (K) {
  case ExternKind::Func:
    return "func";
  case ExternKind::Table:
    return "table";
  case ExternKind::Memory:
    return "memory";
  case ExternKind::Global:
    return "global";
  case ExternKind::Tag:
    return "tag";
  }
  llvm_unreachable("extern kinds are checked by the decoder");
}

bool w2n::wasm::isExceptionOpcode(Opcode Op) {
  switch (Op) {
  case Opcode::Try:
  case Opcode::Catch:
  case Opcode::Throw:
  case Opcode::Rethrow:
  case Opcode::ThrowRef:
  case Opcode::Delegate:
  case Opcode::CatchAll:
  case Opcode::TryTable:
    return true;
  default:
    return false;
  }
}

char WasmError::ID = 0;

void WasmError::log(llvm::raw_ostream &OS) const {
  OS << llvm::format("0x%llx: ", (unsigned long long)Offset) << Msg;
}

std::error_code WasmError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}
