//===- RunCache.h - The executables `wasm2native run` keeps --------------===//
//
// `wasm2native run` compiles a module once and keeps the executable in a
// content-addressed cache: the file's name is the SHA-256 of a key text
// naming everything the executable depends on (the module's bytes, the
// flags that change code or the baked-in configuration, the compiler's
// version and build id, the runtime library). Entries are written to a
// temporary file in the cache folder and renamed into place, so concurrent
// runs only ever see whole entries; each carries its own size and checksum,
// so a truncated or damaged file is rebuilt rather than executed.
//
//===----------------------------------------------------------------------===//

#ifndef W2N_DRIVER_RUNCACHE_H
#define W2N_DRIVER_RUNCACHE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace w2n {

/// `$XDG_CACHE_HOME/wasm2native`, else `$HOME/.cache/wasm2native`; created
/// (mode 0700) when missing.
llvm::Expected<std::string> runCacheDir();

/// The compiler's own identity for the key: the GNU build id of the
/// running executable, which changes with every different build.
std::string compilerBuildId();

/// SHA-256 of Data as lower-case hex.
std::string sha256Hex(llvm::ArrayRef<uint8_t> Data);

/// Whether Path is a whole entry: its trailer's size and checksum match.
bool isValidEntry(llvm::StringRef Path);

/// Appends the trailer to the executable at TmpPath and renames it to
/// FinalPath, replacing any entry there.
llvm::Error sealEntry(llvm::StringRef TmpPath, llvm::StringRef FinalPath);

} // namespace w2n

#endif
