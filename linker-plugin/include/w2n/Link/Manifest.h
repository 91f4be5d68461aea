//===- Manifest.h - Nanoprocess manifests and capabilities ----------------===//
//
// A manifest (TOML) names the modules of a program, who is whose parent and
// which capabilities each holds (w2n/Capabilities/Capabilities.h).
// Everything here is checked statically: a child's capabilities must be
// covered by its parent's.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_LINK_MANIFEST_H
#define W2N_LINK_MANIFEST_H

#include "w2n/Capabilities/Capabilities.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace w2n {

/// A parameter of an export declared in the manifest. The descriptor kinds
/// are an i32 in the Wasm signature of both sides: `fd` lends the caller's
/// descriptor for the call, `fd-move` hands it over; the `Ro` variants
/// (`:ro`) give a read-only view.
enum class BufParam {
  InBuf,
  OutBuf,
  I32,
  I64,
  F32,
  F64,
  Fd,
  FdRo,
  FdMove,
  FdMoveRo
};

inline bool isFdParam(BufParam P) {
  return P == BufParam::Fd || P == BufParam::FdRo || P == BufParam::FdMove ||
         P == BufParam::FdMoveRo;
}
inline bool isBufParam(BufParam P) {
  return P == BufParam::InBuf || P == BufParam::OutBuf;
}
/// The manifest's spelling of a parameter kind.
const char *bufParamName(BufParam P);

struct BufferedExport {
  std::string Name;
  std::vector<BufParam> Params;
  std::vector<BufParam> Results; ///< scalars only
};

struct Nanoprocess {
  std::string Name;
  std::string ModulePath; ///< Resolved against the manifest's directory.
  std::string Parent;     ///< Empty for the entry.
  std::vector<std::string> CapStrings;
  CapabilitySet Caps;
  std::vector<BufferedExport> Exports;
  /// `on-trap = "return"`: a trap inside a call into this nanoprocess
  /// returns to the caller instead of ending the process.
  bool RecoverTraps = false;
  /// `instance = "per-call"`: every call into this nanoprocess gets a fresh
  /// instance, dropped when the call returns.
  bool PerCall = false;
  /// `stack-size`: for the entry, bytes of the whole Wasm stack; for a
  /// child, the budget of one call into it. 0: the default.
  uint64_t StackSize = 0;

  const BufferedExport *findExport(llvm::StringRef Name) const;
};

/// A host function as wasm2native-bindgen's glue describes it.
struct HostFunction {
  std::string Name;   ///< Import name (the C function's name).
  std::string Sig;    ///< Wasm signature text of abi.h: "iiii:i".
  std::string Symbol; ///< The glue's wrapper (native convention of abi.h).
};

/// A `[host.NAME]` table: the host capability `host:NAME`, its glue object
/// (compiled from wasm2native-bindgen's output) and the host code it calls.
struct HostLibrary {
  std::string Name;     ///< Capability host:NAME.
  std::string Module;   ///< Import module the functions appear under.
  std::string GluePath; ///< Resolved against the manifest's directory.
  std::vector<std::string> LinkInputs; ///< Objects and archives, resolved.
  std::vector<HostFunction> Functions;

  const HostFunction *find(llvm::StringRef Name) const;
};

/// Reads the `.w2n.host` section of a glue object written by
/// wasm2native-bindgen and compiled for the target.
llvm::Expected<HostLibrary> readHostGlue(llvm::StringRef Path);

struct Manifest {
  std::string Path;
  std::string Entry;
  /// `workers`: w2n_config.workers of the entry (0: none).
  uint32_t Workers = 0;
  /// Parents before children (a topological order), entry first.
  std::vector<Nanoprocess> Procs;
  std::vector<HostLibrary> Hosts;

  const Nanoprocess *find(llvm::StringRef Name) const;
  /// The host library whose functions appear under import module `Module`.
  const HostLibrary *findHostModule(llvm::StringRef Module) const;
};

/// Reads and checks a manifest: syntax, the entry, parents (known, no
/// cycles, one root), modules present, capability strings, coverage by the
/// parent, host libraries (glue readable, every host:NAME declared).
/// Errors name the manifest file and the nanoprocess.
llvm::Expected<Manifest> loadManifest(llvm::StringRef Path);

} // namespace w2n

#endif
