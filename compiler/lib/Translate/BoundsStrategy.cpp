//===- BoundsStrategy.cpp - The table of bounds strategies ----------------===//
#include "w2n/Translate/BoundsStrategy.h"
#include "w2n/Translate/MemoryStrategy.h"
#include "llvm/Support/ErrorHandling.h"
#include <iterator>

using namespace llvm;
using namespace w2n;

/// In the order of the enumerators, which come from the same file.
static constexpr BoundsStrategyInfo Strategies[] = {
#define W2N_BOUNDS_STRATEGY(Enum, Name, Factory, GuardReservation, Checks64,   \
                            Summary, Help)                                     \
  {BoundsChecks::Enum, Name, GuardReservation, Checks64, Summary, Help},
#include "w2n/Translate/BoundsStrategies.def"
};

static constexpr bool inEnumOrder() {
  for (size_t I = 0; I != std::size(Strategies); ++I)
    if (static_cast<size_t>(Strategies[I].Id) != I)
      return false;
  return true;
}
static_assert(inEnumOrder(), "boundsStrategy() indexes by enumerator");

ArrayRef<BoundsStrategyInfo> w2n::boundsStrategies() { return Strategies; }

const BoundsStrategyInfo &w2n::boundsStrategy(BoundsChecks Id) {
  return Strategies[static_cast<size_t>(Id)];
}

std::optional<BoundsChecks> w2n::findBoundsStrategy(StringRef Name) {
  for (const BoundsStrategyInfo &S : Strategies)
    if (Name == S.Name)
      return S.Id;
  return std::nullopt;
}

std::vector<std::string> w2n::boundsStrategyNames() {
  std::vector<std::string> Names;
  for (const BoundsStrategyInfo &S : Strategies)
    Names.push_back(S.Name);
  return Names;
}

static std::unique_ptr<MemoryStrategy> create(BoundsChecks Id,
                                              unsigned MaxWholeStore) {
  switch (Id) {
#define W2N_BOUNDS_STRATEGY(Enum, Name, Factory, ...)                          \
  case BoundsChecks::Enum:                                                     \
    return Factory(MaxWholeStore);
#include "w2n/Translate/BoundsStrategies.def"
  }
  llvm_unreachable("unknown bounds strategy");
}

MemoryStrategies::MemoryStrategies(BoundsChecks Chosen, unsigned MaxWholeStore)
    : Chosen(create(Chosen, MaxWholeStore)) {
  if (!boundsStrategy(Chosen).Checks64)
    Checked = createSoftwareBoundsStrategy(MaxWholeStore);
}

MemoryStrategies::~MemoryStrategies() = default;

MemoryStrategy &MemoryStrategies::forMemory(bool Is64) const {
  return Is64 && Checked ? *Checked : *Chosen;
}
