//===- InstanceLayout.h - Where instance state lives relative to ctx ------===//
//
// The one place in the translator that reads struct w2n_instance and the
// structures it points to; it takes their offsets and sizes from their C
// declarations (runtime-lib/include/w2n/abi.h). Every load it
// emits carries a TBAA tag that keeps it apart from linear memory, and the
// loads of fields that never change after instantiation carry
// !invariant.load so LLVM may hoist and merge them freely.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_INSTANCELAYOUT_H
#define W2N_TRANSLATE_INSTANCELAYOUT_H

#include "w2n/abi.h"
#include "llvm/IR/IRBuilder.h"
#include <cstdint>

namespace w2n {

class InstanceLayout {
public:
  explicit InstanceLayout(llvm::LLVMContext &C);

  /// Bytes of the fixed header of struct w2n_instance that generated code
  /// may dereference (for `dereferenceable` on the ctx parameter).
  static constexpr uint64_t HeaderSize = sizeof(w2n_instance);
  /// Bytes of one global cell (w2n_val).
  static constexpr uint64_t GlobalCellSize = sizeof(w2n_val);

  /// TBAA access tags. Linear memory, global cells, table element arrays and
  /// runtime structures never overlap, so accesses of different kinds never
  /// alias.
  llvm::MDNode *linearMemoryTag() const { return MemoryTag; }
  llvm::MDNode *globalTag() const { return GlobalTag; }
  llvm::MDNode *tableElemTag() const { return TableElemTag; }
  llvm::MDNode *runtimeTag() const { return RuntimeTag; }

  /// Marks a load or store of linear memory.
  void markLinearMemory(llvm::Instruction *I) const;

  /// ctx->mem0_base (memory 0's base; never moves).
  llvm::Value *mem0Base(llvm::IRBuilder<> &B, llvm::Value *Ctx) const;
  /// The w2n_memory of memory index M (ctx->mem0 for 0).
  llvm::Value *memory(llvm::IRBuilder<> &B, llvm::Value *Ctx, uint32_t M) const;
  /// memory->base (invariant) and memory->size in bytes (changes on grow).
  llvm::Value *memoryBase(llvm::IRBuilder<> &B, llvm::Value *Mem) const;
  llvm::Value *memorySize(llvm::IRBuilder<> &B, llvm::Value *Mem) const;

  /// ctx->stack_limit as an integer.
  llvm::Value *stackLimit(llvm::IRBuilder<> &B, llvm::Value *Ctx) const;

  /// ctx->interrupt (i32), read afresh each time: another thread sets it.
  llvm::Value *interruptFlag(llvm::IRBuilder<> &B, llvm::Value *Ctx) const;

  /// Pointer to the 16-byte cell of global index G.
  llvm::Value *globalCell(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                          uint32_t G) const;
  /// Loads / stores a global's value in its cell. Immutable globals never
  /// change after instantiation, so their loads are invariant.
  llvm::Value *loadGlobal(llvm::IRBuilder<> &B, llvm::Value *Cell,
                          llvm::Type *Ty, bool Immutable) const;
  void storeGlobal(llvm::IRBuilder<> &B, llvm::Value *Cell,
                   llvm::Value *V) const;

  /// The w2n_table of table index T; its element array and size (both change
  /// on table.grow).
  llvm::Value *table(llvm::IRBuilder<> &B, llvm::Value *Ctx, uint32_t T) const;
  llvm::Value *tableElems(llvm::IRBuilder<> &B, llvm::Value *Table) const;
  llvm::Value *tableSize(llvm::IRBuilder<> &B, llvm::Value *Table) const;
  /// Address of element Index (i64) in an element array.
  llvm::Value *tableElemAddr(llvm::IRBuilder<> &B, llvm::Value *Elems,
                             llvm::Value *Index) const;
  llvm::Value *loadTableElem(llvm::IRBuilder<> &B, llvm::Value *Addr) const;
  void storeTableElem(llvm::IRBuilder<> &B, llvm::Value *Addr,
                      llvm::Value *V) const;

  /// ctx->funcs[F]: the w2n_func of function index F.
  llvm::Value *func(llvm::IRBuilder<> &B, llvm::Value *Ctx, uint32_t F) const;
  /// Fields of a w2n_func. `Invariant` when the w2n_func is known to be one
  /// of this instance's resolved functions.
  llvm::Value *funcCode(llvm::IRBuilder<> &B, llvm::Value *Func,
                        bool Invariant) const;
  llvm::Value *funcCtx(llvm::IRBuilder<> &B, llvm::Value *Func,
                       bool Invariant) const;
  llvm::Value *funcTypeId(llvm::IRBuilder<> &B, llvm::Value *Func) const;
  /// w2n_func.index: the function index within its module (UINT32_MAX for
  /// host functions).
  llvm::Value *funcIndex(llvm::IRBuilder<> &B, llvm::Value *Func) const;
  /// ctx->type_ids[TypeIndex]: the canonical id of a module type.
  llvm::Value *typeId(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                      uint32_t TypeIndex) const;

  /// ctx->tags[T]: the identity of tag index T in this instance (the
  /// exporter's for an imported tag).
  llvm::Value *tag(llvm::IRBuilder<> &B, llvm::Value *Ctx, uint32_t T) const;

private:
  llvm::LoadInst *loadField(llvm::IRBuilder<> &B, llvm::Type *Ty,
                            llvm::Value *Base, uint64_t Offset, bool Invariant,
                            const llvm::Twine &Name) const;
  llvm::Value *arrayEntry(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                          uint64_t FieldOffset, uint32_t Index,
                          const llvm::Twine &Name) const;

  llvm::LLVMContext &C;
  llvm::MDNode *MemoryTag, *GlobalTag, *TableElemTag, *RuntimeTag;
  llvm::MDNode *Empty;
};

} // namespace w2n

#endif
