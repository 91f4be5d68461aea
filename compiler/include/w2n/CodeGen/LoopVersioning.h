//===- LoopVersioning.h - Wrap-free, check-free copies of hot loops -------===//
#ifndef W2N_CODEGEN_LOOPVERSIONING_H
#define W2N_CODEGEN_LOOPVERSIONING_H

#include "llvm/IR/PassManager.h"

namespace w2n {

/// Gives each innermost loop whose Wasm addresses are 32-bit recurrences a
/// copy with 64-bit addresses and without the software bounds checks it
/// can prove, entered when a preheader check shows that holds for every
/// iteration (see LoopVersioning.cpp).
class LoopVersioningPass : public llvm::PassInfoMixin<LoopVersioningPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

} // namespace w2n

#endif
