//===- WidenAddressPhis.cpp - Walked Wasm pointers carried in 64 bits -----===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace w2n {

/// Whether V costs nothing to zero-extend where it is defined.
static bool freeToExtend(const Value *V) {
  if (isa<Constant>(V))
    return true;
  // 32-bit loads and arithmetic write the whole 64-bit register.
  return isa<LoadInst>(V) || isa<BinaryOperator>(V) || isa<SelectInst>(V);
}

/// Carries a 32-bit value that is zero-extended for addressing (a Wasm
/// pointer walked by a loop) through its phi as the 64-bit extension. x86
/// and AArch64 cannot see through a 32-bit phi that its upper half is zero
/// and copy the register on every iteration to clear it; the definitions
/// that flow in (loads, arithmetic) clear it for free. Runs last, after the
/// final InstCombine, which would fold the extensions back into one after
/// the phi.
PreservedAnalyses WidenAddressPhisPass::run(Function &F,
                                            FunctionAnalysisManager &AM) {
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  Type *I32 = Type::getInt32Ty(F.getContext());
  Type *I64 = Type::getInt64Ty(F.getContext());
  SmallVector<PHINode *, 16> Phis;
  for (BasicBlock &BB : F)
    for (PHINode &Phi : BB.phis()) {
      if (Phi.getType() != I32)
        continue;
      bool Extended = false, AllFree = true;
      for (User *U : Phi.users())
        if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType() == I64)
          Extended = true;
      // A value entering the loop is extended once, on its way in; the
      // values coming round it (along an edge from a block the phi's
      // block dominates) must be free to extend.
      for (unsigned I = 0, E = Phi.getNumIncomingValues(); I != E; ++I) {
        BasicBlock *From = Phi.getIncomingBlock(I);
        if (DT.dominates(&BB, From) && !freeToExtend(Phi.getIncomingValue(I)))
          AllFree = false;
      }
      if (Extended && AllFree)
        Phis.push_back(&Phi);
    }
  for (PHINode *Phi : Phis) {
    PHINode *Wide = PHINode::Create(I64, Phi->getNumIncomingValues(),
                                    Phi->getName() + ".wide");
    Wide->insertBefore(Phi->getIterator());
    // One extension per predecessor: a switch can reach the phi along
    // several edges from one block, which must bring one value.
    DenseMap<BasicBlock *, Value *> Extended;
    for (unsigned I = 0, E = Phi->getNumIncomingValues(); I != E; ++I) {
      Value *V = Phi->getIncomingValue(I);
      BasicBlock *From = Phi->getIncomingBlock(I);
      Value *&Z = Extended[From];
      if (Z) {
        Wide->addIncoming(Z, From);
        continue;
      }
      if (auto *C = dyn_cast<Constant>(V))
        Z = ConstantFoldCastOperand(Instruction::ZExt, C, I64,
                                    F.getDataLayout());
      if (!Z)
        Z = new ZExtInst(V, I64, V->getName() + ".zext",
                         From->getTerminator()->getIterator());
      Wide->addIncoming(Z, From);
    }
    SmallVector<ZExtInst *, 4> Exts;
    for (User *U : Phi->users())
      if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType() == I64)
        Exts.push_back(Z);
    for (ZExtInst *Z : Exts) {
      Z->replaceAllUsesWith(Wide);
      Z->eraseFromParent();
    }
    if (Phi->use_empty()) {
      Phi->eraseFromParent();
    } else {
      auto *T = new TruncInst(Wide, I32, Phi->getName(),
                              Phi->getParent()->getFirstInsertionPt());
      Phi->replaceAllUsesWith(T);
      Phi->eraseFromParent();
    }
  }
  return Phis.empty() ? PreservedAnalyses::all()
                      : PreservedAnalyses::allInSet<CFGAnalyses>();
}

} // namespace w2n
