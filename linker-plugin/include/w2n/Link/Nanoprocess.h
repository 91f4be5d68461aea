//===- Nanoprocess.h - Linking several modules as nanoprocesses -----------===//
//
// The stages of `wasm2native --manifest app.toml -o app`, in order:
//   loadManifest       (Manifest.h) syntax, tree, capability coverage
//   planNanoprocesses  decode each module, bind every import to WASI, to
//                      another nanoprocess's export or to a host function,
//                      check types, call: and host:
//   compile + placeInSections   each module into its own .w2n.<np>.* sections
//   checkIsolation     relocations of one never reach another's symbols
//   buildGlue          trampolines, capability tables, the manifest table
//   linkExecutable     (Link.h) lld with the runtime library
//
//===----------------------------------------------------------------------===//
#ifndef W2N_LINK_NANOPROCESS_H
#define W2N_LINK_NANOPROCESS_H

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Link/Manifest.h"
#include "w2n/Translate/Translator.h"
#include "w2n/Wasm/Module.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace w2n {

/// A function import bound to another nanoprocess's export.
struct CrossBinding {
  uint32_t ImportIndex = 0; ///< Position in the importer's import list.
  std::string Module, Name; ///< As imported.
  unsigned Callee = 0;      ///< Index in Manifest::Procs.
  uint32_t FuncIndex = 0;   ///< The export's function index in the callee.
  wasm::FuncType Type;
  /// Buffer parameters as declared in the manifest; empty for a plain export.
  std::vector<BufParam> Params;
};

/// A function import bound to a host function of a `[host.NAME]` library,
/// which the importer holds `host:NAME` for.
struct HostBinding {
  uint32_t ImportIndex = 0; ///< Position in the importer's import list.
  std::string Module, Name; ///< As imported.
  std::string Host;         ///< The capability's NAME.
  std::string Symbol;       ///< The glue's wrapper.
  wasm::FuncType Type;
};

struct NanoprocessPlan {
  const Nanoprocess *NP = nullptr;
  unsigned Index = 0;
  std::unique_ptr<llvm::MemoryBuffer> Bytes;
  wasm::Module Module;
  std::vector<CrossBinding> Bindings;
  std::vector<HostBinding> HostBindings;
  std::vector<std::string> WasiImports;
  int64_t ReallocIndex = -1; ///< cabi_realloc's function index, if exported.
  uint64_t CallMask = 0;     ///< Bit i: may call Procs[i].
  std::string Symbol;        ///< Descriptor symbol.
  std::string SymbolPrefix;  ///< Prefix of every other symbol.
};

struct Plan {
  const Manifest *M = nullptr;
  std::vector<NanoprocessPlan> Procs; ///< Same order as M->Procs.
};

/// Decodes every module and resolves every import; errors name the
/// manifest, the nanoprocess and the import.
llvm::Expected<Plan> planNanoprocesses(const Manifest &M,
                                       const wasm::Features &Features);

/// Moves every section of a compiled nanoprocess object into
/// `.w2n.<name>.{text,rodata,data,bss}` (code, constants, jump tables,
/// constant pools, variables), so each stays a distinct output section.
llvm::Expected<llvm::SmallVector<char, 0>>
placeInSections(llvm::StringRef Name, llvm::ArrayRef<char> Object);

struct NanoprocessObject {
  std::string Name;          ///< Nanoprocess name.
  std::string Descriptor;    ///< Its only global symbol.
  llvm::ArrayRef<char> Data; ///< ELF relocatable object.
};

/// The isolation check: every allocated section of each object is one of
/// its own `.w2n.<name>.*` sections (or .eh_frame), its only global symbol
/// is its descriptor, and every relocation refers to a symbol of the same
/// object or to a runtime entry point of abi.h (or a C library routine
/// LLVM lowers to). A violation names the manifest, nanoprocess, section
/// and symbol.
llvm::Error checkIsolation(llvm::StringRef ManifestPath,
                           llvm::ArrayRef<NanoprocessObject> Objects);

/// The glue object: trampolines, capability tables, manifest table, main.
llvm::Expected<llvm::SmallVector<char, 0>> buildGlue(const Plan &P,
                                                     const CodeGenOptions &CG);

struct NanoprocessLinkOptions {
  std::string ManifestPath;
  TranslateOptions Translate; ///< Features and bounds strategy.
  CodeGenOptions CodeGen;
  std::string RuntimeLib;
  std::string Output;
  bool Strip = true;
  bool Verbose = false;
};

/// The whole `--manifest` build.
llvm::Error linkNanoprocesses(const NanoprocessLinkOptions &Opts);

/// Prints what a binary built by wasm2native holds: the nanoprocesses of
/// one linked with --manifest (names, sections and sizes, capability
/// tables, imports) or the capabilities, imports and exports of a
/// single-module executable, and the WASI imports that only fail for lack
/// of a capability. Format: "text", "json" or "dot" (Graphviz).
llvm::Error inspectBinary(llvm::StringRef Path, llvm::raw_ostream &OS,
                          llvm::StringRef Format = "text");

} // namespace w2n

#endif
