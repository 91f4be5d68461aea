//===- Partition.h - Compile a large module on several threads ------------===//
#ifndef W2N_COMPILE_PARTITION_H
#define W2N_COMPILE_PARTITION_H

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Translate/Translator.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace w2n {

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

} // namespace w2n

#endif
