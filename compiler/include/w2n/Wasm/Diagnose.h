//===- Diagnose.h - What a rejected module needs instead ------------------===//
//
// Explanations for the driver's diagnostics when a module is rejected:
// the proposal it would have needed, or that it is not a binary at all.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_WASM_DIAGNOSE_H
#define W2N_WASM_DIAGNOSE_H

#include "w2n/Wasm/Module.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace w2n::wasm {

/// A row of Features.def.
struct FeatureName {
  llvm::StringRef Flag;        ///< --enable-<Flag>
  llvm::StringRef Description; ///< e.g. "tail calls"
};

/// The proposal not in Enabled that the module needs at the error it got at
/// ErrorOffset: the first row of Features.def which, enabled as well, lets
/// the module decode and validate or moves the first error past that
/// offset. Decoder and validator are the one record of which encodings
/// belong to which proposal, so this stays true as rows are added.
std::optional<FeatureName> neededFeature(llvm::ArrayRef<uint8_t> Bytes,
                                         const Features &Enabled,
                                         uint64_t ErrorOffset);

/// True when Bytes are the text format: `(module` after whitespace and
/// comments, which the binary decoder reports as a bad magic header.
bool looksLikeText(llvm::ArrayRef<uint8_t> Bytes);

} // namespace w2n::wasm

#endif
