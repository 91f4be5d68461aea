//===- Emit.h - Writing a module out --------------------------------------===//
#ifndef W2N_CODEGEN_EMIT_H
#define W2N_CODEGEN_EMIT_H

#include "w2n/CodeGen/Options.h"

#include "llvm/Support/Error.h"

namespace llvm {
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace w2n {

/// Writes M as an object, assembly, LLVM text or bitcode.
llvm::Error emitModule(llvm::Module &M, llvm::TargetMachine &TM,
                       OutputKind Kind, llvm::raw_pwrite_stream &OS);

} // namespace w2n

#endif
