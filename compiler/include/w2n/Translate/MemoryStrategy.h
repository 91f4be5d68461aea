//===- MemoryStrategy.h - How a linear-memory address is protected --------===//
//
// The translator asks a MemoryStrategy for the native address of every
// linear-memory access; the strategy emits whatever protection it relies on.
// A new protection scheme is one new implementation of this interface.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_MEMORYSTRATEGY_H
#define W2N_TRANSLATE_MEMORYSTRATEGY_H

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
};

/// No checks: memory 32-bit accesses rely on the runtime's 8 GiB
/// reservation around each memory (32-bit address + 32-bit offset can't
/// leave it). memory64 accesses fall back to software checks.
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

} // namespace w2n

#endif
