//===- Translator.cpp - WebAssembly module to LLVM IR ---------------------===//
#include "w2n/Translate/Translator.h"
#include "DebugInfo.h"
#include "ModuleContext.h"
#include "w2n/Translate/NativeAbi.h"
#include "w2n/Wasm/Analysis.h"
#include "w2n/Wasm/Instr.h"
#include "w2n/abi.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Verifier.h"
#include "llvm/TargetParser/Triple.h"
#include <algorithm>
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

/// The widest store the target writes as one access that faults as a
/// whole (MemoryStrategy.h). RISC-V's baseline has no unaligned access, and
/// the translator gives every store alignment 1, so LLVM stores byte by
/// byte. On AArch64 a 16-byte store crossing into a faulting page may have
/// written its first half (qemu-user writes it as two 8-byte stores).
static unsigned maxWholeStore(const TranslateOptions &Opts) {
  Triple T(Opts.TargetTriple);
  if (T.isRISCV())
    return 1;
  if (T.isAArch64())
    return 8;
  return 16;
}

ModuleContext::ModuleContext(const wasm::Module &WM, Module &LM,
                             const TranslateOptions &Opts)
    : WM(WM), LM(LM), C(LM.getContext()), Opts(Opts), Layout(C),
      InternalCC(internalConvention(Opts)),
      Strategies(Opts.Bounds, maxWholeStore(Opts)) {
  // Each entry point's type comes from its prototype in abi.h.
  auto Declare = [&](StringRef Name, FunctionType *Ty, bool NoReturn = false) {
    FunctionCallee FC = LM.getOrInsertFunction(Name, Ty);
    auto *F = cast<Function>(FC.getCallee());
    F->setDoesNotThrow();
    if (NoReturn) {
      F->setDoesNotReturn();
      F->addFnAttr(Attribute::Cold);
    }
    return FC;
  };
#define W2N_RUNTIME(Name) #Name, abi::functionType(C, Name)
  RT.Trap = Declare(W2N_RUNTIME(w2n_trap), true);
  RT.TrapStack = Declare(W2N_RUNTIME(w2n_trap_stack), true);
  RT.MemoryGrow = Declare(W2N_RUNTIME(w2n_memory_grow));
  RT.TrapDetail = Declare(W2N_RUNTIME(w2n_trap_detail), true);
  RT.TrapForCaller = Declare(W2N_RUNTIME(w2n_trap_for_caller), true);
  RT.MemoryFill = Declare(W2N_RUNTIME(w2n_memory_fill));
  RT.MemoryCopy = Declare(W2N_RUNTIME(w2n_memory_copy));
  RT.MemoryInit = Declare(W2N_RUNTIME(w2n_memory_init));
  RT.DataDrop = Declare(W2N_RUNTIME(w2n_data_drop));
  RT.TableGrow = Declare(W2N_RUNTIME(w2n_table_grow));
  RT.TableFill = Declare(W2N_RUNTIME(w2n_table_fill));
  RT.TableCopy = Declare(W2N_RUNTIME(w2n_table_copy));
  RT.TableInit = Declare(W2N_RUNTIME(w2n_table_init));
  RT.ElemDrop = Declare(W2N_RUNTIME(w2n_elem_drop));
  RT.ExnNew = Declare(W2N_RUNTIME(w2n_exn_new));
  RT.ExnFree = Declare(W2N_RUNTIME(w2n_exn_free));
#undef W2N_RUNTIME
}

bool ModuleContext::mayThrow(uint32_t FuncIndex) {
  if (MayThrow.empty()) {
    uint32_t N = WM.numFuncs();
    MayThrow.assign(N, false);
    std::vector<std::vector<uint32_t>> Callers(N);
    std::vector<uint32_t> Work;
    auto Mark = [&](uint32_t F) {
      if (!MayThrow[F]) {
        MayThrow[F] = true;
        Work.push_back(F);
      }
    };
    for (uint32_t F = 0; F < WM.NumImportedFuncs; ++F)
      Mark(F);
    for (uint32_t D = 0; D < WM.Funcs.size(); ++D) {
      uint32_t F = WM.NumImportedFuncs + D;
      const wasm::Function &WF = WM.Funcs[D];
      wasm::InstrReader IR(WF.Body, WF.BodyOffset, Opts.Features);
      wasm::Instr I;
      while (IR.next(I)) {
        switch (I.Op) {
        case wasm::Opcode::Throw:
        case wasm::Opcode::ThrowRef:
        case wasm::Opcode::Rethrow:
        case wasm::Opcode::CallIndirect:
        case wasm::Opcode::ReturnCallIndirect:
          Mark(F);
          break;
        case wasm::Opcode::Call:
        case wasm::Opcode::ReturnCall:
          Callers[I.Index].push_back(F);
          break;
        default:
          break;
        }
        if (IR.reader().atEnd())
          break;
      }
    }
    while (!Work.empty()) {
      uint32_t F = Work.back();
      Work.pop_back();
      for (uint32_t Caller : Callers[F])
        Mark(Caller);
    }
  }
  return MayThrow[FuncIndex];
}

GlobalVariable *ModuleContext::exnPending() {
  if (GlobalVariable *G = LM.getNamedGlobal("w2n_exn_pending"))
    return G;
  // Per thread: instances run on several threads at once (embedding), and
  // an exception in flight on one must not end a call on another. The
  // backend picks the cheapest access model the relocation model allows.
  auto *G = new GlobalVariable(LM, PointerType::get(C, 0), false,
                               GlobalValue::ExternalLinkage, nullptr,
                               "w2n_exn_pending");
  G->setThreadLocal(true);
  return G;
}

Type *ModuleContext::type(wasm::ValType T) const {
  return nativeValueType(C, T);
}

Type *ModuleContext::resultType(ArrayRef<wasm::ValType> Results) const {
  return nativeResultType(C, Results);
}

FunctionType *ModuleContext::nativeType(const wasm::FuncType &FT) const {
  return nativeFunctionType(C, FT);
}

MemoryStrategy &ModuleContext::memoryStrategy(uint32_t Mem) const {
  return Strategies.forMemory(isMemory64(Mem));
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

std::string ModuleContext::functionName(uint32_t I) const {
  uint32_t Index = WM.NumImportedFuncs + I;
  std::string Name = symbol("f" + Twine(Index));
  if (Index < WM.FuncNames.size() && !WM.FuncNames[Index].empty())
    Name += "_" + sanitize(WM.FuncNames[Index]);
  return Name;
}

/// In a partition, functions are visible to the other partitions' objects;
/// the merge makes them local again.
static void setPartitionLinkage(Function *F, bool Partitioned) {
  if (!Partitioned)
    return;
  F->setLinkage(GlobalValue::ExternalLinkage);
  F->setVisibility(GlobalValue::HiddenVisibility);
}

Function *ModuleContext::declareFunction(uint32_t I) const {
  Function *F =
      Function::Create(nativeType(WM.Funcs[I].TypeIndex),
                       GlobalValue::InternalLinkage, functionName(I), LM);
  setPartitionLinkage(F, Part);
  F->setCallingConv(InternalCC);
  addCommonAttributes(F);
  // Without the tail-call proposal a Wasm call always uses stack, and
  // infinite recursion must end in "call stack exhausted": keep LLVM from
  // turning recursive calls into loops or jumps.
  if (!Opts.Features.TailCall)
    F->addFnAttr("disable-tail-calls", "true");
  return F;
}

Function *ModuleContext::declareEntry(uint32_t I) const {
  Function *E = Function::Create(
      nativeType(WM.Funcs[I].TypeIndex), GlobalValue::InternalLinkage,
      definedFunction(WM.NumImportedFuncs + I)->getName() + ".entry", LM);
  setPartitionLinkage(E, Part);
  addCommonAttributes(E);
  return E;
}

void ModuleContext::declareFunctions() {
  Defined.assign(WM.Funcs.size(), nullptr);
  Entries.assign(WM.Funcs.size(), nullptr);
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I)
    Defined[I] = declareFunction(I);
  if (InternalCC == CallingConv::C)
    return;
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I)
    Entries[I] = declareEntry(I);
}

void ModuleContext::declarePartition(const PartitionSpec &P) {
  Part = &P;
  Defined.assign(WM.Funcs.size(), nullptr);
  Entries.assign(WM.Funcs.size(), nullptr);
  for (uint32_t I = P.Begin; I < P.End; ++I)
    Defined[I] = declareFunction(I);
  if (InternalCC == CallingConv::C)
    return;
  for (uint32_t I = P.Begin; I < P.End; ++I)
    Entries[I] = declareEntry(I);
}

/// Tables longer than this keep the generic call_indirect: each partition
/// (Partition.cpp) that calls through one carries its own copy of the array
/// per type.
static constexpr uint64_t MaxDispatchArray = 16384;

const ModuleContext::FixedTable &ModuleContext::fixedTable(uint32_t Table) {
  if (FixedTables.empty())
    FixedTables.resize(WM.AllTables.size());
  std::optional<FixedTable> &FT = FixedTables[Table];
  if (FT)
    return *FT;
  FT.emplace();
  const wasm::TableType &TT = WM.AllTables[Table];
  if (Table < WM.NumImportedTables || TT.Elem != wasm::ValType::FuncRef ||
      TT.Lim.Is64 || TT.Lim.Min > MaxDispatchArray)
    return *FT;
  for (const wasm::Export &E : WM.Exports)
    if (E.Kind == wasm::ExternKind::Table && E.Index == Table)
      return *FT;
  std::vector<int64_t> Slots(TT.Lim.Min, -1);
  for (const wasm::ElemSegment &S : WM.Elems) {
    if (S.Mode != wasm::SegmentMode::Active || S.Table != Table)
      continue;
    if (S.Offset.Instrs.size() != 1 ||
        S.Offset.Instrs[0].Op != wasm::Opcode::I32Const)
      return *FT;
    uint64_t Off = static_cast<uint32_t>(S.Offset.Instrs[0].Lo);
    if (Off > Slots.size() || S.Items.size() > Slots.size() - Off)
      return *FT; // Instantiation fails: no call ever runs.
    for (const wasm::ConstExpr &Item : S.Items) {
      if (Item.Instrs.size() != 1)
        return *FT;
      const wasm::ConstInstr &CI = Item.Instrs[0];
      if (CI.Op == wasm::Opcode::RefNull)
        Slots[Off++] = -1;
      else if (CI.Op == wasm::Opcode::RefFunc && !WM.isImportedFunc(CI.Index))
        Slots[Off++] = CI.Index;
      else
        return *FT;
    }
  }
  // Last, as it reads every function body.
  if (!TablesWritten)
    TablesWritten = wasm::tablesWrittenByCode(WM, Opts.Features);
  if ((*TablesWritten)[Table])
    return *FT;
  FT->Fixed = true;
  FT->Slots = std::move(Slots);
  return *FT;
}

/// A null table element gets its own stub (its index is in the message)
/// up to this many per table; beyond, call sites test for null.
static constexpr size_t MaxNullStubs = 64;

Function *ModuleContext::trapStub(uint32_t TypeIndex, uint32_t Code,
                                  int64_t Detail) {
  Function *&F = TrapStubs[{TypeIndex, Code, Detail}];
  if (F)
    return F;
  std::string Suffix = Detail < 0 ? "" : "_" + std::to_string(Detail);
  F = Function::Create(nativeType(TypeIndex), GlobalValue::PrivateLinkage,
                       symbol("dispatch_trap" + Twine(Code) + Suffix + "_type" +
                              Twine(TypeIndex)),
                       LM);
  F->setCallingConv(InternalCC);
  addCommonAttributes(F);
  F->setDoesNotReturn();
  F->addFnAttr(Attribute::Cold);
  F->addFnAttr(Attribute::NoInline);
  IRBuilder<> B(BasicBlock::Create(C, "", F));
  Value *Ret = B.CreateIntrinsic(Intrinsic::returnaddress, {}, {B.getInt32(0)});
  B.CreateCall(RT.TrapForCaller,
               {F->getArg(0), B.getInt32(Code), B.getInt64(Detail), Ret});
  B.CreateUnreachable();
  return F;
}

std::vector<Constant *>
ModuleContext::relativeEntries(GlobalVariable *Array,
                               ArrayRef<Constant *> Targets) {
  auto *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  Constant *Base = ConstantExpr::getPtrToInt(Array, I64);
  std::vector<Constant *> Entries;
  Entries.reserve(Targets.size());
  for (Constant *T : Targets)
    Entries.push_back(
        T->isNullValue()
            ? ConstantInt::get(I32, 0)
            : ConstantExpr::getTrunc(
                  ConstantExpr::getSub(ConstantExpr::getPtrToInt(T, I64), Base),
                  I32));
  return Entries;
}

ModuleContext::DispatchArray ModuleContext::dispatchArray(uint32_t Table,
                                                          uint32_t TypeIndex) {
  const FixedTable &FT = fixedTable(Table);
  if (!FT.Fixed)
    return {};
  DispatchArray &DA = DispatchArrays[{Table, TypeIndex}];
  if (DA.Callees)
    return DA;
  DA.Size = FT.Slots.size();
  DA.NullChecked =
      size_t(std::count(FT.Slots.begin(), FT.Slots.end(), -1)) > MaxNullStubs;
  const wasm::FuncType &Want = WM.Types[TypeIndex];
  auto *Ptr = PointerType::get(C, 0);
  auto *I8 = Type::getInt8Ty(C);
  std::vector<Constant *> Callees, Null;
  Callees.reserve(DA.Size);
  for (size_t I = 0; I < DA.Size; ++I) {
    int64_t Fn = FT.Slots[I];
    Constant *Callee;
    if (Fn >= 0 && WM.funcType(Fn) == Want)
      Callee = definedFunction(Fn);
    else if (DA.NullChecked)
      Callee = ConstantPointerNull::get(Ptr);
    else if (Fn < 0)
      Callee = trapStub(TypeIndex, W2N_TRAP_UNINIT_ELEM, int64_t(I));
    else
      Callee = trapStub(TypeIndex, W2N_TRAP_INDIRECT_TYPE, -1);
    Callees.push_back(Callee);
    if (DA.NullChecked)
      Null.push_back(ConstantInt::get(I8, Fn < 0));
  }
  auto Name = [&](StringRef What) {
    return symbol("dispatch_" + What + "_t" + Twine(Table) + "_type" +
                  Twine(TypeIndex));
  };
  if (Opts.RelativeArrays) {
    // Offsets from the array's start (llvm.load.relative), 0 for null.
    auto *Ty = ArrayType::get(Type::getInt32Ty(C), DA.Size);
    DA.Callees = new GlobalVariable(LM, Ty, /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, nullptr,
                                    Name("callees"));
    DA.Callees->setInitializer(
        ConstantArray::get(Ty, relativeEntries(DA.Callees, Callees)));
    DA.Relative = true;
  } else {
    auto *Ty = ArrayType::get(Ptr, DA.Size);
    DA.Callees = new GlobalVariable(
        LM, Ty, /*isConstant=*/true, GlobalValue::PrivateLinkage,
        ConstantArray::get(Ty, Callees), Name("callees"));
  }
  DA.Callees->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  if (DA.NullChecked) {
    auto *NTy = ArrayType::get(I8, DA.Size);
    DA.IsNull = new GlobalVariable(LM, NTy, /*isConstant=*/true,
                                   GlobalValue::PrivateLinkage,
                                   ConstantArray::get(NTy, Null), Name("null"));
    DA.IsNull->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  }
  return DA;
}

GlobalVariable *ModuleContext::tailCallTable() {
  if (TailCallTable)
    return TailCallTable;
  auto *Ptr = PointerType::get(C, 0);
  auto *Ty = ArrayType::get(Ptr, WM.numFuncs());
  if (Part && !Part->Shared) {
    // Defined once, in the shared partition.
    TailCallTable =
        new GlobalVariable(LM, Ty, true, GlobalValue::ExternalLinkage, nullptr,
                           symbol("tail_calls"));
    TailCallTable->setVisibility(GlobalValue::HiddenVisibility);
    return TailCallTable;
  }
  std::vector<Constant *> Entries(WM.NumImportedFuncs,
                                  ConstantPointerNull::get(Ptr));
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I)
    Entries.push_back(definedFunction(WM.NumImportedFuncs + I));
  TailCallTable = new GlobalVariable(
      LM, Ty, true,
      Part ? GlobalValue::ExternalLinkage : GlobalValue::PrivateLinkage,
      ConstantArray::get(Ty, Entries), symbol("tail_calls"));
  if (Part)
    TailCallTable->setVisibility(GlobalValue::HiddenVisibility);
  return TailCallTable;
}

void w2n::emitEntryPoints(ModuleContext &MC) {
  if (MC.InternalCC == CallingConv::C)
    return;
  uint32_t Begin = MC.Part ? MC.Part->Begin : 0;
  uint32_t End = MC.Part ? MC.Part->End : MC.WM.Funcs.size();
  for (uint32_t I = Begin; I < End; ++I) {
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

static std::unique_ptr<Module> newModule(LLVMContext &Ctx,
                                         const TranslateOptions &Opts) {
  StringRef Name =
      Opts.ModuleName.empty() ? StringRef("wasm") : StringRef(Opts.ModuleName);
  auto LM = std::make_unique<Module>(Name, Ctx);
  if (!Opts.TargetTriple.empty())
    LM->setTargetTriple(Opts.TargetTriple);
  if (!Opts.DataLayout.empty())
    LM->setDataLayout(Opts.DataLayout);
  return LM;
}

static Error verify(Module &LM) {
  std::string Msg;
  raw_string_ostream OS(Msg);
  if (verifyModule(LM, &OS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: invalid IR: " + OS.str());
  return Error::success();
}

Expected<std::unique_ptr<Module>>
w2n::translatePartition(const wasm::Module &WM, LLVMContext &Ctx,
                        const TranslateOptions &Opts,
                        const PartitionSpec &Part) {
  auto LM = newModule(Ctx, Opts);
  ModuleContext MC(WM, *LM, Opts);
  MC.declarePartition(Part);
  std::optional<DebugInfo> Debug;
  if (Opts.DebugInfo && Part.Begin < Part.End) {
    Debug.emplace(MC, Opts.Binary);
    MC.Debug = &*Debug;
  }
  for (uint32_t I = Part.Begin; I < Part.End; ++I)
    if (Error E = translateFunction(MC, WM.NumImportedFuncs + I))
      return std::move(E);
  if (Debug)
    Debug->finish();
  emitEntryPoints(MC);
  if (Part.Shared) {
    if (Opts.Features.TailCall && !WM.Funcs.empty())
      MC.tailCallTable();
    emitDescriptor(MC, emitInitFunction(MC));
  }
  if (Error E = verify(*LM))
    return std::move(E);
  return std::move(LM);
}

Expected<std::unique_ptr<Module>> w2n::translate(const wasm::Module &WM,
                                                 LLVMContext &Ctx,
                                                 const TranslateOptions &Opts) {
  auto LM = newModule(Ctx, Opts);
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
  if (Error E = verify(*LM))
    return std::move(E);
  return std::move(LM);
}
