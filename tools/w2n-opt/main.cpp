//===- main.cpp - w2n-opt: run passes by name on an LLVM IR file ----------===//
//
//   w2n-opt -passes=w2n-bit-idioms,instcombine [-S] [-o OUT] INPUT.ll
//
// LLVM's pipeline syntax and pass names, plus the names of Passes.def. The
// target machine is the module's triple's (x86-64 when it names none), so
// passes that ask the target see what the compiler's pipeline shows them.
//
//===----------------------------------------------------------------------===//
#include "w2n/CodeGen/Passes.h"
#include "w2n/CodeGen/Pipeline.h"
#include "w2n/CodeGen/Target.h"

#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace w2n;

static cl::opt<std::string> Input(cl::Positional, cl::desc("<input.ll>"),
                                  cl::init("-"));
static cl::opt<std::string> Output("o", cl::desc("Output file"), cl::init("-"));
static cl::opt<std::string> Passes("passes",
                                   cl::desc("The pipeline, as opt -passes="));
static cl::opt<bool> Text("S", cl::desc("Write LLVM IR as text"));

static int error(const Twine &Msg) {
  WithColor::error(errs(), "w2n-opt") << Msg << "\n";
  return 1;
}

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  cl::ParseCommandLineOptions(Argc, Argv, "w2n-opt: run passes on LLVM IR\n");

  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(Input, Diag, Ctx);
  if (!M) {
    Diag.print("w2n-opt", errs());
    return 1;
  }
  CodeGenOptions Opts;
  if (!M->getTargetTriple().empty()) {
    auto T = normalizeTriple(M->getTargetTriple());
    if (!T)
      return error(toString(T.takeError()));
    Opts.Triple = *T;
  }
  auto TM = createTargetMachine(Opts);
  if (!TM)
    return error(toString(TM.takeError()));

  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(TM->get());
  registerPasses(PB);
  registerAnalyses(PB, LAM, FAM, CGAM, MAM);
  ModulePassManager MPM;
  // No -passes: the module as read, as a baseline for a test.
  if (!Passes.empty())
    if (Error E = PB.parsePassPipeline(MPM, Passes))
      return error("-passes=" + Passes + ": " + toString(std::move(E)));
  MPM.run(*M, MAM);
  if (verifyModule(*M, &errs()))
    return error("the passes produced invalid IR");

  std::error_code EC;
  ToolOutputFile Out(Output, EC, Text ? sys::fs::OF_Text : sys::fs::OF_None);
  if (EC)
    return error(Output + ": " + EC.message());
  if (Text)
    M->print(Out.os(), nullptr);
  else
    WriteBitcodeToFile(*M, Out.os());
  Out.keep();
  return 0;
}
