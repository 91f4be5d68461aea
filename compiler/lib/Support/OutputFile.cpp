//===- OutputFile.cpp - Writing a tool's output without harming the old one
//===//

#include "w2n/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace w2n {

static Error cannotWrite(StringRef Path, const Twine &Why) {
  if (Path == "-")
    return createStringError(inconvertibleErrorCode(),
                             "cannot write to standard output: " + Why);
  return createStringError(inconvertibleErrorCode(),
                           "cannot write '" + Path + "': " + Why);
}

/// Flushes and closes (or, for stdout, flushes) OS, turning a write error
/// into an Error; the stream's error is cleared, since an unchecked one
/// aborts the process when the stream is destroyed.
static Error finish(raw_fd_ostream &OS, StringRef Path, bool Close) {
  if (Close)
    OS.close();
  else
    OS.flush();
  if (!OS.has_error())
    return Error::success();
  std::error_code EC = OS.error();
  OS.clear_error();
  return cannotWrite(Path, EC.message());
}

/// Whether Path is to be written in place: it exists and is neither a
/// regular file nor a directory.
static Expected<bool> writesInPlace(StringRef Path) {
  if (Path == "-")
    return true;
  sys::fs::file_status St;
  if (sys::fs::status(Path, St))
    return false; // absent (or unreadable: creating it will say why)
  if (St.type() == sys::fs::file_type::directory_file)
    return cannotWrite(Path, "is a directory");
  return St.type() != sys::fs::file_type::regular_file;
}

static Error writeInPlace(StringRef Path, ArrayRef<char> Data) {
  if (Path == "-") {
    outs().write(Data.data(), Data.size());
    return finish(outs(), Path, /*Close=*/false);
  }
  int FD;
  // No O_CREAT, no O_TRUNC: the thing at Path stays what it is.
  if (std::error_code EC = sys::fs::openFileForWrite(
          Path, FD, sys::fs::CD_OpenExisting, sys::fs::OF_None))
    return cannotWrite(Path, EC.message());
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS.write(Data.data(), Data.size());
  return finish(OS, Path, /*Close=*/true);
}

Error writeOutputFile(StringRef Path, ArrayRef<char> Data) {
  auto InPlace = writesInPlace(Path);
  if (!InPlace)
    return InPlace.takeError();
  if (*InPlace)
    return writeInPlace(Path, Data);
  auto Tmp = sys::fs::TempFile::create(Path + "-%%%%%%.tmp");
  if (!Tmp)
    return cannotWrite(Path, toString(Tmp.takeError()));
  raw_fd_ostream OS(Tmp->FD, /*shouldClose=*/false);
  OS.write(Data.data(), Data.size());
  if (Error E = finish(OS, Path, /*Close=*/false)) {
    consumeError(Tmp->discard());
    return E;
  }
  if (Error E = Tmp->keep(Path))
    return cannotWrite(Path, toString(std::move(E)));
  return Error::success();
}

Error produceOutputFile(StringRef Path,
                        function_ref<Error(StringRef)> Produce) {
  auto InPlace = writesInPlace(Path);
  if (!InPlace)
    return InPlace.takeError();
  SmallString<256> Model;
  if (*InPlace) {
    sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Model);
    sys::path::append(Model, "w2n-output-%%%%%%");
  } else {
    Model = (Path + "-%%%%%%.tmp").str();
  }
  // Only a name: the producer creates the file, and lld would first unlink
  // an existing one in a thread that may outlive the process.
  SmallString<256> Tmp;
  sys::fs::createUniquePath(Model, Tmp, /*MakeAbsolute=*/false);
  sys::RemoveFileOnSignal(Tmp);
  auto Done = [&](Error E) {
    sys::fs::remove(Tmp);
    sys::DontRemoveFileOnSignal(Tmp);
    return E;
  };
  if (Error E = Produce(Tmp))
    return Done(std::move(E));
  if (!*InPlace) {
    if (std::error_code EC = sys::fs::rename(Tmp, Path))
      return Done(cannotWrite(Path, EC.message()));
    sys::DontRemoveFileOnSignal(Tmp);
    return Error::success();
  }
  auto Buf = MemoryBuffer::getFile(Tmp, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return Done(cannotWrite(Path, Buf.getError().message()));
  return Done(writeInPlace(
      Path, ArrayRef<char>((*Buf)->getBufferStart(), (*Buf)->getBufferSize())));
}

Expected<TempObject> TempObject::create(StringRef Prefix, StringRef Suffix,
                                        ArrayRef<char> Data) {
  SmallString<256> Model;
  sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Model);
  sys::path::append(Model, Prefix + "-%%%%%%." + Suffix);
  auto F = sys::fs::TempFile::create(Model);
  if (!F)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a temporary file: " +
                                 toString(F.takeError()));
  TempObject T(std::move(*F));
  raw_fd_ostream OS(T.File->FD, /*shouldClose=*/false);
  OS.write(Data.data(), Data.size());
  if (Error E = finish(OS, T.path(), /*Close=*/false))
    return std::move(E); // ~TempObject removes it
  return std::move(T);
}

TempObject::~TempObject() {
  if (File)
    consumeError(File->discard());
}

} // namespace w2n
