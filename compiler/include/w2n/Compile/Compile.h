//===- Compile.h - The whole compile of one Wasm module -------------------===//
//
// The stages in order: decode and validate (Wasm/), translate (Translate/),
// optimise and emit (CodeGen/); a large module goes through them in
// partitions on several threads. Tools (wasm2native, the nanoprocess
// linker, w2n-spectest) call compileModule rather than the stages.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_COMPILE_COMPILE_H
#define W2N_COMPILE_COMPILE_H

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Translate/Translator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace w2n {

/// The whole compile of one Wasm binary: decode, validate, translate,
/// optimise, emit. Errors carry the byte offset (wasm::WasmError).
struct CompileRequest {
  llvm::ArrayRef<uint8_t> Wasm;
  TranslateOptions Translate;
  CodeGenOptions CodeGen;
  OutputKind Kind = OutputKind::Object;
  /// Executables: the start-up configuration to embed.
  std::optional<RuntimeConfig> MainConfig;
  /// Time each stage in the timer group "wasm2native" (--time-report); the
  /// caller prints it with llvm::TimerGroup::printAll.
  bool TimeReport = false;
  /// Called as each stage starts ("decode", "validate", "translate",
  /// "optimise", "codegen"), e.g. for a progress indicator.
  std::function<void(llvm::StringRef Stage)> OnStage;
};
llvm::Expected<llvm::SmallVector<char, 0>>
compileModule(const CompileRequest &R);

} // namespace w2n

#endif
