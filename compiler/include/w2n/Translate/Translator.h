//===- Translator.h - WebAssembly module to LLVM IR -----------------------===//
#ifndef W2N_TRANSLATE_TRANSLATOR_H
#define W2N_TRANSLATE_TRANSLATOR_H

#include "w2n/Translate/BoundsStrategy.h"
#include "w2n/Wasm/Module.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace w2n {

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
  /// Check the stack limit in every function that calls. Without it only
  /// functions that call out of the module (imports, call_indirect through
  /// tables that may hold other modules' functions, runtime helpers) check:
  /// recursion among the module's own functions runs into the guard zone
  /// below the stack, whose fault is "call stack exhausted", and the
  /// functions that call out still leave the host its margin. Nanoprocesses
  /// need it: a call into one is limited to its stack budget, which only
  /// the explicit check enforces.
  bool StackCheckEveryCall = false;
  /// --interruptible: every function entry and loop iteration reads
  /// ctx->interrupt and traps with W2N_TRAP_INTERRUPTED when it is set
  /// (w2n_instance_interrupt, deadlines, --max-runtime).
  bool Interruptible = false;
  /// Position-independent output (libraries): dispatch arrays and the
  /// descriptor's per-function arrays hold 32-bit offsets from the array
  /// (resolved by the static linker) instead of pointers, which would each
  /// need a relocation every time the program loads.
  bool RelativeArrays = false;
  /// Target triple and data layout are set by CodeGen before translation.
  std::string TargetTriple;
  std::string DataLayout;
};

/// One piece of a module translated on its own, into its own LLVM module
/// (a partitioned compile, compiler/lib/CodeGen/Partition.cpp). Defined
/// functions [Begin, End) (counted among defined functions) get their
/// bodies; every other function a partition calls is an external
/// declaration. Defined functions and their entry points have hidden
/// external linkage, so the partitions' objects link together. The shared
/// partition holds what exists once per module: the descriptor, the invoke
/// thunks, the init function and, with tail calls, the table of internal
/// functions.
struct PartitionSpec {
  uint32_t Begin = 0, End = 0;
  bool Shared = false;
};

/// Translates a validated module into an LLVM module holding one function per
/// defined Wasm function (native convention of runtime-lib/include/w2n/abi.h),
/// one invoke thunk per signature, the init function and the descriptor.
llvm::Expected<std::unique_ptr<llvm::Module>>
translate(const wasm::Module &M, llvm::LLVMContext &Ctx,
          const TranslateOptions &Opts);

/// Translates one partition of a validated module (see PartitionSpec). The
/// same module and options give the same IR whatever other partitions are
/// translated, in whichever order or thread.
llvm::Expected<std::unique_ptr<llvm::Module>>
translatePartition(const wasm::Module &M, llvm::LLVMContext &Ctx,
                   const TranslateOptions &Opts, const PartitionSpec &Part);

} // namespace w2n

#endif
