//===- Lld.h - Running lld in this process --------------------------------===//
//
// The one place lld runs: executables (Link.cpp) and the relocatable links
// that merge a partitioned or budget-split compile into one object.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_LINK_LLD_H
#define W2N_LINK_LLD_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace w2n {

/// Runs lld's ELF driver on Args (Args[0] is "ld.lld"). lld keeps global
/// state, so calls are serialised. A failure reads "What: " and lld's
/// diagnostics.
llvm::Error runLld(llvm::ArrayRef<std::string> Args, llvm::StringRef What);

/// Links the object files at Paths, in order, with `ld.lld -r` and, with
/// LocalizeHidden, makes their hidden symbols local.
llvm::Expected<llvm::SmallVector<char, 0>>
linkRelocatable(llvm::ArrayRef<std::string> Paths, bool LocalizeHidden);

/// linkRelocatable of objects in memory, written to temporary files first.
/// Empties Objects as it writes them out.
llvm::Expected<llvm::SmallVector<char, 0>>
mergeObjectBuffers(llvm::MutableArrayRef<llvm::SmallVector<char, 0>> Objects,
                   bool LocalizeHidden);

} // namespace w2n

#endif
