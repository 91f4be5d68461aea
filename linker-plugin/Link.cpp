//===- Link.cpp - Static linking with lld as a library --------------------===//
//
// Builds the same command line that `clang -static -fuse-ld=lld` would pass
// for the target (C start files, libc, libgcc) and runs lld (Lld.h) into a
// temporary file that becomes the output only when the link succeeds
// (w2n/Support/OutputFile.h).
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Link.h"
#include "w2n/Link/Lld.h"
#include "w2n/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace w2n {

namespace {
/// Where a target's C library and GCC support files live on Debian.
struct SysrootLayout {
  std::string Emulation;
  std::string LibDir;
  std::string GccDir;
};
} // namespace

/// Picks the newest /usr/lib/gcc{,-cross}/<triple>/<version> that holds
/// crtbeginT.o.
static std::string findGccDir(StringRef Base) {
  std::error_code EC;
  std::string Best;
  unsigned BestVer = 0;
  for (sys::fs::directory_iterator It(Base, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    unsigned Ver = 0;
    if (Name.getAsInteger(10, Ver))
      continue;
    SmallString<256> Crt(It->path());
    sys::path::append(Crt, "crtbeginT.o");
    if (sys::fs::exists(Crt) && Ver > BestVer) {
      BestVer = Ver;
      Best = It->path();
    }
  }
  return Best;
}

static Expected<SysrootLayout> layoutFor(const Triple &T) {
  SysrootLayout L;
  std::string Multiarch = (T.getArchName() + "-linux-gnu").str();
  switch (T.getArch()) {
  case Triple::x86_64:
    L.Emulation = "elf_x86_64";
    break;
  case Triple::aarch64:
    L.Emulation = "aarch64linux";
    break;
  case Triple::riscv64:
    L.Emulation = "elf64lriscv";
    break;
  default:
    return createStringError(inconvertibleErrorCode(),
                             "no linker set-up for '%s'", T.str().c_str());
  }
  Triple Host(sys::getProcessTriple());
  bool Native = Host.getArch() == T.getArch();
  L.LibDir = Native ? "/usr/lib/" + Multiarch : "/usr/" + Multiarch + "/lib";
  L.GccDir = findGccDir(Native ? "/usr/lib/gcc/" + Multiarch
                               : "/usr/lib/gcc-cross/" + Multiarch);
  if (L.GccDir.empty() || !sys::fs::exists(L.LibDir + "/crt1.o"))
    return createStringError(
        inconvertibleErrorCode(),
        "the C library for %s is not installed (Debian packages: %s)",
        Multiarch.c_str(),
        Native ? "libc6-dev libgcc-12-dev"
               : ("libc6-dev-" +
                  std::string(T.getArch() == Triple::aarch64 ? "arm64"
                                                             : "riscv64") +
                  "-cross libgcc-12-dev-*-cross")
                     .c_str());
  return L;
}

/// Runs lld to write the executable to Output.
static Error linkWithLld(const LinkOptions &Opts, const SysrootLayout &L,
                         StringRef Output) {
  Triple T(Opts.Triple);
  std::vector<std::string> Args = {
      "ld.lld", "--hash-style=gnu", "--build-id", "--eh-frame-hdr",
      "-m",     L.Emulation,        "-static",    "--gc-sections",
      "-o",     Output.str()};
  if (T.getArch() == Triple::riscv64)
    Args.push_back("-X");
  if (Opts.Strip)
    Args.push_back("--strip-all");
  Args.push_back(L.LibDir + "/crt1.o");
  Args.push_back(L.LibDir + "/crti.o");
  Args.push_back(L.GccDir + "/crtbeginT.o");
  for (const std::string &O : Opts.Objects)
    Args.push_back(O);
  Args.push_back(Opts.RuntimeLib);
  Args.push_back("-L" + L.GccDir);
  Args.push_back("-L" + L.LibDir);
  for (const char *A :
       {"--start-group", "-lgcc", "-lgcc_eh", "-lm", "-lc", "--end-group"})
    Args.push_back(A);
  Args.push_back(L.GccDir + "/crtend.o");
  Args.push_back(L.LibDir + "/crtn.o");

  if (Opts.Verbose) {
    for (const std::string &A : Args)
      errs() << A << ' ';
    errs() << '\n';
  }

  return runLld(Args, "link failed");
}

Error linkExecutable(const LinkOptions &Opts) {
  auto L = layoutFor(Triple(Opts.Triple));
  if (!L)
    return L.takeError();
  return produceOutputFile(
      Opts.Output, [&](StringRef Tmp) { return linkWithLld(Opts, *L, Tmp); });
}

Expected<std::string> findRuntimeLibrary(const std::string &TripleDir,
                                         const char *Argv0) {
  SmallString<256> Path;
  if (const char *Env = std::getenv("W2N_RUNTIME_DIR")) {
    Path = Env;
    sys::path::append(Path, TripleDir, "libw2nrt.a");
  } else {
    std::string Exe =
        sys::fs::getMainExecutable(Argv0, (void *)&findRuntimeLibrary);
    Path = sys::path::parent_path(sys::path::parent_path(Exe));
    sys::path::append(Path, "lib", "wasm2native", TripleDir, "libw2nrt.a");
  }
  if (!sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "runtime library for %s not found at %s",
                             TripleDir.c_str(), Path.c_str());
  return std::string(Path);
}

} // namespace w2n
