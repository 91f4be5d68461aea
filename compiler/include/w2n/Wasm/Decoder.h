//===- Decoder.h - WebAssembly binary decoder -----------------------------===//
#ifndef W2N_WASM_DECODER_H
#define W2N_WASM_DECODER_H

#include "w2n/Wasm/Module.h"
#include "llvm/Support/Error.h"

namespace w2n::wasm {

/// A malformed or invalid module: the byte offset of the problem and what
/// was expected. The message is the spec's wording where the spec test suite
/// has one ("unexpected end", "type mismatch", ...).
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

/// Decodes a binary module. Function bodies are checked for structure only
/// by the validator; the decoder checks sections, counts and immediates that
/// it reads itself. `Bytes` must outlive the returned Module.
llvm::Expected<Module> decode(llvm::ArrayRef<uint8_t> Bytes,
                              const Features &F);

} // namespace w2n::wasm

#endif
