//===- Budget.h - Keep compile time and memory linear in the input --------===//
#ifndef W2N_CODEGEN_BUDGET_H
#define W2N_CODEGEN_BUDGET_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace llvm {
class Function;
class Module;
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

/// Marks each function of M whose shape is beyond the budget optnone (and
/// noinline, which optnone requires), so the optimiser leaves it alone and
/// instruction selection treats it as at -O0. With Verbose, prints a note
/// naming each one. Does nothing at -O0.
void applyCompileBudget(llvm::Module &M, unsigned OptLevel, bool Verbose);

} // namespace w2n

#endif
