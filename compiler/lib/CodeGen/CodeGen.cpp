//===- CodeGen.cpp - Target machines, the pass pipeline, object emission --===//

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"

#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace w2n {

static void initTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeRISCVTargetInfo();
    LLVMInitializeRISCVTarget();
    LLVMInitializeRISCVTargetMC();
    LLVMInitializeRISCVAsmPrinter();
  });
}

Expected<std::string> normalizeTriple(StringRef Spelled) {
  Triple T(Triple::normalize(Spelled));
  if (T.getOS() == Triple::Linux &&
      (T.getEnvironment() == Triple::GNU ||
       T.getEnvironment() == Triple::UnknownEnvironment)) {
    switch (T.getArch()) {
    case Triple::x86_64:
      return std::string("x86_64-unknown-linux-gnu");
    case Triple::aarch64:
      return std::string("aarch64-unknown-linux-gnu");
    case Triple::riscv64:
      return std::string("riscv64-unknown-linux-gnu");
    default:
      break;
    }
  }
  return createStringError(inconvertibleErrorCode(),
                           "unsupported target '%s' (supported: "
                           "x86_64-linux-gnu, aarch64-linux-gnu, "
                           "riscv64-linux-gnu)",
                           Spelled.str().c_str());
}

std::string runtimeTripleDir(StringRef Normalized) {
  Triple T(Normalized);
  return (T.getArchName() + "-linux-gnu").str();
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const CodeGenOptions &Opts) {
  initTargets();
  std::string Err;
  const Target *Tgt = TargetRegistry::lookupTarget(Opts.Triple, Err);
  if (!Tgt)
    return createStringError(inconvertibleErrorCode(), "%s", Err.c_str());
  Triple T(Opts.Triple);

  std::string CPU = Opts.CPU;
  std::string Features = Opts.Features;
  TargetOptions TO;
  if (CPU == "native") {
    CPU = sys::getHostCPUName().str();
    SubtargetFeatures SF;
    for (auto &F : sys::getHostCPUFeatures())
      SF.AddFeature(F.first(), F.second);
    if (!Features.empty())
      SF.AddFeature(Features);
    Features = SF.getString();
  }
  if (T.getArch() == Triple::riscv64) {
    if (CPU.empty())
      CPU = "generic-rv64";
    Features = Features.empty() ? "+m,+a,+f,+d,+c" : "+m,+a,+f,+d,+c," + Features;
    TO.MCOptions.ABIName = "lp64d";
  } else if (CPU.empty()) {
    CPU = T.getArch() == Triple::x86_64 ? "x86-64" : "generic";
  }
  if (T.getArch() == Triple::aarch64 && Features.empty())
    Features = "+neon";

  CodeGenOptLevel Level = CodeGenOptLevel::Default;
  switch (Opts.OptLevel) {
  case 0:
    Level = CodeGenOptLevel::None;
    break;
  case 1:
    Level = CodeGenOptLevel::Less;
    break;
  case 3:
    Level = CodeGenOptLevel::Aggressive;
    break;
  default:
    break;
  }
  std::unique_ptr<TargetMachine> TM(Tgt->createTargetMachine(
      Opts.Triple, CPU, Features, TO, Reloc::Static, CodeModel::Small, Level));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '%s'",
                             Opts.Triple.c_str());
  return std::move(TM);
}

void optimizeModule(Module &M, TargetMachine &TM, unsigned OptLevel) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PipelineTuningOptions PTO;
  PassBuilder PB(&TM, PTO);
  FAM.registerPass([&] { return PB.buildDefaultAAPipeline(); });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

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
  ModulePassManager MPM = Level == OptimizationLevel::O0
                              ? PB.buildO0DefaultPipeline(Level)
                              : PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(M, MAM);
}

Error emitModule(Module &M, TargetMachine &TM, OutputKind Kind,
                 raw_pwrite_stream &OS) {
  switch (Kind) {
  case OutputKind::LLVMText:
    M.print(OS, nullptr);
    return Error::success();
  case OutputKind::LLVMBitcode:
    WriteBitcodeToFile(M, OS);
    return Error::success();
  case OutputKind::Object:
  case OutputKind::Assembly:
    break;
  }
  legacy::PassManager PM;
  auto FT = Kind == OutputKind::Object ? CodeGenFileType::ObjectFile
                                       : CodeGenFileType::AssemblyFile;
  if (TM.addPassesToEmitFile(PM, OS, nullptr, FT))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit this file type");
  PM.run(M);
  return Error::success();
}

Expected<SmallVector<char, 0>> compileModule(const CompileRequest &R) {
  auto WM = wasm::decode(R.Wasm, R.Translate.Features);
  if (!WM)
    return WM.takeError();
  if (Error E = wasm::validate(*WM, R.Translate.Features))
    return std::move(E);

  auto TM = createTargetMachine(R.CodeGen);
  if (!TM)
    return TM.takeError();

  LLVMContext Ctx;
  TranslateOptions TO = R.Translate;
  TO.TargetTriple = R.CodeGen.Triple;
  TO.DataLayout = (*TM)->createDataLayout().getStringRepresentation();
  auto M = translate(*WM, Ctx, TO);
  if (!M)
    return M.takeError();
  (*M)->setTargetTriple(R.CodeGen.Triple);
  (*M)->setDataLayout((*TM)->createDataLayout());
  if (Triple(R.CodeGen.Triple).getArch() == Triple::riscv64)
    (*M)->addModuleFlag(Module::Error, "target-abi",
                        MDString::get(Ctx, "lp64d"));

  if (R.MainConfig)
    emitMainConfig(**M, *R.MainConfig);

  std::string VerifyMsg;
  raw_string_ostream VOS(VerifyMsg);
  if (verifyModule(**M, &VOS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: invalid IR: %s",
                             VerifyMsg.c_str());

  optimizeModule(**M, **TM, R.CodeGen.OptLevel);

  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = emitModule(**M, **TM, R.Kind, OS))
    return std::move(E);
  return std::move(Out);
}

} // namespace w2n
