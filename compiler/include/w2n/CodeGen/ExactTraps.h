//===- ExactTraps.h - Keep LLVM from losing traps or stores before them ---===//
#ifndef W2N_CODEGEN_EXACTTRAPS_H
#define W2N_CODEGEN_EXACTTRAPS_H

namespace w2n {

/// Turns off, by default, the LLVM transforms that make a faulting load
/// conditional or replace a store loop with a libc call that writes in
/// another order (see ExactTraps.cpp). A -mllvm option given by the user
/// still wins. Call once, after the targets are initialised.
void disableTrapLosingTransforms();

} // namespace w2n

#endif
