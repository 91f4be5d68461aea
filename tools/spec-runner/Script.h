//===- Script.h - The executor's script and the glue object holding it ----===//
#ifndef W2N_SPECTEST_SCRIPT_H
#define W2N_SPECTEST_SCRIPT_H

#include "Wast.h"
#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Translate/Translator.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace w2n::spectest {

/// Symbols of the N-th compiled module of a script (unique per executable).
std::string descriptorSymbol(unsigned N);
std::string symbolPrefix(unsigned N);

/// A module the executor instantiates: its compile error, empty when the
/// object was built.
struct ScriptModule {
  std::string CompileError;
};

/// The commands the executor runs, in order, and the JSON command each one
/// came from (to report a crash at the right line).
struct Script {
  std::string Bytes;
  std::vector<const Command *> Commands;
  unsigned Counted = 0; ///< Commands that count as tests.
};

/// Encodes every command the executor runs (all but assert_malformed and
/// assert_invalid). ModuleOf[i] is the module index of Cmds[i] for module,
/// assert_unlinkable and assert_uninstantiable commands.
Script buildScript(llvm::StringRef WastPath, BoundsChecks Bounds,
                   llvm::ArrayRef<Command> Cmds,
                   llvm::ArrayRef<unsigned> ModuleOf,
                   llvm::ArrayRef<ScriptModule> Modules);

/// Writes the glue object: the script bytes (w2n_spectest_script[_size]) and
/// the table of module descriptors (w2n_spectest_modules, NULL for modules
/// that failed to compile).
llvm::Error emitGlueObject(llvm::StringRef Path, const Script &S,
                           llvm::ArrayRef<ScriptModule> Modules,
                           const CodeGenOptions &CG);

} // namespace w2n::spectest

#endif
