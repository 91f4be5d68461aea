//===- CodeGen.h - Target machines, the pass pipeline, object emission ----===//
#ifndef W2N_CODEGEN_CODEGEN_H
#define W2N_CODEGEN_CODEGEN_H

#include "w2n/Translate/Translator.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetOptions.h"
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class Module;
class Target;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace w2n {

struct CodeGenOptions {
  std::string Triple = "x86_64-unknown-linux-gnu"; ///< Normalised triple.
  std::string CPU;      ///< Empty: the target's generic CPU.
  std::string Features; ///< Extra "+x,-y" features.
  unsigned OptLevel = 2;
  bool DebugInfo = false;
  unsigned Threads = 0; ///< Threads for a partitioned compile; 0: all cores.
  /// Position-independent code, for objects linked into a C program (PIE
  /// by default) rather than into a static executable by wasm2native.
  bool PIC = false;
  /// Say which functions the compile budget keeps from the optimiser
  /// (Budget.h).
  bool Verbose = false;
};

enum class OutputKind { Object, Assembly, LLVMText, LLVMBitcode };

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

/// Runs the optimisation pipeline for Opts.OptLevel (0..3).
void optimizeModule(llvm::Module &M, llvm::TargetMachine &TM,
                    unsigned OptLevel);

/// Fixes after optimisation, before emission: lowers the translator's
/// llvm.canonicalize calls (signalling NaNs quieted where a fold dropped the
/// operation) and, on RISC-V, makes rounding operations return quiet NaNs,
/// as Wasm requires.
void prepareForTarget(llvm::Module &M, const llvm::TargetMachine &TM);

/// Writes M as an object, assembly, LLVM text or bitcode.
llvm::Error emitModule(llvm::Module &M, llvm::TargetMachine &TM,
                       OutputKind Kind, llvm::raw_pwrite_stream &OS);

struct RuntimeConfig;

/// Compiles a large validated module to one object in partitions on
/// Opts.Threads threads (Partition.cpp): each partition is translated into
/// its own LLVM module, optimised and emitted on its own, and the objects
/// are merged into one that does not depend on the thread count. Returns
/// std::nullopt when WM is small enough to compile in one piece.
llvm::Expected<std::optional<llvm::SmallVector<char, 0>>>
compilePartitioned(const wasm::Module &WM, const TranslateOptions &TO,
                   const CodeGenOptions &Opts,
                   const std::optional<RuntimeConfig> &MainConfig,
                   bool TimeReport);

/// lld keeps global state: every in-process lld run holds this lock.
std::mutex &lldMutex();

/// Links the objects in order with `ld.lld -r` and, with LocalizeHidden,
/// makes their hidden symbols local, as a partitioned compile does
/// (Partition.cpp). Empties Objects as it writes them out.
llvm::Expected<llvm::SmallVector<char, 0>>
mergeObjectBuffers(llvm::MutableArrayRef<llvm::SmallVector<char, 0>> Objects,
                   bool LocalizeHidden);

/// What an executable's start-up code is told (struct w2n_config in
/// runtime-lib/include/w2n/runtime.h): the capabilities of the main module.
struct RuntimeConfig {
  uint32_t Caps = 0; ///< w2n_cap bits.
  struct Dir {
    std::string Host, Guest;
    bool Writable = true;
    /// Index of the top-level grant this one lies in, opened beneath it at
    /// path Rel at run time; -1: top-level, opened by its Host path.
    int Beneath = -1;
    std::string Rel;
  };
  std::vector<Dir> Dirs;
  std::vector<std::string> Env; ///< Names of variables passed through.
  uint64_t StackSize = 0;
  std::string Argv0; ///< The guest's argv[0].
  /// Listening sockets (struct w2n_listen_grant), descriptors 3.. in order.
  struct Listen {
    uint32_t Kind = 0; ///< w2n_listen_kind
    uint32_t Port = 0;
    std::string Addr;
  };
  std::vector<Listen> Listens;
};

/// Adds the constant `w2n_main_config` that host/main.c reads.
void emitMainConfig(llvm::Module &M, const RuntimeConfig &C);

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

/// Name as a C identifier: characters other than letters, digits and '_'
/// become '_', and a leading digit gets a '_' in front.
std::string cIdentifier(llvm::StringRef Name);

/// The C header `--emit-header` writes (EmbedHeader.cpp): the descriptor
/// `DescriptorSymbol`, `<Prefix>_new` and a typed wrapper `<Prefix>_<export>`
/// per exported function, declared over runtime-lib/include/w2n/embed.h.
std::string emitEmbedHeader(const wasm::Module &M, llvm::StringRef Prefix,
                            llvm::StringRef DescriptorSymbol);

} // namespace w2n

#endif
