//===- Decoder.h - WebAssembly binary decoder -----------------------------===//
#ifndef W2N_WASM_DECODER_H
#define W2N_WASM_DECODER_H

#include "w2n/Wasm/Module.h"
#include "llvm/Support/Error.h"

namespace w2n::wasm {

/// A malformed or invalid module: the byte offset of the problem and what
/// was expected. The message starts with the spec's wording where the spec
/// test suite has one ("unexpected end", "type mismatch", ...) and may add
/// detail after it. `log` prints "0x<offset>: <message>", so a tool can
/// print `<file>:` followed by toString(Err).
class WasmError : public llvm::ErrorInfo<WasmError> {
public:
  static char ID;
  WasmError(uint64_t Offset, std::string Msg, bool Malformed)
      : Offset(Offset), Msg(std::move(Msg)), Malformed(Malformed) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;
  uint64_t Offset;
  std::string Msg;
  bool Malformed; ///< true: decoding failed; false: validation failed.
};

/// Decodes a binary module and rejects everything the spec calls malformed
/// (Malformed = true): section layout and sizes, encodings, and in function
/// bodies the opcodes, immediates and block structure (every body ends with
/// its own `end`; the validator and translator may rely on that). What the
/// spec calls invalid (types, indices, constant-ness) is the validator's.
/// `Bytes` must outlive the returned Module.
llvm::Expected<Module> decode(llvm::ArrayRef<uint8_t> Bytes, const Features &F);

} // namespace w2n::wasm

#endif
