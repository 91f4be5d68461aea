//===- Lld.cpp - Running lld in this process ------------------------------===//

#include "w2n/Link/Lld.h"
#include "w2n/Support/OutputFile.h"

#include "lld/Common/Driver.h"
#include "llvm/ObjCopy/CommonConfig.h"
#include "llvm/ObjCopy/ELF/ELFConfig.h"
#include "llvm/ObjCopy/ELF/ELFObjcopy.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <list>
#include <mutex>
#include <vector>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace w2n {

Error runLld(ArrayRef<std::string> Args, StringRef What) {
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  static std::mutex LldMutex;
  std::lock_guard<std::mutex> Lock(LldMutex);
  std::string Diag;
  raw_string_ostream DiagOS(Diag);
  lld::Result R =
      lld::lldMain(Argv, DiagOS, DiagOS, {{lld::Gnu, &lld::elf::link}});
  if (R.retCode == 0 && R.canRunAgain)
    return Error::success();
  DiagOS.flush();
  StringRef Msg = StringRef(Diag).trim();
  return createStringError(
      inconvertibleErrorCode(), "%s: %s", What.str().c_str(),
      Msg.empty() ? "lld returned an error" : Msg.str().c_str());
}

Expected<SmallVector<char, 0>> linkRelocatable(ArrayRef<std::string> Paths,
                                               bool LocalizeHidden) {
  auto Out = TempObject::create("w2n-merged", "o", {});
  if (!Out)
    return Out.takeError();
  std::vector<std::string> Args = {"ld.lld", "-r", "-o", Out->path().str()};
  Args.insert(Args.end(), Paths.begin(), Paths.end());
  if (Error E = runLld(Args, "merging partitions failed"))
    return std::move(E);

  auto Buf = MemoryBuffer::getFile(Out->path());
  if (!Buf)
    return errorCodeToError(Buf.getError());
  auto Obj = object::ObjectFile::createObjectFile((*Buf)->getMemBufferRef());
  if (!Obj)
    return Obj.takeError();
  auto *ELF = dyn_cast<object::ELFObjectFileBase>(Obj->get());
  if (!ELF)
    return createStringError(inconvertibleErrorCode(),
                             "merging partitions gave a non-ELF object");
  objcopy::CommonConfig CC;
  objcopy::ELFConfig EC;
  EC.LocalizeHidden = LocalizeHidden;
  SmallVector<char, 0> Result;
  raw_svector_ostream OS(Result);
  if (Error E = objcopy::elf::executeObjcopyOnBinary(CC, EC, *ELF, OS))
    return std::move(E);
  return std::move(Result);
}

Expected<SmallVector<char, 0>>
mergeObjectBuffers(MutableArrayRef<SmallVector<char, 0>> Objects,
                   bool LocalizeHidden) {
  std::list<TempObject> Temps;
  std::vector<std::string> Paths;
  for (SmallVector<char, 0> &O : Objects) {
    auto T = TempObject::create("w2n-part", "o", O);
    if (!T)
      return T.takeError();
    O = {};
    Temps.push_back(std::move(*T));
    Paths.push_back(Temps.back().path().str());
  }
  return linkRelocatable(Paths, LocalizeHidden);
}

} // namespace w2n
