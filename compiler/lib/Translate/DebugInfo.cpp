//===- DebugInfo.cpp - DWARF for translated functions (-g) ----------------===//
//
// DWARF in a Wasm binary addresses code by its offset from the start of the
// code section's contents; the translator tells the file offset of each
// instruction it translates, so the two meet in at().
//
//===----------------------------------------------------------------------===//

#include "DebugInfo.h"
#include "ModuleContext.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;
using namespace w2n;

DebugInfo::DebugInfo(ModuleContext &MC, ArrayRef<uint8_t> Binary)
    : MC(MC), DIB(MC.LM) {
  Module &LM = MC.LM;
  LM.addModuleFlag(Module::Warning, "Dwarf Version", 5);
  LM.addModuleFlag(Module::Warning, "Debug Info Version",
                   DEBUG_METADATA_VERSION);
  std::string Name = MC.Opts.ModuleName.empty() ? "module" : MC.Opts.ModuleName;
  ModuleFile = DIB.createFile(Name + ".wasm", ".");
  DIB.createCompileUnit(dwarf::DW_LANG_C11, ModuleFile, "wasm2native",
                        /*isOptimized=*/true, "", 0);
  readDwarf(Binary);

  DISubroutineType *Ty = DIB.createSubroutineType(DIB.getOrCreateTypeArray({}));
  const wasm::Module &WM = MC.WM;
  // A partition describes its own functions only.
  First = MC.Part ? MC.Part->Begin : 0;
  uint32_t End = MC.Part ? MC.Part->End : WM.Funcs.size();
  for (uint32_t I = First; I < End; ++I) {
    uint32_t Index = WM.NumImportedFuncs + I;
    std::string FnName =
        Index < WM.FuncNames.size() && !WM.FuncNames[Index].empty()
            ? WM.FuncNames[Index]
            : "f" + std::to_string(Index);
    // The subprogram sits in the source file of its first instruction.
    DIFile *File = ModuleFile;
    unsigned Line = 0;
    if (Dwarf && WM.Funcs[I].BodyOffset >= CodeStart) {
      DILineInfo LI = lineInfo(WM.Funcs[I].BodyOffset);
      if (LI.Line) {
        File = file(LI.FileName);
        Line = LI.Line;
      }
    }
    Function *F = MC.definedFunction(Index);
    DISubprogram *SP = DIB.createFunction(
        File, FnName, /*LinkageName=*/"", File, Line, Ty, Line,
        DINode::FlagPrototyped,
        DISubprogram::SPFlagDefinition | DISubprogram::SPFlagOptimized |
            DISubprogram::SPFlagLocalToUnit);
    F->setSubprogram(SP);
    // Unwind tables let the runtime name a trap's Wasm callers.
    F->setUWTableKind(UWTableKind::Async);
    Subprograms.push_back(SP);
  }
}

DebugInfo::~DebugInfo() = default;

DIFile *DebugInfo::file(StringRef Path) {
  auto [It, New] = Files.try_emplace(Path, nullptr);
  if (New)
    It->second =
        DIB.createFile(sys::path::filename(Path), sys::path::parent_path(Path));
  return It->second;
}

/// Collects the .debug_* custom sections and where the code section's
/// contents start (the origin of DWARF addresses in Wasm).
void DebugInfo::readDwarf(ArrayRef<uint8_t> Bin) {
  size_t P = 8;
  auto Leb = [&](size_t &Q) {
    uint64_t V = 0;
    for (unsigned Shift = 0; Q < Bin.size() && Shift < 64; Shift += 7) {
      uint8_t B = Bin[Q++];
      V |= uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80))
        break;
    }
    return V;
  };
  while (P < Bin.size()) {
    uint8_t Id = Bin[P++];
    uint64_t Size = Leb(P);
    if (Size > Bin.size() - P)
      return;
    size_t End = P + Size;
    if (Id == 10)
      CodeStart = P;
    if (Id == 0) {
      size_t Q = P;
      uint64_t Len = Leb(Q);
      if (Len <= End - Q) {
        StringRef Name(reinterpret_cast<const char *>(&Bin[Q]), Len);
        StringRef Data(reinterpret_cast<const char *>(&Bin[Q + Len]),
                       End - Q - Len);
        if (Name.consume_front(".debug_"))
          Sections[("debug_" + Name).str()] =
              MemoryBuffer::getMemBuffer(Data, Name, false);
      }
    }
    P = End;
  }
  if (Sections.count("debug_line") && CodeStart)
    Dwarf = DWARFContext::create(Sections, /*AddrSize=*/4);
}

DILineInfo DebugInfo::lineInfo(uint64_t Offset) {
  return Dwarf->getLineInfoForAddress(
      {Offset - CodeStart, object::SectionedAddress::UndefSection},
      DILineInfoSpecifier(
          DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
          DINameKind::None));
}

DILocation *DebugInfo::at(uint32_t FuncIndex, uint64_t Offset) {
  DISubprogram *SP = Subprograms[FuncIndex - MC.WM.NumImportedFuncs - First];
  if (!Dwarf || Offset < CodeStart)
    return DILocation::get(MC.C, SP->getLine(), 0, SP);
  DILineInfo LI = lineInfo(Offset);
  if (!LI.Line)
    return DILocation::get(MC.C, SP->getLine(), 0, SP);
  DIFile *File = file(LI.FileName);
  DIScope *Scope = SP;
  if (File != SP->getFile())
    Scope = DIB.createLexicalBlockFile(SP, File);
  return DILocation::get(MC.C, LI.Line, LI.Column, Scope);
}

void DebugInfo::finish() {
  for (uint32_t I = 0; I < Subprograms.size(); ++I) {
    DISubprogram *SP = Subprograms[I];
    Function *F = MC.definedFunction(MC.WM.NumImportedFuncs + First + I);
    DILocation *Loc = DILocation::get(MC.C, SP->getLine(), 0, SP);
    for (Instruction &I : instructions(*F))
      if (!I.getDebugLoc())
        I.setDebugLoc(Loc);
  }
  DIB.finalize();
}
