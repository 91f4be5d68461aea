//===- Budget.h - Keep compile time and memory linear in the input --------===//
#ifndef W2N_CODEGEN_BUDGET_H
#define W2N_CODEGEN_BUDGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class Function;
class Module;
class TargetMachine;
} // namespace llvm

namespace w2n {

/// What the budget measures of one function, in its translated IR.
struct FunctionShape {
  /// Instructions, each switch case counted as one more.
  uint64_t Instructions = 0;
  /// Cases of the largest switch (a br_table's targets).
  uint64_t SwitchCases = 0;
  /// Depth of the dominator tree: blocks entered one inside another (nested
  /// blocks, ifs and loops, or a long run of conditional code).
  uint64_t DominatorDepth = 0;
};

FunctionShape measureFunction(llvm::Function &F);

/// The reason F's shape is beyond what the optimiser handles in time linear
/// in its size ("has 70001 switch cases; the limit is 8192"), or empty.
std::string budgetExcess(const FunctionShape &S);

struct CodeGenOptions;

/// Marks each function of M whose shape is beyond the budget optnone (and
/// noinline, which optnone requires), so the optimiser leaves it alone and
/// instruction selection treats it as at -O0, and returns them. With
/// Verbose, prints a note naming each one. Does nothing at -O0.
llvm::SmallVector<llvm::Function *, 4>
applyCompileBudget(llvm::Module &M, unsigned OptLevel, bool Verbose);

/// Optimises M at Opts.OptLevel and emits it as an object, except the
/// functions in OverBudget, which are moved into a module of their own and
/// compiled entirely at -O0 (the -O2 code generator's register allocator is
/// superlinear in one huge block even for an optnone function); the two
/// objects are merged (mergeObjectBuffers, w2n/Link/Lld.h) into one with M's
/// symbol shape. A partition passes LocalizeHidden false: its hidden symbols
/// are the other partitions' references until the final merge.
llvm::Expected<llvm::SmallVector<char, 0>> compileObjectWithBudget(
    llvm::Module &M, llvm::TargetMachine &TM, const CodeGenOptions &Opts,
    llvm::ArrayRef<llvm::Function *> OverBudget, bool LocalizeHidden = true);

} // namespace w2n

#endif
