//===- Nanoprocess.cpp - The `--manifest` build, stage by stage -----------===//

#include "w2n/Link/Nanoprocess.h"
#include "w2n/Compile/Compile.h"
#include "w2n/Link/Link.h"
#include "w2n/Support/OutputFile.h"

#include "llvm/Support/raw_ostream.h"

#include <list>

using namespace llvm;

namespace w2n {

Error linkNanoprocesses(const NanoprocessLinkOptions &Opts) {
  auto M = loadManifest(Opts.ManifestPath);
  if (!M)
    return M.takeError();
  auto P = planNanoprocesses(*M, Opts.Translate.Features);
  if (!P)
    return P.takeError();

  std::vector<SmallVector<char, 0>> Objects;
  for (const NanoprocessPlan &NP : P->Procs) {
    if (Opts.Verbose)
      errs() << "wasm2native: nanoprocess '" << NP.NP->Name << "': compiling "
             << NP.NP->ModulePath << '\n';
    CompileRequest R;
    R.Wasm = ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(NP.Bytes->getBufferStart()),
        NP.Bytes->getBufferSize());
    R.Translate = Opts.Translate;
    R.Translate.DescriptorSymbol = NP.Symbol;
    R.Translate.SymbolPrefix = NP.SymbolPrefix;
    R.Translate.ModuleName = NP.NP->Name;
    // Stack budgets are enforced by the explicit check.
    R.Translate.StackCheckEveryCall = true;
    R.CodeGen = Opts.CodeGen;
    auto Obj = compileModule(R);
    if (!Obj)
      return createStringError(inconvertibleErrorCode(),
                               "%s: nanoprocess '%s': %s: %s", M->Path.c_str(),
                               NP.NP->Name.c_str(), NP.NP->ModulePath.c_str(),
                               toString(Obj.takeError()).c_str());
    auto Placed = placeInSections(NP.NP->Name, *Obj);
    if (!Placed)
      return Placed.takeError();
    Objects.push_back(std::move(*Placed));
  }

  std::vector<NanoprocessObject> Checked;
  for (const NanoprocessPlan &NP : P->Procs)
    Checked.push_back({NP.NP->Name, NP.Symbol, Objects[NP.Index]});
  if (Error E = checkIsolation(M->Path, Checked))
    return E;

  auto Glue = buildGlue(*P, Opts.CodeGen);
  if (!Glue)
    return Glue.takeError();

  // Removed when this function returns, whatever the outcome.
  std::list<TempObject> Temps;
  LinkOptions L;
  L.Triple = Opts.CodeGen.Triple;
  for (const NanoprocessPlan &NP : P->Procs) {
    auto T =
        TempObject::create("w2n-np-" + NP.NP->Name, "o", Objects[NP.Index]);
    if (!T)
      return T.takeError();
    Temps.push_back(std::move(*T));
    L.Objects.push_back(Temps.back().path().str());
  }
  auto GlueObj = TempObject::create("w2n-np-glue", "o", *Glue);
  if (!GlueObj)
    return GlueObj.takeError();
  L.Objects.push_back(GlueObj->path().str());
  // Host glue and the host code it calls: trusted, linked as they are.
  for (const HostLibrary &H : M->Hosts) {
    L.Objects.push_back(H.GluePath);
    L.Objects.insert(L.Objects.end(), H.LinkInputs.begin(), H.LinkInputs.end());
  }
  L.RuntimeLib = Opts.RuntimeLib;
  L.Output = Opts.Output;
  L.Strip = Opts.Strip;
  L.Verbose = Opts.Verbose;
  return linkExecutable(L);
}

} // namespace w2n
