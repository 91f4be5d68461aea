//===- ExactTraps.cpp - Keep LLVM from losing traps or stores before them -===//
//
// With guard regions (and for software-checked accesses whose short offset
// relies on the memory's PROT_NONE tail) the bounds check of a Wasm access
// is the hardware fault of the access itself, which LLVM does not know
// about: to it, a load cannot fault and a store loop is only its final
// memory contents. Two transforms act on that and change what a Wasm
// program observes at every optimisation level above -O0:
//
//  - X86CmovConversion turns every CMOV with a folded load into a branch
//    around the load (`-x86-cmov-converter-force-mem-operand`), so
//    `select(c, load p, x)` no longer traps when c picks x. Wasm's select
//    evaluates both operands. The translator's keep-alive makes such loads
//    volatile before instruction selection, which keeps MachineSink and
//    CodeGenPrepare's select-to-branch away from them, but the x86 folding
//    and this pass do not look at volatility. The converter still turns
//    register CMOVs in hot loops into branches; only the loads stay put.
//    AArch64 (CSEL) and RISC-V (branches, or Zicond/XVentana CZERO) have no
//    conditional load to unfold, and their IR-level SelectOptimize does not
//    sink instructions with side effects, which volatile loads have.
//
//  - LoopIdiomRecognize replaces a loop of stores of one byte value by
//    memset, and a loop copying with equal strides by memcpy or memmove.
//    When the loop runs past the end of memory, the C library's routine
//    writes in its own order (glibc's x86 memset stores the last vector
//    first; every memset writes upwards, also for a loop that went
//    downwards), so the in-bounds stores before the trap are lost, or
//    stores after it are done. Both formations are off
//    (`-disable-loop-idiom-memset`, `-disable-loop-idiom-memcpy`, which
//    covers memmove); the pass still recognises popcount and
//    count-leading/trailing-zeros loops. The translator's own memory.fill
//    and memory.copy are checked in full before their memset/memmove, as
//    the spec wants, and are unaffected.
//
// OrderedStoresPass (OrderedStores.cpp), the DAG combiner's store merging and
// MemCpyOpt are the other half: they keep stores in separate accesses.
//
//===----------------------------------------------------------------------===//
#include "w2n/CodeGen/ExactTraps.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

void w2n::disableTrapLosingTransforms() {
  static const struct {
    const char *Name;
    const char *Value;
  } Defaults[] = {
      {"x86-cmov-converter-force-mem-operand", "false"},
      {"disable-loop-idiom-memset", "true"},
      {"disable-loop-idiom-memcpy", "true"},
  };
  auto &Opts = cl::getRegisteredOptions();
  for (const auto &D : Defaults) {
    auto It = Opts.find(D.Name);
    // Given with -mllvm: the user's choice, e.g. to measure the cost.
    if (It != Opts.end() && It->second->getNumOccurrences() == 0)
      It->second->addOccurrence(0, D.Name, D.Value);
  }
}
