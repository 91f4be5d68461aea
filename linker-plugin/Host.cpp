//===- Host.cpp - Host capabilities from wasm2native-bindgen glue ---------===//
//
// wasm2native-bindgen writes, next to its wrappers, a `.w2n.host` section of
// text lines:
//   w2n-host 1
//   name NAME            (the capability host:NAME)
//   module MODULE        (the import module)
//   func FN SIG SYMBOL   (one per host function)
// The link reads it from the compiled glue object, so the object alone says
// what it provides and the manifest only names it.
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Manifest.h"

#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace w2n {

static Error err(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

const HostFunction *HostLibrary::find(StringRef FnName) const {
  for (const HostFunction &F : Functions)
    if (F.Name == FnName)
      return &F;
  return nullptr;
}

Expected<HostLibrary> readHostGlue(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false);
  if (!Buf)
    return err("'" + Path + "': " + Buf.getError().message());
  auto Obj = object::ObjectFile::createObjectFile((*Buf)->getMemBufferRef());
  if (!Obj)
    return err("'" + Path +
               "' is not an object file (compile the output of "
               "wasm2native-bindgen with -c): " +
               toString(Obj.takeError()));
  std::string Text;
  for (const object::SectionRef &S : (*Obj)->sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name || *Name != ".w2n.host") {
      consumeError(Name.takeError());
      continue;
    }
    Expected<StringRef> Data = S.getContents();
    if (!Data)
      return err("'" + Path + "': " + toString(Data.takeError()));
    Text += Data->str();
  }
  if (Text.empty())
    return err("'" + Path +
               "' has no .w2n.host section: it was not "
               "compiled from wasm2native-bindgen's output");

  HostLibrary H;
  H.GluePath = Path.str();
  SmallVector<StringRef, 16> Lines;
  StringRef(Text).split(Lines, '\n', -1, false);
  for (StringRef Line : Lines) {
    Line = Line.trim(StringRef("\0 \t\r", 4));
    if (Line.empty())
      continue;
    SmallVector<StringRef, 4> F;
    Line.split(F, ' ', -1, false);
    if (F[0] == "w2n-host" && F.size() == 2) {
      if (F[1] != "1")
        return err("'" + Path + "': host glue version " + F[1] +
                   ", this linker reads version 1 (regenerate it with this "
                   "wasm2native-bindgen)");
    } else if (F[0] == "name" && F.size() == 2) {
      if (!H.Name.empty() && H.Name != F[1])
        return err("'" + Path +
                   "' holds the glue of several host "
                   "capabilities ('" +
                   H.Name + "', '" + F[1] + "'); give each its own object");
      H.Name = F[1].str();
    } else if (F[0] == "module" && F.size() == 2) {
      H.Module = F[1].str();
    } else if (F[0] == "func" && F.size() == 4) {
      H.Functions.push_back({F[1].str(), F[2].str(), F[3].str()});
    } else {
      return err("'" + Path + "': malformed .w2n.host line '" + Line + "'");
    }
  }
  if (H.Name.empty() || H.Module.empty())
    return err("'" + Path + "': .w2n.host names no capability or module");
  return H;
}

} // namespace w2n
