//===- Descriptor.cpp - The w2n_module descriptor and invoke thunks -------===//
//
// Constant data the runtime instantiates from (struct w2n_module of abi.h).
// The LLVM struct types below mirror the C structs field by field; with the
// natural alignment of LP64 targets they have the same layout.
//
//===----------------------------------------------------------------------===//
#include "ModuleContext.h"
#include "w2n/abi.h"
#include <map>

using namespace llvm;
using namespace w2n;
using wasm::ValType;

namespace {

class DescriptorBuilder {
public:
  DescriptorBuilder(ModuleContext &MC)
      : MC(MC), C(MC.C), I8(Type::getInt8Ty(C)), I32(Type::getInt32Ty(C)),
        I64(Type::getInt64Ty(C)), Ptr(PointerType::get(C, 0)) {
    LimitsTy = StructType::get(C, {I64, I64, I8, I8, I8, I8});
  }

  void build(Function *Init);

private:
  Constant *i32(uint64_t V) { return ConstantInt::get(I32, V); }
  Constant *i64(uint64_t V) { return ConstantInt::get(I64, V); }
  Constant *i8(uint64_t V) { return ConstantInt::get(I8, V); }
  Constant *null() { return ConstantPointerNull::get(PointerType::get(C, 0)); }
  Constant *string(StringRef S);
  Constant *privateArray(Type *ElemTy, ArrayRef<Constant *> Elems,
                         const Twine &Name);
  Constant *limits(const wasm::Limits &L, uint8_t ElemType = 0);
  Function *invokeThunk(const wasm::FuncType &FT, StringRef Sig);
  static std::string signature(const wasm::FuncType &FT);

  ModuleContext &MC;
  LLVMContext &C;
  Type *I8, *I32, *I64, *Ptr;
  StructType *LimitsTy;
  std::map<std::string, Function *> Thunks;
};

} // namespace

Constant *DescriptorBuilder::string(StringRef S) {
  auto *Init = ConstantDataArray::getString(C, S, true);
  auto *GV =
      new GlobalVariable(MC.LM, Init->getType(), true,
                         GlobalValue::PrivateLinkage, Init, MC.symbol("str"));
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

Constant *DescriptorBuilder::privateArray(Type *ElemTy,
                                          ArrayRef<Constant *> Elems,
                                          const Twine &Name) {
  if (Elems.empty())
    return null();
  auto *ATy = ArrayType::get(ElemTy, Elems.size());
  auto *GV =
      new GlobalVariable(MC.LM, ATy, true, GlobalValue::PrivateLinkage,
                         ConstantArray::get(ATy, Elems), MC.symbol(Name));
  return GV;
}

Constant *DescriptorBuilder::limits(const wasm::Limits &L, uint8_t ElemType) {
  return ConstantStruct::get(LimitsTy, {i64(L.Min), i64(L.Max.value_or(0)),
                                        i8(L.Max.has_value()), i8(L.Is64),
                                        i8(L.Shared), i8(ElemType)});
}

static char sigChar(ValType T) {
  switch (T) {
  case ValType::I32:
    return 'i';
  case ValType::I64:
    return 'I';
  case ValType::F32:
    return 'f';
  case ValType::F64:
    return 'F';
  case ValType::V128:
    return 'v';
  case ValType::FuncRef:
    return 'r';
  case ValType::ExternRef:
    return 'e';
  }
  llvm_unreachable("unknown value type");
}

std::string DescriptorBuilder::signature(const wasm::FuncType &FT) {
  std::string S;
  for (ValType T : FT.Params)
    S += sigChar(T);
  S += ':';
  for (ValType T : FT.Results)
    S += sigChar(T);
  return S;
}

/// void thunk(void *code, w2n_instance *ctx, w2n_val *args): arguments and
/// results travel in 16-byte cells.
Function *DescriptorBuilder::invokeThunk(const wasm::FuncType &FT,
                                         StringRef Sig) {
  Function *&F = Thunks[Sig.str()];
  if (F)
    return F;
  auto *Ty = FunctionType::get(Type::getVoidTy(C), {Ptr, Ptr, Ptr}, false);
  std::string Name = MC.symbol("invoke_");
  for (char Ch : Sig)
    Name += Ch == ':' ? '_' : Ch;
  F = Function::Create(Ty, GlobalValue::InternalLinkage, Name, MC.LM);
  F->setDoesNotThrow();
  IRBuilder<> B(BasicBlock::Create(C, "", F));
  Value *Args = F->getArg(2);
  auto Cell = [&](unsigned I) {
    return B.CreateConstInBoundsGEP1_64(I8, Args, uint64_t(I) * 16);
  };
  SmallVector<Value *, 8> CallArgs{F->getArg(1)};
  for (unsigned I = 0; I < FT.Params.size(); ++I)
    CallArgs.push_back(
        B.CreateAlignedLoad(MC.type(FT.Params[I]), Cell(I), Align(8)));
  Value *R = B.CreateCall(MC.nativeType(FT), F->getArg(0), CallArgs);
  if (FT.Results.size() == 1)
    B.CreateAlignedStore(R, Cell(0), Align(8));
  else
    for (unsigned I = 0; I < FT.Results.size(); ++I)
      B.CreateAlignedStore(B.CreateExtractValue(R, I), Cell(I), Align(8));
  B.CreateRetVoid();
  return F;
}

void DescriptorBuilder::build(Function *Init) {
  const wasm::Module &WM = MC.WM;

  auto *TypeDescTy = StructType::get(C, {Ptr, Ptr});
  SmallVector<Constant *, 16> Types;
  for (const wasm::FuncType &FT : WM.Types) {
    std::string Sig = signature(FT);
    Types.push_back(
        ConstantStruct::get(TypeDescTy, {string(Sig), invokeThunk(FT, Sig)}));
  }

  auto *ImportTy =
      StructType::get(C, {Ptr, Ptr, I32, I32, I32, LimitsTy, I32, I32});
  SmallVector<Constant *, 16> Imports;
  for (const wasm::Import &Im : WM.Imports) {
    uint32_t Index = 0, Mut = 0;
    Constant *Lim = limits({});
    switch (Im.Kind) {
    case wasm::ExternKind::Func:
      Index = Im.FuncTypeIndex;
      break;
    case wasm::ExternKind::Table:
      Lim = limits(Im.Table.Lim, uint8_t(Im.Table.Elem));
      break;
    case wasm::ExternKind::Memory:
      Lim = limits(Im.Memory.Lim);
      break;
    case wasm::ExternKind::Global:
      Index = uint8_t(Im.Global.Type);
      Mut = Im.Global.Mutable;
      break;
    }
    Imports.push_back(ConstantStruct::get(
        ImportTy,
        {string(Im.Module), string(Im.Name), i32(uint32_t(Im.Kind)), i32(Index),
         i32(Mut), Lim, i32(Im.Module.size()), i32(Im.Name.size())}));
  }

  SmallVector<Constant *, 64> FuncTypes, FuncCode, FuncNames;
  for (uint32_t I = 0; I < WM.numFuncs(); ++I) {
    FuncTypes.push_back(i32(WM.FuncTypeIndices[I]));
    if (!WM.isImportedFunc(I))
      FuncCode.push_back(MC.entryPoint(I));
    bool Named = I < WM.FuncNames.size() && !WM.FuncNames[I].empty();
    FuncNames.push_back(Named ? string(WM.FuncNames[I]) : null());
  }

  SmallVector<Constant *, 4> Tables, Memories;
  for (const wasm::TableType &T : WM.Tables)
    Tables.push_back(limits(T.Lim, uint8_t(T.Elem)));
  for (const wasm::MemoryType &M : WM.Memories)
    Memories.push_back(limits(M.Lim));

  auto *GlobalTy = StructType::get(C, {I32, I32, I32});
  SmallVector<Constant *, 16> Globals;
  for (uint32_t G = 0; G < WM.AllGlobals.size(); ++G) {
    uint32_t Offset =
        G < WM.NumImportedGlobals
            ? 0
            : (G - WM.NumImportedGlobals) * InstanceLayout::GlobalCellSize;
    Globals.push_back(ConstantStruct::get(
        GlobalTy, {i32(uint8_t(WM.AllGlobals[G].Type)),
                   i32(WM.AllGlobals[G].Mutable), i32(Offset)}));
  }

  auto *ExportTy = StructType::get(C, {Ptr, I32, I32, I32});
  SmallVector<Constant *, 16> Exports;
  for (const wasm::Export &E : WM.Exports)
    Exports.push_back(
        ConstantStruct::get(ExportTy, {string(E.Name), i32(uint32_t(E.Kind)),
                                       i32(E.Index), i32(E.Name.size())}));

  auto *DataTy = StructType::get(C, {Ptr, I64});
  SmallVector<Constant *, 16> Datas;
  for (const wasm::DataSegment &D : WM.Datas) {
    Constant *Bytes = null();
    if (!D.Bytes.empty()) {
      Constant *Init = ConstantDataArray::get(C, D.Bytes);
      // A large segment is placed at the page offset of its destination, so
      // the runtime can map its whole pages copy-on-write from the
      // executable instead of copying them (core/memory.c).
      bool Large = D.Bytes.size() >= (64u << 10);
      uint64_t Pad = 0;
      if (Large && D.Offset.Instrs.size() == 1 &&
          (D.Offset.Instrs[0].K == wasm::ConstInstr::I32Const ||
           D.Offset.Instrs[0].K == wasm::ConstInstr::I64Const))
        Pad = D.Offset.Instrs[0].Lo % 4096;
      if (Pad)
        Init =
            ConstantStruct::getAnon({ConstantAggregateZero::get(ArrayType::get(
                                         Type::getInt8Ty(C), Pad)),
                                     Init},
                                    /*Packed=*/true);
      auto *GV = new GlobalVariable(MC.LM, Init->getType(), true,
                                    GlobalValue::PrivateLinkage, Init,
                                    MC.symbol("data"));
      GV->setAlignment(Align(Large ? 4096 : 1));
      Bytes = Pad ? ConstantExpr::getInBoundsGetElementPtr(Type::getInt8Ty(C),
                                                           GV, i64(Pad))
                  : GV;
    }
    Datas.push_back(ConstantStruct::get(DataTy, {Bytes, i64(D.Bytes.size())}));
  }

  // Items are {i32 kind, i32 index} pairs, written as one flat i32 array
  // (the same bytes): a table of 700,000 entries is then one constant, not
  // 700,000 uniqued structs.
  auto *ElemTy = StructType::get(C, {Ptr, I32, I32});
  SmallVector<Constant *, 16> Elems;
  for (const wasm::ElemSegment &E : WM.Elems) {
    std::vector<uint32_t> Items;
    Items.reserve(2 * E.Items.size());
    for (const wasm::ConstExpr &Item : E.Items) {
      const wasm::ConstInstr &I = Item.Instrs.front();
      uint32_t Kind = I.K == wasm::ConstInstr::RefFunc     ? W2N_ELEM_FUNC
                      : I.K == wasm::ConstInstr::GlobalGet ? W2N_ELEM_GLOBAL
                                                           : W2N_ELEM_NULL;
      Items.push_back(Kind);
      Items.push_back(I.Index);
    }
    Constant *Array = null();
    if (!Items.empty()) {
      Constant *Init = ConstantDataArray::get(C, ArrayRef<uint32_t>(Items));
      auto *GV = new GlobalVariable(MC.LM, Init->getType(), true,
                                    GlobalValue::PrivateLinkage, Init,
                                    MC.symbol("elem"));
      GV->setAlignment(Align(4));
      Array = GV;
    }
    Elems.push_back(ConstantStruct::get(
        ElemTy, {Array, i32(E.Items.size()), i32(uint8_t(E.Type))}));
  }

  std::string Name = MC.Opts.ModuleName;
  if (!WM.ModuleName.empty())
    Name = WM.ModuleName;
  SmallVector<Constant *, 40> Fields = {
      i32(W2N_ABI_VERSION),
      string(Name),
      i32(WM.Types.size()),
      privateArray(TypeDescTy, Types, "types"),
      i32(WM.Imports.size()),
      privateArray(ImportTy, Imports, "imports"),
      i32(WM.NumImportedFuncs),
      i32(WM.NumImportedTables),
      i32(WM.NumImportedMemories),
      i32(WM.NumImportedGlobals),
      i32(WM.numFuncs()),
      privateArray(I32, FuncTypes, "func_types"),
      privateArray(Ptr, FuncCode, "func_code"),
      privateArray(Ptr, FuncNames, "func_names"),
      i32(WM.AllTables.size()),
      privateArray(LimitsTy, Tables, "tables"),
      i32(WM.AllMemories.size()),
      privateArray(LimitsTy, Memories, "memories"),
      i32(WM.AllGlobals.size()),
      privateArray(GlobalTy, Globals, "globals"),
      i32(WM.Globals.size() * InstanceLayout::GlobalCellSize),
      i32(WM.Exports.size()),
      privateArray(ExportTy, Exports, "exports"),
      i32(WM.Datas.size()),
      privateArray(DataTy, Datas, "datas"),
      i32(WM.Elems.size()),
      privateArray(ElemTy, Elems, "elems"),
      i64(WM.Start ? int64_t(*WM.Start) : int64_t(-1)),
      Init,
      i32(boundsStrategy(MC.Opts.Bounds).GuardReservation ? 0 : 1),
  };
  SmallVector<Type *, 40> FieldTys;
  for (Constant *K : Fields)
    FieldTys.push_back(K->getType());
  auto *DescTy = StructType::get(C, FieldTys);
  auto *GV = new GlobalVariable(
      MC.LM, DescTy, true, GlobalValue::ExternalLinkage,
      ConstantStruct::get(DescTy, Fields), MC.Opts.DescriptorSymbol);
  GV->setAlignment(Align(8));
}

void w2n::emitDescriptor(ModuleContext &MC, Function *Init) {
  DescriptorBuilder(MC).build(Init);
}
