//===- FuzzCompile.cpp - libFuzzer target over the compiler's front end ---===//
//
// Feeds arbitrary bytes through decode, validate, translate, the IR verifier
// and the -O0 pipeline, with every proposal enabled so that the most code is
// reachable. A rejected module is the expected outcome for most inputs; a
// crash, a sanitizer report or IR that fails the verifier is a bug.
//
//===----------------------------------------------------------------------===//
#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Translate/Translator.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include <cstdlib>

using namespace llvm;
using namespace w2n;

static TargetMachine &targetMachine() {
  static std::unique_ptr<TargetMachine> TM = [] {
    auto TMOrErr = createTargetMachine(CodeGenOptions{});
    if (!TMOrErr) {
      errs() << "w2n-fuzz: " << toString(TMOrErr.takeError()) << "\n";
      std::abort();
    }
    return std::move(*TMOrErr);
  }();
  return *TM;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  wasm::Features F = wasm::Features::all();
  auto WM = wasm::decode(ArrayRef<uint8_t>(Data, Size), F);
  if (!WM) {
    consumeError(WM.takeError());
    return 0;
  }
  if (Error E = wasm::validate(*WM, F)) {
    consumeError(std::move(E));
    return 0;
  }

  TargetMachine &TM = targetMachine();
  LLVMContext Ctx;
  TranslateOptions TO;
  TO.Features = F;
  TO.Bounds = boundsStrategies()[Size % boundsStrategies().size()].Id;
  TO.TargetTriple = TM.getTargetTriple().str();
  TO.DataLayout = TM.createDataLayout().getStringRepresentation();
  auto M = translate(*WM, Ctx, TO);
  if (!M) {
    // A valid module must translate: anything else is a translator bug.
    errs() << "w2n-fuzz: valid module failed to translate: "
           << toString(M.takeError()) << "\n";
    std::abort();
  }
  (*M)->setTargetTriple(TO.TargetTriple);
  (*M)->setDataLayout(TM.createDataLayout());
  if (verifyModule(**M, &errs())) {
    errs() << "w2n-fuzz: translation produced invalid IR\n";
    std::abort();
  }
  optimizeModule(**M, TM, 0);
  return 0;
}
