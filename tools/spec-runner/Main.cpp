//===- Main.cpp - w2n-spectest: the spec test suite through native code ---===//
//
// w2n-spectest [options] FILES/DIRS...
// w2n-spectest [options] --proposal DIR
//
// Each .wast file becomes one static executable (see FileRun.cpp); files run
// in parallel. Prints the failures, `FILE: N passed, N failed` per file and a
// total per suite; exits 1 when anything failed.
//
//===----------------------------------------------------------------------===//

#include "FileRun.h"

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Link/Link.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

using namespace llvm;
using namespace w2n;
using namespace w2n::spectest;

namespace {
/// A group of files run with the same options: core, or one proposal.
struct Suite {
  std::string Name;
  RunOptions Opts;
  std::vector<std::string> Files;
  unsigned Passed = 0, Failed = 0, Mismatches = 0;
};

struct Job {
  Suite *S;
  std::string File;
  uint64_t Size;
};

/// A proposal folder's feature, as VERSION.md names the folders.
struct ProposalFeature {
  const char *Folder;
  const char *Flag; ///< wast2json/wat2wasm flag.
  bool wasm::Features::*Field; ///< nullptr: the compiler lacks the feature.
};

const ProposalFeature Proposals[] = {
    {"tail-call", "--enable-tail-call", &wasm::Features::TailCall},
    {"memory64", "--enable-memory64", &wasm::Features::Memory64},
    {"multi-memory", "--enable-multi-memory", &wasm::Features::MultiMemory},
    {"extended-const", "--enable-extended-const",
     &wasm::Features::ExtendedConst},
    {"exception-handling", "--enable-exceptions", nullptr},
    {"threads", "--enable-threads", nullptr},
};
} // namespace

static std::vector<std::string> wastFilesIn(StringRef Dir) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".wast")
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  return Files;
}

/// Core's files with the proposal's same-named files in their place, plus the
/// proposal's own files (VERSION.md: proposal folders are deltas).
static std::vector<std::string> proposalFiles(StringRef CoreDir,
                                              StringRef PropDir) {
  std::map<std::string, std::string> ByName;
  for (const std::string &F : wastFilesIn(CoreDir))
    ByName[sys::path::filename(F).str()] = F;
  for (const std::string &F : wastFilesIn(PropDir))
    ByName[sys::path::filename(F).str()] = F;
  std::vector<std::string> Files;
  for (auto &[Name, Path] : ByName)
    Files.push_back(Path);
  return Files;
}

int main(int argc, char **argv) {
  CLI::App App{"Runs WebAssembly spec tests (.wast) through wasm2native: "
               "every module compiled to native code, one static executable "
               "per file."};
  std::vector<std::string> Inputs, ProposalDirs;
  std::string Bounds = "guard", Target = "x86_64-linux-gnu", CoreDir;
  unsigned Jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned Opt = 0;
  RunOptions Base;
  bool Verbose = false, Quiet = false;
  App.add_option("inputs", Inputs, ".wast files or directories of them");
  App.add_option("--bounds-checks", Bounds, "Memory protection strategy")
      ->check(CLI::IsMember({"guard", "software"}));
  App.add_flag("--enable-tail-call", Base.Features.TailCall);
  App.add_flag("--enable-memory64", Base.Features.Memory64);
  App.add_flag("--enable-multi-memory", Base.Features.MultiMemory);
  App.add_flag("--enable-extended-const", Base.Features.ExtendedConst);
  App.add_option("-j,--jobs", Jobs, "Files run in parallel");
  App.add_option("--opt", Opt, "Optimisation level of the spec modules")
      ->check(CLI::Range(0, 3));
  App.add_option("--target", Target, "Target triple (non-native: qemu-user)");
  App.add_option("--proposal", ProposalDirs,
                 "Run a proposal folder (or every folder under proposals/) "
                 "over core, its files replacing core's");
  App.add_option("--core", CoreDir,
                 "Core folder for --proposal (default: <DIR>/../../core)");
  App.add_option("--timeout", Base.Timeout, "Seconds allowed per command");
  App.add_flag("--keep-temps", Base.KeepTemps,
               "Keep each file's JSON, objects and executable");
  App.add_flag("--strict-text", Base.StrictText,
               "assert_malformed/assert_invalid fail when the decoder's or "
               "validator's message does not start with the expected text");
  App.add_flag("--show-text-mismatches", Base.ShowTextMismatches,
               "Print those message mismatches as notes");
  App.add_flag("-v,--verbose", Verbose, "Print each file's time");
  App.add_flag("-q,--quiet", Quiet, "Print only failures and totals");
  CLI11_PARSE(App, argc, argv);
  if (Inputs.empty() && ProposalDirs.empty()) {
    errs() << "w2n-spectest: error: no input files\n";
    return 2;
  }

  Base.Bounds = Bounds == "guard" ? BoundsChecks::Guard : BoundsChecks::Software;
  Base.OptLevel = Opt;
  auto Triple = normalizeTriple(Target);
  if (!Triple) {
    errs() << "w2n-spectest: error: " << toString(Triple.takeError()) << '\n';
    return 2;
  }
  Base.Triple = *Triple;
  auto RT = findRuntimeLibrary(runtimeTripleDir(Base.Triple), argv[0]);
  if (!RT) {
    errs() << "w2n-spectest: error: " << toString(RT.takeError()) << '\n';
    return 2;
  }
  Base.RuntimeLib = *RT;
  SmallString<256> Exec(sys::path::parent_path(*RT));
  sys::path::append(Exec, "w2n-spectest-executor.o");
  Base.ExecutorObj = std::string(Exec);
  if (!sys::fs::exists(Base.ExecutorObj)) {
    errs() << "w2n-spectest: error: " << Base.ExecutorObj
           << " not found (build the w2n-spectest target)\n";
    return 2;
  }
  for (auto [Tool, Dest] : {std::pair{"wast2json", &Base.Wast2Json},
                            std::pair{"wat2wasm", &Base.Wat2Wasm}}) {
    auto P = sys::findProgramByName(Tool);
    if (!P) {
      errs() << "w2n-spectest: error: " << Tool
             << " not found (Debian package wabt)\n";
      return 2;
    }
    *Dest = *P;
  }
  llvm::Triple T(Base.Triple), Host(sys::getProcessTriple());
  if (T.getArch() != Host.getArch()) {
    std::string Qemu = ("qemu-" + T.getArchName()).str();
    auto P = sys::findProgramByName(Qemu);
    if (!P) {
      errs() << "w2n-spectest: error: " << Qemu << " not found\n";
      return 2;
    }
    Base.Emulator = {*P};
  }
  SmallString<256> Tmp;
  sys::path::system_temp_directory(true, Tmp);
  sys::path::append(Tmp, "w2n-spectest");
  SmallString<256> Root;
  if (std::error_code EC = sys::fs::createUniqueDirectory(Tmp, Root)) {
    errs() << "w2n-spectest: error: cannot create a temporary directory: "
           << EC.message() << '\n';
    return 2;
  }
  Base.TempRoot = std::string(Root);

  auto FlagsFor = [](const wasm::Features &F) {
    std::vector<std::string> Flags;
    for (const ProposalFeature &P : Proposals)
      if (P.Field && F.*(P.Field))
        Flags.push_back(P.Flag);
    return Flags;
  };

  std::vector<std::unique_ptr<Suite>> Suites;
  std::vector<std::string> NotRun;
  if (!Inputs.empty()) {
    auto &S = Suites.emplace_back(std::make_unique<Suite>());
    S->Name = "inputs";
    S->Opts = Base;
    S->Opts.Wast2JsonFlags = FlagsFor(Base.Features);
    for (const std::string &In : Inputs) {
      if (sys::fs::is_directory(In)) {
        auto Files = wastFilesIn(In);
        S->Files.insert(S->Files.end(), Files.begin(), Files.end());
      } else {
        S->Files.push_back(In);
      }
    }
  }
  for (const std::string &Dir : ProposalDirs) {
    std::vector<std::string> Folders;
    if (!wastFilesIn(Dir).empty()) {
      Folders.push_back(Dir);
    } else {
      std::error_code EC;
      for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
           It.increment(EC))
        if (sys::fs::is_directory(It->path()))
          Folders.push_back(It->path());
      std::sort(Folders.begin(), Folders.end());
    }
    for (const std::string &Folder : Folders) {
      std::string Name = sys::path::filename(Folder).str();
      const ProposalFeature *PF = nullptr;
      for (const ProposalFeature &P : Proposals)
        if (Name == P.Folder)
          PF = &P;
      if (!PF || !PF->Field) {
        NotRun.push_back(Folder + (PF ? ": the compiler has no such feature"
                                      : ": unknown proposal"));
        continue;
      }
      std::string Core = CoreDir;
      if (Core.empty()) {
        SmallString<256> C(sys::path::parent_path(sys::path::parent_path(
            sys::path::remove_leading_dotslash(Folder))));
        sys::path::append(C, "core");
        Core = std::string(C);
      }
      auto &S = Suites.emplace_back(std::make_unique<Suite>());
      S->Name = Name;
      S->Opts = Base;
      S->Opts.Features.*(PF->Field) = true;
      S->Opts.Wast2JsonFlags = FlagsFor(S->Opts.Features);
      S->Files = proposalFiles(Core, Folder);
    }
  }

  std::vector<Job> Work;
  for (auto &S : Suites)
    for (const std::string &F : S->Files) {
      uint64_t Size = 0;
      sys::fs::file_size(F, Size);
      Work.push_back({S.get(), F, Size});
    }
  // Biggest first, so that a large file does not start last.
  std::stable_sort(Work.begin(), Work.end(),
                   [](const Job &A, const Job &B) { return A.Size > B.Size; });

  auto Start = std::chrono::steady_clock::now();
  std::atomic<size_t> Next{0};
  std::mutex OutMutex;
  auto Worker = [&] {
    for (size_t I; (I = Next++) < Work.size();) {
      Job &J = Work[I];
      FileResult R = runWastFile(J.File, J.S->Opts);
      std::lock_guard<std::mutex> Lock(OutMutex);
      J.S->Passed += R.Passed;
      J.S->Failed += R.Failed;
      J.S->Mismatches += R.TextMismatches;
      outs() << R.Log;
      if (!Quiet || R.Failed) {
        outs() << formatv("{0}: {1} passed, {2} failed", J.File, R.Passed,
                          R.Failed);
        if (R.TextMismatches)
          outs() << formatv(" ({0} rejected with another message)",
                            R.TextMismatches);
        if (Verbose)
          outs() << formatv(" [{0:f2}s]", R.Seconds);
        outs() << '\n';
      }
      outs().flush();
    }
  };
  std::vector<std::thread> Threads;
  for (unsigned I = 0; I < std::max(1u, Jobs); ++I)
    Threads.emplace_back(Worker);
  for (std::thread &Th : Threads)
    Th.join();
  double Wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();

  bool AnyFailed = false;
  for (auto &S : Suites) {
    outs() << formatv("TOTAL {0} ({1}, -O{2}): {3} passed, {4} failed in {5} "
                      "files",
                      S->Name, Bounds, Opt, S->Passed, S->Failed,
                      S->Files.size());
    if (S->Mismatches)
      outs() << formatv(" ({0} rejected with another message)",
                        S->Mismatches);
    outs() << '\n';
    AnyFailed |= S->Failed != 0;
  }
  for (const std::string &N : NotRun)
    outs() << "not run: " << N << '\n';
  outs() << formatv("wall time: {0:f1}s\n", Wall);
  if (!Base.KeepTemps)
    sys::fs::remove_directories(Base.TempRoot);
  else
    outs() << "temporary files kept in " << Base.TempRoot << '\n';
  return AnyFailed ? 1 : 0;
}
