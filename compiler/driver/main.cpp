//===- main.cpp - The wasm2native command line ----------------------------===//
//
// Reads as the list of stages: parse flags, read the input, compile it
// (decode, validate, translate, optimise, emit), then write the requested
// output or link a static executable with the runtime library.
//
//===----------------------------------------------------------------------===//

#include "ModuleInfo.h"
#include "RunCache.h"
#include "w2n/Capabilities/Capabilities.h"
#include "w2n/Compile/Compile.h"
#include "w2n/Link/Link.h"
#include "w2n/Link/Manifest.h"
#include "w2n/Link/Nanoprocess.h"
#include "w2n/Support/OutputFile.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Diagnose.h"

#include "CLI/CLI.hpp"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace llvm;
using namespace w2n;

namespace {

struct Flags {
  std::string Input;
  std::string Output;
  std::string Opt = "2"; ///< -O: 0-3, s or z
  unsigned OptLevel = 2;
  unsigned SizeLevel = 0; ///< 1 for -Os, 2 for -Oz (as clang)
  unsigned Threads = 0;
  bool CompileOnly = false;
  bool Assembly = false;
  bool EmitLLVM = false;
  bool Verbose = false;
  bool Debug = false;
  std::string Target;
  std::string CPU;
  std::string Features;
  std::string Bounds;
  std::vector<std::string> Dirs;
  std::vector<std::string> Env;
  std::vector<std::string> Caps;
  bool InheritEnv = false;
  std::string StackSizeArg; ///< --stack-size as given
  uint64_t StackSize = 0;
  std::string Workers;        ///< --workers, checked by buildConfig
  bool Interruptible = false; ///< --interruptible
  uint32_t MaxRuntime = 0;    ///< --max-runtime, seconds
  wasm::Features Enabled;     ///< --enable-<proposal>
  bool All = false;           ///< --enable-all
  wasm::Features features() const {
    return All ? wasm::Features::all() : Enabled;
  }
  std::string Manifest;
  std::string Inspect;
  std::string Format = "text";             ///< --inspect's output
  std::vector<std::string> CheckIsolation; ///< NAME=OBJ:DESCRIPTOR (tests)
  std::string ModuleName;
  std::string GuestArgv0; ///< --argv0
  std::string EmitHeader;
  bool TimeReport = false;
  std::string Color = "auto";
  bool Run = false;                     ///< `wasm2native run`
  std::string Invoke;                   ///< run --invoke: the export to call
  std::vector<std::string> ProgramArgs; ///< run: after the module
};

/// --bounds-checks' strategy; without the option, the table's first.
BoundsChecks boundsChecks(const Flags &F) {
  return findBoundsStrategy(F.Bounds).value_or(boundsStrategies().front().Id);
}

const char *Argv0 = "wasm2native";

/// A progress line on stderr, shown only when stderr is a terminal and the
/// compile has run for two seconds: `wasm2native: FILE: STAGE (Ns)`.
class Progress {
public:
  explicit Progress(StringRef File) {
    if (!sys::Process::StandardErrIsDisplayed())
      return;
    Worker = std::thread([this, File = File.str()] { run(File); });
  }
  ~Progress() { stop(); }

  void stage(StringRef Name) {
    std::lock_guard<std::mutex> L(M);
    Stage = Name.str();
  }

  /// Ends the indicator and erases its line, so messages start clean.
  void stop() {
    if (!Worker.joinable())
      return;
    {
      std::lock_guard<std::mutex> L(M);
      Done = true;
    }
    CV.notify_all();
    Worker.join();
  }

private:
  void run(const std::string &File) {
    using namespace std::chrono;
    auto Start = steady_clock::now();
    std::unique_lock<std::mutex> L(M);
    bool Shown = false;
    for (auto Next = Start + seconds(2);
         !CV.wait_until(L, Next, [&] { return Done; });
         Next += milliseconds(250)) {
      double S = duration<double>(steady_clock::now() - Start).count();
      errs() << "\r\x1b[K"
             << "wasm2native: " << File << ": " << Stage << " ("
             << format("%.0f", S) << "s)";
      Shown = true;
    }
    if (Shown)
      errs() << "\r\x1b[K";
  }

  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::string Stage = "starting";
  std::thread Worker;
};

Progress *ActiveProgress = nullptr;

[[noreturn]] void fatal(const Twine &Msg) {
  if (ActiveProgress)
    ActiveProgress->stop();
  WithColor::error(errs(), "wasm2native") << Msg << '\n';
  std::exit(1);
}

/// Reports an error from the compile of `File` as clang does: an error at
/// a place in the input starts with the place (`FILE:0xOFFSET: error:
/// what`), any other names the tool (`wasm2native: error: FILE: what`).
/// Where the module is text, or needs a proposal not in Enabled, the
/// message says so: the decoder's own words fit a spec test, not a user.
[[noreturn]] void fatalCompile(StringRef File, Error E, ArrayRef<uint8_t> Bytes,
                               const wasm::Features &Enabled) {
  if (ActiveProgress)
    ActiveProgress->stop();
  handleAllErrors(
      std::move(E),
      [&](const wasm::WasmError &WE) {
        std::string Place =
            (File + ":0x" + utohexstr(WE.Offset, /*LowerCase=*/true)).str();
        raw_ostream &OS = WithColor::error(errs(), Place);
        if (WE.Malformed && WE.Offset == 0 && wasm::looksLikeText(Bytes)) {
          OS << "this is WebAssembly text, not a binary module; convert it "
                "with wat2wasm (wabt) or 'wasm-tools parse'\n";
          return;
        }
        OS << WE.Msg;
        if (auto Need = wasm::neededFeature(Bytes, Enabled, WE.Offset))
          OS << ": the module uses " << Need->Description
             << ", a proposal not enabled; pass --enable-" << Need->Flag;
        OS << '\n';
      },
      [&](const ErrorInfoBase &EI) {
        WithColor::error(errs(), "wasm2native")
            << File << ": " << EI.message() << '\n';
      });
  std::exit(1);
}

/// Clang accepts -mcpu=X and -mattr-like spellings; CLI11 wants long options.
std::vector<std::string> rewriteArgs(ArrayRef<const char *> Argv) {
  std::vector<std::string> Out;
  int Argc = Argv.size();
  for (int I = 0; I < Argc; ++I) {
    StringRef A(Argv[I]);
    if (A.consume_front("-mcpu="))
      Out.push_back("--cpu=" + A.str());
    else if (A == "-mcpu" && I + 1 < Argc)
      Out.push_back("--cpu=" + std::string(Argv[++I]));
    else if (A == "-mllvm" && I + 1 < Argc)
      Out.push_back("--mllvm=" + std::string(Argv[++I]));
    else if (A == "-target" && I + 1 < Argc)
      Out.push_back("--target=" + std::string(Argv[++I]));
    else
      Out.push_back(Argv[I]);
  }
  std::reverse(Out.begin(), Out.end()); // CLI11 parses a reversed vector.
  return Out;
}

/// `invalid value 'V' in 'FLAG=V' (accepted: A, B, C)`, as clang words it.
[[noreturn]] void badValue(StringRef Flag, StringRef Value,
                           ArrayRef<std::string> Accepted) {
  fatal("invalid value '" + Value + "' in '" + Flag + Value +
        "' (accepted: " + join(Accepted, ", ") + ")");
}

/// -O0..-O3 as LLVM's speed levels; -Os and -Oz as clang: the -O2 pipeline
/// with LLVM's size levels, which its passes read from the optsize and
/// minsize attributes.
void parseOptLevel(Flags &F) {
  static const std::vector<std::string> Levels = {"0", "1", "2", "3", "s", "z"};
  if (!is_contained(Levels, F.Opt))
    badValue("-O", F.Opt, Levels);
  F.OptLevel = F.Opt == "s" || F.Opt == "z" ? 2 : unsigned(F.Opt[0] - '0');
  F.SizeLevel = F.Opt == "s" ? 1 : F.Opt == "z" ? 2 : 0;
}

/// --stack-size=N[k|M|G]: binary multiples, at least what the runtime needs
/// for its own margin below the guard region.
void parseStackSize(Flags &F) {
  if (F.StackSizeArg.empty())
    return;
  StringRef S = F.StackSizeArg;
  unsigned Shift = 0;
  if (S.consume_back_insensitive("k"))
    Shift = 10;
  else if (S.consume_back("M") || S.consume_back("m"))
    Shift = 20;
  else if (S.consume_back_insensitive("g"))
    Shift = 30;
  uint64_t N;
  // The runtime keeps 256 KiB of margin below the top and the guard.
  constexpr uint64_t Min = 512 << 10, Max = uint64_t(1) << 40;
  if (S.getAsInteger(10, N) || N > (Max >> Shift))
    fatal("invalid value '" + F.StackSizeArg +
          "' in '--stack-size=" + F.StackSizeArg +
          "' (accepted: a number of bytes, with k, M or G "
          "for KiB, MiB, GiB, e.g. 64M)");
  F.StackSize = N << Shift;
  if (F.StackSize < Min || F.StackSize > Max)
    fatal("--stack-size=" + F.StackSizeArg + ": the Wasm stack must be " +
          "between 512k and 1024G");
}

/// Every spelling the command line accepts, for "did you mean": CLI11's
/// long and short names plus the clang spellings rewriteArgs translates.
std::vector<std::string> knownSpellings(CLI::App &App) {
  std::vector<std::string> Out = {"-mcpu", "-mllvm", "-target"};
  for (const CLI::Option *O : App.get_options()) {
    for (const std::string &N : O->get_lnames())
      Out.push_back("--" + N);
    for (const std::string &N : O->get_snames())
      Out.push_back("-" + N);
  }
  return Out;
}

/// An argument CLI11 did not take. An unknown flag is reported with the
/// nearest known spelling, as clang's OptTable::findNearest does; a second
/// positional argument is a second input, which a compile has not.
[[noreturn]] void unknownArgument(CLI::App &App, StringRef Arg) {
  if (!Arg.starts_with("-") || Arg == "-")
    fatal("more than one input file ('" + Arg +
          "'); a single-module compile takes one .wasm (several modules "
          "are linked with --manifest)");
  auto [Name, Value] = Arg.split('=');
  bool HasValue = Arg.contains('=');
  std::string Best;
  unsigned BestDist = ~0u;
  for (const std::string &K : knownSpellings(App)) {
    // A one-letter flag is too short to guess a misspelling of.
    if (K.size() <= 2)
      continue;
    unsigned D = Name.edit_distance(K, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/BestDist);
    if (D < BestDist) {
      BestDist = D;
      Best = K;
    }
  }
  std::string Msg = ("unknown argument: '" + Arg + "'").str();
  // Clang suggests only within one edit; two catch a dropped or doubled
  // dash with a typo, still few enough to be a guess worth making.
  if (BestDist <= 2 && BestDist * 4 < Name.size())
    Msg +=
        "; did you mean '" + Best + (HasValue ? "=" + Value.str() : "") + "'?";
  fatal(Msg);
}

/// What the command line asks for; each flag applies to some of these and
/// is an error with the others, rather than silently ignored.
enum Mode : unsigned {
  ModeExe = 1,        ///< link one module into an executable
  ModeObject = 2,     ///< -c / -S
  ModeManifest = 4,   ///< --manifest
  ModeInspect = 8,    ///< --inspect
  ModeIsolation = 16, ///< --check-isolation
  ModeList = 32,      ///< --print-targets, --print-bounds-strategies
  ModeRun = 64,       ///< wasm2native run
  ModeCompile = ModeExe | ModeObject | ModeManifest,
  ModeAny = 127,
};

StringRef modeWhere(unsigned M) {
  switch (M) {
  case ModeExe:
    return "to an executable linked from one module";
  case ModeObject:
    return "with -c or -S";
  case ModeManifest:
    return "with --manifest";
  case ModeInspect:
    return "with --inspect";
  case ModeIsolation:
    return "with --check-isolation";
  case ModeRun:
    return "with 'run'";
  default:
    return "with --print-targets or --print-bounds-strategies";
  }
}

/// Rejects every given flag that does nothing in mode M.
void checkApplicable(const CLI::App &App,
                     const std::map<const CLI::Option *, unsigned> &Applies,
                     unsigned M) {
  for (const CLI::Option *O : App.get_options()) {
    auto It = Applies.find(O);
    if (O->count() == 0 || It == Applies.end() || (It->second & M))
      continue;
    std::string Name = O->get_name();
    if (Name == "input")
      fatal("an input file does not apply " + modeWhere(M));
    std::string Msg = ("'" + Name + "' does not apply " + modeWhere(M)).str();
    // A flag that selects a mode of its own (-c, --manifest, ...) only
    // conflicts; saying where it applies would repeat its name.
    if (!modeWhere(It->second).contains(Name)) {
      std::vector<std::string> Where;
      for (unsigned Bit = 1; Bit < ModeAny; Bit <<= 1)
        if (It->second & Bit)
          Where.push_back(modeWhere(Bit).str());
      Msg += "; it applies " + join(Where, ", or ");
    }
    fatal(Msg);
  }
}

/// --dir=HOST[::GUEST] and --cap=dir:GUEST=HOST:ro|rw
RuntimeConfig::Dir parseDir(StringRef Spec) {
  RuntimeConfig::Dir D;
  auto [Host, Guest] = Spec.split("::");
  D.Host = Host.str();
  D.Guest = Guest.empty() ? Host.str() : Guest.str();
  return D;
}

RuntimeConfig buildConfig(const Flags &F) {
  RuntimeConfig C;
  // The same capability strings as a manifest's entry nanoprocess.
  auto Caps = parseCapabilities(F.Caps, /*AllowHostPath=*/true);
  if (!Caps)
    fatal("--cap: " + toString(Caps.takeError()));
  if (!Caps->Calls.empty() || !Caps->Hosts.empty())
    fatal("--cap: call: and host: capabilities need a manifest (--manifest)");
  C.Caps = F.Caps.empty() ? CapDefault : Caps->Bits;
  C.Env = Caps->EnvNames;
  std::vector<DirGrant> Dirs = Caps->Dirs;
  for (const std::string &D : F.Dirs) {
    RuntimeConfig::Dir R = parseDir(D);
    Dirs.push_back({R.Guest, R.Host, R.Writable});
  }
  nestGrants(Dirs);
  for (const DirGrant &D : Dirs)
    C.Dirs.push_back({D.Host, D.Guest, D.Writable, D.Beneath, D.Rel});
  for (const ListenGrant &L : Caps->Listens)
    C.Listens.push_back({L.Kind, L.Port, L.Addr});
  // --env=NAME=VALUE sets NAME, --env=NAME passes the host's through (as
  // Wasmtime's --env); a later one for the same NAME replaces an earlier.
  for (const std::string &E : F.Env) {
    StringRef Name = StringRef(E).split('=').first;
    if (Name.empty())
      fatal("--env=" + E + ": expected NAME or NAME=VALUE");
    llvm::erase_if(C.Env,
                   [&](StringRef Old) { return Old.split('=').first == Name; });
    C.Env.push_back(E);
  }
  if (F.InheritEnv)
    C.Caps |= CapEnv;
  for (const auto &D : C.Dirs)
    if (!sys::fs::is_directory(D.Host))
      WithColor::warning(errs(), "wasm2native")
          << "preopened directory '" << D.Host
          << "' does not exist now; it must exist when the program runs\n";
  C.StackSize = F.StackSize;
  C.MaxRuntime = F.MaxRuntime;
  if (!F.Workers.empty()) {
    unsigned long long N;
    if (getAsUnsignedInteger(F.Workers, 10, N) || N > 1024)
      fatal("--workers=" + F.Workers +
            ": expected a number of worker processes from 1 to 1024, or 0 "
            "for one per core");
    // Workers share the listening sockets and nothing else: without one
    // they would be N copies of a program competing for its files.
    if (C.Listens.empty())
      fatal("--workers needs a listening socket (--cap=listen:...): only a "
            "server can run as several worker processes");
    C.Workers = N == 0 ? W2N_WORKERS_PER_CORE : uint32_t(N);
  }
  // As Wasmtime: the module's name, not the host path of the executable.
  C.Argv0 = !F.GuestArgv0.empty() ? F.GuestArgv0
            : F.Input == "-"      ? std::string("-")
                                  : sys::path::filename(F.Input).str();
  return C;
}

/// An executable can only import what the runtime provides. Returns the
/// decoded module.
wasm::Module checkImports(StringRef File, ArrayRef<uint8_t> Bytes,
                          const wasm::Features &Feat) {
  auto M = wasm::decode(Bytes, Feat);
  if (!M)
    fatalCompile(File, M.takeError(), Bytes, Feat);
  static const std::pair<StringRef, StringRef> Wasi[] = {
#define W2N_WASI_FN(Name, Sig) {#Name, Sig},
#include "w2n/wasi_functions.def"
#undef W2N_WASI_FN
  };
  for (const wasm::Import &I : M->Imports) {
    bool Known = false;
    if (I.Module == "wasi_snapshot_preview1" &&
        I.Kind == wasm::ExternKind::Func) {
      for (auto &[Name, Sig] : Wasi)
        Known |= Name == I.Name;
    }
    if (!Known)
      fatal(File + ": unknown import \"" + I.Module + "\".\"" + I.Name +
            "\": an executable can import only wasi_snapshot_preview1 "
            "functions (link other modules with --manifest)");
  }
  return std::move(*M);
}

std::string defaultOutput(const Flags &F) {
  if (!F.CompileOnly && !F.Assembly)
    return "a.out";
  StringRef Ext =
      F.EmitLLVM ? (F.Assembly ? ".ll" : ".bc") : (F.Assembly ? ".s" : ".o");
  SmallString<128> P(sys::path::filename(F.Input));
  sys::path::replace_extension(P, Ext);
  return std::string(P);
}

/// Writes Data to Path (w2n/Support/OutputFile.h): never a partial file,
/// never a special file replaced.
void writeOutput(StringRef Path, ArrayRef<char> Data) {
  if (Error E = writeOutputFile(Path, Data))
    fatal(toString(std::move(E)));
}

/// Wraps a compiled object into an `ar` archive holding NAME.o, with a
/// symbol index, so `-c -o mod.a` gives what C build systems expect.
SmallVector<char, 0> wrapInArchive(StringRef Member, ArrayRef<char> Obj) {
  NewArchiveMember M(
      MemoryBufferRef(StringRef(Obj.data(), Obj.size()), Member));
  M.MemberName = Member;
  auto Buf = writeArchiveToBuffer(M, SymtabWritingMode::NormalSymtab,
                                  object::Archive::K_GNU,
                                  /*Deterministic=*/true, /*Thin=*/false);
  if (!Buf)
    fatal("cannot make an archive: " + toString(Buf.takeError()));
  return SmallVector<char, 0>((*Buf)->getBufferStart(), (*Buf)->getBufferEnd());
}

/// The C name of a module compiled as a library: --module-name, else the
/// input's file stem as a C identifier.
std::string libraryName(const Flags &F) {
  if (F.ModuleName.empty())
    return cIdentifier(sys::path::stem(F.Input));
  if (cIdentifier(F.ModuleName) != F.ModuleName)
    fatal("--module-name=" + F.ModuleName + ": not a C identifier");
  return F.ModuleName;
}

/// --emit-header: decodes the module again (cheap next to compiling it)
/// for its exports and their types.
void writeHeader(const Flags &F, ArrayRef<uint8_t> Bytes,
                 const TranslateOptions &T, StringRef Name) {
  auto M = wasm::decode(Bytes, T.Features);
  if (!M)
    fatalCompile(F.Input, M.takeError(), Bytes, T.Features);
  std::string H = emitEmbedHeader(*M, Name, T.DescriptorSymbol);
  writeOutput(F.EmitHeader, ArrayRef<char>(H.data(), H.size()));
}

/// --invoke NAME: an exported function whose parameters and results are
/// numbers, the only values a command line and a printed line can carry.
std::string checkInvoke(const Flags &F, const wasm::Module &M) {
  std::vector<std::string> Funcs;
  for (const wasm::Export &E : M.Exports) {
    if (E.Kind != wasm::ExternKind::Func)
      continue;
    const wasm::FuncType &T = M.funcType(E.Index);
    // As the runtime's messages print it (host/invoke.c).
    auto List = [](ArrayRef<wasm::ValType> Tys, bool Bare) {
      std::vector<std::string> Names;
      for (wasm::ValType V : Tys)
        Names.push_back(wasm::valTypeName(V));
      return Bare && Names.size() == 1 ? Names[0]
                                       : "(" + join(Names, ", ") + ")";
    };
    std::string Sig = List(T.Params, false) + " -> " + List(T.Results, true);
    if (E.Name != F.Invoke) {
      Funcs.push_back("'" + E.Name + "' " + Sig);
      continue;
    }
    for (wasm::ValType V : concat<const wasm::ValType>(T.Params, T.Results))
      if (V != wasm::ValType::I32 && V != wasm::ValType::I64 &&
          V != wasm::ValType::F32 && V != wasm::ValType::F64)
        fatal("--invoke=" + F.Invoke + ": '" + E.Name + "' has the signature " +
              Sig + "; only i32, i64, f32 and f64 can be given and printed");
    if (StringRef(E.Name).contains('\0'))
      break;
    return E.Name;
  }
  fatal("--invoke=" + F.Invoke + ": " + F.Input +
        " exports no function of that name" +
        (Funcs.empty() ? std::string(" (it exports no functions)")
                       : "; it exports " + join(Funcs, ", ")));
}

/// A bad --cpu/--features is reported before the input is read.
void checkTarget(const std::string &Triple, const Flags &F) {
  CodeGenOptions O;
  O.Triple = Triple;
  O.CPU = F.CPU;
  O.Features = F.Features;
  if (auto S = resolveTarget(O); !S)
    fatal(toString(S.takeError()));
}

int run(Flags &F) {
  auto Triple =
      normalizeTriple(F.Target.empty() ? sys::getProcessTriple() : F.Target);
  if (!Triple)
    fatal(toString(Triple.takeError()));
  checkTarget(*Triple, F);

  auto Buf = MemoryBuffer::getFileOrSTDIN(F.Input, /*IsText=*/false);
  if (!Buf)
    fatal(F.Input + ": " + Buf.getError().message());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());

  CompileRequest R;
  R.Wasm = Bytes;
  R.Translate.Features = F.features();
  R.Translate.Bounds = boundsChecks(F);
  // --max-runtime needs the checks that let the runtime interrupt the run.
  R.Translate.Interruptible = F.Interruptible || F.MaxRuntime;
  R.Translate.ModuleName = sys::path::stem(F.Input).str();
  R.CodeGen.Triple = *Triple;
  R.CodeGen.CPU = F.CPU;
  R.CodeGen.Features = F.Features;
  R.CodeGen.OptLevel = F.OptLevel;
  R.CodeGen.SizeLevel = F.SizeLevel;
  R.CodeGen.Threads = F.Threads;
  R.CodeGen.DebugInfo = F.Debug;
  R.TimeReport = F.TimeReport;
  R.CodeGen.Verbose = F.Verbose;

  bool LinkExe = !F.CompileOnly && !F.Assembly;
  bool Archive =
      F.CompileOnly && !F.EmitLLVM && StringRef(F.Output).ends_with(".a");
  std::string LibName;
  if (!LinkExe && (!F.ModuleName.empty() || !F.EmitHeader.empty() || Archive)) {
    LibName = libraryName(F);
    R.Translate.DescriptorSymbol = "w2n_module_" + LibName;
    R.Translate.SymbolPrefix = "w2n_" + LibName + "_";
    R.Translate.ModuleName = LibName;
    R.CodeGen.PIC = true;
    R.Translate.RelativeArrays = true;
  }
  if (F.EmitLLVM)
    R.Kind = F.Assembly ? OutputKind::LLVMText : OutputKind::LLVMBitcode;
  else if (F.Assembly)
    R.Kind = OutputKind::Assembly;
  if (LinkExe) {
    wasm::Module WM = checkImports(F.Input, Bytes, R.Translate.Features);
    R.MainConfig = buildConfig(F);
    if (!F.Invoke.empty())
      R.MainConfig->Invoke = checkInvoke(F, WM);
    R.MainConfig->Info = singleModuleInfo(
        F.Input == "-" ? StringRef("stdin.wasm") : StringRef(F.Input), WM,
        *R.MainConfig);
  }
  if (F.Output.empty())
    F.Output = defaultOutput(F);

  if (F.Verbose)
    errs() << "wasm2native " << W2N_VERSION << ": compiling " << F.Input
           << " for " << *Triple << " at -O" << F.Opt << " with "
           << boundsStrategy(boundsChecks(F)).Summary << '\n';
  Progress P(F.Input);
  ActiveProgress = &P;
  R.OnStage = [&P](StringRef S) { P.stage(S); };
  auto Out = compileModule(R);
  if (!Out)
    fatalCompile(F.Input, Out.takeError(), Bytes, R.Translate.Features);
  if (!LinkExe) {
    P.stop();
    if (!F.EmitHeader.empty())
      writeHeader(F, Bytes, R.Translate, LibName);
    writeOutput(F.Output, Archive ? wrapInArchive(LibName + ".o", *Out) : *Out);
    return 0;
  }

  std::string TripleDir = runtimeTripleDir(*Triple);
  auto RT = findRuntimeLibrary(TripleDir, Argv0);
  if (!RT)
    fatal(toString(RT.takeError()));

  // The object is removed when the lambda returns, before fatal() exits
  // without unwinding.
  auto Link = [&]() -> Error {
    auto Obj = TempObject::create("w2n-module", "o", *Out);
    if (!Obj)
      return Obj.takeError();
    LinkOptions L;
    L.Triple = *Triple;
    L.Objects = {Obj->path().str()};
    L.RuntimeLib = *RT;
    L.Output = F.Output;
    L.Strip = !F.Debug;
    L.Verbose = F.Verbose;
    NamedRegionTimer T("link", "Link", "wasm2native",
                       "wasm2native compile stages", F.TimeReport);
    return linkExecutable(L);
  };
  P.stage("link");
  if (Error E = Link())
    fatal(toString(std::move(E)));
  return 0;
}

/// --manifest: several modules as nanoprocesses (linker-plugin/Nanoprocess.h).
int runManifest(Flags &F) {
  NanoprocessLinkOptions O;
  auto Triple =
      normalizeTriple(F.Target.empty() ? sys::getProcessTriple() : F.Target);
  if (!Triple)
    fatal(toString(Triple.takeError()));
  checkTarget(*Triple, F);
  auto RT = findRuntimeLibrary(runtimeTripleDir(*Triple), Argv0);
  if (!RT)
    fatal(toString(RT.takeError()));
  O.ManifestPath = F.Manifest;
  O.Translate.Features = F.features();
  O.Translate.Bounds = boundsChecks(F);
  O.CodeGen.Triple = *Triple;
  O.CodeGen.CPU = F.CPU;
  O.CodeGen.Features = F.Features;
  O.CodeGen.OptLevel = F.OptLevel;
  O.CodeGen.SizeLevel = F.SizeLevel;
  O.CodeGen.Threads = F.Threads;
  O.CodeGen.Verbose = F.Verbose;
  O.RuntimeLib = *RT;
  O.Output = F.Output.empty() ? "a.out" : F.Output;
  O.Strip = !F.Debug;
  O.Verbose = F.Verbose;
  if (Error E = linkNanoprocesses(O))
    fatal(toString(std::move(E)));
  return 0;
}

/// --check-isolation NAME=OBJ:DESCRIPTOR...: the link-time isolation check
/// on objects given by hand (tests prove it rejects what it must).
int runCheckIsolation(const Flags &F) {
  std::vector<std::unique_ptr<MemoryBuffer>> Bufs;
  std::vector<SmallVector<char, 0>> Placed;
  std::vector<NanoprocessObject> Objs;
  for (StringRef Spec : F.CheckIsolation) {
    auto [Name, Rest] = Spec.split('=');
    auto [Path, Desc] = Rest.rsplit(':');
    auto Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      fatal(Path + ": " + Buf.getError().message());
    auto P = placeInSections(Name, ArrayRef<char>((*Buf)->getBufferStart(),
                                                  (*Buf)->getBufferSize()));
    if (!P)
      fatal(toString(P.takeError()));
    Bufs.push_back(std::move(*Buf));
    Placed.push_back(std::move(*P));
    Objs.push_back({Name.str(), Desc.str(), {}});
  }
  for (size_t I = 0; I < Objs.size(); ++I)
    Objs[I].Data = Placed[I];
  if (Error E = checkIsolation("--check-isolation", Objs))
    fatal(toString(std::move(E)));
  outs() << "isolation: ok\n";
  return 0;
}

/// `run [flags] app.wasm [args...]`: the compiler's flags end at the module;
/// what follows it is the program's, as with `wasmtime run`, even where it
/// looks like a flag. Returns the arguments for CLI11 (rewriteArgs) and
/// moves the program's into Program.
std::vector<std::string> splitRunArgs(CLI::App &App, int Argc, char **Argv,
                                      std::vector<std::string> &Program) {
  int I = 2;
  for (; I < Argc; ++I) {
    StringRef A(Argv[I]);
    if (!A.starts_with("-") || A == "-")
      break;
    if (A.contains('='))
      continue;
    // Options whose value is the next argument.
    const CLI::Option *O = App.get_option_no_throw(A.str());
    if (A == "-mllvm" || A == "-mcpu" || A == "-target" ||
        (O && O->get_expected_max() > 0 && !O->get_positional()))
      ++I;
  }
  for (int J = I + 1; J < Argc; ++J)
    Program.push_back(Argv[J]);
  return rewriteArgs(
      ArrayRef<const char *>(Argv + 2, std::min(I + 1, Argc) - 2));
}

/// The key text of `run`'s cache: every input the executable depends on.
std::string runCacheKey(const Flags &F, const CLI::App &App,
                        ArrayRef<uint8_t> Bytes, StringRef Triple,
                        StringRef RuntimeLib) {
  std::string Key;
  raw_string_ostream K(Key);
  K << "wasm2native run cache key 1\n"
    << "compiler: wasm2native " << W2N_VERSION << " (LLVM "
    << LLVM_VERSION_STRING << ")\n"
    << "build-id: " << compilerBuildId() << '\n';
  // The runtime library is linked in; a rebuilt one is a different entry.
  sys::fs::file_status St;
  if (sys::fs::status(RuntimeLib, St))
    fatal(RuntimeLib + ": cannot read the runtime library");
  K << "runtime: " << RuntimeLib << ' ' << St.getSize() << ' '
    << St.getLastModificationTime().time_since_epoch().count() << '\n'
    << "host: " << Triple << ' ' << sys::getHostCPUName() << '\n'
    << "module: " << sys::path::filename(F.Input) << ' ' << sha256Hex(Bytes)
    << '\n';
  // Every flag given, in declaration order, except those that change only
  // messages or timing (the output does not depend on --threads).
  for (const CLI::Option *O : App.get_options()) {
    std::string Name = O->get_name();
    if (O->count() == 0 || Name == "input" || Name == "-v" ||
        Name == "--color" || Name == "--time-report" || Name == "--threads")
      continue;
    K << "flag: " << Name;
    for (const std::string &V : O->results())
      K << " '" << StringRef(V).str() << "'";
    K << '\n';
  }
  return Key;
}

/// A half-written cache entry, removed when the driver exits before it is
/// complete (fatal() exits without unwinding).
std::string CacheTemp;

/// `run`: executes the module's executable from the cache (RunCache.h),
/// compiling it into the cache first when missing or damaged. The program
/// replaces this process, so its exit status is the command's.
[[noreturn]] void runCommand(Flags &F, const CLI::App &App) {
  if (F.Input.empty() || F.Input == "-")
    fatal("run: expected a module file (wasm2native run [flags] app.wasm "
          "[args...])");
  auto Buf = MemoryBuffer::getFile(F.Input, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    fatal(F.Input + ": " + Buf.getError().message());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  auto Triple = normalizeTriple(sys::getProcessTriple());
  if (!Triple)
    fatal(toString(Triple.takeError()));
  auto RT = findRuntimeLibrary(runtimeTripleDir(*Triple), Argv0);
  if (!RT)
    fatal(toString(RT.takeError()));
  auto Dir = runCacheDir();
  if (!Dir)
    fatal(toString(Dir.takeError()));
  std::string Key = runCacheKey(F, App, Bytes, *Triple, *RT);
  SmallString<256> Entry(*Dir);
  sys::path::append(Entry, sha256Hex(arrayRefFromStringRef(Key)));
  if (isValidEntry(Entry)) {
    if (F.Verbose)
      errs() << "wasm2native: run: cached " << Entry << '\n';
  } else {
    if (F.Verbose)
      errs() << "wasm2native: run: compiling into " << Entry << '\n';
    // A temporary file beside the entry, renamed into place when whole:
    // concurrent runs see either no entry or a complete one.
    int FD;
    SmallString<256> Tmp;
    if (std::error_code EC =
            sys::fs::createUniqueFile(Entry + ".tmp-%%%%%%%%", FD, Tmp))
      fatal("cannot create a file in the cache folder '" + *Dir +
            "': " + EC.message());
    sys::Process::SafelyCloseFileDescriptor(FD);
    CacheTemp = std::string(Tmp);
    std::atexit([] {
      if (!CacheTemp.empty())
        sys::fs::remove(CacheTemp);
    });
    F.Output = CacheTemp;
    run(F);
    // The key beside the entry says what it was built from.
    writeOutput((Entry + ".key").str(), ArrayRef<char>(Key.data(), Key.size()));
    if (Error E = sealEntry(CacheTemp, Entry))
      fatal(toString(std::move(E)));
    CacheTemp.clear();
  }
  if (F.TimeReport)
    TimerGroup::printAll(errs());
  // The program's argv[0] is the module's path, so the runtime's messages
  // name the module as the user typed it.
  std::vector<char *> Args{const_cast<char *>(F.Input.c_str())};
  for (std::string &A : F.ProgramArgs)
    Args.push_back(A.data());
  Args.push_back(nullptr);
  outs().flush();
  errs().flush();
  execv(Entry.c_str(), Args.data());
  fatal("cannot execute '" + Entry +
        "': " + std::error_code(errno, std::generic_category()).message());
}

} // namespace

int main(int Argc, char **Argv) {
  Argv0 = Argv[0];
  sys::PrintStackTraceOnErrorSignal(Argv[0]);
  // A closed output pipe (`-o - | head`) is an error writeOutputFile reports
  // after removing temporary files, not a signal that ends the process
  // before it can.
  signal(SIGPIPE, SIG_IGN);
  Flags F;
  // The modes each flag applies to (checkApplicable).
  std::map<const CLI::Option *, unsigned> Applies;
  auto applies = [&](unsigned M, CLI::Option *O) {
    Applies[O] = M;
    return O;
  };
  CLI::App App{"wasm2native: compiles WebAssembly modules ahead of time into "
               "native static Linux executables",
               "wasm2native"};
  App.set_version_flag("--version", std::string("wasm2native ") + W2N_VERSION +
                                        " (LLVM " LLVM_VERSION_STRING ")");
  applies(ModeExe | ModeObject | ModeRun,
          App.add_option("input", F.Input, "Input .wasm file ('-' for stdin)"));
  applies(ModeCompile,
          App.add_option("-o", F.Output,
                         "Output file (default a.out, or FILE.o/.s/.ll)"));
  applies(ModeCompile | ModeRun,
          App.add_option("-O", F.Opt,
                         "Optimisation level: 0-3, s or z (as clang: -Os "
                         "and -Oz optimise for size; default 2)"));
  applies(
      ModeCompile | ModeRun,
      App.add_option("-j,--threads", F.Threads,
                     "Threads for translating, optimising and emitting a large "
                     "module (default all cores; the output does not depend on "
                     "it)"));
  applies(ModeObject, App.add_flag("-c", F.CompileOnly,
                                   "Emit an object file, do not link"));
  applies(ModeObject,
          App.add_flag("-S", F.Assembly,
                       "Emit assembly (with --emit-llvm: LLVM IR)"));
  applies(ModeObject, App.add_flag("--emit-llvm", F.EmitLLVM,
                                   "Emit LLVM IR (-S: text, -c: bitcode)"));
  applies(ModeCompile,
          App.add_option("--target", F.Target,
                         "Target triple (x86_64-linux-gnu, aarch64-linux-gnu, "
                         "riscv64-linux-gnu)"));
  applies(ModeCompile | ModeRun,
          App.add_option(
              "--cpu", F.CPU,
              "Target CPU (also -mcpu=; 'native' = the host's, only when "
              "compiling for the host architecture)"));
  applies(ModeCompile | ModeRun,
          App.add_option("--features", F.Features,
                         "Target features added to the target's baseline, e.g. "
                         "+avx2,+bmi2 or, on riscv64, +v (--print-targets)"));
  applies(ModeCompile | ModeRun,
          App.add_option(
                 "--bounds-checks", F.Bounds,
                 "Memory protection: " + join(boundsStrategyNames(), ", ") +
                     "; the first is the default (--print-bounds-strategies)")
              ->type_name("TEXT:{" + join(boundsStrategyNames(), ",") + "}"));
  // Repeatable options take one value per occurrence, so that
  // `--dir=d prog.wasm` leaves prog.wasm as the input.
  applies(ModeExe | ModeRun,
          App.add_option("--dir", F.Dirs,
                         "Preopen host directory HOST as GUEST (HOST[::GUEST])")
              ->allow_extra_args(false));
  applies(
      ModeExe | ModeRun,
      App.add_option("--env", F.Env,
                     "Set environment variable NAME to VALUE (NAME=VALUE), or "
                     "pass the host's NAME through (NAME)")
          ->allow_extra_args(false));
  applies(ModeExe | ModeRun,
          App.add_flag("--inherit-env", F.InheritEnv,
                       "Pass the whole environment through"));
  applies(ModeExe | ModeRun,
          App.add_option(
                 "--cap", F.Caps,
                 "Grant a capability (stdio, args, env, env:NAME[=VALUE], "
                 "clock, random, exit, dir:GUEST=HOST:ro|rw, ...); replaces "
                 "the default set")
              ->allow_extra_args(false));
  applies(
      ModeExe | ModeRun,
      App.add_option("--argv0", F.GuestArgv0,
                     "The program's argv[0] (default: the input's file name)"));
  applies(
      ModeExe | ModeRun,
      App.add_option("--stack-size", F.StackSizeArg,
                     "Bytes of Wasm stack, with k, M or G for KiB, MiB, GiB "
                     "(default 8M)"));
  applies(ModeCompile | ModeRun,
          App.add_flag("--interruptible", F.Interruptible,
                       "Check at every function entry and loop iteration "
                       "whether the host interrupted the call "
                       "(w2n_instance_interrupt, deadlines); off by default"));
  applies(ModeExe | ModeRun,
          App.add_option("--max-runtime", F.MaxRuntime,
                         "Seconds the program may run before it ends with "
                         "'wasm trap: interrupted' (implies --interruptible)")
              ->check(CLI::Range(1u, 1u << 30)));
  applies(ModeExe | ModeRun,
          App.add_option(
              "--workers", F.Workers,
              "Run a server (one with a listen: capability) as N worker "
              "processes sharing its listening sockets, under a supervisor "
              "that replaces a worker that traps; 0: one per core"));
  applies(ModeCompile | ModeRun,
          App.add_flag(
              "-g", F.Debug,
              "Emit DWARF (Wasm function names, and source lines where the "
              "module has DWARF) and keep symbols"));
  applies(ModeAny,
          App.add_flag("-v", F.Verbose, "Show what the compiler does"));
  std::vector<std::string> LLVMArgs;
  applies(
      ModeCompile | ModeRun,
      App.add_option("--mllvm", LLVMArgs,
                     "Pass an option to LLVM (also -mllvm ARG, as clang), e.g. "
                     "-mllvm -print-after-all")
          ->allow_extra_args(false));
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  applies(ModeCompile | ModeRun,                                               \
          App.add_flag("--enable-" Flag, F.Enabled.Member,                     \
                       "Enable " Description));
#include "w2n/Wasm/Features.def"
  applies(
      ModeCompile | ModeRun,
      App.add_flag("--enable-all", F.All, "Enable every supported proposal"));
  applies(ModeRun,
          App.add_option("--invoke", F.Invoke,
                         "With 'run': call this export, with the program's "
                         "arguments as its parameters, in place of _start, "
                         "and print its results one per line"));
  applies(ModeManifest,
          App.add_option(
              "--manifest", F.Manifest,
              "Link the modules of a nanoprocess manifest (TOML) into one "
              "executable"));
  applies(
      ModeInspect,
      App.add_option("--inspect", F.Inspect,
                     "List what a binary built by wasm2native holds: its "
                     "nanoprocesses (or its one module), their capabilities, "
                     "imports and exports"));
  applies(ModeInspect,
          App.add_option("--format", F.Format,
                         "--inspect's output: text (default), json, or dot "
                         "(a Graphviz drawing of the nanoprocess tree)"));
  applies(ModeIsolation,
          App.add_option("--check-isolation", F.CheckIsolation)->group(""));
  applies(ModeObject,
          App.add_option("--module-name", F.ModuleName,
                         "With -c: name the module's C interface (descriptor "
                         "w2n_module_NAME; default: the input's file stem)"));
  applies(
      ModeObject,
      App.add_option("--emit-header", F.EmitHeader,
                     "With -c: write a C header declaring the module and typed "
                     "wrappers of its exports (w2n/embed.h)"));
  applies(ModeExe | ModeObject | ModeRun,
          App.add_flag("--time-report", F.TimeReport,
                       "Print the time each compile stage took on stderr"));
  applies(ModeAny,
          App.add_option(
              "--color", F.Color,
              "Colour diagnostics: auto (default: on a terminal), always, "
              "never"));
  bool PrintTargets = false;
  applies(ModeList, App.add_flag("--print-targets", PrintTargets,
                                 "List the targets this build can produce"));
  bool PrintBounds = false;
  applies(ModeList,
          App.add_flag("--print-bounds-strategies", PrintBounds,
                       "List the --bounds-checks strategies, one per line, the "
                       "default first"));

  // Like clang: coloured diagnostics when stderr is a terminal.
  errs().enable_colors(errs().has_colors());
  // Unknown arguments are left over rather than thrown, so that they are
  // reported with a suggestion (unknownArgument).
  App.allow_extras();
  try {
    if (Argc > 1 && StringRef(Argv[1]) == "run") {
      F.Run = true;
      App.parse(splitRunArgs(App, Argc, Argv, F.ProgramArgs));
    } else {
      App.parse(rewriteArgs(ArrayRef<const char *>(Argv + 1, Argc - 1)));
    }
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    WithColor::error(errs(), "wasm2native") << E.what() << '\n';
    return 1;
  }
  if (F.Color != "auto") {
    if (F.Color != "always" && F.Color != "never")
      badValue("--color=", F.Color,
               std::vector<std::string>{"auto", "always", "never"});
    bool On = F.Color == "always";
    errs().enable_colors(On);
    WithColor::setAutoDetectFunction(
        On ? +[](const raw_ostream &) { return true; }
           : +[](const raw_ostream &) { return false; });
  }
  if (!App.remaining().empty())
    unknownArgument(App, App.remaining().front());
  parseOptLevel(F);
  parseStackSize(F);
  if (F.Format != "text" && F.Format != "json" && F.Format != "dot")
    badValue("--format=", F.Format,
             std::vector<std::string>{"text", "json", "dot"});
  if (!F.Bounds.empty() && !findBoundsStrategy(F.Bounds))
    badValue("--bounds-checks=", F.Bounds, boundsStrategyNames());
  // The flags' own messages first, where they say more than "does not
  // apply"; then every other flag given against the mode.
  unsigned Mode = F.Run                         ? ModeRun
                  : PrintTargets || PrintBounds ? ModeList
                  : !F.Inspect.empty()          ? ModeInspect
                  : !F.CheckIsolation.empty()   ? ModeIsolation
                  : !F.Manifest.empty()         ? ModeManifest
                  : F.CompileOnly || F.Assembly ? ModeObject
                                                : ModeExe;
  if (Mode == ModeManifest) {
    if (!F.Input.empty())
      fatal("--manifest names the modules; do not also give an input file");
    if (!F.GuestArgv0.empty())
      fatal("--argv0 applies to a single module; in a --manifest build each "
            "nanoprocess's argv[0] is its module's file name");
  }
  if (Mode == ModeExe) {
    if (!F.ModuleName.empty() || !F.EmitHeader.empty())
      fatal("--module-name and --emit-header need -c or -S");
    if (F.EmitLLVM)
      fatal("--emit-llvm needs -S or -c");
  }
  checkApplicable(App, Applies, Mode);
  if (!LLVMArgs.empty()) {
    // The same parser clang's -mllvm feeds; it reports bad options itself.
    std::vector<const char *> CArgs{"-mllvm"};
    for (const std::string &A : LLVMArgs)
      CArgs.push_back(A.c_str());
    std::string Msg;
    raw_string_ostream MsgOS(Msg);
    if (!cl::ParseCommandLineOptions(CArgs.size(), CArgs.data(), "", &MsgOS)) {
      // LLVM's own words ("-mllvm: Unknown command line argument ..."), in
      // the driver's error format.
      WithColor::error(errs(), "wasm2native") << StringRef(Msg).trim() << '\n';
      return 1;
    }
  }
  if (PrintBounds) {
    // The name first on each line, for scripts (tools/fuzz).
    for (const BoundsStrategyInfo &S : boundsStrategies())
      outs() << left_justify(S.Name, 10) << ' ' << S.Help << '\n';
    return 0;
  }
  if (PrintTargets) {
    // One line per target: name, host marker, defaults, other spellings.
    Triple Host(sys::getProcessTriple());
    outs() << "Targets this build can produce (--target=NAME):\n";
    for (const TargetInfo &T : supportedTargets()) {
      auto RT = findRuntimeLibrary(T.Name, Argv0);
      outs() << "  " << left_justify(T.Name, 18)
             << (Triple(T.Normalized).getArch() == Host.getArch() ? " (host)"
                                                                  : "       ")
             << "  -mcpu=" << T.DefaultCPU;
      if (*T.BaseFeatures)
        outs() << " --features=" << T.BaseFeatures;
      outs() << "; also " << T.Aliases
             << (RT ? "" : "  (runtime library not built)") << '\n';
      consumeError(RT.takeError());
    }
    return 0;
  }
  if (!F.Inspect.empty()) {
    if (Error E = inspectBinary(F.Inspect, outs(), F.Format))
      fatal(toString(std::move(E)));
    return 0;
  }
  if (F.Run)
    runCommand(F, App);
  if (!F.CheckIsolation.empty())
    return runCheckIsolation(F);
  if (!F.Manifest.empty())
    return runManifest(F);
  if (F.Input.empty())
    fatal("no input file (try --help)");
  int RC = run(F);
  if (F.TimeReport)
    TimerGroup::printAll(errs());
  return RC;
}
