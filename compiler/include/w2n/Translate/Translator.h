//===- Translator.h - WebAssembly module to LLVM IR -----------------------===//
#ifndef W2N_TRANSLATE_TRANSLATOR_H
#define W2N_TRANSLATE_TRANSLATOR_H

#include "w2n/Wasm/Module.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace w2n {

enum class BoundsChecks { Guard, Software };

struct TranslateOptions {
  BoundsChecks Bounds = BoundsChecks::Guard;
  wasm::Features Features;
  /// Symbol of the emitted module descriptor (struct w2n_module).
  std::string DescriptorSymbol = "w2n_main_module";
  /// Prefix for every other symbol the translation defines, so that several
  /// modules can be linked into one binary (nanoprocesses, the spec runner).
  std::string SymbolPrefix = "w2n_";
  /// Name recorded in the descriptor (name section, else the file stem).
  std::string ModuleName;
  /// -g: DWARF naming each function (name section) and, when Binary holds
  /// .debug_* sections, mapping instructions to the module's source lines.
  bool DebugInfo = false;
  /// The module's bytes, for the DWARF sections the decoder skips.
  llvm::ArrayRef<uint8_t> Binary;
  /// Target triple and data layout are set by CodeGen before translation.
  std::string TargetTriple;
  std::string DataLayout;
};

/// Translates a validated module into an LLVM module holding one function per
/// defined Wasm function (native convention of runtime-lib/include/w2n/abi.h),
/// one invoke thunk per signature, the init function and the descriptor.
llvm::Expected<std::unique_ptr<llvm::Module>>
translate(const wasm::Module &M, llvm::LLVMContext &Ctx,
          const TranslateOptions &Opts);

} // namespace w2n

#endif
