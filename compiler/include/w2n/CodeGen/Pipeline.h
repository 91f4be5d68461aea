//===- Pipeline.h - The optimisation pipeline -----------------------------===//
#ifndef W2N_CODEGEN_PIPELINE_H
#define W2N_CODEGEN_PIPELINE_H

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class Module;
class PassBuilder;
class TargetMachine;
} // namespace llvm

namespace w2n {

/// Registers LLVM's analyses, with the default alias analysis pipeline,
/// in the four managers and connects them, as every pipeline PB builds
/// needs (optimizeModule, w2n-opt).
void registerAnalyses(llvm::PassBuilder &PB, llvm::LoopAnalysisManager &LAM,
                      llvm::FunctionAnalysisManager &FAM,
                      llvm::CGSCCAnalysisManager &CGAM,
                      llvm::ModuleAnalysisManager &MAM);

/// Runs the optimisation pipeline for OptLevel (0..3): LLVM's default
/// pipeline with the custom passes of Passes.def at its extension points
/// and the transforms that would lose a Wasm trap left out. SizeLevel 1
/// and 2 select LLVM's Os and Oz pipelines (OptLevel is then 2).
void optimizeModule(llvm::Module &M, llvm::TargetMachine &TM, unsigned OptLevel,
                    unsigned SizeLevel = 0);

/// Fixes after optimisation, before emission: ends the keep-alives
/// (KeepAlive.h), lowers the translator's llvm.canonicalize calls
/// (signalling NaNs quieted where a fold dropped the operation) and, on
/// RISC-V, makes rounding operations return quiet NaNs, as Wasm requires.
void prepareForTarget(llvm::Module &M, const llvm::TargetMachine &TM);

} // namespace w2n

#endif
