//===- Diagnose.cpp - What a rejected module needs instead ----------------===//

#include "w2n/Wasm/Diagnose.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"

using namespace llvm;
using namespace w2n::wasm;

namespace {

/// The offset of the first error with F, or none when the module is valid.
std::optional<uint64_t> firstError(ArrayRef<uint8_t> Bytes, const Features &F) {
  std::optional<uint64_t> At;
  auto Record = [&](const WasmError &E) { At = E.Offset; };
  auto M = decode(Bytes, F);
  if (!M) {
    handleAllErrors(M.takeError(), Record,
                    [&](const ErrorInfoBase &) { At = 0; });
    return At;
  }
  handleAllErrors(validate(*M, F), Record,
                  [&](const ErrorInfoBase &) { At = 0; });
  return At;
}

} // namespace

std::optional<FeatureName> w2n::wasm::neededFeature(ArrayRef<uint8_t> Bytes,
                                                    const Features &Enabled,
                                                    uint64_t ErrorOffset) {
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  if (!Enabled.Member) {                                                       \
    Features With = Enabled;                                                   \
    With.Member = true;                                                        \
    std::optional<uint64_t> At = firstError(Bytes, With);                      \
    if (!At || *At > ErrorOffset)                                              \
      return FeatureName{Flag, Description};                                   \
  }
#include "w2n/Wasm/Features.def"
  return std::nullopt;
}

bool w2n::wasm::looksLikeText(ArrayRef<uint8_t> Bytes) {
  StringRef S(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
  for (;;) {
    S = S.ltrim(" \t\r\n");
    if (S.consume_front(";;")) {
      S = S.drop_until([](char C) { return C == '\n'; });
    } else if (S.starts_with("(;")) {
      // Block comments nest.
      unsigned Depth = 0;
      do {
        if (S.consume_front("(;"))
          ++Depth;
        else if (S.consume_front(";)"))
          --Depth;
        else
          S = S.drop_front();
      } while (Depth && !S.empty());
    } else {
      break;
    }
  }
  return S.consume_front("(module") &&
         (S.empty() || StringRef(" \t\r\n()$").contains(S.front()));
}
