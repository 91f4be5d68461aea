//===- SoftwareBounds.cpp - Compare every access with the memory size -----===//
#include "w2n/Translate/FunctionEnv.h"
#include "w2n/Translate/MemoryStrategy.h"
#include "w2n/abi.h"
#include "llvm/IR/Intrinsics.h"

using namespace llvm;
using namespace w2n;

MemoryStrategy::~MemoryStrategy() = default;

namespace {

class SoftwareBounds final : public MemoryStrategy {
public:
  explicit SoftwareBounds(unsigned MaxWholeStore)
      : MaxWholeStore(MaxWholeStore) {}

  Value *address(FunctionEnv &FE, const MemoryAccess &A) override {
    IRBuilder<> &B = FE.B;
    Value *Size = FE.memorySize(A.Mem);
    Value *Base = FE.memoryBase(A.Mem);
    Value *Index = A.Is64 ? A.Addr : B.CreateZExt(A.Addr, B.getInt64Ty());
    if (tailCovers(A)) {
      // Only the address is compared: if it is below the size, the rest of
      // the access (offset + size <= W2N_MEMORY_TAIL bytes on) is in bounds
      // or reaches the reservation's PROT_NONE tail and faults. Accesses
      // to one address with different offsets share one check, and the
      // compare has no arithmetic in front of it.
      FE.trapIf(B.CreateICmpUGE(Index, Size), W2N_TRAP_OOB_MEMORY);
      return B.CreateInBoundsGEP(B.getInt8Ty(), Base,
                                 B.CreateNUWAdd(Index, B.getInt64(A.Offset)));
    }
    if (!A.Is64) {
      // A 32-bit address plus a 32-bit offset and the access size cannot
      // overflow 64 bits.
      Value *EA = B.CreateNUWAdd(Index, B.getInt64(A.Offset));
      Value *End = B.CreateNUWAdd(EA, B.getInt64(A.Size));
      FE.trapIf(B.CreateICmpUGT(End, Size), W2N_TRAP_OOB_MEMORY);
      return B.CreateInBoundsGEP(B.getInt8Ty(), Base, EA);
    }
    uint64_t Extent = A.Offset + A.Size;
    if (Extent < A.Offset) {
      FE.trapIf(B.getTrue(), W2N_TRAP_OOB_MEMORY);
      return Base;
    }
    Value *Sum = B.CreateBinaryIntrinsic(Intrinsic::uadd_with_overflow, A.Addr,
                                         B.getInt64(Extent));
    Value *End = B.CreateExtractValue(Sum, 0);
    Value *Overflow = B.CreateExtractValue(Sum, 1);
    FE.trapIf(B.CreateOr(Overflow, B.CreateICmpUGT(End, Size)),
              W2N_TRAP_OOB_MEMORY);
    Value *EA = B.CreateNUWAdd(A.Addr, B.getInt64(A.Offset));
    return B.CreateInBoundsGEP(B.getInt8Ty(), Base, EA);
  }

  /// An access past the size whose address passed the check faults in the
  /// tail, so a dead load of it must still be executed.
  bool faultIsCheck(const MemoryAccess &A) const override {
    return tailCovers(A);
  }

  /// A 64-bit range's end can overflow, which the runtime helper handles.
  bool checksRange(const MemoryRange &R) const override { return !R.Is64; }

  /// A 32-bit start plus a 32-bit length cannot overflow 64 bits.
  Value *rangeOutOfBounds(FunctionEnv &FE, const MemoryRange &R) override {
    IRBuilder<> &B = FE.B;
    Value *Size = FE.memorySize(R.Mem);
    return B.CreateICmpUGT(B.CreateNUWAdd(R.Start, R.Len), Size);
  }

private:
  bool tailCovers(const MemoryAccess &A) const {
    if (A.IsStore && A.Size > MaxWholeStore)
      return false;
    return A.Offset <= W2N_MEMORY_TAIL && A.Size <= W2N_MEMORY_TAIL - A.Offset;
  }

  unsigned MaxWholeStore;
};

} // namespace

std::unique_ptr<MemoryStrategy>
w2n::createSoftwareBoundsStrategy(unsigned MaxWholeStore) {
  return std::make_unique<SoftwareBounds>(MaxWholeStore);
}
