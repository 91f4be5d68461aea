//===- Target.h - Served targets, target machines, module set-up ----------===//
#ifndef W2N_CODEGEN_TARGET_H
#define W2N_CODEGEN_TARGET_H

#include "w2n/CodeGen/Options.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetOptions.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class Target;
class TargetMachine;
} // namespace llvm

namespace w2n {

/// A target this build serves: its canonical name (the runtime library's
/// directory), the normalised triple, the CPU and features used when the
/// user names none, and other accepted spellings (for --print-targets).
struct TargetInfo {
  const char *Name;
  const char *Normalized;
  const char *DefaultCPU;
  const char *BaseFeatures; ///< Always added before the user's --features.
  const char *Aliases;
};
llvm::ArrayRef<TargetInfo> supportedTargets();

/// What createTargetMachine passes to LLVM for Opts: CPU (after -mcpu=native
/// and defaults), the full feature string and target options. Fails with a
/// clear message for an unknown CPU or feature, or -mcpu=native on a target
/// other than the host's.
struct TargetSettings {
  const llvm::Target *Tgt = nullptr;
  std::string CPU, Features;
  llvm::TargetOptions Options;
};
llvm::Expected<TargetSettings> resolveTarget(const CodeGenOptions &Opts);

/// Normalises a user-spelled triple ("aarch64-linux-gnu", "riscv64gc-...")
/// to the one the compiler serves, or fails naming the triple.
llvm::Expected<std::string> normalizeTriple(llvm::StringRef Triple);

/// The short name of a served triple ("x86_64-linux-gnu"), used for the
/// runtime library directory.
std::string runtimeTripleDir(llvm::StringRef Triple);

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CodeGenOptions &Opts);

/// Gives M, a module about to be optimised or emitted for TM, what every
/// such module needs: TM's triple and data layout, and the module flags the
/// target's ABI requires (on RISC-V, the lp64d ABI the C library uses).
void setUpModuleForTarget(llvm::Module &M, const llvm::TargetMachine &TM);

} // namespace w2n

#endif
