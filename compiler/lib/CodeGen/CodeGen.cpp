//===- CodeGen.cpp - Target machines, the pass pipeline, object emission --===//

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/CodeGen/Budget.h"
#include "w2n/CodeGen/ExactTraps.h"
#include "w2n/CodeGen/LoopVersioning.h"
#include "w2n/CodeGen/TailChecks.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/IR/ValueHandle.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

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

/// Whether II is one of the translator's keep-alive assumptions
/// (`assume(true) ["noundef"(load)]`, see FunctionTranslator::loadMem).
static bool isKeepAlive(const IntrinsicInst &II) {
  if (II.getIntrinsicID() != Intrinsic::assume ||
      !match(II.getArgOperand(0), PatternMatch::m_One()) ||
      II.getNumOperandBundles() == 0)
    return false;
  for (unsigned I = 0, E = II.getNumOperandBundles(); I != E; ++I)
    if (II.getOperandBundleAt(I).getTagName() != "noundef")
      return false;
  return true;
}

/// The call a keep-alive assumption becomes once the value it keeps is dead
/// (hardenDeadKeepAlives). It touches no memory but is not `willreturn`, so
/// it has an effect nothing may delete, speculate or hoist, and neither does
/// the load it uses.
static constexpr const char *KeepFunctionName = "w2n.keep";

static bool isKeepCall(const Instruction &I) {
  if (const auto *CI = dyn_cast<CallInst>(&I))
    if (const Function *F = CI->getCalledFunction())
      return F->getName() == KeepFunctionName;
  return false;
}

static bool isKeepAliveUse(const Instruction &I) {
  if (const auto *II = dyn_cast<IntrinsicInst>(&I))
    return isKeepAlive(*II);
  return isKeepCall(I);
}

/// The values a keep-alive keeps: an assumption's bundle operands, a
/// w2n.keep call's arguments.
static SmallVector<Value *, 4> keptValues(const CallBase &K) {
  SmallVector<Value *, 4> Out;
  for (unsigned B = 0, E = K.getNumOperandBundles(); B != E; ++B)
    for (const Use &U : K.getOperandBundleAt(B).Inputs)
      Out.push_back(U.get());
  if (isKeepCall(K))
    Out.append(K.arg_begin(), K.arg_end());
  return Out;
}

/// Whether V affects nothing: no terminator and no instruction with side
/// effects depends on it, other than keep-alives. SimplifyCFG counts such a
/// value (and the assumption on it) as ephemeral and drops it when it
/// speculates the block, fault and all. Gives up (answers no) on long chains.
static bool keptOnlyForItsFault(const Instruction *V) {
  SmallVector<const Instruction *, 16> Work{V};
  SmallPtrSet<const Instruction *, 16> Seen{V};
  while (!Work.empty()) {
    const Instruction *I = Work.pop_back_val();
    for (const User *U : I->users()) {
      const auto *UI = cast<Instruction>(U);
      if (isKeepAliveUse(*UI))
        continue;
      if (UI->isTerminator() || UI->mayHaveSideEffects() || Seen.size() > 64)
        return false;
      if (Seen.insert(UI).second)
        Work.push_back(UI);
    }
  }
  return true;
}

/// Turns the keep-alive assumptions of F whose loads have become dead into
/// calls of w2n.keep. The assumption is the cheap form while the value is
/// live (cost models ignore it); a dead load gains nothing from it, and
/// SimplifyCFG's speculation would drop it.
static void hardenDeadKeepAlives(Function &F) {
  auto KeepsDeadValue = [](const IntrinsicInst &II) {
    return any_of(keptValues(II), [](Value *V) {
      auto *I = dyn_cast<Instruction>(V);
      return I && keptOnlyForItsFault(I);
    });
  };
  SmallVector<IntrinsicInst *, 8> Dead;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      if (isKeepAlive(*II) && KeepsDeadValue(*II))
        Dead.push_back(II);
  if (Dead.empty())
    return;
  Module &M = *F.getParent();
  Function *Keep = M.getFunction(KeepFunctionName);
  if (!Keep) {
    Keep = Function::Create(
        FunctionType::get(Type::getVoidTy(M.getContext()), /*isVarArg=*/true),
        GlobalValue::ExternalLinkage, KeepFunctionName, M);
    Keep->setDoesNotAccessMemory();
    Keep->setDoesNotThrow();
  }
  for (IntrinsicInst *II : Dead) {
    CallInst::Create(Keep, keptValues(*II), "", II->getIterator());
    II->eraseFromParent();
  }
}

namespace {
/// Keeps the loop vectoriser (and its interleaving) away from loops that
/// store to linear memory. A vector store covers several iterations'
/// stores; when an access of a later iteration faults in the guard region
/// (or the software-check tail), a Wasm program has done the earlier
/// iterations' stores and the vectorised loop has not, which a host that
/// reads memory after the trap would see. Loops that only load keep
/// vectorising: their traps come out the same. Wasm code from a
/// -msimd128 build carries its own vector stores, which are single
/// accesses and unaffected.
static cl::opt<bool> VectoriseStores(
    "w2n-vectorize-stores", cl::Hidden, cl::init(false),
    cl::desc("Let the loop vectoriser vectorise loops that store to linear "
             "memory (the stores before a trap may then be lost)"));

struct OrderedStoresPass : PassInfoMixin<OrderedStoresPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &AM) {
    if (F.arg_empty() || VectoriseStores)
      return PreservedAnalyses::all();
    const Value *Ctx = F.getArg(0);
    auto &LI = AM.getResult<LoopAnalysis>(F);
    bool Changed = false;
    for (Loop *L : LI.getLoopsInPreorder()) {
      bool StoresMemory = false;
      for (BasicBlock *BB : L->blocks())
        for (Instruction &I : *BB)
          if (auto *St = dyn_cast<StoreInst>(&I))
            StoresMemory |= getUnderlyingObject(St->getPointerOperand()) != Ctx;
      if (!StoresMemory)
        continue;
      addStringMetadataToLoop(L, "llvm.loop.vectorize.width", 1);
      addStringMetadataToLoop(L, "llvm.loop.interleave.count", 1);
      Changed = true;
    }
    return Changed ? PreservedAnalyses::allInSet<CFGAnalyses>()
                   : PreservedAnalyses::all();
  }
};

/// Finds byte swaps and bit reversals that the Wasm producer had to expand
/// into shifts and masks (Wasm has neither instruction) and gives them
/// back to LLVM as `llvm.bswap` / `llvm.bitreverse`. InstCombine finds
/// them too, but only after its demanded-bits rewrites, which may take the
/// low bits of the value from another that agrees with it there (bitops:
/// the low half of an xorshift step); the tree then has two sources, and
/// InstCombine matches half a byte swap and leaves the rest. This pass
/// looks at the root of each tree of `or`s once, before the first
/// InstCombine.
static cl::opt<bool> BitIdioms("w2n-bit-idioms", cl::Hidden, cl::init(true),
                               cl::desc("Recognise expanded byte swaps and "
                                        "bit reversals"));

struct BitIdiomsPass : PassInfoMixin<BitIdiomsPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    if (!BitIdioms)
      return PreservedAnalyses::all();
    SmallVector<Instruction *, 16> Roots;
    for (Instruction &I : instructions(F))
      if (I.getOpcode() == Instruction::Or && I.getType()->isIntegerTy() &&
          none_of(I.users(), [](const User *U) {
            auto *UI = dyn_cast<Instruction>(U);
            return UI && UI->getOpcode() == Instruction::Or;
          }))
        Roots.push_back(&I);
    bool Changed = false;
    SmallVector<Instruction *, 4> Inserted;
    for (Instruction *I : Roots) {
      Inserted.clear();
      if (!recognizeBSwapOrBitReverseIdiom(I, /*MatchBSwaps=*/true,
                                           /*MatchBitReversals=*/true,
                                           Inserted))
        continue;
      I->replaceAllUsesWith(Inserted.back());
      RecursivelyDeleteTriviallyDeadInstructions(I);
      Changed = true;
    }
    return Changed ? PreservedAnalyses::allInSet<CFGAnalyses>()
                   : PreservedAnalyses::all();
  }
};

/// Carries a 32-bit value that is zero-extended for addressing (a Wasm
/// pointer walked by a loop) through its phi as the 64-bit extension. x86
/// and AArch64 cannot see through a 32-bit phi that its upper half is zero
/// and copy the register on every iteration to clear it; the definitions
/// that flow in (loads, arithmetic) clear it for free. Runs last, after the
/// final InstCombine, which would fold the extensions back into one after
/// the phi.
struct WidenAddressPhisPass : PassInfoMixin<WidenAddressPhisPass> {
  static bool freeToExtend(const Value *V) {
    if (isa<Constant>(V))
      return true;
    // 32-bit loads and arithmetic write the whole 64-bit register.
    return isa<LoadInst>(V) || isa<BinaryOperator>(V) || isa<SelectInst>(V);
  }

  PreservedAnalyses run(Function &F, FunctionAnalysisManager &AM) {
    auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
    Type *I32 = Type::getInt32Ty(F.getContext());
    Type *I64 = Type::getInt64Ty(F.getContext());
    SmallVector<PHINode *, 16> Phis;
    for (BasicBlock &BB : F)
      for (PHINode &Phi : BB.phis()) {
        if (Phi.getType() != I32)
          continue;
        bool Extended = false, AllFree = true;
        for (User *U : Phi.users())
          if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType() == I64)
            Extended = true;
        // A value entering the loop is extended once, on its way in; the
        // values coming round it (along an edge from a block the phi's
        // block dominates) must be free to extend.
        for (unsigned I = 0, E = Phi.getNumIncomingValues(); I != E; ++I) {
          BasicBlock *From = Phi.getIncomingBlock(I);
          if (DT.dominates(&BB, From) && !freeToExtend(Phi.getIncomingValue(I)))
            AllFree = false;
        }
        if (Extended && AllFree)
          Phis.push_back(&Phi);
      }
    for (PHINode *Phi : Phis) {
      PHINode *Wide = PHINode::Create(I64, Phi->getNumIncomingValues(),
                                      Phi->getName() + ".wide");
      Wide->insertBefore(Phi->getIterator());
      // One extension per predecessor: a switch can reach the phi along
      // several edges from one block, which must bring one value.
      DenseMap<BasicBlock *, Value *> Extended;
      for (unsigned I = 0, E = Phi->getNumIncomingValues(); I != E; ++I) {
        Value *V = Phi->getIncomingValue(I);
        BasicBlock *From = Phi->getIncomingBlock(I);
        Value *&Z = Extended[From];
        if (Z) {
          Wide->addIncoming(Z, From);
          continue;
        }
        if (auto *C = dyn_cast<Constant>(V))
          Z = ConstantFoldCastOperand(Instruction::ZExt, C, I64,
                                      F.getDataLayout());
        if (!Z)
          Z = new ZExtInst(V, I64, V->getName() + ".zext",
                           From->getTerminator()->getIterator());
        Wide->addIncoming(Z, From);
      }
      SmallVector<ZExtInst *, 4> Exts;
      for (User *U : Phi->users())
        if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType() == I64)
          Exts.push_back(Z);
      for (ZExtInst *Z : Exts) {
        Z->replaceAllUsesWith(Wide);
        Z->eraseFromParent();
      }
      if (Phi->use_empty()) {
        Phi->eraseFromParent();
      } else {
        auto *T = new TruncInst(Wide, I32, Phi->getName(),
                                Phi->getParent()->getFirstInsertionPt());
        Phi->replaceAllUsesWith(T);
        Phi->eraseFromParent();
      }
    }
    return Phis.empty() ? PreservedAnalyses::all()
                        : PreservedAnalyses::allInSet<CFGAnalyses>();
  }
};
} // namespace

void optimizeModule(Module &M, TargetMachine &TM, unsigned OptLevel) {
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

/// Wasm wants floor/ceil/trunc/nearest of a NaN to be a quiet NaN. The
/// RISC-V backend (no Zfa) lowers them as "if |x| < 2^p convert, else
/// return x" for scalars and vectors alike, which hands a signalling NaN back
/// unchanged. For RISC-V each such call becomes
/// `isnan(x) ? x + x : round(x)`; the add quiets the NaN. It runs after the
/// optimiser, so nothing folds it away.
static void quietRoundingNaNs(Module &M) {
  SmallVector<IntrinsicInst *, 16> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        switch (II->getIntrinsicID()) {
        case Intrinsic::floor:
        case Intrinsic::ceil:
        case Intrinsic::trunc:
        case Intrinsic::nearbyint:
        case Intrinsic::rint:
        case Intrinsic::round:
        case Intrinsic::roundeven:
          Calls.push_back(II);
          break;
        default:
          break;
        }
  for (IntrinsicInst *II : Calls) {
    IRBuilder<> B(II->getNextNode());
    Value *X = II->getArgOperand(0);
    Value *Quiet = B.CreateFAdd(X, X, "quiet");
    Value *Sel = B.CreateSelect(B.CreateFCmpUNO(X, X), Quiet, II);
    II->replaceUsesWithIf(Sel, [Sel](Use &U) { return U.getUser() != Sel; });
  }
}

/// Whether I is one of the operations that the instruction selector, too,
/// folds to (the negation of) an operand: x*1.0, x/1.0, x*-1.0, x/-1.0,
/// x+-0.0, x-0.0, -0.0-x and fptrunc(fpext x).
static bool isIdentityFold(const Instruction &I) {
  auto Is = [](const Value *V, double D) {
    const APFloat *C;
    if (!match(V, PatternMatch::m_APFloat(C)))
      return false;
    APFloat X(D);
    bool Lost;
    X.convert(C->getSemantics(), APFloat::rmNearestTiesToEven, &Lost);
    return C->bitwiseIsEqual(X);
  };
  const Value *L = I.getNumOperands() > 0 ? I.getOperand(0) : nullptr;
  const Value *R = I.getNumOperands() > 1 ? I.getOperand(1) : nullptr;
  switch (I.getOpcode()) {
  case Instruction::FMul:
    return Is(L, 1.0) || Is(L, -1.0) || Is(R, 1.0) || Is(R, -1.0);
  case Instruction::FDiv:
    return Is(R, 1.0) || Is(R, -1.0);
  case Instruction::FAdd:
    return Is(L, -0.0) || Is(R, -0.0);
  case Instruction::FSub:
    return Is(R, 0.0) || Is(L, -0.0);
  case Instruction::FPTrunc:
    return isa<FPExtInst>(L) && cast<FPExtInst>(L)->getSrcTy() == I.getType();
  default:
    return false;
  }
}

/// Whether V, a float, is never a signalling NaN: the result of an operation
/// the hardware quiets NaNs in (x86-64, AArch64 and RISC-V all do).
static bool quietsNaNs(const Value *V) {
  if (auto *C = dyn_cast<ConstantFP>(V))
    return !C->getValue().isSignaling();
  // The SLP vectoriser computes scalar operations in vector lanes.
  if (auto *E = dyn_cast<ExtractElementInst>(V))
    return quietsNaNs(E->getVectorOperand());
  if (auto *II = dyn_cast<IntrinsicInst>(V))
    return II->getIntrinsicID() == Intrinsic::sqrt ||
           II->getIntrinsicID() == Intrinsic::canonicalize;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || isIdentityFold(*I))
    return false;
  switch (I->getOpcode()) {
  case Instruction::FAdd:
  case Instruction::FSub:
  case Instruction::FMul:
  case Instruction::FDiv:
  case Instruction::FRem:
  case Instruction::FPExt:
  case Instruction::FPTrunc:
    return true;
  default:
    return false;
  }
}

/// The translator wraps float arithmetic in llvm.canonicalize (Wasm wants a
/// signalling NaN quieted, and the optimiser folds x*1.0 to x). No backend
/// of LLVM 19 selects it on x86, so each call goes here: it is dropped where
/// its operand is still an operation that quiets, and becomes
/// `isnan(v) ? v | quiet-bit : v` where a fold removed the operation.
static void lowerCanonicalize(Module &M) {
  SmallVector<IntrinsicInst *, 64> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        if (II->getIntrinsicID() == Intrinsic::canonicalize)
          Calls.push_back(II);
  for (IntrinsicInst *II : Calls) {
    Value *V = II->getArgOperand(0);
    if (quietsNaNs(V)) {
      II->replaceAllUsesWith(V);
      II->eraseFromParent();
      continue;
    }
    IRBuilder<> B(II);
    Type *Ty = V->getType();
    Type *IntTy =
        Ty->isVectorTy()
            ? static_cast<Type *>(VectorType::getInteger(cast<VectorType>(Ty)))
            : B.getIntNTy(Ty->getPrimitiveSizeInBits());
    const fltSemantics &Sem = Ty->getScalarType()->getFltSemantics();
    APInt Bit = APInt::getOneBitSet(Ty->getScalarSizeInBits(),
                                    APFloat::semanticsPrecision(Sem) - 2);
    Value *Quiet = B.CreateBitCast(
        B.CreateOr(B.CreateBitCast(V, IntTy), ConstantInt::get(IntTy, Bit)),
        Ty);
    Value *Sel = B.CreateSelect(B.CreateFCmpUNO(V, V), Quiet, V, "quiet");
    II->replaceAllUsesWith(Sel);
    II->eraseFromParent();
  }
}

/// Ends the keep-alive assumptions the translator put on guard-region
/// loads. A load the optimiser left with no other use becomes volatile, so
/// instruction selection keeps it and an out-of-bounds address still faults.
/// Values between the assumption and the load (the vectoriser's
/// extractelements of a wide load) are deleted on the way.
static void releaseKeptLoads(Module &M) {
  SmallVector<Instruction *, 64> Keeps;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isKeepAliveUse(I))
        Keeps.push_back(&I);
  SmallVector<WeakVH, 64> Work;
  for (Instruction *K : Keeps) {
    for (Value *V : keptValues(*cast<CallBase>(K)))
      Work.push_back(V);
    K->eraseFromParent();
  }
  if (Function *Keep = M.getFunction(KeepFunctionName))
    Keep->eraseFromParent();
  SmallPtrSet<Instruction *, 32> Seen;
  while (!Work.empty()) {
    auto *I = dyn_cast_or_null<Instruction>(Work.pop_back_val());
    if (!I || !Seen.insert(I).second)
      continue;
    if (auto *L = dyn_cast<LoadInst>(I)) {
      L->setVolatile(true);
      continue;
    }
    // The vectoriser's lanes of a wide load. Anything else (a stored value
    // GVN forwarded in place of the load) stands for an access that still
    // happens elsewhere.
    if (!isa<ExtractElementInst, ShuffleVectorInst, BitCastInst, PHINode>(I))
      continue;
    for (Use &Op : I->operands())
      Work.push_back(Op.get());
    if (I->use_empty()) {
      Seen.erase(I);
      I->eraseFromParent();
    }
  }
}

void prepareForTarget(Module &M, const TargetMachine &TM) {
  releaseKeptLoads(M);
  lowerCanonicalize(M);
  if (TM.getTargetTriple().getArch() == Triple::riscv64)
    quietRoundingNaNs(M);
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

namespace {
/// One stage of compileModule: announced to R.OnStage and, with
/// --time-report, timed in the "wasm2native" group until destroyed.
class Stage {
public:
  Stage(const CompileRequest &R, StringRef Name, StringRef Desc)
      : T(Name, Desc, "wasm2native", "wasm2native compile stages",
          R.TimeReport) {
    if (R.OnStage)
      R.OnStage(Name);
  }

private:
  NamedRegionTimer T;
};
} // namespace

Expected<SmallVector<char, 0>> compileModule(const CompileRequest &R) {
  // The target first: a bad --target/--cpu/--features is the user's
  // first problem, whatever the module holds.
  auto TM = createTargetMachine(R.CodeGen);
  if (!TM)
    return TM.takeError();

  std::optional<Stage> S;
  S.emplace(R, "decode", "Decode");
  auto WM = wasm::decode(R.Wasm, R.Translate.Features);
  if (!WM)
    return WM.takeError();
  S.reset();
  S.emplace(R, "validate", "Validate");
  if (Error E = wasm::validate(*WM, R.Translate.Features))
    return std::move(E);

  TranslateOptions TO = R.Translate;
  TO.TargetTriple = R.CodeGen.Triple;
  TO.DebugInfo = R.CodeGen.DebugInfo;
  TO.Binary = R.Wasm;
  TO.DataLayout = (*TM)->createDataLayout().getStringRepresentation();
  if (R.Kind == OutputKind::Object) {
    // A large module is translated, optimised and emitted in partitions;
    // its whole-module IR never exists.
    S.reset();
    if (R.OnStage)
      R.OnStage("partitions");
    auto Parts =
        compilePartitioned(*WM, TO, R.CodeGen, R.MainConfig, R.TimeReport);
    if (!Parts)
      return Parts.takeError();
    if (*Parts)
      return std::move(**Parts);
  }

  S.reset();
  S.emplace(R, "translate", "Translate to LLVM IR");
  LLVMContext Ctx;
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

  S.reset();
  S.emplace(R, "optimise", "Optimise (-O" + utostr(R.CodeGen.OptLevel) + ")");
  SmallVector<Function *, 4> OverBudget =
      applyCompileBudget(**M, R.CodeGen.OptLevel, R.CodeGen.Verbose);
  if (R.Kind == OutputKind::Object && !OverBudget.empty())
    return compileObjectWithBudget(**M, **TM, R.CodeGen, OverBudget);
  optimizeModule(**M, **TM, R.CodeGen.OptLevel);
  prepareForTarget(**M, **TM);

  S.reset();
  S.emplace(R, "codegen", "Generate code");
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = emitModule(**M, **TM, R.Kind, OS))
    return std::move(E);
  return std::move(Out);
}

} // namespace w2n
