//===- Target.cpp - Served targets, target machines, module set-up --------===//

#include "w2n/CodeGen/Target.h"
#include "w2n/CodeGen/ExactTraps.h"

#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
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
    // For module-level assembly (the executable's .w2n.info section).
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64AsmParser();
    LLVMInitializeRISCVAsmParser();
    // The DAG combiner merges neighbouring constant stores into one wider
    // store. A Wasm store that faults (guard region, software-check tail)
    // must leave the stores before it done; a merged store that faults
    // does none of them. Off unless -mllvm sets it.
    // Tail merging (BranchFolding) turns the ends of a switch's cases
    // that continue alike into jumps to one shared copy. For a bytecode
    // interpreter's dispatch loop that puts a chain of unconditional jumps
    // between every handler and the dispatching indirect jump, and the
    // indirect-branch predictor (which keys on the path of taken branches)
    // seems to lose track: bench/interp ran 2.6x native in wall time
    // (0.96x in instructions) with it and 1.1x without. Code size grows by
    // 0.2%. Off unless -mllvm sets it.
    auto &Opts = cl::getRegisteredOptions();
    for (StringRef Name : {"combiner-store-merging", "enable-tail-merge"}) {
      auto It = Opts.find(Name);
      if (It != Opts.end() && It->second->getNumOccurrences() == 0)
        It->second->addOccurrence(0, Name, "false");
    }
    // CMOV conversion and memset/memcpy formation lose traps too.
    disableTrapLosingTransforms();
  });
}

ArrayRef<TargetInfo> supportedTargets() {
  static const TargetInfo Targets[] = {
      {"x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86-64", "",
       "x86_64-unknown-linux-gnu, x86_64-pc-linux-gnu, amd64-linux-gnu"},
      {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "generic", "+neon",
       "aarch64-unknown-linux-gnu, arm64-linux-gnu"},
      {"riscv64-linux-gnu", "riscv64-unknown-linux-gnu", "generic-rv64",
       "+m,+a,+f,+d,+c",
       "riscv64-unknown-linux-gnu, riscv64gc-linux-gnu, "
       "riscv64gc-unknown-linux-gnu"},
  };
  return Targets;
}

static std::string supportedList() {
  std::string L;
  for (const TargetInfo &T : supportedTargets())
    L += (L.empty() ? "" : ", ") + std::string(T.Name);
  return L;
}

Expected<std::string> normalizeTriple(StringRef Spelled) {
  // Rust and some distributions spell the RISC-V base ISA into the arch
  // ("riscv64gc-unknown-linux-gnu"); LLVM's parser does not know that name.
  std::string Fixed = Spelled.str();
  for (StringRef ISA : {"riscv64gc", "riscv64imafdc", "riscv64g"})
    if (StringRef(Fixed).starts_with(ISA) &&
        (Fixed.size() == ISA.size() || Fixed[ISA.size()] == '-'))
      Fixed = "riscv64" + Fixed.substr(ISA.size());
  Triple T(Triple::normalize(Fixed));
  auto Unsupported = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             "unsupported target '%s': %s (this build "
                             "produces %s; see --print-targets)",
                             Spelled.str().c_str(), Why.str().c_str(),
                             supportedList().c_str());
  };
  if (T.getArch() == Triple::UnknownArch)
    return Unsupported("unknown architecture '" + Spelled.split('-').first +
                       "'");
  if (T.getArch() != Triple::x86_64 && T.getArch() != Triple::aarch64 &&
      T.getArch() != Triple::riscv64)
    return Unsupported("no code generator or runtime library for " +
                       T.getArchName());
  if (T.getOS() != Triple::Linux)
    return Unsupported("only Linux is supported, not '" + T.getOSName() + "'");
  if (T.getEnvironment() != Triple::GNU &&
      T.getEnvironment() != Triple::UnknownEnvironment)
    return Unsupported("only the GNU C library is supported, not '" +
                       T.getEnvironmentName() + "'");
  if (T.getArch() == Triple::aarch64 && T.isArch32Bit())
    return Unsupported("the ILP32 ABI is not supported");
  for (const TargetInfo &TI : supportedTargets())
    if (Triple(TI.Normalized).getArch() == T.getArch())
      return std::string(TI.Normalized);
  return Unsupported("no such target");
}

std::string runtimeTripleDir(StringRef Normalized) {
  Triple T(Normalized);
  return (T.getArchName() + "-linux-gnu").str();
}

/// Checks the CPU name and every +/-feature against what LLVM knows for the
/// target, so a typo is an error rather than LLVM's "ignoring" warning.
static Error checkCPUAndFeatures(const Target &Tgt, const Triple &T,
                                 StringRef CPU, StringRef Features) {
  if (CPU.empty() && Features.empty())
    return Error::success();
  std::unique_ptr<MCSubtargetInfo> STI(
      Tgt.createMCSubtargetInfo(T.str(), "", ""));
  if (!STI)
    return Error::success();
  if (!CPU.empty() && !STI->isCPUStringValid(CPU))
    return createStringError(
        inconvertibleErrorCode(),
        "unknown CPU '%s' for %s (try -mcpu=native on the host, or a name "
        "from `llc-19 -mtriple=%s -mcpu=help`)",
        CPU.str().c_str(), T.getArchName().str().c_str(), T.str().c_str());
  SmallVector<StringRef, 16> Parts;
  Features.split(Parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef F : Parts) {
    F = F.trim();
    if (!F.starts_with("+") && !F.starts_with("-"))
      return createStringError(inconvertibleErrorCode(),
                               "feature '%s' must start with '+' or '-' "
                               "(e.g. --features=+%s)",
                               F.str().c_str(), F.str().c_str());
    StringRef Name = F.drop_front();
    bool Known = false;
    for (const SubtargetFeatureKV &KV : STI->getAllProcessorFeatures())
      Known |= Name == KV.Key;
    if (!Known)
      return createStringError(
          inconvertibleErrorCode(),
          "unknown feature '%s' for %s (see `llc-19 -mtriple=%s -mattr=help`)",
          Name.str().c_str(), T.getArchName().str().c_str(), T.str().c_str());
  }
  return Error::success();
}

Expected<TargetSettings> resolveTarget(const CodeGenOptions &Opts) {
  initTargets();
  std::string Err;
  const Target *Tgt = TargetRegistry::lookupTarget(Opts.Triple, Err);
  if (!Tgt)
    return createStringError(inconvertibleErrorCode(), "%s", Err.c_str());
  Triple T(Opts.Triple);

  TargetSettings S;
  S.Tgt = Tgt;
  std::string CPU = Opts.CPU;
  std::string Features = Opts.Features;
  if (CPU == "native") {
    Triple Host(sys::getProcessTriple());
    if (Host.getArch() != T.getArch())
      return createStringError(
          inconvertibleErrorCode(),
          "-mcpu=native describes the host (%s), not %s: name a CPU of the "
          "target instead",
          Host.getArchName().str().c_str(), T.getArchName().str().c_str());
    CPU = sys::getHostCPUName().str();
    SubtargetFeatures SF;
    for (auto &F : sys::getHostCPUFeatures())
      SF.AddFeature(F.first(), F.second);
    if (!Features.empty())
      SF.AddFeature(Features);
    Features = SF.getString();
  } else if (Error E = checkCPUAndFeatures(*Tgt, T, CPU, Features)) {
    return std::move(E);
  }

  // The target's baseline comes first, so the user's features can turn
  // parts of it off or add to it.
  for (const TargetInfo &TI : supportedTargets()) {
    if (Triple(TI.Normalized).getArch() != T.getArch())
      continue;
    if (CPU.empty())
      CPU = TI.DefaultCPU;
    if (*TI.BaseFeatures)
      Features = Features.empty()
                     ? std::string(TI.BaseFeatures)
                     : std::string(TI.BaseFeatures) + "," + Features;
  }
  if (T.getArch() == Triple::riscv64) {
    // Debian's riscv64 C library and crt objects use the lp64d ABI.
    SmallVector<StringRef, 16> Parts;
    StringRef(Features).split(Parts, ',', -1, /*KeepEmpty=*/false);
    bool HasD = false;
    for (StringRef F : Parts) // the last mention of d wins
      if (F.trim() == "+d" || F.trim() == "-d" || F.trim() == "-f")
        HasD = F.trim() == "+d";
    if (!HasD)
      return createStringError(inconvertibleErrorCode(),
                               "riscv64 needs the F and D extensions: the "
                               "C library uses the lp64d ABI");
    S.Options.MCOptions.ABIName = "lp64d";
  }
  S.CPU = CPU;
  S.Features = Features;
  return S;
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const CodeGenOptions &Opts) {
  auto S = resolveTarget(Opts);
  if (!S)
    return S.takeError();
  const Target *Tgt = S->Tgt;
  std::string CPU = S->CPU, Features = S->Features;
  TargetOptions TO = S->Options;

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
      Opts.Triple, CPU, Features, TO, Opts.PIC ? Reloc::PIC_ : Reloc::Static,
      CodeModel::Small, Level));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '%s'",
                             Opts.Triple.c_str());
  return std::move(TM);
}

void setUpModuleForTarget(Module &M, const TargetMachine &TM) {
  M.setTargetTriple(TM.getTargetTriple().str());
  M.setDataLayout(TM.createDataLayout());
  // Debian's riscv64 C library and crt objects use the lp64d ABI; the
  // target machine says so too (resolveTarget), and both must agree.
  if (TM.getTargetTriple().getArch() == Triple::riscv64)
    M.addModuleFlag(Module::Error, "target-abi",
                    MDString::get(M.getContext(), "lp64d"));
}

} // namespace w2n
