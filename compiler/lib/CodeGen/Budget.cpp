//===- Budget.cpp - Keep compile time and memory linear in the input ------===//
//
// Some of LLVM's passes take time that grows faster than the function they
// work on, and a Wasm module can hold a function of any shape. Measured on
// LLVM 19 (docs/security.md, "Compile time and memory bounded by the
// input"): CorrelatedValuePropagation is quadratic in the cases of a switch,
// InstCombine in the depth of nested conditions on one value, the -O2 code
// generator in the targets of a switch and in one huge block (scheduling,
// greedy register allocation), and 3125 loops in nested blocks overflowed
// the native stack in the optimiser.
//
// So each function is measured once before the optimiser runs, in time
// linear in its size, and a function beyond a threshold is compiled as at
// -O0: it is marked optnone and moved into a module of its own that is
// optimised and code-generated at -O0 (optnone alone still leaves it to the
// -O2 register allocator). The rest of the module is optimised as usual.
// The thresholds are far above any function of bench/ (at most 5390
// instructions, 56 switch cases, a dominator tree under 100 deep), so
// ordinary code never meets them.
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/Budget.h"

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Link/Lld.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <mutex>

using namespace llvm;

namespace w2n {

static cl::opt<uint64_t> MaxInstructions(
    "w2n-budget-instructions", cl::init(100000),
    cl::desc("Functions with more IR instructions are not optimised"));
static cl::opt<uint64_t> MaxSwitchCases(
    "w2n-budget-switch-cases", cl::init(4096),
    cl::desc("Functions with a larger switch are not optimised"));
static cl::opt<uint64_t> MaxDominatorDepth(
    "w2n-budget-dominator-depth", cl::init(1000),
    cl::desc("Functions with a deeper dominator tree are not optimised"));

FunctionShape measureFunction(Function &F) {
  FunctionShape S;
  for (BasicBlock &BB : F) {
    S.Instructions += BB.size();
    if (auto *SI = dyn_cast<SwitchInst>(BB.getTerminator())) {
      S.Instructions += SI->getNumCases();
      S.SwitchCases = std::max<uint64_t>(S.SwitchCases, SI->getNumCases());
    }
  }
  // Built without recursion; a node's level is stored. (LoopInfo is not:
  // it lists every block in each loop around it, quadratic in the depth.)
  DominatorTree DT(F);
  for (BasicBlock &BB : F)
    if (DomTreeNode *N = DT.getNode(&BB))
      S.DominatorDepth = std::max<uint64_t>(S.DominatorDepth, N->getLevel());
  return S;
}

std::string budgetExcess(const FunctionShape &S) {
  auto Over = [](uint64_t V, uint64_t Max, StringRef What) {
    return ("has " + Twine(V) + " " + What + "; the limit is " + Twine(Max))
        .str();
  };
  if (S.SwitchCases > MaxSwitchCases)
    return Over(S.SwitchCases, MaxSwitchCases, "switch cases");
  if (S.DominatorDepth > MaxDominatorDepth)
    return Over(S.DominatorDepth, MaxDominatorDepth, "nested conditions");
  if (S.Instructions > MaxInstructions)
    return Over(S.Instructions, MaxInstructions, "instructions");
  return "";
}

SmallVector<Function *, 4> applyCompileBudget(Module &M, unsigned OptLevel,
                                              bool Verbose) {
  SmallVector<Function *, 4> Over;
  if (OptLevel == 0)
    return Over;
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasOptNone())
      continue;
    std::string Why = budgetExcess(measureFunction(F));
    if (Why.empty())
      continue;
    F.removeFnAttr(Attribute::AlwaysInline);
    F.addFnAttr(Attribute::NoInline);
    F.addFnAttr(Attribute::OptimizeNone);
    Over.push_back(&F);
    if (!Verbose)
      continue;
    // Partitions are compiled on several threads; one line at a time.
    static std::mutex Lock;
    std::lock_guard<std::mutex> G(Lock);
    errs() << "wasm2native: note: function " << F.getName() << " " << Why
           << "; compiled as at -O0 (compile budget)\n";
  }
  return Over;
}

/// The global values Fs refer to, through constant expressions too.
static SmallPtrSet<GlobalValue *, 32>
referencedGlobals(ArrayRef<Function *> Fs) {
  SmallPtrSet<GlobalValue *, 32> Out;
  SmallPtrSet<const Constant *, 32> Seen;
  SmallVector<const Constant *, 64> Work;
  for (Function *F : Fs)
    for (Instruction &I : instructions(*F))
      for (Value *Op : I.operands())
        if (auto *C = dyn_cast<Constant>(Op); C && Seen.insert(C).second)
          Work.push_back(C);
  while (!Work.empty()) {
    const Constant *C = Work.pop_back_val();
    if (auto *GV = dyn_cast<GlobalValue>(C)) {
      Out.insert(const_cast<GlobalValue *>(GV));
      continue;
    }
    for (const Value *Op : C->operands())
      if (auto *CO = dyn_cast<Constant>(Op); CO && Seen.insert(CO).second)
        Work.push_back(CO);
  }
  return Out;
}

/// Makes GV visible to the other object of the split; the merge makes it
/// local again.
static void shareAcrossSplit(GlobalValue &GV) {
  if (!GV.hasLocalLinkage())
    return;
  if (!GV.hasName())
    GV.setName("w2n.budget.shared");
  GV.setLinkage(GlobalValue::ExternalLinkage);
  GV.setVisibility(GlobalValue::HiddenVisibility);
}

Expected<SmallVector<char, 0>>
compileObjectWithBudget(Module &M, TargetMachine &TM,
                        const CodeGenOptions &Opts,
                        ArrayRef<Function *> OverBudget, bool LocalizeHidden) {
  auto Emit = [&Opts](Module &Mod, TargetMachine &T,
                      unsigned Level) -> Expected<SmallVector<char, 0>> {
    optimizeModule(Mod, T, Level, Level ? Opts.SizeLevel : 0);
    prepareForTarget(Mod, T);
    SmallVector<char, 0> Out;
    raw_svector_ostream OS(Out);
    if (Error E = emitModule(Mod, T, OutputKind::Object, OS))
      return std::move(E);
    return std::move(Out);
  };
  if (OverBudget.empty() || Opts.DebugInfo)
    return Emit(M, TM, Opts.OptLevel);

  for (GlobalValue *GV : referencedGlobals(OverBudget))
    shareAcrossSplit(*GV);
  SmallPtrSet<const GlobalValue *, 4> Moved(OverBudget.begin(),
                                            OverBudget.end());
  for (Function *F : OverBudget)
    shareAcrossSplit(*F);
  ValueToValueMapTy VMap;
  std::unique_ptr<Module> Slow = CloneModule(
      M, VMap, [&](const GlobalValue *GV) { return Moved.count(GV) != 0; });
  for (Function *F : OverBudget) {
    F->deleteBody();
    F->setVisibility(GlobalValue::HiddenVisibility);
  }
  // The clone's copies of everything else are declarations; the ones that
  // nothing uses would only add undefined symbols.
  for (GlobalValue &GV : make_early_inc_range(Slow->global_values()))
    if (GV.isDeclaration() && GV.use_empty())
      GV.eraseFromParent();

  auto Fast = Emit(M, TM, Opts.OptLevel);
  if (!Fast)
    return Fast.takeError();
  CodeGenOptions SlowOpts = Opts;
  SlowOpts.OptLevel = 0;
  auto TM0 = createTargetMachine(SlowOpts);
  if (!TM0)
    return TM0.takeError();
  auto SlowObj = Emit(*Slow, **TM0, 0);
  if (!SlowObj)
    return SlowObj.takeError();
  SmallVector<char, 0> Objs[] = {std::move(*Fast), std::move(*SlowObj)};
  return mergeObjectBuffers(Objs, LocalizeHidden);
}

} // namespace w2n
