//===- FileRun.h - Running one .wast file end to end ----------------------===//
#ifndef W2N_SPECTEST_FILERUN_H
#define W2N_SPECTEST_FILERUN_H

#include "w2n/Translate/Translator.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace w2n::spectest {

struct RunOptions {
  BoundsChecks Bounds = BoundsChecks::Guard;
  wasm::Features Features;
  std::vector<std::string> Wast2JsonFlags; ///< Matching Features.
  unsigned OptLevel = 0;
  std::string Triple;      ///< Normalised target triple.
  std::string RuntimeLib;  ///< libw2nrt.a for Triple.
  std::string ExecutorObj; ///< w2n-spectest-executor.o for Triple.
  std::string Wast2Json, Wat2Wasm;
  std::string WabtDir; ///< Where they were found if --wabt named it.
  std::vector<std::string> Emulator; ///< e.g. {"qemu-aarch64"}; empty: native
  std::string TempRoot;
  bool KeepTemps = false;
  bool StrictText =
      false; ///< Message mismatches of assert_malformed/invalid fail.
  bool ShowTextMismatches = false;
  unsigned Timeout = 30;     ///< Seconds per command in the executable.
  unsigned MaxRestarts = 25; ///< Crash recoveries per file.
  /// Indices of JSON commands whose module crashed the decoder, validator or
  /// compiler in an earlier attempt: they fail without being touched again.
  std::vector<unsigned> Crashed;
  /// Print `w2n-spectest-stage <command index> <line> <command>` on stderr
  /// before each in-process step, so that a parent process can tell what
  /// crashed.
  bool ReportStages = false;
  unsigned StageTimeout = 120; ///< Seconds per in-process step (workers).
};

struct FileResult {
  unsigned Passed = 0;
  unsigned Failed = 0;
  unsigned TextMismatches = 0; ///< Rejected, but with another message.
  std::string Log;             ///< Failure lines, ready to print.
  double Seconds = 0;
};

/// The contents of a file, or "" when it cannot be read.
std::string readTextFile(llvm::StringRef Path);

/// Converts, checks, compiles, links and runs one .wast file.
FileResult runWastFile(const std::string &WastPath, const RunOptions &O);

} // namespace w2n::spectest

#endif
