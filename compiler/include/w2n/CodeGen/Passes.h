//===- Passes.h - The custom passes of the pipeline -----------------------===//
//
// Each pass has a file of its own in lib/CodeGen/ and a name in Passes.def;
// Pipeline.cpp says where in LLVM's pipeline each one runs.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_CODEGEN_PASSES_H
#define W2N_CODEGEN_PASSES_H

#include "w2n/CodeGen/LoopVersioning.h"
#include "w2n/CodeGen/TailChecks.h"

#include "llvm/IR/PassManager.h"

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace w2n {

/// Keeps the loop vectoriser away from loops that store to linear memory,
/// whose stores before a trap a vector store would lose (OrderedStores.cpp).
class OrderedStoresPass : public llvm::PassInfoMixin<OrderedStoresPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

/// Gives byte swaps and bit reversals that a Wasm producer expanded into
/// shifts and masks back to LLVM as intrinsics (BitIdioms.cpp).
class BitIdiomsPass : public llvm::PassInfoMixin<BitIdiomsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

/// Carries a 32-bit loop value that is zero-extended for addressing through
/// its phi as 64 bits (WidenAddressPhis.cpp).
class WidenAddressPhisPass : public llvm::PassInfoMixin<WidenAddressPhisPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

/// hardenDeadKeepAlives (KeepAlive.h) as a pass; the pipeline runs it
/// before every SimplifyCFG.
class HardenKeepAlivesPass : public llvm::PassInfoMixin<HardenKeepAlivesPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

/// releaseKeptLoads (KeepAlive.h) as a pass.
class ReleaseKeptLoadsPass : public llvm::PassInfoMixin<ReleaseKeptLoadsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};

/// Lowers the translator's llvm.canonicalize calls, which no LLVM 19
/// backend selects on x86 (LowerCanonicalize.cpp).
class LowerCanonicalizePass
    : public llvm::PassInfoMixin<LowerCanonicalizePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};

/// Drops llvm.canonicalize of quieting float operations in loops before the
/// loop vectoriser, whose x86 cost model cannot price the call
/// (LowerCanonicalize.cpp).
class LoopCanonicalizePass : public llvm::PassInfoMixin<LoopCanonicalizePass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

/// Makes floor/ceil/trunc/nearest of a NaN a quiet NaN where the backend
/// hands a signalling one back (RISC-V; QuietRoundingNaNs.cpp).
class QuietRoundingNaNsPass
    : public llvm::PassInfoMixin<QuietRoundingNaNsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};

/// Lets PB parse the names of Passes.def in a `-passes=` pipeline.
void registerPasses(llvm::PassBuilder &PB);

} // namespace w2n

#endif
