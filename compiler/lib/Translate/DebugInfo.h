//===- DebugInfo.h - DWARF for translated functions (-g) ------*- C++ -*-===//
#ifndef W2N_TRANSLATE_DEBUGINFO_H
#define W2N_TRANSLATE_DEBUGINFO_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/DebugInfo/DIContext.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <vector>

namespace llvm {
class DWARFContext;
class DILocation;
class DISubprogram;
} // namespace llvm

namespace w2n {

class ModuleContext;

/// With -g: a DISubprogram per defined function, named from the name
/// section, and, when the binary carries DWARF of its source (.debug_*
/// custom sections, as clang -g writes), the source line of each Wasm
/// instruction through that DWARF's line table. Without it, instructions
/// get line 0 of their function.
class DebugInfo {
public:
  DebugInfo(ModuleContext &MC, llvm::ArrayRef<uint8_t> Binary);
  ~DebugInfo();

  /// The location of the instruction at file offset Offset in defined
  /// function FuncIndex.
  llvm::DILocation *at(uint32_t FuncIndex, uint64_t Offset);
  /// Gives every instruction still without a location its function's
  /// (calls between functions with subprograms need one), then finalises.
  void finish();

private:
  llvm::DIFile *file(llvm::StringRef Path);
  void readDwarf(llvm::ArrayRef<uint8_t> Binary);
  /// The module's line-table row for the code at file offset Offset.
  llvm::DILineInfo lineInfo(uint64_t Offset);

  ModuleContext &MC;
  llvm::DIBuilder DIB;
  llvm::DIFile *ModuleFile = nullptr;
  /// Per defined function, from defined function First on.
  std::vector<llvm::DISubprogram *> Subprograms;
  uint32_t First = 0;
  llvm::StringMap<llvm::DIFile *> Files;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Sections;
  std::unique_ptr<llvm::DWARFContext> Dwarf;
  uint64_t CodeStart = 0; ///< File offset of the code section's contents.
};

} // namespace w2n

#endif
