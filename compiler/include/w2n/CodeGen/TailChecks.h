//===- TailChecks.h - Drop software checks the memory's tail covers -------===//
#ifndef W2N_CODEGEN_TAILCHECKS_H
#define W2N_CODEGEN_TAILCHECKS_H

#include "llvm/IR/PassManager.h"

#include <optional>

namespace llvm {
class BranchInst;
} // namespace llvm

namespace w2n {

/// The successor (0 or 1) of a conditional branch that leads to the
/// out-of-bounds memory trap, where software bounds checks branch: its first
/// instruction (after blocks that only branch on) calls w2n_trap or
/// w2n_trap_detail with W2N_TRAP_OOB_MEMORY. None for other branches.
std::optional<unsigned> outOfBoundsTrapSuccessor(const llvm::BranchInst *Br);

/// Drops the software bounds check of an address `u + c` when a dominating
/// check showed `u` below the memory size and the small `c` keeps the
/// access within the memory's PROT_NONE tail (see TailChecks.cpp).
class TailChecksPass : public llvm::PassInfoMixin<TailChecksPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

} // namespace w2n

#endif
