//===- ModuleInfo.h - What --inspect reads from a single-module binary ----===//
#ifndef W2N_DRIVER_MODULEINFO_H
#define W2N_DRIVER_MODULEINFO_H

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Wasm/Module.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace w2n {

/// The text block --inspect prints for an executable linked from one
/// module, in the form of a manifest binary's blocks (Glue.cpp) so that one
/// reader serves both: a header line, then `  key  value` lines. It lists
/// the capabilities of C as the start-up code applies them, the module's
/// imports and exports sorted by name, and its WASI imports.
std::string singleModuleInfo(llvm::StringRef ModuleFile, const wasm::Module &M,
                             const RuntimeConfig &C);

} // namespace w2n

#endif
