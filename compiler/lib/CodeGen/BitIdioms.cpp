//===- BitIdioms.cpp - Expanded byte swaps and bit reversals --------------===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace w2n {

/// Finds byte swaps and bit reversals that the Wasm producer had to expand
/// into shifts and masks (Wasm has neither instruction) and gives them
/// back to LLVM as `llvm.bswap` / `llvm.bitreverse`. InstCombine finds
/// them too, but only after its demanded-bits rewrites, which may take the
/// low bits of the value from another that agrees with it there (bitops:
/// the low half of an xorshift step); the tree then has two sources, and
/// InstCombine matches half a byte swap and leaves the rest. This pass
/// looks at the root of each tree of `or`s once, before the first
/// InstCombine.
static cl::opt<bool> BitIdioms("w2n-bit-idioms", cl::Hidden, cl::init(true),
                               cl::desc("Recognise expanded byte swaps and "
                                        "bit reversals"));

PreservedAnalyses BitIdiomsPass::run(Function &F, FunctionAnalysisManager &) {
  if (!BitIdioms)
    return PreservedAnalyses::all();
  SmallVector<Instruction *, 16> Roots;
  for (Instruction &I : instructions(F))
    if (I.getOpcode() == Instruction::Or && I.getType()->isIntegerTy() &&
        none_of(I.users(), [](const User *U) {
          auto *UI = dyn_cast<Instruction>(U);
          return UI && UI->getOpcode() == Instruction::Or;
        }))
      Roots.push_back(&I);
  bool Changed = false;
  SmallVector<Instruction *, 4> Inserted;
  for (Instruction *I : Roots) {
    Inserted.clear();
    if (!recognizeBSwapOrBitReverseIdiom(I, /*MatchBSwaps=*/true,
                                         /*MatchBitReversals=*/true, Inserted))
      continue;
    I->replaceAllUsesWith(Inserted.back());
    RecursivelyDeleteTriviallyDeadInstructions(I);
    Changed = true;
  }
  return Changed ? PreservedAnalyses::allInSet<CFGAnalyses>()
                 : PreservedAnalyses::all();
}

} // namespace w2n
