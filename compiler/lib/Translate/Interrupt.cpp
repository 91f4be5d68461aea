//===- Interrupt.cpp - Checks that let a host interrupt a running call ----===//
//
// Epoch-style interruption, as Wasmtime's: a load of ctx->interrupt, a
// compare and an unlikely branch to the function's trap block, at every
// function entry (recursion without loops) and at every loop header (which
// every back edge reaches). Compiled in only with --interruptible.
//
//===----------------------------------------------------------------------===//
#include "FunctionTranslator.h"
#include "w2n/abi.h"

using namespace llvm;
using namespace w2n;

void FunctionTranslator::checkInterrupt() {
  if (!MC.Opts.Interruptible)
    return;
  Value *Flag = MC.Layout.interruptFlag(B, FE.ctx());
  FE.trapIf(B.CreateICmpNE(Flag, B.getInt32(0)), W2N_TRAP_INTERRUPTED);
}
