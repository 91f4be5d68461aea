//===- SimdTranslator.cpp - SIMD128 instructions to LLVM vectors ----------===//
#include "FunctionTranslator.h"
#include "Opcodes.h"

using namespace llvm;
using namespace w2n;

void FunctionTranslator::translateSimd(uint32_t Sub) {
  (void)Sub;
  R.fail("internal error: SIMD not implemented");
}
