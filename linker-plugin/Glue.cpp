//===- Glue.cpp - Trampolines and the manifest table as LLVM IR -----------===//
//
// The glue object is the only code that knows more than one nanoprocess.
// It holds, in `.w2n-glue.*` sections:
//   - one trampoline per cross-nanoprocess import (layout and protocol in
//     runtime-lib/include/w2n/nanoprocess.h),
//   - per nanoprocess its capability table (w2n_np_caps), import bindings
//     and WASI configuration, gathered in the manifest table,
//   - `main`, which hands the table to w2n_np_main,
//   - the text `wasm2native --inspect` prints, in `.w2n.manifest`.
// It is compiled with the same target machine as the modules.
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/MainConfig.h"
#include "w2n/Link/Nanoprocess.h"
#include "w2n/Translate/NativeAbi.h"
#include "w2n/nanoprocess.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Path.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace w2n {

namespace {

/// Fields of runtime structures the trampolines read (abi.h, nanoprocess.h).
constexpr uint64_t CtxStackLimit = offsetof(w2n_instance, stack_limit),
                   CtxFuncs = offsetof(w2n_instance, funcs),
                   FuncCode = offsetof(w2n_func, code),
                   FuncCtx = offsetof(w2n_func, ctx),
                   CapsStackFloor = offsetof(w2n_np_caps, stack_floor);
static_assert(sizeof(w2n_instance::stack_limit) == 8 &&
                  sizeof(w2n_np_caps::stack_floor) == 8,
              "the trampolines load these fields as i64");

/// The manifest table of nanoprocess.h, which the glue fills in.
constexpr abi::Field CapsFields[] = {
    W2N_ABI_FIELD(w2n_np_caps, call_mask),
    W2N_ABI_FIELD(w2n_np_caps, stack_budget),
    W2N_ABI_FIELD(w2n_np_caps, stack_floor),
    W2N_ABI_FIELD(w2n_np_caps, realloc_index),
    W2N_ABI_FIELD(w2n_np_caps, index),
    W2N_ABI_FIELD(w2n_np_caps, scratch_ptr),
    W2N_ABI_FIELD(w2n_np_caps, scratch_size),
    W2N_ABI_FIELD(w2n_np_caps, scratch_busy),
    W2N_ABI_FIELD(w2n_np_caps, disabled),
    W2N_ABI_FIELD(w2n_np_caps, per_call),
};
static_assert(abi::hasCLayout(CapsFields, sizeof(w2n_np_caps)),
              "CapsFields does not describe struct w2n_np_caps");
constexpr abi::Field BindingFields[] = {
    W2N_ABI_FIELD(w2n_np_binding, import_index),
    W2N_ABI_FIELD(w2n_np_binding, callee),
    W2N_ABI_FIELD(w2n_np_binding, trampoline),
};
static_assert(abi::hasCLayout(BindingFields, sizeof(w2n_np_binding)),
              "BindingFields does not describe struct w2n_np_binding");
constexpr abi::Field DescFields[] = {
    W2N_ABI_FIELD(w2n_np_desc, name),
    W2N_ABI_FIELD(w2n_np_desc, module),
    W2N_ABI_FIELD(w2n_np_desc, parent),
    W2N_ABI_FIELD(w2n_np_desc, num_bindings),
    W2N_ABI_FIELD(w2n_np_desc, bindings),
    W2N_ABI_FIELD(w2n_np_desc, caps),
    W2N_ABI_STRUCT_FIELD(w2n_np_desc, config, abi::ConfigFields),
};
static_assert(abi::hasCLayout(DescFields, sizeof(w2n_np_desc)),
              "DescFields does not describe struct w2n_np_desc");
constexpr abi::Field ManifestFields[] = {
    W2N_ABI_FIELD(w2n_np_manifest, version),
    W2N_ABI_FIELD(w2n_np_manifest, count),
    W2N_ABI_FIELD(w2n_np_manifest, procs),
    W2N_ABI_FIELD(w2n_np_manifest, instances),
    W2N_ABI_FIELD(w2n_np_manifest, info),
    W2N_ABI_FIELD(w2n_np_manifest, info_size),
};
static_assert(abi::hasCLayout(ManifestFields, sizeof(w2n_np_manifest)),
              "ManifestFields does not describe struct w2n_np_manifest");

constexpr uint64_t DefaultChildBudget = 1 << 20;

/// Bytes of stack one call into the nanoprocess may use; 0 (no budget of
/// its own) for the entry, which runs on the whole stack.
uint64_t budget(const NanoprocessPlan &NP) {
  if (NP.Index == 0)
    return 0;
  return NP.NP->StackSize ? NP.NP->StackSize : DefaultChildBudget;
}

class GlueBuilder {
public:
  GlueBuilder(const Plan &P, Module &M) : P(P), M(M), C(M.getContext()), B(C) {
    I32 = B.getInt32Ty();
    I64 = B.getInt64Ty();
    Ptr = B.getPtrTy();
  }
  void build();

private:
  const Plan &P;
  Module &M;
  LLVMContext &C;
  IRBuilder<> B;
  Type *I32, *I64, *Ptr;
  GlobalVariable *Instances = nullptr;
  std::vector<GlobalVariable *> Caps;

  Constant *str(StringRef S);
  GlobalVariable *global(Constant *Init, const Twine &Name, bool Const);
  Value *fieldPtr(Value *Base, uint64_t Off);
  Value *load(Type *T, Value *Base, uint64_t Off);
  Function *trampoline(const NanoprocessPlan &NP, const CrossBinding &Bd);
  void uncaughtCheck(Value *Callee);
  Function *recovering(const NanoprocessPlan &NP, const CrossBinding &Bd,
                       Function *Inner);
  Value *lendIn(const NanoprocessPlan &NP, const CrossBinding &Bd, Value *Ctx,
                Value *Callee, SmallVectorImpl<Value *> &Args);
  Constant *config(const NanoprocessPlan &NP);
  Constant *bindings(const NanoprocessPlan &NP);
  std::string info();
};

} // namespace

Constant *GlueBuilder::str(StringRef S) {
  auto *GV = new GlobalVariable(M, ArrayType::get(B.getInt8Ty(), S.size() + 1),
                                true, GlobalValue::PrivateLinkage,
                                ConstantDataArray::getString(C, S), "w2n.str");
  GV->setSection(".w2n-glue.rodata");
  GV->setAlignment(Align(1));
  return GV;
}

GlobalVariable *GlueBuilder::global(Constant *Init, const Twine &Name,
                                    bool Const) {
  auto *GV = new GlobalVariable(M, Init->getType(), Const,
                                GlobalValue::InternalLinkage, Init, Name);
  GV->setSection(Const ? ".w2n-glue.rodata" : ".w2n-glue.data");
  return GV;
}

Value *GlueBuilder::fieldPtr(Value *Base, uint64_t Off) {
  return Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Base, Off) : Base;
}

Value *GlueBuilder::load(Type *T, Value *Base, uint64_t Off) {
  return B.CreateAlignedLoad(T, fieldPtr(Base, Off), Align(T == I32 ? 4 : 8));
}

/// Caller's ctx in; lowers the callee's stack limit to its budget below the
/// current stack pointer, copies buffers and lends descriptors, calls the
/// export with the callee's ctx.
///
/// What the manifest fixes is resolved here rather than per call:
///  - The call grant. A trampoline is bound only to the import of the
///    nanoprocess it is built for (its ctx is always that instance) and
///    call_mask never changes after link time, so the grant is a constant:
///    a binding without it (which bindImports rejects) compiles to a trap.
///  - The callee's stack budget, a constant; only the floor (the runtime's
///    stack limit, known at start-up) is loaded, from the callee's own
///    capability table at its link-time address.
/// The callee's previous stack limit is not saved and restored: the call
/// graph is acyclic (Plan.cpp), so no call into a nanoprocess begins while
/// another call into it is running, and an idle instance's limit is never
/// read. Without buffers or descriptors the call to the export is then a
/// tail call.
Function *GlueBuilder::trampoline(const NanoprocessPlan &NP,
                                  const CrossBinding &Bd) {
  FunctionType *FT = nativeFunctionType(C, Bd.Type);
  std::string Name = ("w2n_np" + Twine(NP.Index) + "_import" +
                      Twine(Bd.ImportIndex) + "_to_np" + Twine(Bd.Callee))
                         .str();
  Function *F = Function::Create(FT, GlobalValue::InternalLinkage, Name, M);
  F->setSection(".w2n-glue.text");
  F->setDoesNotThrow();
  F->addFnAttr("probe-stack", "inline-asm");
  auto *Entry = BasicBlock::Create(C, "entry", F);
  B.SetInsertPoint(Entry);
  Value *Ctx = F->getArg(0);
  if (!(NP.CallMask & (1ull << Bd.Callee))) {
    FunctionCallee Trap =
        M.getOrInsertFunction("w2n_trap", abi::functionType(C, w2n_trap));
    cast<Function>(Trap.getCallee())->setDoesNotReturn();
    B.CreateCall(Trap, {Ctx, B.getInt32(W2N_TRAP_CAPABILITY)});
    B.CreateUnreachable();
    return F;
  }

  // A per-call callee gets an instance of its own for this call only.
  bool PerCall = P.M->Procs[Bd.Callee].PerCall;
  Value *Callee;
  if (PerCall)
    Callee =
        B.CreateCall(M.getOrInsertFunction("w2n_np_fresh",
                                           abi::functionType(C, w2n_np_fresh)),
                     {Ctx, B.getInt32(Bd.Callee)});
  else
    Callee = B.CreateAlignedLoad(
        Ptr,
        B.CreateConstInBoundsGEP2_64(Instances->getValueType(), Instances, 0,
                                     Bd.Callee),
        Align(8));
  Value *Floor = load(I64, Caps[Bd.Callee], CapsStackFloor);
  Value *Limit = Floor;
  if (uint64_t Budget = budget(P.Procs[Bd.Callee])) {
    Value *SP = B.CreatePtrToInt(
        B.CreateIntrinsic(Intrinsic::stacksave, {Ptr}, {}), I64);
    Value *Lowered =
        B.CreateBinaryIntrinsic(Intrinsic::usub_sat, SP, B.getInt64(Budget));
    Limit = B.CreateBinaryIntrinsic(Intrinsic::umax, Lowered, Floor);
  }
  B.CreateAlignedStore(Limit, fieldPtr(Callee, CtxStackLimit), Align(8));

  Value *Funcs = load(Ptr, Callee, CtxFuncs);
  Value *Fn = B.CreateAlignedLoad(
      Ptr, B.CreateConstInBoundsGEP1_64(Ptr, Funcs, Bd.FuncIndex), Align(8));
  Value *Code = load(Ptr, Fn, FuncCode);
  SmallVector<Value *, 8> Args{load(Ptr, Fn, FuncCtx)};
  for (unsigned I = 1; I < F->arg_size(); ++I)
    Args.push_back(F->getArg(I));

  Value *LendToken = lendIn(NP, Bd, Ctx, Callee, Args);

  // Buffers: (ptr, len) pairs; io holds caller ptr, len, callee ptr each.
  SmallVector<unsigned, 4> BufArg; // index into Args of each buffer's ptr
  uint32_t OutMask = 0;
  unsigned Arg = 1;
  for (BufParam BP : Bd.Params) {
    if (BP == BufParam::InBuf || BP == BufParam::OutBuf) {
      if (BP == BufParam::OutBuf)
        OutMask |= 1u << BufArg.size();
      BufArg.push_back(Arg);
      Arg += 2;
    } else {
      Arg += 1;
    }
  }
  Value *IO = nullptr, *Token = nullptr;
  if (!BufArg.empty()) {
    auto *IOTy = ArrayType::get(I32, 3 * BufArg.size());
    {
      IRBuilder<>::InsertPointGuard G(B);
      B.SetInsertPoint(Entry, Entry->getFirstInsertionPt());
      IO = B.CreateAlloca(IOTy, nullptr, "io");
    }
    for (unsigned I = 0; I < BufArg.size(); ++I) {
      B.CreateStore(Args[BufArg[I]], B.CreateConstGEP2_32(IOTy, IO, 0, 3 * I));
      B.CreateStore(Args[BufArg[I] + 1],
                    B.CreateConstGEP2_32(IOTy, IO, 0, 3 * I + 1));
    }
    FunctionCallee CopyIn = M.getOrInsertFunction(
        "w2n_np_copy_in", abi::functionType(C, w2n_np_copy_in));
    Token = B.CreateCall(CopyIn, {Ctx, Callee, IO, B.getInt32(BufArg.size()),
                                  B.getInt32(OutMask)});
    for (unsigned I = 0; I < BufArg.size(); ++I)
      Args[BufArg[I]] =
          B.CreateLoad(I32, B.CreateConstGEP2_32(IOTy, IO, 0, 3 * I + 2));
  }
  CallInst *Call = B.CreateCall(FT, Code, Args);
  // An exception the callee did not catch stops here as its trap. A module
  // without tags cannot throw (its imports are trampolines or host
  // functions), so its trampolines have no check.
  if (!P.Procs[Bd.Callee].Module.TagTypeIndices.empty())
    uncaughtCheck(Callee);
  if (IO) {
    FunctionCallee CopyOut = M.getOrInsertFunction(
        "w2n_np_copy_out", abi::functionType(C, w2n_np_copy_out));
    B.CreateCall(CopyOut, {Ctx, Callee, IO, B.getInt32(BufArg.size()),
                           B.getInt32(OutMask), Token});
  }
  if (LendToken) {
    FunctionCallee LendOut = M.getOrInsertFunction(
        "w2n_np_lend_out", abi::functionType(C, w2n_np_lend_out));
    B.CreateCall(LendOut, {LendToken});
  }
  if (PerCall)
    B.CreateCall(
        M.getOrInsertFunction("w2n_np_drop", abi::functionType(C, w2n_np_drop)),
        {Callee});
  else if (!IO && !LendToken)
    Call->setTailCall();
  if (FT->getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(Call);
  return F;
}

/// Traps in the callee when its export returned with w2n_exn_pending set.
void GlueBuilder::uncaughtCheck(Value *Callee) {
  auto *Pending = M.getOrInsertGlobal("w2n_exn_pending", Ptr, [&] {
    auto *G = new GlobalVariable(M, Ptr, false, GlobalValue::ExternalLinkage,
                                 nullptr, "w2n_exn_pending");
    G->setThreadLocal(true); // abi.h: one per thread
    return G;
  });
  Value *Exn = B.CreateAlignedLoad(Ptr, Pending, Align(8), "pending");
  Function *F = B.GetInsertBlock()->getParent();
  auto *Thrown = BasicBlock::Create(C, "uncaught", F);
  auto *Cont = BasicBlock::Create(C, "returned", F);
  B.CreateCondBr(B.CreateIsNotNull(Exn), Thrown, Cont,
                 MDBuilder(C).createUnlikelyBranchWeights());
  B.SetInsertPoint(Thrown);
  FunctionCallee Uncaught = M.getOrInsertFunction(
      "w2n_np_uncaught", abi::functionType(C, w2n_np_uncaught));
  cast<Function>(Uncaught.getCallee())->setDoesNotReturn();
  B.CreateCall(Uncaught, {Callee});
  B.CreateUnreachable();
  B.SetInsertPoint(Cont);
}

/// Descriptor parameters: each caller number goes through w2n_np_lend_in,
/// which puts the callee's number for it in its place. nullptr when the
/// export has none.
Value *GlueBuilder::lendIn(const NanoprocessPlan &NP, const CrossBinding &Bd,
                           Value *Ctx, Value *Callee,
                           SmallVectorImpl<Value *> &Args) {
  SmallVector<unsigned, 4> FdArg; // index into Args of each descriptor
  SmallVector<Constant *, 4> Modes;
  unsigned Arg = 1, Pos = 0;
  for (BufParam BP : Bd.Params) {
    ++Pos;
    if (isFdParam(BP)) {
      uint32_t Mode = Pos << 8;
      if (BP == BufParam::FdMove || BP == BufParam::FdMoveRo)
        Mode |= W2N_NP_FD_MOVE;
      if (BP == BufParam::FdRo || BP == BufParam::FdMoveRo)
        Mode |= W2N_NP_FD_RO;
      Modes.push_back(B.getInt32(Mode));
      FdArg.push_back(Arg);
    }
    Arg += isBufParam(BP) ? 2 : 1;
  }
  if (FdArg.empty())
    return nullptr;
  auto *FdsTy = ArrayType::get(I32, FdArg.size());
  Value *Fds;
  {
    IRBuilder<>::InsertPointGuard G(B);
    BasicBlock &Entry = B.GetInsertBlock()->getParent()->getEntryBlock();
    B.SetInsertPoint(&Entry, Entry.getFirstInsertionPt());
    Fds = B.CreateAlloca(FdsTy, nullptr, "fds");
  }
  for (unsigned I = 0; I < FdArg.size(); ++I)
    B.CreateStore(Args[FdArg[I]], B.CreateConstGEP2_32(FdsTy, Fds, 0, I));
  auto *ModesTy = ArrayType::get(I32, Modes.size());
  GlobalVariable *ModesGV =
      global(ConstantArray::get(ModesTy, Modes), "w2n_np_fd_modes", true);
  std::string What = "'" + P.M->Procs[Bd.Callee].Name + "'.'" + Bd.Name + "'";
  FunctionCallee LendIn = M.getOrInsertFunction(
      "w2n_np_lend_in", abi::functionType(C, w2n_np_lend_in));
  Value *Token = B.CreateCall(
      LendIn, {Ctx, Callee, Fds, ModesGV, B.getInt32(FdArg.size()), str(What)});
  for (unsigned I = 0; I < FdArg.size(); ++I)
    Args[FdArg[I]] = B.CreateLoad(I32, B.CreateConstGEP2_32(FdsTy, Fds, 0, I));
  return Token;
}

/// For a callee with on-trap = "return": runs the trampoline `Inner` under
/// w2n_np_protect, through a thunk that unpacks its arguments from a frame
/// on the stack; a trap gives the error value: -1 for an integer result,
/// NaN for a float.
Function *GlueBuilder::recovering(const NanoprocessPlan &NP,
                                  const CrossBinding &Bd, Function *Inner) {
  FunctionType *FT = Inner->getFunctionType();
  Type *RetTy = FT->getReturnType();
  SmallVector<Type *, 8> FrameTys(FT->params());
  if (!RetTy->isVoidTy())
    FrameTys.push_back(RetTy);
  StructType *FrameTy = StructType::get(C, FrameTys);
  Function *Thunk = Function::Create(
      FunctionType::get(B.getVoidTy(), {Ptr}, false),
      GlobalValue::InternalLinkage, Inner->getName() + "_thunk", M);
  Thunk->setSection(".w2n-glue.text");
  B.SetInsertPoint(BasicBlock::Create(C, "entry", Thunk));
  Value *Frame = Thunk->getArg(0);
  SmallVector<Value *, 8> Args;
  for (unsigned I = 0; I < FT->getNumParams(); ++I)
    Args.push_back(B.CreateLoad(FT->getParamType(I),
                                B.CreateStructGEP(FrameTy, Frame, I)));
  Value *R = B.CreateCall(Inner, Args);
  if (!RetTy->isVoidTy())
    B.CreateStore(R, B.CreateStructGEP(FrameTy, Frame, FT->getNumParams()));
  B.CreateRetVoid();

  Function *F = Function::Create(FT, GlobalValue::InternalLinkage,
                                 Inner->getName() + "_recover", M);
  F->setSection(".w2n-glue.text");
  F->addFnAttr("probe-stack", "inline-asm");
  B.SetInsertPoint(BasicBlock::Create(C, "entry", F));
  Value *Fr = B.CreateAlloca(FrameTy, nullptr, "frame");
  for (unsigned I = 0; I < FT->getNumParams(); ++I)
    B.CreateStore(F->getArg(I), B.CreateStructGEP(FrameTy, Fr, I));
  Value *Callee = B.CreateAlignedLoad(
      Ptr,
      B.CreateConstInBoundsGEP2_64(Instances->getValueType(), Instances, 0,
                                   Bd.Callee),
      Align(8));
  FunctionCallee Protect = M.getOrInsertFunction(
      "w2n_np_protect", abi::functionType(C, w2n_np_protect));
  Value *Code = B.CreateCall(Protect, {F->getArg(0), Callee, Thunk, Fr});
  if (RetTy->isVoidTy()) {
    B.CreateRetVoid();
    return F;
  }
  Value *Ok = B.CreateICmpEQ(Code, B.getInt32(W2N_TRAP_NONE));
  Value *Err = RetTy->isFloatingPointTy() ? ConstantFP::getNaN(RetTy)
                                          : Constant::getAllOnesValue(RetTy);
  Value *Ret =
      B.CreateLoad(RetTy, B.CreateStructGEP(FrameTy, Fr, FT->getNumParams()));
  B.CreateRet(B.CreateSelect(Ok, Ret, Err));
  return F;
}

/// struct w2n_config of one nanoprocess (runtime.h).
Constant *GlueBuilder::config(const NanoprocessPlan &NP) {
  const CapabilitySet &CS = NP.NP->Caps;
  RuntimeConfig RC;
  RC.Caps = CS.Bits;
  for (const DirGrant &D : CS.Dirs)
    RC.Dirs.push_back({D.Host, D.Guest, D.Writable, D.Beneath, D.Rel});
  RC.Env = CS.EnvNames;
  RC.StackSize = NP.Index == 0 ? NP.NP->StackSize : 0;
  RC.Workers = NP.Index == 0 ? P.M->Workers : 0;
  // argv[0]: the module's file name, never the host path of the executable.
  RC.Argv0 = sys::path::filename(NP.NP->ModulePath).str();
  for (const ListenGrant &L : CS.Listens)
    RC.Listens.push_back({L.Kind, L.Port, L.Addr});
  auto Str = [&](StringRef S, StringRef) { return str(S); };
  auto Array = [&](Constant *Init, StringRef Role) -> Constant * {
    return global(Init, "w2n_np_" + Role, true);
  };
  return configValue(M, RC, {Str, Array});
}

/// Cross-nanoprocess imports bind to trampolines; host imports bind to the
/// wrappers of wasm2native-bindgen's glue, which run with the importer's
/// context and need no trampoline (callee: the importer itself).
Constant *GlueBuilder::bindings(const NanoprocessPlan &NP) {
  if (NP.Bindings.empty() && NP.HostBindings.empty())
    return ConstantPointerNull::get(B.getPtrTy());
  StructType *BindTy = abi::structType(C, BindingFields);
  std::vector<Constant *> Bs;
  for (const CrossBinding &Bd : NP.Bindings) {
    Function *T = trampoline(NP, Bd);
    if (P.M->Procs[Bd.Callee].RecoverTraps)
      T = recovering(NP, Bd, T);
    Bs.push_back(abi::structValue(
        BindTy, {B.getInt32(Bd.ImportIndex), B.getInt32(Bd.Callee), T}));
  }
  for (const HostBinding &H : NP.HostBindings) {
    Function *Wrapper = M.getFunction(H.Symbol);
    if (!Wrapper)
      Wrapper = Function::Create(nativeFunctionType(C, H.Type),
                                 GlobalValue::ExternalLinkage, H.Symbol, M);
    Bs.push_back(abi::structValue(
        BindTy, {B.getInt32(H.ImportIndex), B.getInt32(NP.Index), Wrapper}));
  }
  return global(ConstantArray::get(ArrayType::get(BindTy, Bs.size()), Bs),
                "w2n_np_bindings", true);
}

/// What --inspect prints, one block per nanoprocess.
std::string GlueBuilder::info() {
  std::string S;
  raw_string_ostream OS(S);
  const Manifest &Mf = *P.M;
  for (const NanoprocessPlan &NP : P.Procs) {
    const Nanoprocess &N = *NP.NP;
    OS << "nanoprocess '" << N.Name << "'"
       << (N.Parent.empty() ? " (entry)" : " (parent '" + N.Parent + "')")
       << "\n  module        " << sys::path::filename(N.ModulePath)
       << "\n  capabilities ";
    for (const std::string &Cap : N.CapStrings)
      OS << ' ' << Cap;
    OS << "\n  cap bits      0x" << utohexstr(N.Caps.Bits, true);
    for (const DirGrant &D : N.Caps.Dirs) {
      OS << "\n  directory     " << D.Guest << " -> " << D.Host
         << (D.Writable ? " (rw)" : " (ro)");
      if (D.Beneath >= 0)
        OS << ", opened beneath " << Mf.Procs[0].Caps.Dirs[D.Beneath].Guest;
    }
    OS << "\n  may call     ";
    for (unsigned J = 0; J < Mf.Procs.size(); ++J)
      if (NP.CallMask & (1ull << J))
        OS << ' ' << Mf.Procs[J].Name;
    if (!NP.CallMask)
      OS << " (none)";
    for (const BufferedExport &E : N.Exports) {
      if (!llvm::any_of(E.Params, isFdParam))
        continue;
      OS << "\n  export        " << E.Name << " (";
      for (size_t I = 0; I < E.Params.size(); ++I)
        OS << (I ? ", " : "") << bufParamName(E.Params[I]);
      OS << ") takes descriptors:";
      for (size_t I = 0; I < E.Params.size(); ++I)
        if (isFdParam(E.Params[I]))
          OS << " #" << I + 1 << ' ' << bufParamName(E.Params[I]);
    }
    if (N.RecoverTraps)
      OS << "\n  on trap       return an error value to the caller";
    if (N.PerCall)
      OS << "\n  instance      fresh for each call, dropped after it";
    OS << "\n  stack         ";
    if (NP.Index == 0)
      OS << (N.StackSize ? utostr(N.StackSize) + " bytes" : "default")
         << " (the whole Wasm stack)";
    else
      OS << (N.StackSize ? N.StackSize : DefaultChildBudget)
         << " bytes per call";
    if (NP.Index == 0 && Mf.Workers)
      OS << "\n  workers       "
         << (Mf.Workers == W2N_WORKERS_PER_CORE ? std::string("one per core")
                                                : utostr(Mf.Workers))
         << " (worker processes under a supervisor)";
    for (const CrossBinding &Bd : NP.Bindings) {
      OS << "\n  import        " << Bd.Module << '.' << Bd.Name
         << " via trampoline";
      if (!Bd.Params.empty()) {
        OS << " (";
        for (size_t I = 0; I < Bd.Params.size(); ++I)
          OS << (I ? ", " : "") << bufParamName(Bd.Params[I]);
        OS << ")";
      }
    }
    for (const HostBinding &H : NP.HostBindings)
      OS << "\n  import        " << H.Module << '.' << H.Name
         << " via host:" << H.Host;
    OS << "\n  wasi imports  " << NP.WasiImports.size();
    for (const std::string &W : NP.WasiImports)
      OS << ' ' << W;
    OS << "\n";
  }
  return S;
}

void GlueBuilder::build() {
  unsigned N = P.Procs.size();
  auto *InstTy = ArrayType::get(Ptr, N);
  Instances =
      global(ConstantAggregateZero::get(InstTy), "w2n_np_instances", false);
  StructType *CapsTy = abi::structType(C, CapsFields);
  StructType *DescTy = abi::structType(C, DescFields);
  for (const NanoprocessPlan &NP : P.Procs) {
    Caps.push_back(global(
        abi::structValue(
            CapsTy, {B.getInt64(NP.CallMask), B.getInt64(budget(NP)),
                     B.getInt64(0), B.getInt32(uint32_t(NP.ReallocIndex)),
                     B.getInt32(NP.Index), B.getInt32(0), B.getInt32(0),
                     B.getInt32(0), B.getInt32(0), B.getInt32(NP.NP->PerCall)}),
        "w2n_np" + Twine(NP.Index) + "_caps", false));
  }
  std::vector<Constant *> Descs;
  for (const NanoprocessPlan &NP : P.Procs) {
    auto *Desc =
        new GlobalVariable(M, B.getInt8Ty(), true, GlobalValue::ExternalLinkage,
                           nullptr, NP.Symbol);
    int32_t Parent = -1;
    if (const Nanoprocess *Par = P.M->find(NP.NP->Parent))
      Parent = int32_t(Par - P.M->Procs.data());
    Descs.push_back(abi::structValue(
        DescTy, {str(NP.NP->Name), Desc, B.getInt32(uint32_t(Parent)),
                 B.getInt32(NP.Bindings.size() + NP.HostBindings.size()),
                 bindings(NP), Caps[NP.Index], config(NP)}));
  }
  GlobalVariable *DescArr =
      global(ConstantArray::get(ArrayType::get(DescTy, N), Descs),
             "w2n_np_procs", true);

  std::string Info = info();
  auto *InfoGV = new GlobalVariable(
      M, ArrayType::get(B.getInt8Ty(), Info.size()), true,
      GlobalValue::PrivateLinkage, ConstantDataArray::getString(C, Info, false),
      "w2n_np_info");
  InfoGV->setSection(".w2n.manifest");
  InfoGV->setAlignment(Align(1));

  StructType *TableTy = abi::structType(C, ManifestFields);
  GlobalVariable *Table =
      global(abi::structValue(TableTy, {B.getInt32(W2N_NP_VERSION),
                                        B.getInt32(N), DescArr, Instances,
                                        InfoGV, B.getInt64(Info.size())}),
             "w2n_np_manifest", true);

  FunctionCallee NpMain =
      M.getOrInsertFunction("w2n_np_main", abi::functionType(C, w2n_np_main));
  Function *Main =
      Function::Create(FunctionType::get(I32, {I32, Ptr, Ptr}, false),
                       GlobalValue::ExternalLinkage, "main", M);
  Main->setSection(".w2n-glue.text");
  B.SetInsertPoint(BasicBlock::Create(C, "entry", Main));
  B.CreateRet(B.CreateCall(
      NpMain, {Table, Main->getArg(0), Main->getArg(1), Main->getArg(2)}));
}

Expected<SmallVector<char, 0>> buildGlue(const Plan &P,
                                         const CodeGenOptions &CG) {
  auto TM = createTargetMachine(CG);
  if (!TM)
    return TM.takeError();
  LLVMContext Ctx;
  Module M("w2n-glue", Ctx);
  setUpModuleForTarget(M, **TM);
  GlueBuilder(P, M).build();

  std::string Msg;
  raw_string_ostream VOS(Msg);
  if (verifyModule(M, &VOS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: invalid glue IR: %s",
                             Msg.c_str());
  optimizeModule(M, **TM, CG.OptLevel, CG.SizeLevel);
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = emitModule(M, **TM, OutputKind::Object, OS))
    return std::move(E);
  return std::move(Out);
}

} // namespace w2n
