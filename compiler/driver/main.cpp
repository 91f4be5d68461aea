//===- main.cpp - The wasm2native command line ----------------------------===//
//
// Reads as the list of stages: parse flags, read the input, compile it
// (decode, validate, translate, optimise, emit), then write the requested
// output or link a static executable with the runtime library.
//
//===----------------------------------------------------------------------===//

#include "w2n/Capabilities/Capabilities.h"
#include "w2n/Compile/Compile.h"
#include "w2n/Link/Link.h"
#include "w2n/Link/Manifest.h"
#include "w2n/Link/Nanoprocess.h"
#include "w2n/Support/OutputFile.h"
#include "w2n/Wasm/Decoder.h"

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
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace llvm;
using namespace w2n;

namespace {

struct Flags {
  std::string Input;
  std::string Output;
  unsigned OptLevel = 2;
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
  uint64_t StackSize = 0;
  std::string Workers;    ///< --workers, checked by buildConfig
  wasm::Features Enabled; ///< --enable-<proposal>
  bool All = false;       ///< --enable-all
  wasm::Features features() const {
    return All ? wasm::Features::all() : Enabled;
  }
  std::string Manifest;
  std::string Inspect;
  std::vector<std::string> CheckIsolation; ///< NAME=OBJ:DESCRIPTOR (tests)
  std::string ModuleName;
  std::string GuestArgv0; ///< --argv0
  std::string EmitHeader;
  bool TimeReport = false;
  std::string Color = "auto";
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

/// Reports an error from the compile of `File` in the contract's format:
/// `wasm2native: error: FILE:OFFSET: what` for errors with a position.
[[noreturn]] void fatalCompile(StringRef File, Error E) {
  std::string Msg;
  handleAllErrors(
      std::move(E),
      [&](const wasm::WasmError &WE) {
        Msg = (File + ":0x" + utohexstr(WE.Offset, true) + ": " + WE.Msg).str();
      },
      [&](const ErrorInfoBase &EI) {
        Msg = (File + ": " + EI.message()).str();
      });
  fatal(Msg);
}

/// Clang accepts -mcpu=X and -mattr-like spellings; CLI11 wants long options.
std::vector<std::string> rewriteArgs(int Argc, char **Argv) {
  std::vector<std::string> Out;
  for (int I = 1; I < Argc; ++I) {
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

/// An executable can only import what the runtime provides.
void checkImports(StringRef File, ArrayRef<uint8_t> Bytes,
                  const wasm::Features &Feat) {
  auto M = wasm::decode(Bytes, Feat);
  if (!M)
    fatalCompile(File, M.takeError());
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
    fatalCompile(F.Input, M.takeError());
  std::string H = emitEmbedHeader(*M, Name, T.DescriptorSymbol);
  writeOutput(F.EmitHeader, ArrayRef<char>(H.data(), H.size()));
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
  R.Translate.ModuleName = sys::path::stem(F.Input).str();
  R.CodeGen.Triple = *Triple;
  R.CodeGen.CPU = F.CPU;
  R.CodeGen.Features = F.Features;
  R.CodeGen.OptLevel = F.OptLevel;
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
  } else if (!F.ModuleName.empty() || !F.EmitHeader.empty()) {
    fatal("--module-name and --emit-header need -c or -S");
  }
  if (F.EmitLLVM)
    R.Kind = F.Assembly ? OutputKind::LLVMText : OutputKind::LLVMBitcode;
  else if (F.Assembly)
    R.Kind = OutputKind::Assembly;
  if (LinkExe) {
    if (F.EmitLLVM)
      fatal("--emit-llvm needs -S or -c");
    checkImports(F.Input, Bytes, R.Translate.Features);
    R.MainConfig = buildConfig(F);
  }
  if (F.Output.empty())
    F.Output = defaultOutput(F);

  if (F.Verbose)
    errs() << "wasm2native " << W2N_VERSION << ": compiling " << F.Input
           << " for " << *Triple << " at -O" << F.OptLevel << " with "
           << boundsStrategy(boundsChecks(F)).Summary << '\n';
  Progress P(F.Input);
  ActiveProgress = &P;
  R.OnStage = [&P](StringRef S) { P.stage(S); };
  auto Out = compileModule(R);
  if (!Out)
    fatalCompile(F.Input, Out.takeError());
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

} // namespace

int main(int Argc, char **Argv) {
  Argv0 = Argv[0];
  sys::PrintStackTraceOnErrorSignal(Argv[0]);
  // A closed output pipe (`-o - | head`) is an error writeOutputFile reports
  // after removing temporary files, not a signal that ends the process
  // before it can.
  signal(SIGPIPE, SIG_IGN);
  Flags F;
  CLI::App App{"wasm2native: compiles WebAssembly modules ahead of time into "
               "native static Linux executables",
               "wasm2native"};
  App.set_version_flag("--version", std::string("wasm2native ") + W2N_VERSION +
                                        " (LLVM " LLVM_VERSION_STRING ")");
  App.add_option("input", F.Input, "Input .wasm file ('-' for stdin)");
  App.add_option("-o", F.Output,
                 "Output file (default a.out, or FILE.o/.s/.ll)");
  App.add_option("-O", F.OptLevel, "Optimisation level 0-3 (default 2)")
      ->check(CLI::Range(0, 3));
  App.add_option("-j,--threads", F.Threads,
                 "Threads for translating, optimising and emitting a large "
                 "module (default all cores; the output does not depend on "
                 "it)");
  App.add_flag("-c", F.CompileOnly, "Emit an object file, do not link");
  App.add_flag("-S", F.Assembly, "Emit assembly (with --emit-llvm: LLVM IR)");
  App.add_flag("--emit-llvm", F.EmitLLVM,
               "Emit LLVM IR (-S: text, -c: bitcode)");
  App.add_option("--target", F.Target,
                 "Target triple (x86_64-linux-gnu, aarch64-linux-gnu, "
                 "riscv64-linux-gnu)");
  App.add_option("--cpu", F.CPU,
                 "Target CPU (also -mcpu=; 'native' = the host's, only when "
                 "compiling for the host architecture)");
  App.add_option("--features", F.Features,
                 "Target features added to the target's baseline, e.g. "
                 "+avx2,+bmi2 or, on riscv64, +v (--print-targets)");
  App.add_option("--bounds-checks", F.Bounds,
                 "Memory protection: " + join(boundsStrategyNames(), ", ") +
                     "; the first is the default (--print-bounds-strategies)")
      ->check(CLI::IsMember(boundsStrategyNames()));
  // Repeatable options take one value per occurrence, so that
  // `--dir=d prog.wasm` leaves prog.wasm as the input.
  App.add_option("--dir", F.Dirs,
                 "Preopen host directory HOST as GUEST (HOST[::GUEST])")
      ->allow_extra_args(false);
  App.add_option("--env", F.Env,
                 "Set environment variable NAME to VALUE (NAME=VALUE), or "
                 "pass the host's NAME through (NAME)")
      ->allow_extra_args(false);
  App.add_flag("--inherit-env", F.InheritEnv,
               "Pass the whole environment through");
  App.add_option("--cap", F.Caps,
                 "Grant a capability (stdio, args, env, env:NAME[=VALUE], "
                 "clock, random, exit, dir:GUEST=HOST:ro|rw, ...); replaces "
                 "the default set")
      ->allow_extra_args(false);
  App.add_option("--argv0", F.GuestArgv0,
                 "The program's argv[0] (default: the input's file name)");
  App.add_option("--stack-size", F.StackSize,
                 "Bytes of Wasm stack (default 8 MiB)");
  App.add_option("--workers", F.Workers,
                 "Run a server (one with a listen: capability) as N worker "
                 "processes sharing its listening sockets, under a "
                 "supervisor that replaces a worker that traps; 0: one per "
                 "core");
  App.add_flag("-g", F.Debug,
               "Emit DWARF (Wasm function names, and source lines where the "
               "module has DWARF) and keep symbols");
  App.add_flag("-v", F.Verbose, "Show what the compiler does");
  std::vector<std::string> LLVMArgs;
  App.add_option("--mllvm", LLVMArgs,
                 "Pass an option to LLVM (also -mllvm ARG, as clang), e.g. "
                 "-mllvm -print-after-all")
      ->allow_extra_args(false);
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  App.add_flag("--enable-" Flag, F.Enabled.Member, "Enable " Description);
#include "w2n/Wasm/Features.def"
  App.add_flag("--enable-all", F.All, "Enable every supported proposal");
  App.add_option("--manifest", F.Manifest,
                 "Link the modules of a nanoprocess manifest (TOML) into one "
                 "executable");
  App.add_option("--inspect", F.Inspect,
                 "List the nanoprocesses of a binary linked with --manifest");
  App.add_option("--check-isolation", F.CheckIsolation)->group("");
  App.add_option("--module-name", F.ModuleName,
                 "With -c: name the module's C interface (descriptor "
                 "w2n_module_NAME; default: the input's file stem)");
  App.add_option("--emit-header", F.EmitHeader,
                 "With -c: write a C header declaring the module and typed "
                 "wrappers of its exports (w2n/embed.h)");
  App.add_flag("--time-report", F.TimeReport,
               "Print the time each compile stage took on stderr");
  App.add_option("--color", F.Color,
                 "Colour diagnostics: auto (default: on a terminal), always, "
                 "never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  bool PrintTargets = false;
  App.add_flag("--print-targets", PrintTargets,
               "List the targets this build can produce");
  bool PrintBounds = false;
  App.add_flag("--print-bounds-strategies", PrintBounds,
               "List the --bounds-checks strategies, one per line, the "
               "default first");

  // Like clang: coloured diagnostics when stderr is a terminal.
  errs().enable_colors(errs().has_colors());
  try {
    App.parse(rewriteArgs(Argc, Argv));
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    WithColor::error(errs(), "wasm2native") << E.what() << '\n';
    return 1;
  }
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
  if (F.Color != "auto") {
    bool On = F.Color == "always";
    errs().enable_colors(On);
    WithColor::setAutoDetectFunction(
        On ? +[](const raw_ostream &) { return true; }
           : +[](const raw_ostream &) { return false; });
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
    if (Error E = inspectBinary(F.Inspect, outs()))
      fatal(toString(std::move(E)));
    return 0;
  }
  if (!F.CheckIsolation.empty())
    return runCheckIsolation(F);
  if (!F.Manifest.empty()) {
    if (!F.Input.empty())
      fatal("--manifest names the modules; do not also give an input file");
    if (!F.Workers.empty())
      fatal("--workers applies to a single module; in a --manifest build "
            "set 'workers = N' at the top of the manifest");
    if (!F.GuestArgv0.empty())
      fatal("--argv0 applies to a single module; in a --manifest build each "
            "nanoprocess's argv[0] is its module's file name");
    return runManifest(F);
  }
  if (F.Input.empty())
    fatal("no input file (try --help)");
  int RC = run(F);
  if (F.TimeReport)
    TimerGroup::printAll(errs());
  return RC;
}
