//===- Compile.cpp - The whole compile of one Wasm module -----------------===//

#include "w2n/Compile/Compile.h"
#include "Partition.h"
#include "w2n/CodeGen/Budget.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace w2n {

namespace {
/// One stage of compileModule: announced to R.OnStage and, with
/// --time-report, timed in the "wasm2native" group until destroyed.
class Stage {
public:
  Stage(const CompileRequest &R, StringRef Name, StringRef Desc)
      : T(Name, Desc, "wasm2native", "wasm2native compile stages",
          R.TimeReport) {
    if (R.OnStage)
      R.OnStage(Name);
  }

private:
  NamedRegionTimer T;
};
} // namespace

Expected<SmallVector<char, 0>> compileModule(const CompileRequest &R) {
  // The target first: a bad --target/--cpu/--features is the user's
  // first problem, whatever the module holds.
  auto TM = createTargetMachine(R.CodeGen);
  if (!TM)
    return TM.takeError();

  std::optional<Stage> S;
  S.emplace(R, "decode", "Decode");
  auto WM = wasm::decode(R.Wasm, R.Translate.Features);
  if (!WM)
    return WM.takeError();
  S.reset();
  S.emplace(R, "validate", "Validate");
  if (Error E = wasm::validate(*WM, R.Translate.Features))
    return std::move(E);

  TranslateOptions TO = R.Translate;
  TO.TargetTriple = R.CodeGen.Triple;
  TO.DebugInfo = R.CodeGen.DebugInfo;
  TO.Binary = R.Wasm;
  TO.DataLayout = (*TM)->createDataLayout().getStringRepresentation();
  if (R.Kind == OutputKind::Object) {
    // A large module is translated, optimised and emitted in partitions;
    // its whole-module IR never exists.
    S.reset();
    if (R.OnStage)
      R.OnStage("partitions");
    auto Parts =
        compilePartitioned(*WM, TO, R.CodeGen, R.MainConfig, R.TimeReport);
    if (!Parts)
      return Parts.takeError();
    if (*Parts)
      return std::move(**Parts);
  }

  S.reset();
  S.emplace(R, "translate", "Translate to LLVM IR");
  LLVMContext Ctx;
  auto M = translate(*WM, Ctx, TO);
  if (!M)
    return M.takeError();
  setUpModuleForTarget(**M, **TM);

  if (R.MainConfig)
    emitMainConfig(**M, *R.MainConfig);

  std::string VerifyMsg;
  raw_string_ostream VOS(VerifyMsg);
  if (verifyModule(**M, &VOS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: invalid IR: %s",
                             VerifyMsg.c_str());

  S.reset();
  S.emplace(R, "optimise", "Optimise (-O" + utostr(R.CodeGen.OptLevel) + ")");
  SmallVector<Function *, 4> OverBudget =
      applyCompileBudget(**M, R.CodeGen.OptLevel, R.CodeGen.Verbose);
  if (R.Kind == OutputKind::Object && !OverBudget.empty())
    return compileObjectWithBudget(**M, **TM, R.CodeGen, OverBudget);
  optimizeModule(**M, **TM, R.CodeGen.OptLevel, R.CodeGen.SizeLevel);
  prepareForTarget(**M, **TM);

  S.reset();
  S.emplace(R, "codegen", "Generate code");
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = emitModule(**M, **TM, R.Kind, OS))
    return std::move(E);
  return std::move(Out);
}

} // namespace w2n
