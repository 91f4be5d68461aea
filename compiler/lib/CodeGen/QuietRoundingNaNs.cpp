//===- QuietRoundingNaNs.cpp - Quiet NaNs out of RISC-V rounding ----------===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace w2n {

/// Wasm wants floor/ceil/trunc/nearest of a NaN to be a quiet NaN. The
/// RISC-V backend (no Zfa) lowers them as "if |x| < 2^p convert, else
/// return x" for scalars and vectors alike, which hands a signalling NaN back
/// unchanged. For RISC-V each such call becomes
/// `isnan(x) ? x + x : round(x)`; the add quiets the NaN. It runs after the
/// optimiser, so nothing folds it away.
PreservedAnalyses QuietRoundingNaNsPass::run(Module &M,
                                             ModuleAnalysisManager &) {
  SmallVector<IntrinsicInst *, 16> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        switch (II->getIntrinsicID()) {
        case Intrinsic::floor:
        case Intrinsic::ceil:
        case Intrinsic::trunc:
        case Intrinsic::nearbyint:
        case Intrinsic::rint:
        case Intrinsic::round:
        case Intrinsic::roundeven:
          Calls.push_back(II);
          break;
        default:
          break;
        }
  for (IntrinsicInst *II : Calls) {
    IRBuilder<> B(II->getNextNode());
    Value *X = II->getArgOperand(0);
    Value *Quiet = B.CreateFAdd(X, X, "quiet");
    Value *Sel = B.CreateSelect(B.CreateFCmpUNO(X, X), Quiet, II);
    II->replaceUsesWithIf(Sel, [Sel](Use &U) { return U.getUser() != Sel; });
  }
  return Calls.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

} // namespace w2n
