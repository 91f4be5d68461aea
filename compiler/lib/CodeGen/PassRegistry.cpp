//===- PassRegistry.cpp - The custom passes by name -----------------------===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

void w2n::registerPasses(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM,
         ArrayRef<PassBuilder::PipelineElement>) {
#define W2N_FUNCTION_PASS(NAME, CREATE)                                        \
  if (Name == NAME) {                                                          \
    FPM.addPass(CREATE);                                                       \
    return true;                                                               \
  }
#include "w2n/CodeGen/Passes.def"
        return false;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
#define W2N_MODULE_PASS(NAME, CREATE)                                          \
  if (Name == NAME) {                                                          \
    MPM.addPass(CREATE);                                                       \
    return true;                                                               \
  }
#include "w2n/CodeGen/Passes.def"
        return false;
      });
}
