//===- OrderedStores.cpp - No vector stores across a Wasm trap ------------===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;

namespace w2n {

/// Keeps the loop vectoriser (and its interleaving) away from loops that
/// store to linear memory. A vector store covers several iterations'
/// stores; when an access of a later iteration faults in the guard region
/// (or the software-check tail), a Wasm program has done the earlier
/// iterations' stores and the vectorised loop has not, which a host that
/// reads memory after the trap would see. Loops that only load keep
/// vectorising: their traps come out the same. Wasm code from a
/// -msimd128 build carries its own vector stores, which are single
/// accesses and unaffected.
static cl::opt<bool> VectoriseStores(
    "w2n-vectorize-stores", cl::Hidden, cl::init(false),
    cl::desc("Let the loop vectoriser vectorise loops that store to linear "
             "memory (the stores before a trap may then be lost)"));

PreservedAnalyses OrderedStoresPass::run(Function &F,
                                         FunctionAnalysisManager &AM) {
  if (F.arg_empty() || VectoriseStores)
    return PreservedAnalyses::all();
  const Value *Ctx = F.getArg(0);
  auto &LI = AM.getResult<LoopAnalysis>(F);
  bool Changed = false;
  for (Loop *L : LI.getLoopsInPreorder()) {
    bool StoresMemory = false;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB)
        if (auto *St = dyn_cast<StoreInst>(&I))
          StoresMemory |= getUnderlyingObject(St->getPointerOperand()) != Ctx;
    if (!StoresMemory)
      continue;
    addStringMetadataToLoop(L, "llvm.loop.vectorize.width", 1);
    addStringMetadataToLoop(L, "llvm.loop.interleave.count", 1);
    Changed = true;
  }
  return Changed ? PreservedAnalyses::allInSet<CFGAnalyses>()
                 : PreservedAnalyses::all();
}

} // namespace w2n
