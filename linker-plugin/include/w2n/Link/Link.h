//===- Link.h - Static linking with lld as a library ----------------------===//
#ifndef W2N_LINK_LINK_H
#define W2N_LINK_LINK_H

#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace w2n {

struct LinkOptions {
  std::string Triple;               ///< Normalised target triple.
  std::vector<std::string> Objects; ///< Compiled modules and glue objects.
  std::string RuntimeLib;           ///< libw2nrt.a for Triple.
  std::string Output;
  bool Strip = true;
  bool Verbose = false; ///< Print the lld command line.
};

/// Links a static executable with lld (in-process) against the runtime
/// library and the target's C library. lld keeps global state: calls are
/// serialised inside.
llvm::Error linkExecutable(const LinkOptions &Opts);

/// Finds libw2nrt.a for a runtime triple dir ("x86_64-linux-gnu") relative
/// to the running executable (<bindir>/../lib/wasm2native/<triple>/), or
/// the W2N_RUNTIME_DIR environment variable when set.
llvm::Expected<std::string> findRuntimeLibrary(const std::string &TripleDir,
                                               const char *Argv0);

} // namespace w2n

#endif
