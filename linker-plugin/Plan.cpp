//===- Plan.cpp - Binding the imports of nanoprocesses --------------------===//
//
// Every import of every module goes to exactly one place: a WASI function
// the runtime provides (by name and signature, from wasi_functions.def), a
// function export of another nanoprocess the importer may call (it is the
// parent, or holds call:NAME), with the same Wasm type, or a host function
// of a [host.NAME] library the importer holds host:NAME for. Memories,
// tables and globals never cross. Anything else fails the build here, before
// any code is generated.
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Nanoprocess.h"
#include "w2n/Translate/NativeAbi.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Diagnose.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace w2n {

static Error err(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

/// "(i32, i32) -> i32", as the manifest and error messages spell types.
static std::string typeText(const wasm::FuncType &T) {
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

/// The Wasm type a manifest declaration stands for: each buffer is an
/// (i32 pointer, i32 length) pair.
static wasm::FuncType flatten(const BufferedExport &E) {
  wasm::FuncType T;
  auto Val = [](BufParam P) {
    switch (P) {
    case BufParam::I64:
      return wasm::ValType::I64;
    case BufParam::F32:
      return wasm::ValType::F32;
    case BufParam::F64:
      return wasm::ValType::F64;
    default:
      return wasm::ValType::I32;
    }
  };
  for (BufParam P : E.Params) {
    T.Params.push_back(wasm::ValType::I32);
    if (P == BufParam::InBuf || P == BufParam::OutBuf)
      T.Params.push_back(wasm::ValType::I32);
    else
      T.Params.back() = Val(P);
  }
  for (BufParam P : E.Results)
    T.Results.push_back(Val(P));
  return T;
}

static const wasm::Export *findFuncExport(const wasm::Module &M,
                                          StringRef Name) {
  for (const wasm::Export &E : M.Exports)
    if (E.Kind == wasm::ExternKind::Func && E.Name == Name)
      return &E;
  return nullptr;
}

static const char *kindName(wasm::ExternKind K) {
  switch (K) {
  case wasm::ExternKind::Func:
    return "function";
  case wasm::ExternKind::Table:
    return "table";
  case wasm::ExternKind::Memory:
    return "memory";
  case wasm::ExternKind::Global:
    return "global";
  case wasm::ExternKind::Tag:
    return "tag";
  }
  return "import";
}

/// Checks the manifest's [nanoprocess.X.exports] against the module and
/// finds cabi_realloc where buffers need it.
static Error checkDeclaredExports(const Manifest &M, NanoprocessPlan &NP) {
  const wasm::Module &WM = NP.Module;
  if (const wasm::Export *R = findFuncExport(WM, "cabi_realloc"))
    NP.ReallocIndex = R->Index;
  bool NeedsRealloc = false;
  for (const BufferedExport &E : NP.NP->Exports) {
    const wasm::Export *X = findFuncExport(WM, E.Name);
    if (!X)
      return err(M.Path + ": nanoprocess '" + NP.NP->Name +
                 "' declares export '" + E.Name +
                 "', which its module does not export as a function");
    wasm::FuncType Want = flatten(E);
    const wasm::FuncType &Have = WM.Types[WM.FuncTypeIndices[X->Index]];
    if (!(Have == Want))
      return err(M.Path + ": nanoprocess '" + NP.NP->Name + "': export '" +
                 E.Name + "' has type " + typeText(Have) +
                 ", but the manifest's declaration means " + typeText(Want));
    for (BufParam P : E.Params)
      NeedsRealloc |= P == BufParam::InBuf || P == BufParam::OutBuf;
  }
  if (!NeedsRealloc)
    return Error::success();
  wasm::FuncType Realloc;
  Realloc.Params.assign(4, wasm::ValType::I32);
  Realloc.Results = {wasm::ValType::I32};
  if (NP.ReallocIndex < 0 ||
      !(WM.Types[WM.FuncTypeIndices[NP.ReallocIndex]] == Realloc) ||
      WM.AllMemories.empty())
    return err(M.Path + ": nanoprocess '" + NP.NP->Name +
               "' takes buffers, so it must have a memory and export "
               "cabi_realloc with type (i32, i32, i32, i32) -> i32");
  return Error::success();
}

static Error bindImports(const Manifest &M, Plan &P, NanoprocessPlan &NP) {
  static const std::pair<StringRef, StringRef> Wasi[] = {
#define W2N_WASI_FN(Name, Sig) {#Name, Sig},
#include "w2n/wasi_functions.def"
#undef W2N_WASI_FN
  };
  const wasm::Module &WM = NP.Module;
  const std::string &Me = NP.NP->Name;
  for (uint32_t K = 0; K < WM.Imports.size(); ++K) {
    const wasm::Import &I = WM.Imports[K];
    std::string What = M.Path + ": nanoprocess '" + Me + "' imports \"" +
                       I.Module + "\".\"" + I.Name + "\"";
    if (I.Module == "wasi_snapshot_preview1") {
      if (I.Kind != wasm::ExternKind::Func)
        return err(What + ", a " + kindName(I.Kind) +
                   ": WASI provides only functions");
      std::string Sig = signatureText(WM.Types[I.FuncTypeIndex]);
      auto It = llvm::find_if(Wasi, [&](auto &W) { return W.first == I.Name; });
      if (It == std::end(Wasi))
        return err(What + ", which the runtime's WASI does not provide");
      if (It->second != Sig)
        return err(What + " with type " + typeText(WM.Types[I.FuncTypeIndex]) +
                   ", which is not its WASI signature");
      NP.WasiImports.push_back(I.Name);
      continue;
    }
    if (const HostLibrary *H = M.findHostModule(I.Module)) {
      if (I.Kind != wasm::ExternKind::Func)
        return err(What + ", a " + kindName(I.Kind) +
                   ": host libraries provide only functions");
      if (!is_contained(NP.NP->Caps.Hosts, H->Name))
        return err(What + " without the capability 'host:" + H->Name +
                   "' (grant it in the nanoprocess's capabilities)");
      const HostFunction *F = H->find(I.Name);
      if (!F)
        return err(What + ", which host '" + H->Name + "' (" + H->GluePath +
                   ") does not provide");
      const wasm::FuncType &Want = WM.Types[I.FuncTypeIndex];
      if (signatureText(Want) != F->Sig)
        return err(What + " with type " + typeText(Want) + ", but host '" +
                   H->Name + "' provides it with signature " + F->Sig);
      NP.HostBindings.push_back(
          {K, I.Module, I.Name, H->Name, F->Symbol, Want});
      continue;
    }
    const Nanoprocess *Callee = M.find(I.Module);
    if (!Callee)
      return err(What + ": '" + I.Module +
                 "' is neither a nanoprocess of this manifest, a [host] "
                 "library nor wasi_snapshot_preview1");
    if (I.Kind != wasm::ExternKind::Func)
      return err(What + ", a " + kindName(I.Kind) +
                 ": only functions cross between nanoprocesses");
    if (Callee->Name == Me)
      return err(What + ": a nanoprocess cannot import from itself");
    unsigned CI = unsigned(Callee - M.Procs.data());
    const NanoprocessPlan &CP = P.Procs[CI];
    const wasm::Export *X = findFuncExport(CP.Module, I.Name);
    if (!X)
      return err(What + ", which '" + I.Module +
                 "' does not export as a function");
    if (!(NP.CallMask & (1ull << CI)))
      return err(What + " without the capability 'call:" + I.Module +
                 "' (only its parent '" + Callee->Parent +
                 "' and holders of 'call:" + I.Module + "' may call it)");
    const wasm::FuncType &Want = WM.Types[I.FuncTypeIndex];
    const wasm::FuncType &Have =
        CP.Module.Types[CP.Module.FuncTypeIndices[X->Index]];
    if (!(Want == Have))
      return err(What + " with type " + typeText(Want) + ", but '" + I.Module +
                 "' exports it with type " + typeText(Have));
    for (auto *Ts : {&Have.Params, &Have.Results})
      for (wasm::ValType V : *Ts)
        if (wasm::isRefType(V))
          return err(What + ": references cannot cross between "
                            "nanoprocesses, only numbers and buffers");
    CrossBinding B;
    B.ImportIndex = K;
    B.Module = I.Module;
    B.Name = I.Name;
    B.Callee = CI;
    B.FuncIndex = X->Index;
    B.Type = Have;
    if (Callee->RecoverTraps &&
        (Have.Results.size() > 1 ||
         (Have.Results.size() == 1 && Have.Results[0] == wasm::ValType::V128)))
      return err(What + ", but '" + I.Module +
                 "' has on-trap = \"return\", which needs exports with at "
                 "most one i32, i64, f32 or f64 result (the error value)");
    if (const BufferedExport *E = Callee->findExport(I.Name)) {
      B.Params = E->Params;
      if (llvm::any_of(E->Params, isBufParam) && WM.AllMemories.empty())
        return err(What + ", which takes buffers, but '" + Me +
                   "' has no memory");
    }
    NP.Bindings.push_back(std::move(B));
  }
  return Error::success();
}

Expected<Plan> planNanoprocesses(const Manifest &M,
                                 const wasm::Features &Features) {
  if (M.Procs.size() > 64)
    return err(M.Path + ": at most 64 nanoprocesses fit one binary");
  Plan P;
  P.M = &M;
  P.Procs.resize(M.Procs.size());
  for (unsigned I = 0; I < M.Procs.size(); ++I) {
    NanoprocessPlan &NP = P.Procs[I];
    NP.NP = &M.Procs[I];
    NP.Index = I;
    NP.Symbol = "w2n_np" + utostr(I) + "_module";
    NP.SymbolPrefix = "w2n_np" + utostr(I) + "_";
    auto Buf = MemoryBuffer::getFile(NP.NP->ModulePath, /*IsText=*/false);
    if (!Buf)
      return err(M.Path + ": nanoprocess '" + NP.NP->Name + "': module '" +
                 NP.NP->ModulePath + "': " + Buf.getError().message());
    NP.Bytes = std::move(*Buf);
    ArrayRef<uint8_t> Bytes(
        reinterpret_cast<const uint8_t *>(NP.Bytes->getBufferStart()),
        NP.Bytes->getBufferSize());
    auto WM = wasm::decode(Bytes, Features);
    if (!WM) {
      // As a single-module build says it: the proposal and the flag.
      std::string Hint;
      Error E = handleErrors(
          WM.takeError(), [&](std::unique_ptr<wasm::WasmError> WE) -> Error {
            if (auto Need = wasm::neededFeature(Bytes, Features, WE->Offset))
              Hint = (": the module uses " + Need->Description +
                      ", a proposal not enabled; pass --enable-" + Need->Flag)
                         .str();
            return Error(std::move(WE));
          });
      return err(M.Path + ": nanoprocess '" + NP.NP->Name + "': module '" +
                 NP.NP->ModulePath + "': " + toString(std::move(E)) + Hint);
    }
    NP.Module = std::move(*WM);
    if (Error E = checkDeclaredExports(M, NP))
      return std::move(E);
  }
  // A parent may call each of its children; call:NAME adds NAME.
  for (unsigned I = 0; I < M.Procs.size(); ++I) {
    for (unsigned J = 0; J < M.Procs.size(); ++J)
      if (M.Procs[J].Parent == M.Procs[I].Name)
        P.Procs[I].CallMask |= 1ull << J;
    for (const std::string &C : M.Procs[I].Caps.Calls)
      if (const Nanoprocess *T = M.find(C))
        P.Procs[I].CallMask |= 1ull << (T - M.Procs.data());
  }
  for (NanoprocessPlan &NP : P.Procs)
    if (Error E = bindImports(M, P, NP))
      return std::move(E);
  return std::move(P);
}

} // namespace w2n
