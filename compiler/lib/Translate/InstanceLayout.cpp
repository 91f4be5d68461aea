//===- InstanceLayout.cpp - Loads of instance state -----------------------===//
#include "w2n/Translate/InstanceLayout.h"
#include "w2n/abi.h"
#include "llvm/IR/MDBuilder.h"
#include <type_traits>

using namespace llvm;
using namespace w2n;

namespace {
/// Fields of struct w2n_instance that generated code reads.
constexpr uint64_t Mem0Base = offsetof(w2n_instance, mem0_base),
                   Mem0 = offsetof(w2n_instance, mem0),
                   StackLimit = offsetof(w2n_instance, stack_limit),
                   Memories = offsetof(w2n_instance, memories),
                   Tables = offsetof(w2n_instance, tables),
                   Globals = offsetof(w2n_instance, globals),
                   Funcs = offsetof(w2n_instance, funcs),
                   TypeIds = offsetof(w2n_instance, type_ids),
                   Tags = offsetof(w2n_instance, tags),
                   Interrupt = offsetof(w2n_instance, interrupt);
/// Fields of struct w2n_memory, w2n_table and w2n_func.
constexpr uint64_t MemoryBase = offsetof(w2n_memory, base),
                   MemorySize = offsetof(w2n_memory, size);
constexpr uint64_t TableElems = offsetof(w2n_table, elems),
                   TableSize = offsetof(w2n_table, size);
constexpr uint64_t FuncCode = offsetof(w2n_func, code),
                   FuncCtx = offsetof(w2n_func, ctx),
                   FuncTypeId = offsetof(w2n_func, type_id),
                   FuncIndex = offsetof(w2n_func, index);
/// sizeof of the runtime structures, for !dereferenceable.
constexpr uint64_t SizeofMemory = sizeof(w2n_memory),
                   SizeofTable = sizeof(w2n_table),
                   SizeofFunc = sizeof(w2n_func);
/// The loads below are of these widths: a field of another width in abi.h
/// would be read wrongly.
static_assert(
    sizeof(w2n_instance::stack_limit) == 8 && sizeof(w2n_memory::size) == 8 &&
        sizeof(w2n_table::size) == 8 && sizeof(w2n_func::type_id) == 4 &&
        sizeof(w2n_func::index) == 4 && sizeof(w2n_instance::interrupt) == 4 &&
        sizeof(std::remove_pointer_t<decltype(w2n_instance::type_ids)>) == 4,
    "InstanceLayout loads these fields with other widths");
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
  return loadField(B, B.getPtrTy(), Array, uint64_t(Index) * sizeof(void *),
                   true, Name);
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

Value *InstanceLayout::interruptFlag(IRBuilder<> &B, Value *Ctx) const {
  LoadInst *L =
      loadField(B, B.getInt32Ty(), Ctx, Interrupt, false, "interrupt");
  // Monotonic: a plain load could be hoisted out of a loop that never
  // writes it; on the targets we support it is an ordinary load.
  L->setAtomic(AtomicOrdering::Monotonic);
  L->setAlignment(Align(4));
  return L;
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
  LoadInst *L =
      loadField(B, B.getInt32Ty(), Ids, uint64_t(TypeIndex) * sizeof(uint32_t),
                true, "type" + Twine(TypeIndex));
  L->setAlignment(Align(4));
  return L;
}

Value *InstanceLayout::tag(IRBuilder<> &B, Value *Ctx, uint32_t T) const {
  return arrayEntry(B, Ctx, Tags, T, "tag" + Twine(T));
}
