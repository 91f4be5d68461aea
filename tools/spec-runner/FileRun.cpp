//===- FileRun.cpp - Running one .wast file end to end --------------------===//
//
// wast2json → binary/text module checks in this process → one object per
// instantiated module (compileModule) → glue object with the script → one
// static executable (linkExecutable) → run it, resuming after a command that
// kills it.
//
//===----------------------------------------------------------------------===//

#include "FileRun.h"
#include "Script.h"
#include "Wast.h"
#include "executor/script.h"

#include "w2n/Compile/Compile.h"
#include "w2n/Link/Link.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace llvm;

namespace w2n::spectest {

namespace {
/// State of one file's run; its methods are the pipeline's stages.
class FileRun {
public:
  FileRun(const std::string &WastPath, const RunOptions &O)
      : WastPath(WastPath), O(O) {}
  FileResult run();

private:
  void failure(unsigned Line, StringRef Cmd, const Twine &What);
  bool crashedBefore(size_t Index) const;
  void stage(size_t Index) const;
  std::string path(StringRef Name) const;
  void checkRejected(size_t Index);
  std::string compile(const Command &C, unsigned N);
  void checkDefinition(size_t Index);
  void compileModules();
  bool linkExecutable(const Script &S);
  void execute(const Script &S);

  const std::string &WastPath;
  const RunOptions &O;
  std::string Dir;
  std::vector<Command> Cmds;
  std::vector<unsigned> ModuleOf;
  std::vector<ScriptModule> Modules;
  std::string Exe;
  FileResult R;
};
} // namespace

void FileRun::failure(unsigned Line, StringRef Cmd, const Twine &What) {
  ++R.Failed;
  R.Log += formatv("{0}:{1}: {2}: ", WastPath, Line, Cmd).str();
  R.Log += What.str();
  R.Log += '\n';
}

bool FileRun::crashedBefore(size_t Index) const {
  return std::find(O.Crashed.begin(), O.Crashed.end(), Index) !=
         O.Crashed.end();
}

void FileRun::stage(size_t Index) const {
  if (!O.ReportStages)
    return;
  // A hang in the decoder, validator or compiler ends the worker like a
  // crash; the parent then skips that module.
  alarm(O.StageTimeout);
  if (Index >= Cmds.size()) {
    errs() << formatv("w2n-spectest-stage {0} 0 link\n", Index);
    return;
  }
  errs() << formatv("w2n-spectest-stage {0} {1} {2}\n", Index, Cmds[Index].Line,
                    commandName(Cmds[Index].Kind));
  // Lets the tests prove the recovery from a compiler crash.
  if (const char *At = getenv("W2N_SPECTEST_CRASH_AT"))
    if (std::to_string(Cmds[Index].Line) == At)
      raise(SIGSEGV);
}

std::string FileRun::path(StringRef Name) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Name);
  return std::string(P);
}

/// The decoder/validator's verdict: empty when the module is accepted.
static std::string rejection(ArrayRef<uint8_t> Bytes, const wasm::Features &F,
                             bool &Malformed) {
  auto M = wasm::decode(Bytes, F);
  Error E = M ? wasm::validate(*M, F) : M.takeError();
  if (!E)
    return "";
  std::string Msg;
  Malformed = !M;
  handleAllErrors(
      std::move(E),
      [&](const wasm::WasmError &WE) {
        Msg = WE.Msg;
        Malformed = WE.Malformed;
      },
      [&](const ErrorInfoBase &EI) { Msg = EI.message(); });
  return Msg.empty() ? "(no message)" : Msg;
}

/// assert_malformed / assert_invalid: binary modules go through our decoder
/// and validator; `module quote` text is wabt's to parse (we have no text
/// front end), so wat2wasm must reject it.
void FileRun::checkRejected(size_t Index) {
  const Command &C = Cmds[Index];
  const char *Cmd = commandName(C.Kind);
  if (crashedBefore(Index)) {
    ++R.Failed; // The parent process reported the crash.
    return;
  }
  stage(Index);
  std::string File = path(C.Filename);
  if (C.TextModule) {
    std::vector<StringRef> Args = {O.Wat2Wasm};
    for (const std::string &F : O.Wast2JsonFlags)
      Args.push_back(F);
    Args.push_back(File);
    Args.push_back("-o");
    Args.push_back("/dev/null");
    std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(""),
                                            StringRef("")};
    int RC = sys::ExecuteAndWait(O.Wat2Wasm, Args, std::nullopt, Redirects);
    if (RC == 1)
      ++R.Passed;
    else
      failure(C.Line, Cmd,
              RC == 0 ? "wat2wasm accepted the text module"
                      : "could not run wat2wasm on the text module");
    return;
  }
  auto Buf = MemoryBuffer::getFile(File, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf) {
    failure(C.Line, Cmd, "cannot read " + C.Filename);
    return;
  }
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  bool Malformed = false;
  std::string Msg = rejection(Bytes, O.Features, Malformed);
  if (Msg.empty()) {
    failure(C.Line, Cmd,
            formatv("module {0} was accepted, expected \"{1}\"", C.Filename,
                    C.Text));
    return;
  }
  bool Matches = StringRef(Msg).starts_with(C.Text) &&
                 Malformed == (C.Kind == CommandKind::AssertMalformed);
  if (Matches) {
    ++R.Passed;
    return;
  }
  std::string What =
      formatv("{0} rejected {1} with \"{2}\", expected \"{3}\"",
              Malformed ? "decoder" : "validator", C.Filename, Msg, C.Text);
  ++R.TextMismatches;
  if (O.StrictText) {
    failure(C.Line, Cmd, What);
    return;
  }
  ++R.Passed;
  if (O.ShowTextMismatches)
    R.Log += formatv("{0}:{1}: {2}: note: {3}\n", WastPath, C.Line, Cmd, What);
}

/// Compiles the module of command C as the N-th module of the executable;
/// the error message, empty once its object is written.
std::string FileRun::compile(const Command &C, unsigned N) {
  auto Buf = MemoryBuffer::getFile(path(C.Filename), false, false);
  if (!Buf)
    return "cannot read " + C.Filename;
  CompileRequest Req;
  Req.Wasm = ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  Req.Translate.Bounds = O.Bounds;
  Req.Translate.Features = O.Features;
  Req.Translate.DescriptorSymbol = descriptorSymbol(N);
  Req.Translate.SymbolPrefix = symbolPrefix(N);
  Req.Translate.ModuleName = sys::path::stem(C.Filename).str();
  Req.CodeGen.Triple = O.Triple;
  Req.CodeGen.OptLevel = O.OptLevel;
  auto Obj = compileModule(Req);
  if (!Obj)
    return formatv("{0}: {1}", C.Filename, toString(Obj.takeError()));
  std::error_code EC;
  raw_fd_ostream OS(path(descriptorSymbol(N) + ".o"), EC);
  OS.write(Obj->data(), Obj->size());
  return EC ? "cannot write the object of " + C.Filename : "";
}

/// `module definition`: the module is checked and compiled like any other,
/// and passes when that succeeds; nothing instantiates it, so its object is
/// not linked.
void FileRun::checkDefinition(size_t Index) {
  const Command &C = Cmds[Index];
  if (crashedBefore(Index)) {
    ++R.Failed; // The parent process reported the crash.
    return;
  }
  stage(Index);
  std::string Error = compile(C, Modules.size());
  if (Error.empty())
    ++R.Passed;
  else
    failure(C.Line, "module definition", "not compiled: " + Error);
}

void FileRun::compileModules() {
  ModuleOf.assign(Cmds.size(), 0);
  for (size_t I = 0; I < Cmds.size(); ++I) {
    const Command &C = Cmds[I];
    if (!C.Unsupported.empty()) {
      failure(C.Line, "unsupported", C.Unsupported);
      continue;
    }
    if (C.Kind != CommandKind::Module &&
        C.Kind != CommandKind::AssertUnlinkable &&
        C.Kind != CommandKind::AssertUninstantiable)
      continue;
    if (C.Definition) {
      checkDefinition(I);
      continue;
    }
    unsigned N = Modules.size();
    ModuleOf[I] = N;
    ScriptModule &SM = Modules.emplace_back();
    if (crashedBefore(I)) {
      SM.CompileError = C.Filename + ": skipped: it crashed the compiler";
      continue;
    }
    stage(I);
    SM.CompileError = compile(C, N);
  }
}

bool FileRun::linkExecutable(const Script &S) {
  CodeGenOptions CG;
  CG.Triple = O.Triple;
  CG.OptLevel = 0;
  std::string Glue = path("glue.o");
  LinkOptions L;
  L.Triple = O.Triple;
  L.RuntimeLib = O.RuntimeLib;
  L.Output = Exe = path("spectest.exe");
  L.Strip = true;
  L.Objects.push_back(O.ExecutorObj);
  L.Objects.push_back(Glue);
  for (unsigned I = 0; I < Modules.size(); ++I)
    if (Modules[I].CompileError.empty())
      L.Objects.push_back(path(descriptorSymbol(I) + ".o"));
  stage(Cmds.size());
  Error E = emitGlueObject(Glue, S, Modules, CG);
  if (!E)
    E = w2n::linkExecutable(L);
  if (!E)
    return true;
  std::string Msg = toString(std::move(E));
  R.Failed += S.Counted;
  R.Log +=
      formatv("{0}: {1} commands not run: {2}\n", WastPath, S.Counted, Msg);
  return false;
}

std::string readTextFile(StringRef Path) {
  auto B = MemoryBuffer::getFile(Path);
  return B ? (*B)->getBuffer().str() : std::string();
}

static std::string lastLine(StringRef Text) {
  Text = Text.trim();
  size_t NL = Text.rfind('\n');
  return (NL == StringRef::npos ? Text : Text.substr(NL + 1)).str();
}

void FileRun::execute(const Script &S) {
  std::string Progress = path("progress");
  long ResumeAfter = -1;
  unsigned Passed = 0;
  for (unsigned Attempt = 0;; ++Attempt) {
    {
      std::error_code EC;
      raw_fd_ostream Create(Progress, EC); // truncates any previous record
    }
    std::string Out = path(formatv("out.{0}", Attempt).str());
    std::string Err = path(formatv("err.{0}", Attempt).str());
    std::string Timeout = std::to_string(O.Timeout);
    std::string Resume = std::to_string(ResumeAfter);
    std::vector<StringRef> Args;
    for (const std::string &E : O.Emulator)
      Args.push_back(E);
    Args.push_back(Exe);
    for (StringRef A :
         {StringRef("--progress"), StringRef(Progress), StringRef("--timeout"),
          StringRef(Timeout), StringRef("--resume-after"), StringRef(Resume)})
      Args.push_back(A);
    std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Out),
                                            StringRef(Err)};
    std::string ErrMsg;
    // The executor's per-command alarm catches hangs in Wasm code; this is
    // the backstop for a hang outside any command.
    int RC = sys::ExecuteAndWait(Args[0], Args, std::nullopt, Redirects,
                                 /*SecondsToWait=*/O.Timeout * 20, 0, &ErrMsg);
    R.Log += readTextFile(Out);

    w2ns_progress P;
    std::memset(&P, 0, sizeof P);
    std::string Rec = readTextFile(Progress);
    if (Rec.size() >= sizeof P)
      std::memcpy(&P, Rec.data(), sizeof P);
    if (P.magic != W2NS_MAGIC) {
      R.Log += formatv("{0}: executable failed to start ({1}): {2}\n", WastPath,
                       RC < 0 ? ErrMsg : "exit " + std::to_string(RC),
                       lastLine(readTextFile(Err)));
      break;
    }
    Passed += P.passed;
    if (P.done)
      break;

    // The executable died while running command P.current.
    const Command &C =
        *S.Commands[std::min<size_t>(P.current, S.Commands.size() - 1)];
    std::string How = RC < 0 ? ErrMsg : formatv("exited with status {0}", RC);
    std::string Stderr = lastLine(readTextFile(Err));
    R.Log += formatv("{0}:{1}: {2}: executable died: {3}{4}{5}\n", WastPath,
                     C.Line, commandName(C.Kind), How,
                     Stderr.empty() ? "" : "; stderr: ", Stderr);
    if ((long)P.current <= ResumeAfter || Attempt + 1 >= O.MaxRestarts) {
      R.Log += formatv("{0}: giving up after command {1} (line {2})\n",
                       WastPath, P.current, C.Line);
      break;
    }
    ResumeAfter = P.current;
  }
  // Whatever did not report a pass failed: failures it printed, the commands
  // that killed it, and those never reached.
  R.Passed += Passed;
  R.Failed += S.Counted - std::min(Passed, S.Counted);
}

FileResult FileRun::run() {
  auto Start = std::chrono::steady_clock::now();
  SmallString<256> DirBuf;
  if (std::error_code EC = sys::fs::createUniqueDirectory(
          O.TempRoot + "/" + sys::path::stem(WastPath).str(), DirBuf)) {
    failure(0, "setup", "cannot create a temporary directory: " + EC.message());
    return R;
  }
  Dir = std::string(DirBuf);

  auto Parsed = convertWast(O.Wast2Json, O.Wast2JsonFlags, WastPath, Dir);
  if (!Parsed) {
    failure(0, "wast2json", toString(Parsed.takeError()));
  } else {
    Cmds = std::move(*Parsed);
    for (size_t I = 0; I < Cmds.size(); ++I)
      if (Cmds[I].Kind == CommandKind::AssertMalformed ||
          Cmds[I].Kind == CommandKind::AssertInvalid)
        checkRejected(I);
    compileModules();
    Script S = buildScript(WastPath, O.Bounds, Cmds, ModuleOf, Modules);
    bool Linked = S.Counted && linkExecutable(S);
    if (O.ReportStages)
      alarm(0);
    if (Linked)
      execute(S);
  }

  if (!O.KeepTemps)
    sys::fs::remove_directories(Dir);
  R.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  return R;
}

FileResult runWastFile(const std::string &WastPath, const RunOptions &O) {
  return FileRun(WastPath, O).run();
}

} // namespace w2n::spectest
