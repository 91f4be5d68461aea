//===- Wast.h - A .wast script as the commands wast2json writes -----------===//
//
// wast2json (wabt) turns a .wast file into a JSON command list plus one
// .wasm (or .wat, for `module quote`) file per module. This is that list.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_SPECTEST_WAST_H
#define W2N_SPECTEST_WAST_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace w2n::spectest {

/// One lane of a value: exact bits, or a pattern (executor/script.h).
struct Lane {
  uint8_t Kind = 0; ///< w2ns_lane_kind
  uint64_t Bits = 0;
};

/// A typed argument or expected result.
struct Value {
  uint8_t Type = 0;     ///< w2n_type_code
  uint8_t LaneType = 0; ///< w2ns_lane_type (v128 only)
  llvm::SmallVector<Lane, 4> Lanes;
};

struct Action {
  bool Get = false;   ///< `get` of a global, else `invoke`.
  std::string Module; ///< Empty: the current module.
  std::string Field;
  std::vector<Value> Args;
  std::vector<Value> Results; ///< Expected (assert_return) or just types.
};

enum class CommandKind {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertUnlinkable,
  AssertUninstantiable,
  AssertMalformed,
  AssertInvalid,
};

struct Command {
  CommandKind Kind = CommandKind::Module;
  unsigned Line = 0;
  std::string Filename;    ///< Module file, relative to the JSON's directory.
  std::string Name;        ///< Module: its $name; Register: the module named.
  std::string As;          ///< Register: the name imports use.
  std::string Text;        ///< Expected message of assert_* commands.
  bool TextModule = false; ///< assert_malformed/invalid of `module quote`.
  Action Act;
  /// `module definition` (Wasm 3.0 scripts): the module must compile but is
  /// not instantiated.
  bool Definition = false;
  /// Non-empty: why the runner cannot run this command (a command kind or
  /// value it does not know); it counts as failed with that reason.
  std::string Unsupported;
};

/// Every command except `register` counts as a test (spectest-interp's rule,
/// which REFERENCE.md's totals follow).
inline bool isCounted(const Command &C) {
  return C.Kind != CommandKind::Register;
}

/// Whether the executor runs the command: a module definition is only
/// compiled, an unsupported command is only reported.
inline bool isExecuted(const Command &C) {
  return !C.Definition && C.Unsupported.empty();
}

const char *commandName(CommandKind K);

/// Runs `Wast2Json Flags WastPath -o OutDir/<stem>.json` and parses the
/// result. Module files end up in OutDir.
llvm::Expected<std::vector<Command>>
convertWast(llvm::StringRef Wast2Json, llvm::ArrayRef<std::string> Flags,
            llvm::StringRef WastPath, llvm::StringRef OutDir);

/// Parses wast2json's JSON text.
llvm::Expected<std::vector<Command>> parseWastJson(llvm::StringRef Json);

} // namespace w2n::spectest

#endif
