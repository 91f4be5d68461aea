//===- CodeGen.h - The code generator's interface -------------------------===//
//
// From a translated LLVM module to an object: the target (Target.h), the
// optimisation pipeline and its custom passes (Pipeline.h, Passes.h), the
// emission (Emit.h), and what the generated code is given besides the
// module: the start-up configuration of an executable and the C header of
// an embedded module.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_CODEGEN_CODEGEN_H
#define W2N_CODEGEN_CODEGEN_H

#include "w2n/CodeGen/Emit.h"
#include "w2n/CodeGen/Options.h"
#include "w2n/CodeGen/Pipeline.h"
#include "w2n/CodeGen/Target.h"
#include "w2n/Wasm/Module.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace w2n {

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
  uint32_t MaxRuntime = 0; ///< w2n_config.max_runtime: seconds, 0 none.
  std::string Argv0;       ///< The guest's argv[0].
  /// Listening sockets (struct w2n_listen_grant), descriptors 3.. in order.
  struct Listen {
    uint32_t Kind = 0; ///< w2n_listen_kind
    uint32_t Port = 0;
    std::string Addr;
  };
  std::vector<Listen> Listens;
  /// What `wasm2native --inspect` prints of the executable: kept in the
  /// section .w2n.info, which is not loaded (stripped binaries keep it).
  std::string Info;
  /// w2n_config.workers: 0 no supervisor, N worker processes, or
  /// W2N_WORKERS_PER_CORE.
  uint32_t Workers = 0;
  /// `run --invoke`: the export host/main.c calls in place of _start, as
  /// the string `w2n_main_invoke`; empty: none is emitted.
  std::string Invoke;
};

/// Adds the constant `w2n_main_config` that host/main.c reads.
void emitMainConfig(llvm::Module &M, const RuntimeConfig &C);

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
