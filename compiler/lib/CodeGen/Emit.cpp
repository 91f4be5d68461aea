//===- Emit.cpp - Writing a module out ------------------------------------===//

#include "w2n/CodeGen/Emit.h"

#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace w2n {

Error emitModule(Module &M, TargetMachine &TM, OutputKind Kind,
                 raw_pwrite_stream &OS) {
  switch (Kind) {
  case OutputKind::LLVMText:
    M.print(OS, nullptr);
    return Error::success();
  case OutputKind::LLVMBitcode:
    WriteBitcodeToFile(M, OS);
    return Error::success();
  case OutputKind::Object:
  case OutputKind::Assembly:
    break;
  }
  legacy::PassManager PM;
  auto FT = Kind == OutputKind::Object ? CodeGenFileType::ObjectFile
                                       : CodeGenFileType::AssemblyFile;
  if (TM.addPassesToEmitFile(PM, OS, nullptr, FT))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit this file type");
  PM.run(M);
  return Error::success();
}

} // namespace w2n
