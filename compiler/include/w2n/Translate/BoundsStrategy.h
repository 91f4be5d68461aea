//===- BoundsStrategy.h - The bounds strategies a compile can choose ------===//
//
// The one list of bounds strategies (BoundsStrategies.def), for every tool
// that names one: the driver's --bounds-checks, the spec runner, the fuzz
// targets. The code each strategy emits is in MemoryStrategy.h.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_BOUNDSSTRATEGY_H
#define W2N_TRANSLATE_BOUNDSSTRATEGY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace w2n {

enum class BoundsChecks {
#define W2N_BOUNDS_STRATEGY(Enum, ...) Enum,
#include "w2n/Translate/BoundsStrategies.def"
};

/// One row of BoundsStrategies.def; the columns are described there.
struct BoundsStrategyInfo {
  BoundsChecks Id;
  const char *Name;
  bool GuardReservation;
  bool Checks64;
  const char *Summary;
  const char *Help;
};

/// Every strategy, the default first.
llvm::ArrayRef<BoundsStrategyInfo> boundsStrategies();
const BoundsStrategyInfo &boundsStrategy(BoundsChecks Id);
/// The strategy spelt Name in --bounds-checks=, if there is one.
std::optional<BoundsChecks> findBoundsStrategy(llvm::StringRef Name);
/// The names, for a command-line parser's list of accepted values.
std::vector<std::string> boundsStrategyNames();

} // namespace w2n

#endif
