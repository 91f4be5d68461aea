//===- Main.cpp - wasm2native-bindgen: host capabilities from C headers ---===//
//
// Reads a C header of host functions with Clang and writes C glue that
// exposes them to WebAssembly modules as the import module of a named host
// capability (`host:NAME`):
//   - one wrapper per function, in the native convention of w2n/abi.h
//     (`R w2n_host_NAME_FN(w2n_instance *ctx, ...Wasm parameters)`), which
//     turns each (pointer, length) pair into a checked range of the caller's
//     memory 0 and traps with "out of bounds memory access" outside it;
//   - a registration table of w2n_host_import entries (w2n/embed.h) for
//     embedders;
//   - a `.w2n.host` section the nanoprocess link reads to bind and check
//     imports (docs/nanoprocesses.md, "Host capabilities").
//
//===----------------------------------------------------------------------===//

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "w2n/Support/OutputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <optional>
#include <string>
#include <vector>

using namespace llvm;

namespace {

/// One Wasm parameter of a wrapper, and how it reaches the host function.
struct Param {
  std::string CType;     ///< The header's spelling of the C parameter type.
  std::string Name;      ///< Wrapper parameter name.
  char Wasm = 'i';       ///< Signature letter: i I f F.
  bool IsBuffer = false; ///< Pointer of a (pointer, length) pair.
  bool IsLength = false; ///< Length of the pair before it.
};

struct HostFunction {
  std::string Name;
  std::string ResultCType; ///< Empty for void.
  char Result = 0;         ///< Signature letter, 0 for void.
  std::vector<Param> Params;

  std::string sig() const {
    std::string S;
    for (const Param &P : Params)
      S += P.Wasm;
    S += ':';
    if (Result)
      S += Result;
    return S;
  }
};

const char *wasmCType(char Letter) {
  switch (Letter) {
  case 'I':
    return "int64_t";
  case 'f':
    return "float";
  case 'F':
    return "double";
  default:
    return "int32_t";
  }
}

/// The signature letter of a scalar C type, or nullopt if it has none.
std::optional<char> scalarLetter(clang::QualType T, clang::ASTContext &Ctx) {
  T = T.getCanonicalType();
  if (T->isEnumeralType() || T->isBooleanType() ||
      (T->isIntegerType() && Ctx.getTypeSize(T) <= 32))
    return 'i';
  if (T->isIntegerType() && Ctx.getTypeSize(T) == 64)
    return 'I';
  if (T->isSpecificBuiltinType(clang::BuiltinType::Float))
    return 'f';
  if (T->isSpecificBuiltinType(clang::BuiltinType::Double))
    return 'F';
  return std::nullopt;
}

/// A byte buffer: a pointer to void or to a one-byte type (char, uint8_t).
bool isBytePointer(clang::QualType T, clang::ASTContext &Ctx) {
  T = T.getCanonicalType();
  if (!T->isPointerType())
    return false;
  clang::QualType E = T->getPointeeType();
  return E->isVoidType() ||
         (E->isIntegerType() && !E->isBooleanType() && Ctx.getTypeSize(E) == 8);
}

class Generator {
public:
  Generator(std::string Name, std::string Module)
      : Name(std::move(Name)), Module(std::move(Module)) {}

  /// Reads one declaration; an error names the function and parameter.
  Error add(const clang::FunctionDecl &FD, clang::ASTContext &Ctx);
  void write(raw_ostream &OS, StringRef Header, StringRef IncludeAs) const;
  bool empty() const { return Funcs.empty(); }

private:
  std::string Name, Module;
  std::vector<HostFunction> Funcs;

  std::string wrapperName(const HostFunction &F) const {
    return "w2n_host_" + Name + "_" + F.Name;
  }
};

Error Generator::add(const clang::FunctionDecl &FD, clang::ASTContext &Ctx) {
  auto Fail = [&](const Twine &Msg) {
    std::string Loc = FD.getLocation().printToString(Ctx.getSourceManager());
    return createStringError(inconvertibleErrorCode(),
                             Loc + ": '" + FD.getNameAsString() + "': " + Msg);
  };
  clang::PrintingPolicy PP(Ctx.getLangOpts());
  HostFunction F;
  F.Name = FD.getNameAsString();
  if (FD.isVariadic())
    return Fail("variadic functions cannot be called from WebAssembly");
  clang::QualType R = FD.getReturnType();
  if (!R->isVoidType()) {
    std::optional<char> L = scalarLetter(R, Ctx);
    if (!L)
      return Fail("result type '" + R.getAsString(PP) +
                  "' has no WebAssembly equivalent (integers of up to 64 "
                  "bits, float, double, or void)");
    F.Result = *L;
    F.ResultCType = R.getAsString(PP);
  }
  unsigned N = FD.getNumParams();
  for (unsigned I = 0; I < N; ++I) {
    const clang::ParmVarDecl *PD = FD.getParamDecl(I);
    clang::QualType T = PD->getType();
    Param P;
    P.CType = T.getAsString(PP);
    P.Name = PD->getName().empty() || PD->getName() == "ctx"
                 ? "a" + utostr(I)
                 : PD->getNameAsString();
    std::string What = "parameter " + utostr(I + 1) +
                       (PD->getName().empty() ? "" : " '" + P.Name + "'");
    if (T->isPointerType()) {
      if (!isBytePointer(T, Ctx))
        return Fail(What + " has type '" + P.CType +
                    "': only byte buffers (void *, char *, uint8_t *) can "
                    "point into WebAssembly memory");
      if (I + 1 == N || !FD.getParamDecl(I + 1)->getType()->isIntegerType())
        return Fail(What + " is a buffer, so its length (an integer "
                           "parameter) must follow it");
      P.IsBuffer = true;
      F.Params.push_back(P);
      const clang::ParmVarDecl *LD = FD.getParamDecl(++I);
      Param Len;
      Len.CType = LD->getType().getAsString(PP);
      Len.Name = LD->getName().empty() || LD->getName() == "ctx"
                     ? "a" + utostr(I)
                     : LD->getNameAsString();
      Len.IsLength = true;
      F.Params.push_back(Len);
      continue;
    }
    std::optional<char> L = scalarLetter(T, Ctx);
    if (!L)
      return Fail(What + " has type '" + P.CType +
                  "', which has no WebAssembly equivalent (integers of up "
                  "to 64 bits, float, double, or a buffer pointer followed "
                  "by its length)");
    P.Wasm = *L;
    F.Params.push_back(P);
  }
  for (const HostFunction &Seen : Funcs)
    if (Seen.Name == F.Name)
      return Error::success(); // a redeclaration
  Funcs.push_back(std::move(F));
  return Error::success();
}

void Generator::write(raw_ostream &OS, StringRef Header,
                      StringRef IncludeAs) const {
  std::string Range = "w2n_host_" + Name + "_range";
  OS << "/* Generated by wasm2native-bindgen from "
     << sys::path::filename(Header) << "; do not edit.\n"
     << " * Host capability 'host:" << Name << "': the import module \""
     << Module << "\" of WebAssembly\n"
     << " * modules (docs/nanoprocesses.md, \"Host capabilities\"). */\n"
     << "#include \"" << IncludeAs << "\"\n"
     << "#include \"w2n/embed.h\"\n"
     << "#include \"w2n/host.h\"\n\n"
     << "/* [addr, addr+len) of the calling instance's memory 0; a range\n"
     << " * outside it traps in the caller. */\n"
     << "static void *" << Range
     << "(w2n_instance *ctx, int32_t addr, int32_t len) {\n"
     << "  void *p = w2n_mem_range(ctx, 0, (uint32_t)addr, (uint32_t)len);\n"
     << "  if (!p)\n"
     << "    w2n_raise(ctx, W2N_TRAP_OOB_MEMORY);\n"
     << "  return p;\n"
     << "}\n";

  for (const HostFunction &F : Funcs) {
    OS << "\n/* \"" << Module << "\".\"" << F.Name << "\" " << F.sig()
       << " */\n"
       << (F.Result ? wasmCType(F.Result) : "void") << ' ' << wrapperName(F)
       << "(w2n_instance *ctx";
    for (const Param &P : F.Params)
      OS << ", " << wasmCType(P.Wasm) << ' ' << P.Name;
    OS << ") {\n";
    bool UsesCtx = false;
    for (const Param &P : F.Params)
      if (P.IsBuffer) {
        OS << "  void *" << P.Name << "_mem = " << Range << "(ctx, " << P.Name
           << ", " << (&P + 1)->Name << ");\n";
        UsesCtx = true;
      }
    if (!UsesCtx)
      OS << "  (void)ctx;\n";
    OS << "  "
       << (F.Result ? "return (" + std::string(wasmCType(F.Result)) + ")"
                    : std::string())
       << F.Name << '(';
    for (size_t I = 0; I < F.Params.size(); ++I) {
      const Param &P = F.Params[I];
      OS << (I ? ", " : "");
      // A length is unsigned on the Wasm side whatever its C type.
      if (P.IsLength && P.CType != "uint32_t")
        OS << '(' << P.CType << ")(uint32_t)" << P.Name;
      else if (P.IsLength)
        OS << "(uint32_t)" << P.Name;
      else
        OS << '(' << P.CType << ')' << P.Name << (P.IsBuffer ? "_mem" : "");
    }
    OS << ");\n}\n";
  }

  OS << "\n/* For embedders: w2n_embed_options.imports (w2n/embed.h). */\n"
     << "const w2n_host_import w2n_host_" << Name << "_imports[] = {\n";
  for (const HostFunction &F : Funcs)
    OS << "    {\"" << Module << "\", \"" << F.Name << "\", \"" << F.sig()
       << "\", (void *)" << wrapperName(F) << "},\n";
  OS << "};\n"
     << "const uint32_t w2n_host_" << Name << "_num_imports = " << Funcs.size()
     << ";\n\n";

  // Read by the nanoprocess link (linker-plugin/Host.cpp); one line each.
  std::string Info = "w2n-host 1\nname " + Name + "\nmodule " + Module + "\n";
  for (const HostFunction &F : Funcs)
    Info += "func " + F.Name + " " + F.sig() + " " + wrapperName(F) + "\n";
  OS << "/* What `wasm2native --manifest` reads to bind imports. */\n"
     << "__attribute__((section(\".w2n.host\"), used)) static const char\n"
     << "    w2n_host_" << Name << "_info[] =\n";
  SmallVector<StringRef, 8> Lines;
  StringRef(Info).split(Lines, '\n', -1, false);
  for (size_t I = 0; I < Lines.size(); ++I)
    OS << "        \"" << Lines[I] << "\\n\""
       << (I + 1 == Lines.size() ? ";" : "") << "\n";
}

bool isIdentifier(StringRef S) {
  return !S.empty() && !isDigit(S[0]) &&
         all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

} // namespace

int main(int Argc, char **Argv) {
  // A closed output pipe is an error writeOutputFile reports, not a signal.
  signal(SIGPIPE, SIG_IGN);
  std::string Header, Name, Module, Output = "-", IncludeAs, Target;
  std::vector<std::string> Includes, Defines, Extra;
  CLI::App App{"wasm2native-bindgen: generates the C glue that exposes the "
               "functions of a C header to WebAssembly modules as the host "
               "capability host:NAME",
               "wasm2native-bindgen"};
  App.set_version_flag("--version",
                       std::string("wasm2native-bindgen ") + W2N_VERSION);
  App.add_option("header", Header, "C header declaring the host functions")
      ->required();
  App.add_option("--name", Name,
                 "Capability name: host:NAME (default: the header's stem)");
  App.add_option("--module", Module,
                 "Import module name the functions appear under (default: "
                 "NAME)");
  App.add_option("-o", Output, "Output C file (default: stdout)");
  App.add_option("--include-as", IncludeAs,
                 "How the generated file includes the header (default: its "
                 "file name)");
  App.add_option("-I", Includes, "Include directory for parsing the header")
      ->allow_extra_args(false);
  App.add_option("-D", Defines, "Macro definition for parsing the header")
      ->allow_extra_args(false);
  App.add_option("--target", Target,
                 "Target triple the header is parsed for (default: the host)");
  App.add_option("extra", Extra, "Further clang arguments, after --");
  CLI11_PARSE(App, Argc, Argv);

  auto Error = [](const Twine &Msg) {
    errs() << "wasm2native-bindgen: error: " << Msg << '\n';
    return 1;
  };
  if (Name.empty())
    Name = sys::path::stem(Header).str();
  if (!isIdentifier(Name))
    return Error("capability name '" + Name +
                 "' must be a C identifier (letters, digits, '_'); use "
                 "--name");
  if (Module.empty())
    Module = Name;
  if (IncludeAs.empty())
    IncludeAs = sys::path::filename(Header).str();

  auto Buf = MemoryBuffer::getFile(Header);
  if (!Buf)
    return Error(Header + ": " + Buf.getError().message());

  std::vector<std::string> Args = {"-xc", "-std=gnu11", "-fsyntax-only",
                                   "-resource-dir=" W2N_CLANG_RESOURCE_DIR};
  if (!Target.empty())
    Args.push_back("--target=" + Target);
  SmallString<256> HeaderDir(sys::path::parent_path(Header));
  if (HeaderDir.empty())
    HeaderDir = ".";
  Args.push_back("-I" + std::string(HeaderDir));
  for (const std::string &I : Includes)
    Args.push_back("-I" + I);
  for (const std::string &D : Defines)
    Args.push_back("-D" + D);
  Args.insert(Args.end(), Extra.begin(), Extra.end());

  std::unique_ptr<clang::ASTUnit> AST =
      clang::tooling::buildASTFromCodeWithArgs((*Buf)->getBuffer(), Args,
                                               Header, "wasm2native-bindgen");
  if (!AST || AST->getDiagnostics().hasErrorOccurred())
    return Error(Header + ": the header does not compile");

  clang::ASTContext &Ctx = AST->getASTContext();
  const clang::SourceManager &SM = Ctx.getSourceManager();
  Generator Gen(Name, Module);
  for (const clang::Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *FD = dyn_cast<clang::FunctionDecl>(D);
    // Only what the header itself declares; static (inline) helpers are not
    // host functions.
    if (!FD || !SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())) ||
        FD->getStorageClass() == clang::SC_Static)
      continue;
    if (llvm::Error E = Gen.add(*FD, Ctx))
      return Error(toString(std::move(E)));
  }
  if (Gen.empty())
    return Error(Header + ": declares no functions");

  std::string Glue;
  raw_string_ostream OS(Glue);
  Gen.write(OS, Header, IncludeAs);
  if (llvm::Error E = w2n::writeOutputFile(
          Output, ArrayRef<char>(Glue.data(), Glue.size())))
    return Error(toString(std::move(E)));
  return 0;
}
