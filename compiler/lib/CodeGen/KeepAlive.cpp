//===- KeepAlive.cpp - Guard-region loads kept for their fault ------------===//

#include "w2n/CodeGen/KeepAlive.h"
#include "w2n/CodeGen/Passes.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/IR/ValueHandle.h"

using namespace llvm;

namespace w2n {

/// Whether II is one of the translator's keep-alive assumptions
/// (`assume(true) ["noundef"(load)]`, see FunctionTranslator::loadMem).
static bool isKeepAlive(const IntrinsicInst &II) {
  if (II.getIntrinsicID() != Intrinsic::assume ||
      !match(II.getArgOperand(0), PatternMatch::m_One()) ||
      II.getNumOperandBundles() == 0)
    return false;
  for (unsigned I = 0, E = II.getNumOperandBundles(); I != E; ++I)
    if (II.getOperandBundleAt(I).getTagName() != "noundef")
      return false;
  return true;
}

/// The call a keep-alive assumption becomes once the value it keeps is dead
/// (hardenDeadKeepAlives). It touches no memory but is not `willreturn`, so
/// it has an effect nothing may delete, speculate or hoist, and neither does
/// the load it uses.
static constexpr const char *KeepFunctionName = "w2n.keep";

static bool isKeepCall(const Instruction &I) {
  if (const auto *CI = dyn_cast<CallInst>(&I))
    if (const Function *F = CI->getCalledFunction())
      return F->getName() == KeepFunctionName;
  return false;
}

static bool isKeepAliveUse(const Instruction &I) {
  if (const auto *II = dyn_cast<IntrinsicInst>(&I))
    return isKeepAlive(*II);
  return isKeepCall(I);
}

/// The values a keep-alive keeps: an assumption's bundle operands, a
/// w2n.keep call's arguments.
static SmallVector<Value *, 4> keptValues(const CallBase &K) {
  SmallVector<Value *, 4> Out;
  for (unsigned B = 0, E = K.getNumOperandBundles(); B != E; ++B)
    for (const Use &U : K.getOperandBundleAt(B).Inputs)
      Out.push_back(U.get());
  if (isKeepCall(K))
    Out.append(K.arg_begin(), K.arg_end());
  return Out;
}

/// Whether V affects nothing: no terminator and no instruction with side
/// effects depends on it, other than keep-alives. SimplifyCFG counts such a
/// value (and the assumption on it) as ephemeral and drops it when it
/// speculates the block, fault and all. Gives up (answers no) on long chains.
static bool keptOnlyForItsFault(const Instruction *V) {
  SmallVector<const Instruction *, 16> Work{V};
  SmallPtrSet<const Instruction *, 16> Seen{V};
  while (!Work.empty()) {
    const Instruction *I = Work.pop_back_val();
    for (const User *U : I->users()) {
      const auto *UI = cast<Instruction>(U);
      if (isKeepAliveUse(*UI))
        continue;
      if (UI->isTerminator() || UI->mayHaveSideEffects() || Seen.size() > 64)
        return false;
      if (Seen.insert(UI).second)
        Work.push_back(UI);
    }
  }
  return true;
}

void hardenDeadKeepAlives(Function &F) {
  auto KeepsDeadValue = [](const IntrinsicInst &II) {
    return any_of(keptValues(II), [](Value *V) {
      auto *I = dyn_cast<Instruction>(V);
      return I && keptOnlyForItsFault(I);
    });
  };
  SmallVector<IntrinsicInst *, 8> Dead;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      if (isKeepAlive(*II) && KeepsDeadValue(*II))
        Dead.push_back(II);
  if (Dead.empty())
    return;
  Module &M = *F.getParent();
  Function *Keep = M.getFunction(KeepFunctionName);
  if (!Keep) {
    Keep = Function::Create(
        FunctionType::get(Type::getVoidTy(M.getContext()), /*isVarArg=*/true),
        GlobalValue::ExternalLinkage, KeepFunctionName, M);
    Keep->setDoesNotAccessMemory();
    Keep->setDoesNotThrow();
  }
  for (IntrinsicInst *II : Dead) {
    CallInst::Create(Keep, keptValues(*II), "", II->getIterator());
    II->eraseFromParent();
  }
}

void releaseKeptLoads(Module &M) {
  SmallVector<Instruction *, 64> Keeps;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isKeepAliveUse(I))
        Keeps.push_back(&I);
  SmallVector<WeakVH, 64> Work;
  for (Instruction *K : Keeps) {
    for (Value *V : keptValues(*cast<CallBase>(K)))
      Work.push_back(V);
    K->eraseFromParent();
  }
  if (Function *Keep = M.getFunction(KeepFunctionName))
    Keep->eraseFromParent();
  SmallPtrSet<Instruction *, 32> Seen;
  while (!Work.empty()) {
    auto *I = dyn_cast_or_null<Instruction>(Work.pop_back_val());
    if (!I || !Seen.insert(I).second)
      continue;
    if (auto *L = dyn_cast<LoadInst>(I)) {
      L->setVolatile(true);
      continue;
    }
    // The vectoriser's lanes of a wide load. Anything else (a stored value
    // GVN forwarded in place of the load) stands for an access that still
    // happens elsewhere.
    if (!isa<ExtractElementInst, ShuffleVectorInst, BitCastInst, PHINode>(I))
      continue;
    for (Use &Op : I->operands())
      Work.push_back(Op.get());
    if (I->use_empty()) {
      Seen.erase(I);
      I->eraseFromParent();
    }
  }
}

PreservedAnalyses HardenKeepAlivesPass::run(Function &F,
                                            FunctionAnalysisManager &) {
  hardenDeadKeepAlives(F);
  // A call that touches no memory instead of an assumption: no analysis
  // the pipeline caches changes.
  return PreservedAnalyses::all();
}

PreservedAnalyses ReleaseKeptLoadsPass::run(Module &M,
                                            ModuleAnalysisManager &) {
  releaseKeptLoads(M);
  return PreservedAnalyses::none();
}

} // namespace w2n
