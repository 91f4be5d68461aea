//===- RunCache.cpp - The executables `wasm2native run` keeps ------------===//
//
// An entry is the linked executable followed by a 24-byte trailer: the
// executable's size, its XXH3 checksum and a magic word. The kernel loads
// an ELF file by its headers, so trailing bytes do not change how it runs.
//
//===----------------------------------------------------------------------===//

#include "RunCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <elf.h>
#include <link.h>

using namespace llvm;

namespace w2n {

namespace {
constexpr char Magic[8] = {'w', '2', 'n', 'c', 'a', 'c', 'h', 'e'};
constexpr size_t TrailerSize = 24;
} // namespace

Expected<std::string> runCacheDir() {
  SmallString<256> Dir;
  if (auto X = sys::Process::GetEnv("XDG_CACHE_HOME"); X && !X->empty()) {
    Dir = *X;
  } else if (auto H = sys::Process::GetEnv("HOME"); H && !H->empty()) {
    Dir = *H;
    sys::path::append(Dir, ".cache");
  } else {
    return createStringError(
        "no cache folder for 'run': neither XDG_CACHE_HOME nor HOME is set");
  }
  sys::path::append(Dir, "wasm2native");
  if (std::error_code EC = sys::fs::create_directories(
          Dir, /*IgnoreExisting=*/true, sys::fs::perms::owner_all))
    return createStringError("cannot create the cache folder '" + Dir +
                             "': " + EC.message());
  return std::string(Dir);
}

std::string compilerBuildId() {
  std::string Id;
  // The first object dl_iterate_phdr reports is the executable itself.
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Out) -> int {
        auto &Id = *static_cast<std::string *>(Out);
        for (unsigned I = 0; I < Info->dlpi_phnum; ++I) {
          const ElfW(Phdr) &P = Info->dlpi_phdr[I];
          if (P.p_type != PT_NOTE)
            continue;
          const char *Pos =
              reinterpret_cast<const char *>(Info->dlpi_addr + P.p_vaddr);
          const char *End = Pos + P.p_memsz;
          while (Pos + sizeof(ElfW(Nhdr)) <= End) {
            auto *N = reinterpret_cast<const ElfW(Nhdr) *>(Pos);
            const char *Name = Pos + sizeof(ElfW(Nhdr));
            const char *Desc = Name + alignTo(N->n_namesz, 4);
            if (N->n_type == NT_GNU_BUILD_ID && N->n_namesz == 4 &&
                StringRef(Name, 3) == "GNU")
              Id = toHex(StringRef(Desc, N->n_descsz), /*LowerCase=*/true);
            Pos = Desc + alignTo(N->n_descsz, 4);
          }
        }
        return 1;
      },
      &Id);
  return Id;
}

std::string sha256Hex(ArrayRef<uint8_t> Data) {
  return toHex(SHA256::hash(Data), /*LowerCase=*/true);
}

bool isValidEntry(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return false;
  StringRef B = (*Buf)->getBuffer();
  if (B.size() < TrailerSize || !B.ends_with(StringRef(Magic, sizeof Magic)))
    return false;
  const char *T = B.end() - TrailerSize;
  uint64_t Size = support::endian::read64le(T);
  uint64_t Sum = support::endian::read64le(T + 8);
  if (Size != B.size() - TrailerSize)
    return false;
  return xxh3_64bits(arrayRefFromStringRef(B.take_front(Size))) == Sum;
}

Error sealEntry(StringRef TmpPath, StringRef FinalPath) {
  auto Buf = MemoryBuffer::getFile(TmpPath, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(TmpPath + ": " + Buf.getError().message());
  StringRef B = (*Buf)->getBuffer();
  char T[TrailerSize];
  support::endian::write64le(T, B.size());
  support::endian::write64le(T + 8, xxh3_64bits(arrayRefFromStringRef(B)));
  memcpy(T + 16, Magic, sizeof Magic);
  Buf->reset();
  std::error_code EC;
  raw_fd_ostream OS(TmpPath, EC, sys::fs::OF_Append);
  if (!EC) {
    OS.write(T, sizeof T);
    OS.close();
    EC = OS.error();
  }
  if (!EC)
    EC = sys::fs::rename(TmpPath, FinalPath);
  if (EC)
    return createStringError("cannot write the cache entry '" + FinalPath +
                             "': " + EC.message());
  return Error::success();
}

} // namespace w2n
