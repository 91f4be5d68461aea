//===- Partition.cpp - Compile a large module on several threads ----------===//
//
// A large module is cut into partitions of consecutive defined functions,
// each about PartitionBytes of Wasm code, plus one shared partition for what
// exists once per module (descriptor, invoke thunks, init function, tail-call
// table, w2n_main_config). The cut depends only on the module, never on the
// thread count, so the object is the same whatever -j says. Each partition is
// translated from the decoded module straight into its own LLVMContext
// (translatePartition: the functions it calls in other partitions are
// declarations), optimised and code-generated on a worker thread, and its IR
// is freed as soon as its object is written to a temporary file. Peak memory
// is the decoded module plus one partition's IR per thread; the whole-module
// IR never exists. The objects are merged by `ld.lld -r` in partition order,
// and the symbols that had to be hidden globals to cross partitions are made
// local again, so the result has the same symbol shape as a single-threaded
// compile: only the descriptor (and w2n_main_config) are global, as
// Isolation.cpp requires.
//
//===----------------------------------------------------------------------===//

#include "Partition.h"
#include "w2n/CodeGen/Budget.h"
#include "w2n/Link/Lld.h"
#include "w2n/Support/OutputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/Timer.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace w2n {

/// Wasm code bytes per partition. A module with less than twice this much
/// code stays in one piece, so whole-module inlining and internal calling
/// conventions apply to ordinary programs (a 256 KiB partition is about
/// 100,000 IR instructions).
static constexpr uint64_t PartitionBytes = 256 << 10;

/// Functions per partition. LLVM's memory grows with the number of
/// functions as well as with their size (the analyses cached for each
/// function, about 25 KiB per small function at -O2), so a module of many
/// tiny functions is cut by count too: 4096 functions of any size are a
/// partition's worth, which bounds peak memory per thread at about 150 MiB
/// whatever the function count.
static constexpr uint32_t PartitionFuncs = 4096;

/// The shared partition, then runs of consecutive defined functions of about
/// PartitionBytes or PartitionFuncs each, whichever comes first; empty when
/// the module is small enough for one piece.
static std::vector<PartitionSpec> assignPartitions(const wasm::Module &WM) {
  uint64_t Total = 0;
  for (const auto &F : WM.Funcs)
    Total += F.Body.size() + 1;
  if (Total < 2 * PartitionBytes && WM.Funcs.size() < 2 * PartitionFuncs)
    return {};
  std::vector<PartitionSpec> Parts;
  PartitionSpec Shared;
  Shared.Shared = true;
  Parts.push_back(Shared);
  uint64_t Acc = 0;
  for (uint32_t I = 0; I < WM.Funcs.size(); ++I) {
    if (Acc == 0)
      Parts.push_back({I, I, false});
    Parts.back().End = I + 1;
    Acc += WM.Funcs[I].Body.size() + 1;
    if (Acc >= PartitionBytes ||
        Parts.back().End - Parts.back().Begin >= PartitionFuncs)
      Acc = 0;
  }
  // One function partition (a single huge function): nothing to share out.
  if (Parts.size() == 2)
    return {};
  return Parts;
}

/// Translates, optimises and emits one partition into a temporary object
/// file, Out. Everything it allocates, its IR above all, is gone when it
/// returns.
static Error compilePartition(const wasm::Module &WM,
                              const TranslateOptions &TO,
                              const CodeGenOptions &Opts,
                              const std::optional<RuntimeConfig> &MainConfig,
                              const PartitionSpec &Part,
                              std::optional<TempObject> &Out) {
  LLVMContext Ctx;
  auto M = translatePartition(WM, Ctx, TO, Part);
  if (!M)
    return M.takeError();
  auto TM = createTargetMachine(Opts);
  if (!TM)
    return TM.takeError();
  setUpModuleForTarget(**M, **TM);
  if (Part.Shared && MainConfig)
    emitMainConfig(**M, *MainConfig);
  // Hidden symbols stay global until the partitions are merged.
  auto Obj = compileObjectWithBudget(
      **M, **TM, Opts, applyCompileBudget(**M, Opts.OptLevel, Opts.Verbose),
      /*LocalizeHidden=*/false);
  if (!Obj)
    return Obj.takeError();
  auto T = TempObject::create("w2n-part", "o", *Obj);
  if (!T)
    return T.takeError();
  Out.emplace(std::move(*T));
  return Error::success();
}

Expected<std::optional<SmallVector<char, 0>>>
compilePartitioned(const wasm::Module &WM, const TranslateOptions &TO,
                   const CodeGenOptions &Opts,
                   const std::optional<RuntimeConfig> &MainConfig,
                   bool TimeReport) {
  std::vector<PartitionSpec> Parts = assignPartitions(WM);
  if (Parts.empty())
    return std::nullopt;
  unsigned NumParts = Parts.size();

  // Removed when this function returns, whatever the outcome.
  std::vector<std::optional<TempObject>> Objects(NumParts);
  std::vector<std::string> Errors(NumParts);
  {
    NamedRegionTimer T("partitions",
                       "Translate, optimise, generate code (" +
                           utostr(NumParts) + " partitions)",
                       "wasm2native", "wasm2native compile stages", TimeReport);
    // The shared partition first: in a module with a large table or many
    // functions it is the biggest.
    DefaultThreadPool Pool(hardware_concurrency(Opts.Threads));
    for (unsigned I = 0; I < NumParts; ++I)
      Pool.async([&, I] {
        if (Error E = compilePartition(WM, TO, Opts, MainConfig, Parts[I],
                                       Objects[I]))
          Errors[I] = toString(std::move(E));
      });
    Pool.wait();
  }
  for (const std::string &E : Errors)
    if (!E.empty())
      return createStringError(inconvertibleErrorCode(), "%s", E.c_str());
  NamedRegionTimer T("merge", "Merge partitions (ld.lld -r)", "wasm2native",
                     "wasm2native compile stages", TimeReport);
  std::vector<std::string> Paths;
  for (const std::optional<TempObject> &O : Objects)
    Paths.push_back(O->path().str());
  auto Merged = linkRelocatable(Paths, /*LocalizeHidden=*/true);
  if (!Merged)
    return Merged.takeError();
  return std::optional<SmallVector<char, 0>>(std::move(*Merged));
}

} // namespace w2n
