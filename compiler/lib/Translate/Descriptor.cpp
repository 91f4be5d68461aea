//===- Descriptor.cpp - The w2n_module descriptor and invoke thunks -------===//
//
// Constant data the runtime instantiates from (struct w2n_module of abi.h).
// The LLVM struct types are built from descriptions of the C structs that
// static_asserts check against their declarations (NativeAbi.h).
//
//===----------------------------------------------------------------------===//
#include "ModuleContext.h"
#include "w2n/Translate/NativeAbi.h"
#include "w2n/abi.h"
#include <map>

using namespace llvm;
using namespace w2n;

namespace {

constexpr abi::Field LimitsFields[] = {
    W2N_ABI_FIELD(w2n_limits_desc, min),
    W2N_ABI_FIELD(w2n_limits_desc, max),
    W2N_ABI_FIELD(w2n_limits_desc, has_max),
    W2N_ABI_FIELD(w2n_limits_desc, is64),
    W2N_ABI_FIELD(w2n_limits_desc, shared),
    W2N_ABI_FIELD(w2n_limits_desc, elem_type),
};
static_assert(abi::hasCLayout(LimitsFields, sizeof(w2n_limits_desc)),
              "LimitsFields does not describe struct w2n_limits_desc");
constexpr abi::Field TypeFields[] = {
    W2N_ABI_FIELD(w2n_type_desc, sig),
    W2N_ABI_FIELD(w2n_type_desc, invoke),
};
static_assert(abi::hasCLayout(TypeFields, sizeof(w2n_type_desc)),
              "TypeFields does not describe struct w2n_type_desc");
constexpr abi::Field ImportFields[] = {
    W2N_ABI_FIELD(w2n_import_desc, module),
    W2N_ABI_FIELD(w2n_import_desc, name),
    W2N_ABI_FIELD(w2n_import_desc, kind),
    W2N_ABI_FIELD(w2n_import_desc, index),
    W2N_ABI_FIELD(w2n_import_desc, mut),
    W2N_ABI_STRUCT_FIELD(w2n_import_desc, limits, LimitsFields),
    W2N_ABI_FIELD(w2n_import_desc, module_len),
    W2N_ABI_FIELD(w2n_import_desc, name_len),
};
static_assert(abi::hasCLayout(ImportFields, sizeof(w2n_import_desc)),
              "ImportFields does not describe struct w2n_import_desc");
constexpr abi::Field ExportFields[] = {
    W2N_ABI_FIELD(w2n_export_desc, name),
    W2N_ABI_FIELD(w2n_export_desc, kind),
    W2N_ABI_FIELD(w2n_export_desc, index),
    W2N_ABI_FIELD(w2n_export_desc, name_len),
};
static_assert(abi::hasCLayout(ExportFields, sizeof(w2n_export_desc)),
              "ExportFields does not describe struct w2n_export_desc");
constexpr abi::Field GlobalFields[] = {
    W2N_ABI_FIELD(w2n_global_desc, type),
    W2N_ABI_FIELD(w2n_global_desc, mut),
    W2N_ABI_FIELD(w2n_global_desc, offset),
};
static_assert(abi::hasCLayout(GlobalFields, sizeof(w2n_global_desc)),
              "GlobalFields does not describe struct w2n_global_desc");
constexpr abi::Field TagFields[] = {
    W2N_ABI_FIELD(w2n_tag_desc, name),
    W2N_ABI_FIELD(w2n_tag_desc, type),
};
static_assert(abi::hasCLayout(TagFields, sizeof(w2n_tag_desc)),
              "TagFields does not describe struct w2n_tag_desc");
constexpr abi::Field DataFields[] = {
    W2N_ABI_FIELD(w2n_data_desc, bytes),
    W2N_ABI_FIELD(w2n_data_desc, size),
};
static_assert(abi::hasCLayout(DataFields, sizeof(w2n_data_desc)),
              "DataFields does not describe struct w2n_data_desc");
constexpr abi::Field ElemFields[] = {
    W2N_ABI_FIELD(w2n_elem_desc, items),
    W2N_ABI_FIELD(w2n_elem_desc, count),
    W2N_ABI_FIELD(w2n_elem_desc, elem_type),
};
static_assert(abi::hasCLayout(ElemFields, sizeof(w2n_elem_desc)),
              "ElemFields does not describe struct w2n_elem_desc");
constexpr abi::Field ModuleFields[] = {
    W2N_ABI_FIELD(w2n_module, abi_version),
    W2N_ABI_FIELD(w2n_module, name),
    W2N_ABI_FIELD(w2n_module, num_types),
    W2N_ABI_FIELD(w2n_module, types),
    W2N_ABI_FIELD(w2n_module, num_imports),
    W2N_ABI_FIELD(w2n_module, imports),
    W2N_ABI_FIELD(w2n_module, num_imported_funcs),
    W2N_ABI_FIELD(w2n_module, num_imported_tables),
    W2N_ABI_FIELD(w2n_module, num_imported_memories),
    W2N_ABI_FIELD(w2n_module, num_imported_globals),
    W2N_ABI_FIELD(w2n_module, num_funcs),
    W2N_ABI_FIELD(w2n_module, func_types),
    W2N_ABI_FIELD(w2n_module, func_code),
    W2N_ABI_FIELD(w2n_module, func_names),
    W2N_ABI_FIELD(w2n_module, num_tables),
    W2N_ABI_FIELD(w2n_module, tables),
    W2N_ABI_FIELD(w2n_module, num_memories),
    W2N_ABI_FIELD(w2n_module, memories),
    W2N_ABI_FIELD(w2n_module, num_globals),
    W2N_ABI_FIELD(w2n_module, globals),
    W2N_ABI_FIELD(w2n_module, globals_size),
    W2N_ABI_FIELD(w2n_module, num_exports),
    W2N_ABI_FIELD(w2n_module, exports),
    W2N_ABI_FIELD(w2n_module, num_datas),
    W2N_ABI_FIELD(w2n_module, datas),
    W2N_ABI_FIELD(w2n_module, num_elems),
    W2N_ABI_FIELD(w2n_module, elems),
    W2N_ABI_FIELD(w2n_module, start),
    W2N_ABI_FIELD(w2n_module, init),
    W2N_ABI_FIELD(w2n_module, bounds_checks),
    W2N_ABI_FIELD(w2n_module, func_code_rel),
    W2N_ABI_FIELD(w2n_module, func_names_rel),
    W2N_ABI_FIELD(w2n_module, num_tags),
    W2N_ABI_FIELD(w2n_module, num_imported_tags),
    W2N_ABI_FIELD(w2n_module, tags),
};
static_assert(abi::hasCLayout(ModuleFields, sizeof(w2n_module)),
              "ModuleFields does not describe struct w2n_module");

class DescriptorBuilder {
public:
  DescriptorBuilder(ModuleContext &MC)
      : MC(MC), C(MC.C), I8(Type::getInt8Ty(C)), I32(Type::getInt32Ty(C)),
        I64(Type::getInt64Ty(C)), Ptr(PointerType::get(C, 0)) {
    LimitsTy = abi::structType(C, LimitsFields);
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
  Constant *relativeArray(ArrayRef<Constant *> Targets, const Twine &Name);
  Function *invokeThunk(const wasm::FuncType &FT, StringRef Sig);

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
  return abi::structValue(LimitsTy, {i64(L.Min), i64(L.Max.value_or(0)),
                                     i8(L.Max.has_value()), i8(L.Is64),
                                     i8(L.Shared), i8(ElemType)});
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
    return B.CreateConstInBoundsGEP1_64(I8, Args,
                                        uint64_t(I) * sizeof(w2n_val));
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

  StructType *TypeDescTy = abi::structType(C, TypeFields);
  SmallVector<Constant *, 16> Types;
  for (const wasm::FuncType &FT : WM.Types) {
    std::string Sig = signatureText(FT);
    Types.push_back(
        abi::structValue(TypeDescTy, {string(Sig), invokeThunk(FT, Sig)}));
  }

  StructType *ImportTy = abi::structType(C, ImportFields);
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
    case wasm::ExternKind::Tag:
      Index = Im.TagTypeIndex;
      break;
    }
    Imports.push_back(abi::structValue(
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

  StructType *GlobalTy = abi::structType(C, GlobalFields);
  SmallVector<Constant *, 16> Globals;
  for (uint32_t G = 0; G < WM.AllGlobals.size(); ++G) {
    uint32_t Offset =
        G < WM.NumImportedGlobals
            ? 0
            : (G - WM.NumImportedGlobals) * InstanceLayout::GlobalCellSize;
    Globals.push_back(abi::structValue(
        GlobalTy, {i32(uint8_t(WM.AllGlobals[G].Type)),
                   i32(WM.AllGlobals[G].Mutable), i32(Offset)}));
  }

  // A defined tag's name, for "uncaught exception" messages: the name
  // section's, else an export's. An imported tag's comes from its exporter.
  StructType *TagTy = abi::structType(C, TagFields);
  SmallVector<Constant *, 8> Tags;
  for (uint32_t T = 0; T < WM.TagTypeIndices.size(); ++T) {
    StringRef TagName;
    if (T >= WM.NumImportedTags) {
      if (T < WM.TagNames.size())
        TagName = WM.TagNames[T];
      for (const wasm::Export &Ex : WM.Exports)
        if (TagName.empty() && Ex.Kind == wasm::ExternKind::Tag &&
            Ex.Index == T)
          TagName = Ex.Name;
    }
    Tags.push_back(
        abi::structValue(TagTy, {TagName.empty() ? null() : string(TagName),
                                 i32(WM.TagTypeIndices[T])}));
  }

  StructType *ExportTy = abi::structType(C, ExportFields);
  SmallVector<Constant *, 16> Exports;
  for (const wasm::Export &E : WM.Exports)
    Exports.push_back(
        abi::structValue(ExportTy, {string(E.Name), i32(uint32_t(E.Kind)),
                                    i32(E.Index), i32(E.Name.size())}));

  StructType *DataTy = abi::structType(C, DataFields);
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
          (D.Offset.Instrs[0].Op == wasm::Opcode::I32Const ||
           D.Offset.Instrs[0].Op == wasm::Opcode::I64Const))
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
    Datas.push_back(abi::structValue(DataTy, {Bytes, i64(D.Bytes.size())}));
  }

  // Items are {i32 kind, i32 index} pairs, written as one flat i32 array
  // (the same bytes): a table of 700,000 entries is then one constant, not
  // 700,000 uniqued structs.
  StructType *ElemTy = abi::structType(C, ElemFields);
  SmallVector<Constant *, 16> Elems;
  for (const wasm::ElemSegment &E : WM.Elems) {
    std::vector<uint32_t> Items;
    Items.reserve(2 * E.Items.size());
    for (const wasm::ConstExpr &Item : E.Items) {
      const wasm::ConstInstr &I = Item.Instrs.front();
      uint32_t Kind = I.Op == wasm::Opcode::RefFunc     ? W2N_ELEM_FUNC
                      : I.Op == wasm::Opcode::GlobalGet ? W2N_ELEM_GLOBAL
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
    Elems.push_back(abi::structValue(
        ElemTy, {Array, i32(E.Items.size()), i32(uint8_t(E.Type))}));
  }

  bool Relative = MC.Opts.RelativeArrays;
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
      Relative ? null() : privateArray(Ptr, FuncCode, "func_code"),
      Relative ? null() : privateArray(Ptr, FuncNames, "func_names"),
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
      Relative ? relativeArray(FuncCode, "func_code") : null(),
      Relative ? relativeArray(FuncNames, "func_names") : null(),
      i32(WM.TagTypeIndices.size()),
      i32(WM.NumImportedTags),
      privateArray(TagTy, Tags, "tags"),
  };
  StructType *DescTy = abi::structType(C, ModuleFields);
  auto *GV = new GlobalVariable(
      MC.LM, DescTy, true, GlobalValue::ExternalLinkage,
      abi::structValue(DescTy, Fields), MC.Opts.DescriptorSymbol);
  GV->setAlignment(Align(8));
}

/// An [N x i32] array of Targets as offsets from the array (NULL when
/// empty), for the _rel fields of position-independent output.
Constant *DescriptorBuilder::relativeArray(ArrayRef<Constant *> Targets,
                                           const Twine &Name) {
  if (Targets.empty())
    return null();
  auto *Ty = ArrayType::get(I32, Targets.size());
  auto *GV = new GlobalVariable(MC.LM, Ty, true, GlobalValue::PrivateLinkage,
                                nullptr, MC.symbol(Name.str()));
  GV->setInitializer(ConstantArray::get(Ty, MC.relativeEntries(GV, Targets)));
  GV->setAlignment(Align(4));
  return GV;
}

void w2n::emitDescriptor(ModuleContext &MC, Function *Init) {
  DescriptorBuilder(MC).build(Init);
}
