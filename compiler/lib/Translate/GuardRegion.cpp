//===- GuardRegion.cpp - Rely on the reservation around each memory -------===//
#include "w2n/Translate/FunctionEnv.h"
#include "w2n/Translate/MemoryStrategy.h"
#include "w2n/abi.h"
#include <cassert>

using namespace llvm;
using namespace w2n;

namespace {

/// The runtime reserves W2N_GUARD_RESERVE bytes (abi.h: 8 GiB plus a page
/// for the widest access) of inaccessible address space from each 32-bit
/// memory's base, so base + zext(addr) + offset either lands in the
/// accessible part or faults, and the fault handler reports the trap.
/// Nothing is emitted per access. memory64 memories never get this strategy
/// (BoundsStrategies.def).
class GuardRegion final : public MemoryStrategy {
public:
  explicit GuardRegion(unsigned MaxWholeStore)
      : MaxWholeStore(MaxWholeStore),
        Fallback(createSoftwareBoundsStrategy(MaxWholeStore)) {}

  bool faultIsCheck(const MemoryAccess &A) const override {
    return !splitStore(A) || Fallback->faultIsCheck(A);
  }

  Value *address(FunctionEnv &FE, const MemoryAccess &A) override {
    // The validator bounds a 32-bit memory's offsets by 2^32-1.
    assert(!A.Is64 && A.Offset <= UINT32_MAX &&
           "only 32-bit memories lie in the reservation");
    if (splitStore(A))
      return Fallback->address(FE, A);
    IRBuilder<> &B = FE.B;
    Value *Index = B.CreateZExt(A.Addr, B.getInt64Ty());
    Value *EA = B.CreateNUWAdd(Index, B.getInt64(A.Offset));
    return B.CreateInBoundsGEP(B.getInt8Ty(), FE.memoryBase(A.Mem), EA);
  }

  /// A bulk range spans up to 4 GiB, and its operation must not write
  /// anything when it would fault part-way, so ranges are compared with the
  /// size as in software checks.
  bool checksRange(const MemoryRange &R) const override {
    return Fallback->checksRange(R);
  }
  Value *rangeOutOfBounds(FunctionEnv &FE, const MemoryRange &R) override {
    return Fallback->rangeOutOfBounds(FE, R);
  }

private:
  /// A store the target writes piecewise (MaxWholeStore), which must not
  /// rely on a fault.
  bool splitStore(const MemoryAccess &A) const {
    return A.IsStore && A.Size > MaxWholeStore;
  }
  static_assert(uint64_t(UINT32_MAX) + UINT32_MAX + sizeof(w2n_v128) <=
                    W2N_GUARD_RESERVE,
                "an unchecked access can leave the guard reservation");

  unsigned MaxWholeStore;
  std::unique_ptr<MemoryStrategy> Fallback;
};

} // namespace

std::unique_ptr<MemoryStrategy>
w2n::createGuardRegionStrategy(unsigned MaxWholeStore) {
  return std::make_unique<GuardRegion>(MaxWholeStore);
}
