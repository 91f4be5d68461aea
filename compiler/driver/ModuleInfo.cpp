//===- ModuleInfo.cpp - What --inspect reads from a single-module binary --===//

#include "ModuleInfo.h"

#include "w2n/Capabilities/Capabilities.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;

namespace w2n {

namespace {

std::string typeText(const wasm::FuncType &T) {
  auto List = [](ArrayRef<wasm::ValType> Ts) {
    std::string S;
    for (wasm::ValType V : Ts)
      S += (S.empty() ? "" : ", ") + std::string(wasm::valTypeName(V));
    return S;
  };
  std::string R = List(T.Results);
  return "(" + List(T.Params) + ") -> " +
         (T.Results.size() == 1 ? R : "(" + R + ")");
}

} // namespace

std::string singleModuleInfo(StringRef ModuleFile, const wasm::Module &M,
                             const RuntimeConfig &C) {
  std::string S;
  raw_string_ostream OS(S);
  OS << "module '" << sys::path::stem(ModuleFile) << "' (single module)"
     << "\n  module        " << sys::path::filename(ModuleFile)
     << "\n  capabilities ";
  // The capability strings --cap takes, for what the bits grant.
  static const std::pair<uint32_t, StringRef> Bits[] = {
      {CapStdin, "stdin"},   {CapStdout, "stdout"}, {CapStderr, "stderr"},
      {CapArgs, "args"},     {CapEnv, "env"},       {CapClock, "clock"},
      {CapRandom, "random"}, {CapExit, "exit"}};
  for (auto &[Bit, Name] : Bits)
    if (C.Caps & Bit)
      OS << ' ' << Name;
  for (const std::string &E : C.Env)
    OS << " env:" << StringRef(E).split('=').first;
  for (const RuntimeConfig::Dir &D : C.Dirs)
    OS << " dir:" << D.Guest << (D.Writable ? ":rw" : ":ro");
  OS << "\n  cap bits      0x" << utohexstr(C.Caps, true);
  for (const RuntimeConfig::Dir &D : C.Dirs)
    OS << "\n  directory     " << D.Guest << " -> " << D.Host
       << (D.Writable ? " (rw)" : " (ro)");
  for (const std::string &E : C.Env)
    OS << "\n  environment   " << E;
  for (const RuntimeConfig::Listen &L : C.Listens) {
    ListenGrant G;
    G.Kind = ListenGrant::KindT(L.Kind);
    G.Port = L.Port;
    G.Addr = L.Addr;
    OS << "\n  listen        " << G.str();
  }
  OS << "\n  argv0         " << C.Argv0 << "\n  stack         "
     << (C.StackSize ? utostr(C.StackSize) + " bytes" : "default")
     << " (the whole Wasm stack)";

  // Sorted by name, so the listing does not depend on the module's order.
  std::vector<std::string> Exports, Imports, Wasi;
  for (const wasm::Export &E : M.Exports) {
    std::string Line = E.Name + " (" + wasm::externKindName(E.Kind);
    if (E.Kind == wasm::ExternKind::Func)
      Line += " " + typeText(M.funcType(E.Index));
    Exports.push_back(Line + ")");
  }
  for (const wasm::Import &I : M.Imports) {
    std::string Line =
        I.Module + "." + I.Name + " (" + wasm::externKindName(I.Kind);
    if (I.Kind == wasm::ExternKind::Func)
      Line += " " + typeText(M.Types[I.FuncTypeIndex]);
    Imports.push_back(Line + ")");
    if (I.Module == "wasi_snapshot_preview1")
      Wasi.push_back(I.Name);
  }
  llvm::sort(Exports);
  llvm::sort(Imports);
  llvm::sort(Wasi);
  for (const std::string &E : Exports)
    OS << "\n  export        " << E;
  for (const std::string &I : Imports)
    OS << "\n  import        " << I;
  OS << "\n  wasi imports  " << Wasi.size();
  for (const std::string &W : Wasi)
    OS << ' ' << W;
  OS << '\n';
  return S;
}

} // namespace w2n
