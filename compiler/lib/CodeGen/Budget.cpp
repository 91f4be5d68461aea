//===- Budget.cpp - Keep compile time and memory linear in the input ------===//
//
// Some of LLVM's passes take time that grows faster than the function they
// work on, and a Wasm module can hold a function of any shape. Measured on
// LLVM 19 (docs/security.md, "Compile time and memory bounded by the
// input"): CorrelatedValuePropagation is quadratic in the cases of a switch
// (LazyValueInfo walks every case for every edge), InstCombine in the depth
// of nested conditions on one value (each dominating condition is tried for
// every use), the loop passes in the depth of a loop nest (and they recurse
// on it, so 6000 nested loops overflow the native stack), and the optimiser
// as a whole is superlinear in one huge block.
//
// So each function is measured once before the optimiser runs, in time
// linear in its size, and a function beyond a threshold is compiled as at
// -O0: optnone makes the optimiser skip it and instruction selection use
// FastISel with no machine scheduling. The rest of the module is optimised
// as usual. The thresholds are far above any function of bench/ (whose
// largest has about 2000 instructions), so ordinary code never meets them.
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/Budget.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace llvm;

namespace w2n {

static cl::opt<uint64_t> MaxInstructions(
    "w2n-budget-instructions", cl::init(200000),
    cl::desc("Functions with more IR instructions are not optimised"));
static cl::opt<uint64_t> MaxSwitchCases(
    "w2n-budget-switch-cases", cl::init(8192),
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

void applyCompileBudget(Module &M, unsigned OptLevel, bool Verbose) {
  if (OptLevel == 0)
    return;
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasOptNone())
      continue;
    std::string Why = budgetExcess(measureFunction(F));
    if (Why.empty())
      continue;
    F.removeFnAttr(Attribute::AlwaysInline);
    F.addFnAttr(Attribute::NoInline);
    F.addFnAttr(Attribute::OptimizeNone);
    if (!Verbose)
      continue;
    // Partitions are compiled on several threads; one line at a time.
    static std::mutex Lock;
    std::lock_guard<std::mutex> G(Lock);
    errs() << "wasm2native: note: function " << F.getName() << " " << Why
           << "; compiled as at -O0 (compile budget)\n";
  }
}

} // namespace w2n
