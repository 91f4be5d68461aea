//===- Translator.cpp - WebAssembly module to LLVM IR ---------------------===//
#include "w2n/Translate/Translator.h"
#include "DebugInfo.h"
#include "ModuleContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Verifier.h"
#include "llvm/TargetParser/Triple.h"
#include <optional>

using namespace llvm;
using namespace w2n;

/// tailcc guarantees tail calls whatever the signatures, so defined
/// functions use it when the tail-call proposal is on. LLVM 19's RISC-V
/// backend has no tailcc; there return calls are best effort (`tail`).
static CallingConv::ID internalConvention(const TranslateOptions &Opts) {
  if (!Opts.Features.TailCall || Triple(Opts.TargetTriple).isRISCV())
    return CallingConv::C;
  return CallingConv::Tail;
}

ModuleContext::ModuleContext(const wasm::Module &WM, Module &LM,
                             const TranslateOptions &Opts)
    : WM(WM), LM(LM), C(LM.getContext()), Opts(Opts), Layout(C),
      InternalCC(internalConvention(Opts)), Guard(createGuardRegionStrategy()),
      Software(createSoftwareBoundsStrategy()) {
  Type *Ptr = PointerType::get(C, 0);
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  Type *Void = Type::getVoidTy(C);
  auto Declare = [&](StringRef Name, Type *Ret, ArrayRef<Type *> Params,
                     bool NoReturn = false) {
    FunctionCallee FC =
        LM.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
    auto *F = cast<Function>(FC.getCallee());
    F->setDoesNotThrow();
    if (NoReturn) {
      F->setDoesNotReturn();
      F->addFnAttr(Attribute::Cold);
    }
    return FC;
  };
  RT.Trap = Declare("w2n_trap", Void, {Ptr, I32}, true);
  RT.TrapStack = Declare("w2n_trap_stack", Void, {Ptr}, true);
  RT.MemoryGrow = Declare("w2n_memory_grow", I64, {Ptr, I32, I64});
  RT.TrapDetail = Declare("w2n_trap_detail", Void, {Ptr, I32, I64}, true);
  RT.MemoryFill = Declare("w2n_memory_fill", Void, {Ptr, I32, I64, I32, I64});
  RT.MemoryCopy =
      Declare("w2n_memory_copy", Void, {Ptr, I32, I32, I64, I64, I64});
  RT.MemoryInit =
      Declare("w2n_memory_init", Void, {Ptr, I32, I32, I64, I32, I32});
  RT.DataDrop = Declare("w2n_data_drop", Void, {Ptr, I32});
  RT.TableGrow = Declare("w2n_table_grow", I64, {Ptr, I32, Ptr, I64});
  RT.TableFill = Declare("w2n_table_fill", Void, {Ptr, I32, I64, Ptr, I64});
  RT.TableCopy =
      Declare("w2n_table_copy", Void, {Ptr, I32, I32, I64, I64, I64});
  RT.TableInit =
      Declare("w2n_table_init", Void, {Ptr, I32, I32, I64, I32, I32});
  RT.ElemDrop = Declare("w2n_elem_drop", Void, {Ptr, I32});
}

Type *ModuleContext::type(wasm::ValType T) const {
  switch (T) {
  case wasm::ValType::I32:
    return Type::getInt32Ty(C);
  case wasm::ValType::I64:
    return Type::getInt64Ty(C);
  case wasm::ValType::F32:
    return Type::getFloatTy(C);
  case wasm::ValType::F64:
    return Type::getDoubleTy(C);
  case wasm::ValType::V128:
    return FixedVectorType::get(Type::getInt64Ty(C), 2);
  case wasm::ValType::FuncRef:
  case wasm::ValType::ExternRef:
    return PointerType::get(C, 0);
  }
  llvm_unreachable("unknown value type");
}

Type *ModuleContext::resultType(ArrayRef<wasm::ValType> Results) const {
  if (Results.empty())
    return Type::getVoidTy(C);
  if (Results.size() == 1)
    return type(Results[0]);
  SmallVector<Type *, 4> Tys;
  for (wasm::ValType T : Results)
    Tys.push_back(type(T));
  return StructType::get(C, Tys);
}

FunctionType *ModuleContext::nativeType(const wasm::FuncType &FT) const {
  SmallVector<Type *, 8> Params{PointerType::get(C, 0)};
  for (wasm::ValType T : FT.Params)
    Params.push_back(type(T));
  return FunctionType::get(resultType(FT.Results), Params, false);
}

MemoryStrategy &ModuleContext::memoryStrategy(uint32_t Mem) const {
  (void)Mem;
  return Opts.Bounds == BoundsChecks::Guard ? *Guard : *Software;
}

void ModuleContext::addCommonAttributes(Function *F) const {
  F->setDoesNotThrow();
  F->addFnAttr("probe-stack", "inline-asm");
  if (F->arg_size() == 0)
    return;
  // Argument 0 is ctx everywhere except in invoke thunks, which add their
  // own attributes.
  F->addParamAttr(0, Attribute::NonNull);
  F->addParamAttr(0, Attribute::NoUndef);
  F->addDereferenceableParamAttr(0, InstanceLayout::HeaderSize);
  F->addParamAttr(0, Attribute::getWithAlignment(C, Align(8)));
}

/// Keeps letters, digits and '_' of a name-section name, so that symbol
/// names stay readable in every assembler and debugger.
static std::string sanitize(StringRef Name) {
  std::string S;
  for (char Ch : Name.take_front(120))
    S += isAlnum(Ch) || Ch == '_' ? Ch : '_';
  return S;
}

void ModuleContext::declareFunctions() {
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I) {
    uint32_t Index = WM.NumImportedFuncs + I;
    std::string Name = symbol("f" + Twine(Index));
    if (Index < WM.FuncNames.size() && !WM.FuncNames[Index].empty())
      Name += "_" + sanitize(WM.FuncNames[Index]);
    Function *F = Function::Create(nativeType(WM.Funcs[I].TypeIndex),
                                   GlobalValue::InternalLinkage, Name, LM);
    F->setCallingConv(InternalCC);
    addCommonAttributes(F);
    // Without the tail-call proposal a Wasm call always uses stack, and
    // infinite recursion must end in "call stack exhausted": keep LLVM from
    // turning recursive calls into loops or jumps.
    if (!Opts.Features.TailCall)
      F->addFnAttr("disable-tail-calls", "true");
    Defined.push_back(F);
  }
  Entries = Defined;
  if (InternalCC == CallingConv::C)
    return;
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I) {
    Function *F = Defined[I];
    Entries[I] =
        Function::Create(F->getFunctionType(), GlobalValue::InternalLinkage,
                         F->getName() + ".entry", LM);
    addCommonAttributes(Entries[I]);
  }
}

GlobalVariable *ModuleContext::tailCallTable() {
  if (TailCallTable)
    return TailCallTable;
  auto *Ptr = PointerType::get(C, 0);
  SmallVector<Constant *, 64> Entries(WM.NumImportedFuncs,
                                      ConstantPointerNull::get(Ptr));
  Entries.append(Defined.begin(), Defined.end());
  auto *Ty = ArrayType::get(Ptr, Entries.size());
  TailCallTable =
      new GlobalVariable(LM, Ty, true, GlobalValue::PrivateLinkage,
                         ConstantArray::get(Ty, Entries), symbol("tail_calls"));
  return TailCallTable;
}

void w2n::emitEntryPoints(ModuleContext &MC) {
  if (MC.InternalCC == CallingConv::C)
    return;
  for (uint32_t I = 0; I < MC.WM.Funcs.size(); ++I) {
    uint32_t Index = MC.WM.NumImportedFuncs + I;
    Function *E = MC.entryPoint(Index);
    IRBuilder<> B(BasicBlock::Create(MC.C, "", E));
    SmallVector<Value *, 8> Args;
    for (Argument &A : E->args())
      Args.push_back(&A);
    CallInst *CI = B.CreateCall(MC.definedFunction(Index), Args);
    CI->setCallingConv(MC.InternalCC);
    if (CI->getType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(CI);
  }
}

Expected<std::unique_ptr<Module>> w2n::translate(const wasm::Module &WM,
                                                 LLVMContext &Ctx,
                                                 const TranslateOptions &Opts) {
  StringRef Name =
      Opts.ModuleName.empty() ? StringRef("wasm") : StringRef(Opts.ModuleName);
  auto LM = std::make_unique<Module>(Name, Ctx);
  if (!Opts.TargetTriple.empty())
    LM->setTargetTriple(Opts.TargetTriple);
  if (!Opts.DataLayout.empty())
    LM->setDataLayout(Opts.DataLayout);

  ModuleContext MC(WM, *LM, Opts);
  MC.declareFunctions();
  std::optional<DebugInfo> Debug;
  if (Opts.DebugInfo) {
    Debug.emplace(MC, Opts.Binary);
    MC.Debug = &*Debug;
  }
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I)
    if (Error E = translateFunction(MC, WM.NumImportedFuncs + I))
      return std::move(E);
  if (Debug)
    Debug->finish();
  emitEntryPoints(MC);
  emitDescriptor(MC, emitInitFunction(MC));

  std::string Msg;
  raw_string_ostream OS(Msg);
  if (verifyModule(*LM, &OS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: invalid IR: " + OS.str());
  return std::move(LM);
}
