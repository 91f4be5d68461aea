//===- GuardRegion.cpp - Rely on the reservation around each memory -------===//
#include "w2n/Translate/FunctionEnv.h"
#include "w2n/Translate/MemoryStrategy.h"
#include "w2n/abi.h"

using namespace llvm;
using namespace w2n;

namespace {

/// The runtime reserves W2N_GUARD_RESERVE bytes (abi.h: 8 GiB plus a page
/// for the widest access) of inaccessible address space from each 32-bit
/// memory's base, so base + zext(addr) + offset either lands in the
/// accessible part or faults, and the fault handler reports the trap.
/// Nothing is emitted per access.
class GuardRegion final : public MemoryStrategy {
public:
  explicit GuardRegion(unsigned MaxWholeStore)
      : MaxWholeStore(MaxWholeStore),
        Fallback(createSoftwareBoundsStrategy(MaxWholeStore)) {}

  bool faultIsCheck(const MemoryAccess &A) const override {
    return inReservation(A) || Fallback->faultIsCheck(A);
  }

  Value *address(FunctionEnv &FE, const MemoryAccess &A) override {
    if (!inReservation(A) || (A.IsStore && A.Size > MaxWholeStore))
      return Fallback->address(FE, A);
    IRBuilder<> &B = FE.B;
    Value *Index = B.CreateZExt(A.Addr, B.getInt64Ty());
    Value *EA = B.CreateNUWAdd(Index, B.getInt64(A.Offset));
    return B.CreateInBoundsGEP(B.getInt8Ty(), FE.memoryBase(A.Mem), EA);
  }

private:
  static bool inReservation(const MemoryAccess &A) {
    return !A.Is64 && A.Offset <= UINT32_MAX;
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
