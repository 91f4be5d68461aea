//===- Options.h - What the code generator is asked for -------------------===//
#ifndef W2N_CODEGEN_OPTIONS_H
#define W2N_CODEGEN_OPTIONS_H

#include <string>

namespace w2n {

struct CodeGenOptions {
  std::string Triple = "x86_64-unknown-linux-gnu"; ///< Normalised triple.
  std::string CPU;      ///< Empty: the target's generic CPU.
  std::string Features; ///< Extra "+x,-y" features.
  unsigned OptLevel = 2;
  /// 1 for -Os, 2 for -Oz: LLVM's size levels on top of OptLevel 2.
  unsigned SizeLevel = 0;
  bool DebugInfo = false;
  unsigned Threads = 0; ///< Threads for a partitioned compile; 0: all cores.
  /// Position-independent code, for objects linked into a C program (PIE
  /// by default) rather than into a static executable by wasm2native.
  bool PIC = false;
  /// Say which functions the compile budget keeps from the optimiser
  /// (Budget.h).
  bool Verbose = false;
};

enum class OutputKind { Object, Assembly, LLVMText, LLVMBitcode };

} // namespace w2n

#endif
