//===- Inspect.cpp - Listing the nanoprocesses of a linked binary ---------===//
//
// Symbols are stripped, so everything comes from sections: the text the
// glue stored in `.w2n.manifest` (capability tables, imports) and the
// `.w2n.<name>.*` output sections each nanoprocess's code and data live in.
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Nanoprocess.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"

#include <map>
#include <optional>

using namespace llvm;
using namespace llvm::object;

namespace w2n {

Error inspectBinary(StringRef Path, raw_ostream &OS) {
  auto Bin = ObjectFile::createObjectFile(Path);
  if (!Bin)
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             Path.str().c_str(),
                             toString(Bin.takeError()).c_str());
  const ObjectFile &Obj = *Bin->getBinary();
  StringRef Info;
  bool Found = false;
  std::map<std::string, std::vector<std::pair<std::string, uint64_t>>> ByNP;
  for (const SectionRef &S : Obj.sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name)
      return Name.takeError();
    if (*Name == ".w2n.manifest") {
      Expected<StringRef> Data = S.getContents();
      if (!Data)
        return Data.takeError();
      Info = *Data;
      Found = true;
      continue;
    }
    StringRef Rest = *Name;
    if (Rest.consume_front(".w2n."))
      ByNP[Rest.split('.').first.str()].emplace_back(Name->str(), S.getSize());
    else if (Rest.starts_with(".w2n-glue."))
      ByNP[""].emplace_back(Name->str(), S.getSize());
  }
  if (!Found)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not linked from a manifest (it has no "
                             ".w2n.manifest section)",
                             Path.str().c_str());

  auto PrintSections = [&](const std::string &NP) {
    auto It = ByNP.find(NP);
    if (It == ByNP.end())
      return;
    bool First = true;
    for (auto &[Sec, Size] : It->second) {
      OS << (First ? "  sections      " : "                ")
         << left_justify(Sec, 24) << format_decimal(Size, 8) << " bytes\n";
      First = false;
    }
  };
  SmallVector<StringRef, 64> Lines;
  Info.rtrim('\0').split(Lines, '\n', -1, false);
  std::optional<std::string> Current;
  for (StringRef L : Lines) {
    if (L.starts_with("nanoprocess '")) {
      if (Current)
        PrintSections(*Current);
      Current = L.drop_front(strlen("nanoprocess '")).split('\'').first.str();
    }
    OS << L << '\n';
  }
  if (Current)
    PrintSections(*Current);
  OS << "glue (trampolines, capability tables)\n";
  PrintSections("");
  return Error::success();
}

} // namespace w2n
