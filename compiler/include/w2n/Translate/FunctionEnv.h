//===- FunctionEnv.h - What a function under translation offers -----------===//
//
// The builder, the context pointer, values hoisted into the entry block and
// the function's shared cold trap blocks. The translator and the memory
// strategies emit code through it.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_FUNCTIONENV_H
#define W2N_TRANSLATE_FUNCTIONENV_H

#include "w2n/Translate/InstanceLayout.h"
#include "w2n/Wasm/Module.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/IR/IRBuilder.h"
#include <cstdint>
#include <map>

namespace w2n {

class FunctionEnv {
public:
  /// F's entry block must exist and be empty; it stays open for allocas and
  /// hoisted values until finishEntry(). `Trap` is w2n_trap, `TrapDetail`
  /// w2n_trap_detail (needed only by trapIf with a detail).
  FunctionEnv(llvm::Function *F, llvm::Value *Ctx, const InstanceLayout &Layout,
              llvm::FunctionCallee Trap, llvm::FunctionCallee TrapDetail = {});

  llvm::IRBuilder<> B;

  llvm::Function *function() const { return F; }
  llvm::Value *ctx() const { return Ctx; }
  const InstanceLayout &layout() const { return Layout; }
  llvm::LLVMContext &context() const { return F->getContext(); }

  /// What a hoisted value is; together with an index it names the value.
  enum HoistKind : uint8_t {
    MemoryBase,
    Memory,
    GlobalCell,
    Table,
    Func,
    TypeId
  };
  /// A value that is the same everywhere in the function (invariant loads
  /// from ctx), computed once at the end of the entry block.
  llvm::Value *
  hoisted(HoistKind K, uint32_t Index,
          llvm::function_ref<llvm::Value *(llvm::IRBuilder<> &)> Make);

  /// Base pointer of memory M, hoisted.
  llvm::Value *memoryBase(uint32_t M);
  /// The w2n_memory of memory M, hoisted.
  llvm::Value *memory(uint32_t M);
  /// Memory M's size in bytes, loaded here (it changes on grow). With the
  /// memories' types given (setMemoryTypes), the load carries the range
  /// the size always lies in: at least the declared minimum (a defined
  /// memory starts there, an imported one was at least that big when it
  /// was linked, and memories never shrink), at most the maximum. LLVM
  /// then folds the checks of addresses below the minimum (static data).
  llvm::Value *memorySize(uint32_t M);
  void setMemoryTypes(const std::vector<wasm::MemoryType> *Types) {
    MemoryTypes = Types;
  }

  /// A stack slot in the entry block, initialised to Init (else zero).
  llvm::AllocaInst *createSlot(llvm::Type *Ty, const llvm::Twine &Name,
                               llvm::Value *Init = nullptr);

  /// Continues in a new block when Cond is false; branches to the shared
  /// cold block that traps with Code when it is true.
  void trapIf(llvm::Value *Cond, uint32_t Code);
  /// Like trapIf, for a trap whose message carries Detail (an i64, such as
  /// a table index): the shared cold block takes it through a phi, so the
  /// hot path only keeps Detail live up to the branch.
  void trapIf(llvm::Value *Cond, uint32_t Code, llvm::Value *Detail);
  /// Ends the current block with a trap (unconditional).
  void trap(uint32_t Code);
  llvm::BasicBlock *trapBlock(uint32_t Code);

  /// Terminates the entry block with a branch to First.
  void finishEntry(llvm::BasicBlock *First);
  /// Terminates the entry block with a branch to First unless Cond holds,
  /// in which case it calls `Cold` (a noreturn runtime function taking ctx).
  void finishEntryWithCheck(llvm::Value *Cond, llvm::FunctionCallee Cold,
                            llvm::BasicBlock *First);
  /// A builder positioned at the end of the entry block.
  llvm::IRBuilder<> &entryBuilder() { return EntryB; }

private:
  const std::vector<wasm::MemoryType> *MemoryTypes = nullptr;
  llvm::Function *F;
  llvm::Value *Ctx;
  const InstanceLayout &Layout;
  llvm::FunctionCallee Trap, TrapDetail;
  llvm::IRBuilder<> EntryB;
  llvm::DenseMap<uint64_t, llvm::Value *> Hoisted;
  std::map<uint32_t, llvm::BasicBlock *> TrapBlocks;
  std::map<uint32_t, llvm::PHINode *> DetailTraps;
  llvm::MDNode *Unlikely;
};

} // namespace w2n

#endif
