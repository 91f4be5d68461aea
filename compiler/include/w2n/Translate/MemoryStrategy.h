//===- MemoryStrategy.h - How a linear-memory address is protected --------===//
//
// The translator asks a MemoryStrategy for the native address of every
// linear-memory access and for the bounds condition of every range that
// memory.copy and memory.fill touch; the strategy emits whatever protection
// it relies on. Which strategy protects which memory is decided here too
// (MemoryStrategies). A new protection scheme is one implementation of this
// interface plus its row in BoundsStrategies.def.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_MEMORYSTRATEGY_H
#define W2N_TRANSLATE_MEMORYSTRATEGY_H

#include "w2n/Translate/BoundsStrategy.h"
#include <cstdint>
#include <memory>

namespace llvm {
class Value;
}

namespace w2n {

class FunctionEnv;

/// An access to linear memory: `Size` bytes at Addr + Offset of memory Mem.
struct MemoryAccess {
  uint32_t Mem = 0;
  bool Is64 = false; ///< memory64: Addr is i64, else i32.
  llvm::Value *Addr = nullptr;
  uint64_t Offset = 0; ///< The instruction's static offset.
  uint64_t Size = 0;   ///< Bytes accessed (>= 1).
  bool IsStore = false;
};

/// The bytes [Start, Start + Len) of memory Mem that a bulk operation
/// (memory.copy, memory.fill) reads or writes. Start and Len are i64.
struct MemoryRange {
  uint32_t Mem = 0;
  bool Is64 = false;
  llvm::Value *Start = nullptr;
  llvm::Value *Len = nullptr;
};

class MemoryStrategy {
public:
  virtual ~MemoryStrategy();
  /// Returns a pointer (i8-addressed) to the first byte of the access,
  /// after emitting at FE.B's insert point whatever check the strategy
  /// needs (traps with W2N_TRAP_OOB_MEMORY). FE.B may end up in a new block.
  virtual llvm::Value *address(FunctionEnv &FE, const MemoryAccess &A) = 0;

  /// Whether the access itself is the check: an out-of-bounds A faults
  /// instead of branching to a trap. Such a load must be executed even when
  /// its value is unused, so the translator keeps it alive.
  virtual bool faultIsCheck(const MemoryAccess &A) const { return false; }

  /// Whether rangeOutOfBounds can check R inline. Where it cannot, the
  /// operation is left to its runtime helper (w2n_memory_copy,
  /// w2n_memory_fill), which checks its ranges itself.
  virtual bool checksRange(const MemoryRange &R) const = 0;
  /// Emits at FE.B's insert point the i1 condition that R is not inside its
  /// memory. The caller traps on it before anything is written, as the spec
  /// requires: a bulk operation that would fault part-way must not have
  /// written its first part, so no strategy can leave ranges to a fault.
  virtual llvm::Value *rangeOutOfBounds(FunctionEnv &FE,
                                        const MemoryRange &R) = 0;
};

/// No checks: memory 32-bit accesses rely on the runtime's 8 GiB
/// reservation around each memory (32-bit address + 32-bit offset can't
/// leave it). It does not protect memory64 memories (MemoryStrategies).
///
/// MaxWholeStore: the widest store the target writes as one access that
/// faults as a whole. A wider one is written as several narrower stores
/// (RISC-V without unaligned-access support, where LLVM stores byte by
/// byte: 1; AArch64, whose 16-byte stores qemu-user writes as two 8-byte
/// halves: 8). One that runs past the end would then write
/// its in-bounds part before the fault, which Wasm forbids, so such stores
/// are checked in full before they start, in both strategies.
std::unique_ptr<MemoryStrategy>
createGuardRegionStrategy(unsigned MaxWholeStore);
/// Compares every access against the memory's current size.
std::unique_ptr<MemoryStrategy>
createSoftwareBoundsStrategy(unsigned MaxWholeStore);

/// The strategy protecting each memory of a module: the chosen one, except
/// that memories it cannot protect (memory64, for a strategy whose Checks64
/// is false) are always checked in software.
class MemoryStrategies {
public:
  MemoryStrategies(BoundsChecks Chosen, unsigned MaxWholeStore);
  ~MemoryStrategies();
  MemoryStrategy &forMemory(bool Is64) const;

private:
  std::unique_ptr<MemoryStrategy> Chosen;
  /// Null when Chosen protects every memory.
  std::unique_ptr<MemoryStrategy> Checked;
};

} // namespace w2n

#endif
