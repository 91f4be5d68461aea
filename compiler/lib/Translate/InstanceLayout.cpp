//===- InstanceLayout.cpp - Loads of instance state -----------------------===//
#include "w2n/Translate/InstanceLayout.h"
#include "llvm/IR/MDBuilder.h"

using namespace llvm;
using namespace w2n;

namespace {
/// Offsets in struct w2n_instance.
enum InstanceField : uint64_t {
  Mem0Base = 0,
  Mem0 = 8,
  StackLimit = 16,
  Memories = 24,
  Tables = 32,
  Globals = 40,
  Funcs = 48,
  TypeIds = 56,
};
/// Offsets in struct w2n_memory, w2n_table and w2n_func.
constexpr uint64_t MemoryBase = 0, MemorySize = 8;
constexpr uint64_t TableElems = 0, TableSize = 8;
constexpr uint64_t FuncCode = 0, FuncCtx = 8, FuncTypeId = 16, FuncIndex = 20;
/// sizeof of the runtime structures, for !dereferenceable.
constexpr uint64_t SizeofMemory = 40, SizeofTable = 32, SizeofFunc = 24;
} // namespace

InstanceLayout::InstanceLayout(LLVMContext &C) : C(C) {
  MDBuilder MDB(C);
  MDNode *Root = MDB.createTBAARoot("w2n");
  auto Tag = [&](StringRef Name) {
    MDNode *Ty = MDB.createTBAAScalarTypeNode(Name, Root);
    return MDB.createTBAAStructTagNode(Ty, Ty, 0);
  };
  MemoryTag = Tag("linear memory");
  GlobalTag = Tag("global cell");
  TableElemTag = Tag("table element");
  RuntimeTag = Tag("runtime state");
  Empty = MDNode::get(C, {});
}

void InstanceLayout::markLinearMemory(Instruction *I) const {
  I->setMetadata(LLVMContext::MD_tbaa, MemoryTag);
}

LoadInst *InstanceLayout::loadField(IRBuilder<> &B, Type *Ty, Value *Base,
                                    uint64_t Offset, bool Invariant,
                                    const Twine &Name) const {
  Value *Addr =
      Offset ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Base, Offset) : Base;
  LoadInst *L = B.CreateAlignedLoad(Ty, Addr, Align(8), Name);
  L->setMetadata(LLVMContext::MD_tbaa, RuntimeTag);
  if (Invariant)
    L->setMetadata(LLVMContext::MD_invariant_load, Empty);
  return L;
}

static void markDereferenceable(LoadInst *L, uint64_t Bytes) {
  LLVMContext &C = L->getContext();
  auto *N =
      ConstantAsMetadata::get(ConstantInt::get(Type::getInt64Ty(C), Bytes));
  L->setMetadata(LLVMContext::MD_dereferenceable, MDNode::get(C, N));
  L->setMetadata(LLVMContext::MD_nonnull, MDNode::get(C, {}));
}

Value *InstanceLayout::arrayEntry(IRBuilder<> &B, Value *Ctx,
                                  uint64_t FieldOffset, uint32_t Index,
                                  const Twine &Name) const {
  Value *Array = loadField(B, B.getPtrTy(), Ctx, FieldOffset, true, "");
  return loadField(B, B.getPtrTy(), Array, uint64_t(Index) * 8, true, Name);
}

Value *InstanceLayout::mem0Base(IRBuilder<> &B, Value *Ctx) const {
  return loadField(B, B.getPtrTy(), Ctx, Mem0Base, true, "mem0.base");
}

Value *InstanceLayout::memory(IRBuilder<> &B, Value *Ctx, uint32_t M) const {
  LoadInst *L;
  if (M == 0)
    L = loadField(B, B.getPtrTy(), Ctx, Mem0, true, "mem0");
  else
    L = cast<LoadInst>(arrayEntry(B, Ctx, Memories, M, "mem" + Twine(M)));
  markDereferenceable(L, SizeofMemory);
  return L;
}

Value *InstanceLayout::memoryBase(IRBuilder<> &B, Value *Mem) const {
  return loadField(B, B.getPtrTy(), Mem, MemoryBase, true, "mem.base");
}

Value *InstanceLayout::memorySize(IRBuilder<> &B, Value *Mem) const {
  return loadField(B, B.getInt64Ty(), Mem, MemorySize, false, "mem.size");
}

Value *InstanceLayout::stackLimit(IRBuilder<> &B, Value *Ctx) const {
  return loadField(B, B.getInt64Ty(), Ctx, StackLimit, false, "stack.limit");
}

Value *InstanceLayout::globalCell(IRBuilder<> &B, Value *Ctx,
                                  uint32_t G) const {
  auto *L = cast<LoadInst>(arrayEntry(B, Ctx, Globals, G, "g" + Twine(G)));
  markDereferenceable(L, GlobalCellSize);
  return L;
}

Value *InstanceLayout::loadGlobal(IRBuilder<> &B, Value *Cell, Type *Ty,
                                  bool Immutable) const {
  LoadInst *L = B.CreateAlignedLoad(Ty, Cell, Align(8));
  L->setMetadata(LLVMContext::MD_tbaa, GlobalTag);
  if (Immutable)
    L->setMetadata(LLVMContext::MD_invariant_load, Empty);
  return L;
}

void InstanceLayout::storeGlobal(IRBuilder<> &B, Value *Cell, Value *V) const {
  StoreInst *S = B.CreateAlignedStore(V, Cell, Align(8));
  S->setMetadata(LLVMContext::MD_tbaa, GlobalTag);
}

Value *InstanceLayout::table(IRBuilder<> &B, Value *Ctx, uint32_t T) const {
  auto *L = cast<LoadInst>(arrayEntry(B, Ctx, Tables, T, "t" + Twine(T)));
  markDereferenceable(L, SizeofTable);
  return L;
}

Value *InstanceLayout::tableElems(IRBuilder<> &B, Value *Table) const {
  return loadField(B, B.getPtrTy(), Table, TableElems, false, "t.elems");
}

Value *InstanceLayout::tableSize(IRBuilder<> &B, Value *Table) const {
  return loadField(B, B.getInt64Ty(), Table, TableSize, false, "t.size");
}

Value *InstanceLayout::tableElemAddr(IRBuilder<> &B, Value *Elems,
                                     Value *Index) const {
  return B.CreateInBoundsGEP(B.getPtrTy(), Elems, Index);
}

Value *InstanceLayout::loadTableElem(IRBuilder<> &B, Value *Addr) const {
  LoadInst *L = B.CreateAlignedLoad(B.getPtrTy(), Addr, Align(8), "elem");
  L->setMetadata(LLVMContext::MD_tbaa, TableElemTag);
  return L;
}

void InstanceLayout::storeTableElem(IRBuilder<> &B, Value *Addr,
                                    Value *V) const {
  StoreInst *S = B.CreateAlignedStore(V, Addr, Align(8));
  S->setMetadata(LLVMContext::MD_tbaa, TableElemTag);
}

Value *InstanceLayout::func(IRBuilder<> &B, Value *Ctx, uint32_t F) const {
  auto *L = cast<LoadInst>(arrayEntry(B, Ctx, Funcs, F, "fn" + Twine(F)));
  markDereferenceable(L, SizeofFunc);
  return L;
}

Value *InstanceLayout::funcCode(IRBuilder<> &B, Value *Func,
                                bool Invariant) const {
  return loadField(B, B.getPtrTy(), Func, FuncCode, Invariant, "fn.code");
}

Value *InstanceLayout::funcCtx(IRBuilder<> &B, Value *Func,
                               bool Invariant) const {
  return loadField(B, B.getPtrTy(), Func, FuncCtx, Invariant, "fn.ctx");
}

Value *InstanceLayout::funcTypeId(IRBuilder<> &B, Value *Func) const {
  LoadInst *L =
      loadField(B, B.getInt32Ty(), Func, FuncTypeId, false, "fn.type");
  L->setAlignment(Align(4));
  return L;
}

Value *InstanceLayout::funcIndex(IRBuilder<> &B, Value *Func) const {
  LoadInst *L =
      loadField(B, B.getInt32Ty(), Func, FuncIndex, false, "fn.index");
  L->setAlignment(Align(4));
  return L;
}

Value *InstanceLayout::typeId(IRBuilder<> &B, Value *Ctx,
                              uint32_t TypeIndex) const {
  Value *Ids = loadField(B, B.getPtrTy(), Ctx, TypeIds, true, "");
  LoadInst *L = loadField(B, B.getInt32Ty(), Ids, uint64_t(TypeIndex) * 4, true,
                          "type" + Twine(TypeIndex));
  L->setAlignment(Align(4));
  return L;
}
