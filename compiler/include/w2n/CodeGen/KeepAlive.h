//===- KeepAlive.h - Guard-region loads kept for their fault --------------===//
//
// A Wasm load whose value the program never uses must still fault when its
// address is out of bounds. The translator marks every guard-region load
// with a keep-alive, `assume(true) ["noundef"(load)]`
// (FunctionTranslator::loadMem), which cost models ignore. Two steps finish
// the protocol: before SimplifyCFG, a keep-alive whose load has become dead
// turns into a call of `w2n.keep`, which nothing may delete or speculate;
// after the optimiser, every keep-alive goes and the loads it kept become
// volatile, so instruction selection keeps them.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_CODEGEN_KEEPALIVE_H
#define W2N_CODEGEN_KEEPALIVE_H

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace w2n {

/// Turns the keep-alive assumptions of F whose loads have become dead into
/// calls of w2n.keep. The assumption is the cheap form while the value is
/// live (cost models ignore it); a dead load gains nothing from it, and
/// SimplifyCFG's speculation would drop it. Adds a call that touches no
/// memory and removes an assumption, which leaves every cached analysis
/// valid.
void hardenDeadKeepAlives(llvm::Function &F);

/// Ends the keep-alives of M. A load the optimiser left with no other use
/// becomes volatile, so instruction selection keeps it and an out-of-bounds
/// address still faults. Values between the keep-alive and the load (the
/// vectoriser's extractelements of a wide load) are deleted on the way.
void releaseKeptLoads(llvm::Module &M);

} // namespace w2n

#endif
