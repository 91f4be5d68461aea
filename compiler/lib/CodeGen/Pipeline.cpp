//===- Pipeline.cpp - The optimisation pipeline ---------------------------===//

#include "w2n/CodeGen/Pipeline.h"
#include "w2n/CodeGen/KeepAlive.h"
#include "w2n/CodeGen/Passes.h"

#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace w2n {

void registerAnalyses(PassBuilder &PB, LoopAnalysisManager &LAM,
                      FunctionAnalysisManager &FAM, CGSCCAnalysisManager &CGAM,
                      ModuleAnalysisManager &MAM) {
  FAM.registerPass([&] { return PB.buildDefaultAAPipeline(); });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
}

void optimizeModule(Module &M, TargetMachine &TM, unsigned OptLevel,
                    unsigned SizeLevel) {
  Triple::ArchType Arch = TM.getTargetTriple().getArch();
  bool WidenPhis = Arch == Triple::x86_64 || Arch == Triple::aarch64;
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // The SLP vectoriser stays off (LLVM's default, clang turns it on at
  // -O2): it merges neighbouring stores into one vector store, and when
  // the last of them faults in the guard region none of the others happen.
  PipelineTuningOptions PTO;
  // A loop that only loads has no effect LLVM can see, so LoopDeletion
  // removes it together with the out-of-bounds fault it may owe (the
  // translator's keep-alive assumptions count as droppable there). Loops
  // without effects are rare in compiled code; keeping them costs little.
  // MemCpyOpt turns runs of stores of one byte value into a memset, which
  // writes none of them, or writes them in another order, when the last
  // one faults; the stores before a faulting store must be done.
  PassInstrumentationCallbacks PIC;
  PIC.registerShouldRunOptionalPassCallback([](StringRef Pass, Any) {
    return Pass != "LoopDeletionPass" && Pass != "MemCpyOptPass";
  });
  // SimplifyCFG drops values only assumptions use when it speculates a
  // block (they are "ephemeral"); a guard-region load whose value died
  // gets a keep-alive it must respect first. The edit adds a call that
  // touches no memory and removes an assumption, which leaves every cached
  // analysis valid.
  PIC.registerBeforeNonSkippedPassCallback([](StringRef Pass, Any IR) {
    if (Pass != "SimplifyCFGPass")
      return;
    if (const auto *FP = llvm::any_cast<const Function *>(&IR))
      hardenDeadKeepAlives(const_cast<Function &>(**FP));
  });
  // -mllvm -print-after-all, -print-changed, -time-passes and friends.
  StandardInstrumentations SI(M.getContext(), /*DebugLogging=*/false);
  SI.registerCallbacks(PIC, &MAM);
  PassBuilder PB(&TM, PTO, std::nullopt, &PIC);
  // Early, before IndVarSimplify widens the 32-bit counters into shapes
  // ScalarEvolution cannot count, and before inlining multiplies the loops
  // (LoopVersioning.cpp).
  PB.registerPipelineEarlySimplificationEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        if (Level.getSpeedupLevel() < 2)
          return;
        MPM.addPass(createModuleToFunctionPassAdaptor(BitIdiomsPass()));
        MPM.addPass(createModuleToFunctionPassAdaptor(LoopVersioningPass()));
      });
  // Again before the vectoriser, for loops that inlining and unrolling
  // made; loops versioned early carry metadata and are left alone.
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        if (Level.getSpeedupLevel() >= 2)
          FPM.addPass(LoopVersioningPass());
        FPM.addPass(LoopCanonicalizePass());
        FPM.addPass(OrderedStoresPass());
      });
  // Last, when the checks have their final shapes (TailChecks.cpp).
  PB.registerOptimizerLastEPCallback([WidenPhis](ModulePassManager &MPM,
                                                 OptimizationLevel Level) {
    if (Level.getSpeedupLevel() < 1)
      return;
    MPM.addPass(createModuleToFunctionPassAdaptor(TailChecksPass()));
    if (WidenPhis)
      MPM.addPass(createModuleToFunctionPassAdaptor(WidenAddressPhisPass()));
  });
  registerAnalyses(PB, LAM, FAM, CGAM, MAM);

  OptimizationLevel Level = OptimizationLevel::O2;
  switch (OptLevel) {
  case 0:
    Level = OptimizationLevel::O0;
    break;
  case 1:
    Level = OptimizationLevel::O1;
    break;
  case 3:
    Level = OptimizationLevel::O3;
    break;
  default:
    break;
  }
  if (SizeLevel) {
    // As clang: the passes and the code generator read the size level from
    // each function's attributes, the pipeline only chooses the passes.
    Level = SizeLevel == 1 ? OptimizationLevel::Os : OptimizationLevel::Oz;
    for (Function &Fn : M) {
      if (Fn.isDeclaration())
        continue;
      Fn.addFnAttr(Attribute::OptimizeForSize);
      if (SizeLevel == 2)
        Fn.addFnAttr(Attribute::MinSize);
    }
  }
  ModulePassManager MPM = Level == OptimizationLevel::O0
                              ? PB.buildO0DefaultPipeline(Level)
                              : PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(M, MAM);
}

void prepareForTarget(Module &M, const TargetMachine &TM) {
  // None of these passes asks for an analysis.
  ModuleAnalysisManager MAM;
  ReleaseKeptLoadsPass().run(M, MAM);
  LowerCanonicalizePass().run(M, MAM);
  if (TM.getTargetTriple().getArch() == Triple::riscv64)
    QuietRoundingNaNsPass().run(M, MAM);
}

} // namespace w2n
