//===- Main.cpp - w2n-spectest: the spec test suite through native code ---===//
//
// w2n-spectest [options] FILES/DIRS...
// w2n-spectest [options] --proposal DIR
//
// Each .wast file becomes one static executable (see FileRun.cpp). Every file
// is handled by a worker process (this program with --worker), so that a
// crash of the decoder, validator or compiler costs one module, not the run:
// the parent re-runs the worker with that module marked as crashed. Workers
// run in parallel. Prints the failures, `FILE: N passed, N failed` per file
// and a total per suite; exits 1 when anything failed.
//
//===----------------------------------------------------------------------===//

#include "FileRun.h"

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Link/Link.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
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
  const char *Flag;            ///< wast2json/wat2wasm flag.
  bool wasm::Features::*Field; ///< nullptr: the compiler lacks the feature.
};

const ProposalFeature Proposals[] = {
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  {Folder, "--enable-" Flag, &wasm::Features::Member},
#include "w2n/Wasm/Features.def"
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

/// Wasm 3.0's folder in the newer testsuite: the 3.0 versions of the core
/// files, which need every proposal the compiler implements.
const char Wasm3Folder[] = "wasm-3.0";

static void enableEveryFeature(wasm::Features &F) {
#define W2N_FEATURE(Member, Flag, Folder, Description) F.Member = true;
#include "w2n/Wasm/Features.def"
}

/// The core files a proposal folder overlays: <DIR>/../../core in the older
/// testsuite, the top level (<DIR>/../..) in the newer one, where the
/// top-level files are the core tests that 3.0 left unchanged.
static std::string defaultCore(StringRef Folder) {
  SmallString<256> Top(sys::path::parent_path(
      sys::path::parent_path(sys::path::remove_leading_dotslash(Folder))));
  SmallString<256> Core(Top);
  sys::path::append(Core, "core");
  return std::string(sys::fs::is_directory(Core) ? Core : Top);
}

/// Reads an --unsupported list: `NAME.wast reason` per line, `#` comments.
static Expected<std::map<std::string, std::string>>
readUnsupported(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read %s",
                             Path.str().c_str());
  std::map<std::string, std::string> Out;
  SmallVector<StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (StringRef L : Lines) {
    L = L.trim();
    if (L.empty() || L.starts_with("#"))
      continue;
    auto [Name, Reason] = L.split(' ');
    Out[Name.str()] = Reason.trim().str();
  }
  return Out;
}

/// The worker's command line for one file: the options that shape RunOptions.
static std::vector<std::string> workerArgs(const std::string &Self,
                                           const RunOptions &O,
                                           const std::string &File) {
  std::vector<std::string> A = {Self, "--worker", File};
  A.push_back(std::string("--bounds-checks=") + boundsStrategy(O.Bounds).Name);
  A.push_back("--opt=" + std::to_string(O.OptLevel));
  A.push_back("--target=" + O.Triple);
  A.push_back("--timeout=" + std::to_string(O.Timeout));
  A.push_back("--temp-root=" + O.TempRoot);
  A.push_back("--runtime-lib=" + O.RuntimeLib);
  A.push_back("--executor-obj=" + O.ExecutorObj);
  if (!O.WabtDir.empty())
    A.push_back("--wabt=" + O.WabtDir);
  for (const ProposalFeature &P : Proposals)
    if (P.Field && O.Features.*(P.Field))
      A.push_back(P.Flag);
  if (O.KeepTemps)
    A.push_back("--keep-temps");
  if (O.StrictText)
    A.push_back("--strict-text");
  if (O.ShowTextMismatches)
    A.push_back("--show-text-mismatches");
  for (unsigned C : O.Crashed)
    A.push_back("--crashed=" + std::to_string(C));
  return A;
}

/// Hard-links (or copies) File into Dir; the new path, or "" on failure.
static std::string snapshot(const std::string &File, StringRef Dir) {
  SmallString<256> To(Dir);
  sys::path::append(To, sys::path::filename(File));
  if (!sys::fs::create_hard_link(File, To))
    return std::string(To);
  if (sys::fs::copy_file(File, To))
    return "";
  auto Perms = sys::fs::getPermissions(File);
  if (Perms)
    sys::fs::setPermissions(To, *Perms);
  return std::string(To);
}

static const char ResultTag[] = "w2n-spectest-result ";
static const char StageTag[] = "w2n-spectest-stage ";

/// Runs one file in worker processes, again after each crash of the
/// in-process part (decoder, validator, compiler), skipping what crashed.
static FileResult runFile(const std::string &Self, const std::string &File,
                          RunOptions O, size_t JobIndex) {
  FileResult Total;
  std::string Tag = std::to_string(JobIndex);
  std::string Out = O.TempRoot + "/worker-" + Tag + ".out";
  std::string Err = O.TempRoot + "/worker-" + Tag + ".err";
  for (unsigned Attempt = 0;; ++Attempt) {
    std::vector<std::string> Args = workerArgs(Self, O, File);
    std::vector<StringRef> Refs(Args.begin(), Args.end());
    std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Out),
                                            StringRef(Err)};
    std::string ErrMsg;
    sys::fs::remove(Out);
    sys::fs::remove(Err);
    int RC = sys::ExecuteAndWait(Self, Refs, std::nullopt, Redirects,
                                 /*SecondsToWait=*/3600, 0, &ErrMsg);
    if (RC == -1) {
      Total.Log +=
          formatv("{0}: cannot run a w2n-spectest worker: {1}\n", File, ErrMsg);
      ++Total.Failed;
      return Total;
    }
    std::string Text = readTextFile(Out);
    size_t At = Text.rfind(ResultTag);
    if (At != std::string::npos) {
      unsigned P = 0, F = 0, M = 0;
      double Secs = 0;
      sscanf(Text.c_str() + At + strlen(ResultTag), "%u %u %u %lf", &P, &F, &M,
             &Secs);
      Total.Log += Text.substr(0, At);
      Total.Passed += P;
      Total.Failed += F;
      Total.TextMismatches += M;
      Total.Seconds += Secs;
      return Total;
    }
    // The worker died. Its last stage line names what it was doing.
    std::string Stages = readTextFile(Err);
    size_t S = Stages.rfind(StageTag);
    unsigned Index = 0, Line = 0;
    char What[64] = "";
    bool Known = S != std::string::npos &&
                 sscanf(Stages.c_str() + S + strlen(StageTag), "%u %u %63s",
                        &Index, &Line, What) == 3;
    std::string How = RC < 0 ? ErrMsg : formatv("exit status {0}", RC).str();
    if (StringRef(How).contains("Alarm clock"))
      How = formatv("hung for {0} s", O.StageTimeout).str();
    if (!Known || StringRef(What) == "link" || Attempt >= 50) {
      Total.Log += formatv("{0}: w2n-spectest worker died ({1}){2}; the "
                           "file's remaining tests were not run\n",
                           File, How, Known ? " while linking" : "");
      ++Total.Failed;
      return Total;
    }
    Total.Log +=
        formatv("{0}:{1}: {2}: crashed the {3} ({4})\n", File, Line, What,
                StringRef(What).starts_with("assert_") ? "decoder/validator"
                                                       : "compiler",
                How);
    O.Crashed.push_back(Index);
  }
}

int main(int argc, char **argv) {
  CLI::App App{"Runs WebAssembly spec tests (.wast) through wasm2native: "
               "every module compiled to native code, one static executable "
               "per file."};
  std::vector<std::string> Inputs, ProposalDirs;
  std::string Bounds = boundsStrategies().front().Name,
              Target = "x86_64-linux-gnu", CoreDir, UnsupportedList;
  unsigned Jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned Opt = 0;
  RunOptions Base;
  bool Verbose = false, Quiet = false;
  App.add_option("inputs", Inputs, ".wast files or directories of them");
  App.add_option("--bounds-checks", Bounds, "Memory protection strategy")
      ->check(CLI::IsMember(boundsStrategyNames()));
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  App.add_flag("--enable-" Flag, Base.Features.Member);
#include "w2n/Wasm/Features.def"
  App.add_option("-j,--jobs", Jobs, "Files run in parallel");
  App.add_option("--opt", Opt, "Optimisation level of the spec modules")
      ->check(CLI::Range(0, 3));
  App.add_option("--target", Target, "Target triple (non-native: qemu-user)");
  App.add_option("--proposal", ProposalDirs,
                 "Run a proposal folder (or every folder under proposals/) "
                 "over core, its files replacing core's");
  App.add_option("--core", CoreDir,
                 "Core folder for --proposal (default: <DIR>/../../core)");
  App.add_option("--wabt", Base.WabtDir,
                 "Folder holding wabt's wast2json and wat2wasm (default: "
                 "PATH)");
  App.add_option("--unsupported", UnsupportedList,
                 "File of `NAME.wast reason` lines: files of the inputs not "
                 "run, each listed as not run with its reason");
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
  std::string WorkerFile, TempRoot;
  App.add_option("--worker", WorkerFile)->group("");
  App.add_option("--temp-root", TempRoot)->group("");
  App.add_option("--crashed", Base.Crashed)->group("");
  App.add_option("--runtime-lib", Base.RuntimeLib)->group("");
  App.add_option("--executor-obj", Base.ExecutorObj)->group("");
  CLI11_PARSE(App, argc, argv);
  if (Inputs.empty() && ProposalDirs.empty() && WorkerFile.empty()) {
    errs() << "w2n-spectest: error: no input files\n";
    return 2;
  }

  Base.Bounds = *findBoundsStrategy(Bounds);
  Base.OptLevel = Opt;
  auto Triple = normalizeTriple(Target);
  if (!Triple) {
    errs() << "w2n-spectest: error: " << toString(Triple.takeError()) << '\n';
    return 2;
  }
  Base.Triple = *Triple;
  if (Base.RuntimeLib.empty()) {
    auto RT = findRuntimeLibrary(runtimeTripleDir(Base.Triple), argv[0]);
    if (!RT) {
      errs() << "w2n-spectest: error: " << toString(RT.takeError()) << '\n';
      return 2;
    }
    Base.RuntimeLib = *RT;
    SmallString<256> Exec(sys::path::parent_path(*RT));
    sys::path::append(Exec, "w2n-spectest-executor.o");
    Base.ExecutorObj = std::string(Exec);
  }
  if (!sys::fs::exists(Base.ExecutorObj)) {
    errs() << "w2n-spectest: error: " << Base.ExecutorObj
           << " not found (build the w2n-spectest target)\n";
    return 2;
  }
  for (auto [Tool, Dest] : {std::pair{"wast2json", &Base.Wast2Json},
                            std::pair{"wat2wasm", &Base.Wat2Wasm}}) {
    auto P = Base.WabtDir.empty()
                 ? sys::findProgramByName(Tool)
                 : sys::findProgramByName(Tool, {Base.WabtDir});
    if (!P) {
      errs() << "w2n-spectest: error: " << Tool << " not found "
             << (Base.WabtDir.empty() ? "(Debian package wabt)"
                                      : "in " + Base.WabtDir)
             << '\n';
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
  if (!WorkerFile.empty()) {
    Base.TempRoot = TempRoot;
    Base.ReportStages = true;
    for (const ProposalFeature &P : Proposals)
      if (P.Field && Base.Features.*(P.Field))
        Base.Wast2JsonFlags.push_back(P.Flag);
    FileResult R = runWastFile(WorkerFile, Base);
    outs() << R.Log
           << formatv("{0}{1} {2} {3} {4:f3}\n", ResultTag, R.Passed, R.Failed,
                      R.TextMismatches, R.Seconds);
    return 0;
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

  // Workers run from a snapshot of this program, the runtime library and the
  // executor, so that rebuilding them during a run does not disturb it.
  std::string Self = snapshot(
      sys::fs::getMainExecutable(argv[0], (void *)&main), Base.TempRoot);
  Base.RuntimeLib = snapshot(Base.RuntimeLib, Base.TempRoot);
  Base.ExecutorObj = snapshot(Base.ExecutorObj, Base.TempRoot);
  if (Self.empty() || Base.RuntimeLib.empty() || Base.ExecutorObj.empty()) {
    errs() << "w2n-spectest: error: cannot copy the tools into "
           << Base.TempRoot << '\n';
    return 2;
  }

  std::vector<std::unique_ptr<Suite>> Suites;
  std::vector<std::string> NotRun;
  if (!Inputs.empty()) {
    auto &S = Suites.emplace_back(std::make_unique<Suite>());
    S->Name = Inputs.size() == 1
                  ? sys::path::filename(sys::path::remove_leading_dotslash(
                                            StringRef(Inputs[0]).rtrim('/')))
                        .str()
                  : "inputs";
    S->Opts = Base;
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
      bool Wasm3 = Name == Wasm3Folder;
      if (!Wasm3 && (!PF || !PF->Field)) {
        NotRun.push_back(
            Folder + ": " +
            (!PF ? "unknown proposal" : "the compiler has no such feature"));
        continue;
      }
      std::string Core = CoreDir.empty() ? defaultCore(Folder) : CoreDir;
      auto &S = Suites.emplace_back(std::make_unique<Suite>());
      S->Name = Name;
      S->Opts = Base;
      if (Wasm3)
        enableEveryFeature(S->Opts.Features);
      else
        S->Opts.Features.*(PF->Field) = true;
      S->Files = proposalFiles(Core, Folder);
    }
  }

  if (!UnsupportedList.empty()) {
    auto List = readUnsupported(UnsupportedList);
    if (!List) {
      errs() << "w2n-spectest: error: " << toString(List.takeError()) << '\n';
      return 2;
    }
    for (auto &S : Suites)
      llvm::erase_if(S->Files, [&](const std::string &F) {
        auto It = List->find(sys::path::filename(F).str());
        if (It == List->end())
          return false;
        NotRun.push_back(F + ": " + It->second);
        return true;
      });
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
      FileResult R = runFile(Self, J.File, J.S->Opts, I);
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
      outs() << formatv(" ({0} rejected with another message)", S->Mismatches);
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
