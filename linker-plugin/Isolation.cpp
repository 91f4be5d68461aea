//===- Isolation.cpp - Per-nanoprocess sections and the isolation check ---===//
//
// A compiled nanoprocess is one ELF relocatable object. placeInSections
// renames its sections to `.w2n.<name>.*`: lld keeps such unknown names as
// separate output sections (it only folds `.text.*`, `.data.*`, ... into
// their parents), so each nanoprocess's code and data stay distinct in the
// executable. checkIsolation then proves from the symbols and relocations
// that no nanoprocess can reach another except through the glue.
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Nanoprocess.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/ObjCopy/CommonConfig.h"
#include "llvm/ObjCopy/ELF/ELFConfig.h"
#include "llvm/ObjCopy/ELF/ELFObjcopy.h"
#include "llvm/Object/ELFObjectFile.h"

using namespace llvm;
using namespace llvm::object;

namespace w2n {

static Error err(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

/// The part of `.w2n.<name>.<part>` a standard section name goes to.
static StringRef partFor(StringRef Section) {
  auto Is = [&](StringRef P) {
    return Section == P || Section.starts_with((P + ".").str());
  };
  if (Is(".text"))
    return "text";
  // .s*: RISC-V's small data sections.
  if (Is(".rodata") || Is(".srodata"))
    return "rodata";
  if (Is(".data") || Is(".data.rel.ro") || Is(".sdata"))
    return "data";
  if (Is(".bss") || Is(".sbss"))
    return "bss";
  return "";
}

static Expected<std::unique_ptr<ELFObjectFileBase>>
openELF(StringRef What, ArrayRef<char> Data) {
  MemoryBufferRef Ref(StringRef(Data.data(), Data.size()), What);
  auto Obj = ObjectFile::createObjectFile(Ref);
  if (!Obj)
    return Obj.takeError();
  if (!isa<ELFObjectFileBase>(**Obj))
    return err(What + ": not an ELF object");
  return std::unique_ptr<ELFObjectFileBase>(
      cast<ELFObjectFileBase>(Obj->release()));
}

Expected<SmallVector<char, 0>> placeInSections(StringRef Name,
                                               ArrayRef<char> Object) {
  auto Obj = openELF(Name, Object);
  if (!Obj)
    return Obj.takeError();
  std::vector<std::pair<std::string, std::string>> Renames;
  for (const SectionRef &S : (*Obj)->sections()) {
    Expected<StringRef> SN = S.getName();
    if (!SN)
      return SN.takeError();
    StringRef Part = partFor(*SN);
    if (!Part.empty())
      Renames.emplace_back(SN->str(), (".w2n." + Name + "." + Part).str());
  }
  objcopy::CommonConfig CC;
  objcopy::ELFConfig EC;
  for (auto &[From, To] : Renames)
    CC.SectionsToRename.try_emplace(From, objcopy::SectionRename{From, To, {}});
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = objcopy::elf::executeObjcopyOnBinary(CC, EC, **Obj, OS))
    return std::move(E);
  return std::move(Out);
}

/// What generated code may call outside its own object: the runtime entry
/// points of abi.h, and the C library routines LLVM lowers some operations
/// to (bulk memory, float rounding, 128-bit arithmetic helpers).
static bool isRuntimeEntryPoint(StringRef Sym) {
  static const StringSet<> Allowed = {"w2n_trap",
                                      "w2n_trap_detail",
                                      "w2n_trap_for_caller",
                                      "w2n_trap_stack",
                                      "w2n_memory_grow",
                                      "w2n_memory_fill",
                                      "w2n_memory_copy",
                                      "w2n_memory_init",
                                      "w2n_data_drop",
                                      "w2n_table_grow",
                                      "w2n_table_fill",
                                      "w2n_table_copy",
                                      "w2n_table_init",
                                      "w2n_elem_drop",
                                      "w2n_exn_pending",
                                      "w2n_exn_new",
                                      "w2n_exn_free",
                                      "memcpy",
                                      "memmove",
                                      "memset",
                                      "ceil",
                                      "ceilf",
                                      "floor",
                                      "floorf",
                                      "trunc",
                                      "truncf",
                                      "nearbyint",
                                      "nearbyintf",
                                      "rint",
                                      "rintf",
                                      "roundeven",
                                      "roundevenf",
                                      "fmin",
                                      "fminf",
                                      "fmax",
                                      "fmaxf",
                                      "sqrt",
                                      "sqrtf",
                                      "fma",
                                      "fmaf",
                                      "__multi3",
                                      "__divti3",
                                      "__udivti3",
                                      "__modti3",
                                      "__umodti3"};
  return Allowed.contains(Sym);
}

Error checkIsolation(StringRef ManifestPath,
                     ArrayRef<NanoprocessObject> Objects) {
  std::vector<std::unique_ptr<ELFObjectFileBase>> Objs;
  StringMap<std::string> Owner; // global symbol -> nanoprocess defining it
  for (const NanoprocessObject &O : Objects) {
    auto Obj = openELF(O.Name, O.Data);
    if (!Obj)
      return Obj.takeError();
    for (const SymbolRef &S : (*Obj)->symbols()) {
      Expected<uint32_t> Flags = S.getFlags();
      Expected<StringRef> SN = S.getName();
      if (!Flags || !SN)
        return Flags ? SN.takeError() : Flags.takeError();
      if ((*Flags & SymbolRef::SF_Undefined) ||
          !(*Flags & SymbolRef::SF_Global))
        continue;
      if (*SN != O.Descriptor)
        return err(ManifestPath + ": isolation: nanoprocess '" + O.Name +
                   "' defines the global symbol '" + *SN +
                   "'; only its descriptor '" + O.Descriptor +
                   "' may be global");
      Owner[*SN] = O.Name;
    }
    Objs.push_back(std::move(*Obj));
  }

  for (size_t I = 0; I < Objects.size(); ++I) {
    const NanoprocessObject &O = Objects[I];
    std::string Prefix = ".w2n." + O.Name + ".";
    for (const SectionRef &S : Objs[I]->sections()) {
      Expected<StringRef> SN = S.getName();
      if (!SN)
        return SN.takeError();
      uint64_t Flags = ELFSectionRef(S).getFlags();
      if ((Flags & ELF::SHF_ALLOC) && !SN->starts_with(Prefix) &&
          *SN != ".eh_frame")
        return err(ManifestPath + ": isolation: nanoprocess '" + O.Name +
                   "' has the section '" + *SN + "' outside its " + Prefix +
                   "* sections");
      Expected<section_iterator> Target = S.getRelocatedSection();
      if (!Target)
        return Target.takeError();
      if (*Target == Objs[I]->section_end())
        continue;
      Expected<StringRef> TN = (*Target)->getName();
      if (!TN)
        return TN.takeError();
      for (const RelocationRef &R : S.relocations()) {
        symbol_iterator Sym = R.getSymbol();
        if (Sym == Objs[I]->symbol_end())
          continue;
        Expected<uint32_t> SF = Sym->getFlags();
        Expected<StringRef> Name = Sym->getName();
        if (!SF || !Name)
          return SF ? Name.takeError() : SF.takeError();
        if (!(*SF & SymbolRef::SF_Undefined) || isRuntimeEntryPoint(*Name))
          continue;
        auto It = Owner.find(*Name);
        return err(ManifestPath + ": isolation: section '" + *TN +
                   "' of nanoprocess '" + O.Name + "' refers to '" + *Name +
                   "', " +
                   (It != Owner.end()
                        ? "which belongs to nanoprocess '" + It->second +
                              "'; nanoprocesses reach each other only "
                              "through trampolines"
                        : std::string("which is not a runtime entry point")));
      }
    }
  }
  return Error::success();
}

} // namespace w2n
