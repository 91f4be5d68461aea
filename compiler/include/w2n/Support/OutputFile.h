//===- OutputFile.h - Writing a tool's output without harming the old one -===//
//
// Every file the tools write goes through here, so that no failure (a
// compile error, a link error, a closed pipe, a signal) leaves a partial
// output, truncates an existing one or leaves a temporary file behind, and
// no success replaces something that is not a regular file.
//
//===----------------------------------------------------------------------===//

#ifndef W2N_SUPPORT_OUTPUTFILE_H
#define W2N_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>

namespace w2n {

/// Writes Data to Path. "-" is standard output, where an error (a closed
/// pipe) is returned; the caller should ignore SIGPIPE so that it is. An
/// existing Path that is not a regular file (/dev/null, a FIFO, a device)
/// is opened and written in place, never replaced. Anything else gets a
/// temporary file beside Path, renamed over it once complete, so Path is
/// either untouched or whole.
llvm::Error writeOutputFile(llvm::StringRef Path, llvm::ArrayRef<char> Data);

/// For a producer that writes the file itself (lld): runs Produce with a
/// path that does not exist yet, beside Path, or in the temporary directory
/// when Path is "-" or not a regular file, then moves or copies the result
/// to Path as writeOutputFile would. On any failure the temporary is
/// removed, also on a fatal signal meanwhile, and Path is left as it was.
llvm::Error
produceOutputFile(llvm::StringRef Path,
                  llvm::function_ref<llvm::Error(llvm::StringRef)> Produce);

/// A file in the temporary directory ($TMPDIR) holding Data, removed when
/// the object goes away or when a fatal signal ends the process first.
class TempObject {
public:
  static llvm::Expected<TempObject> create(llvm::StringRef Prefix,
                                           llvm::StringRef Suffix,
                                           llvm::ArrayRef<char> Data);
  TempObject(TempObject &&O) : File(std::move(O.File)) { O.File.reset(); }
  TempObject &operator=(TempObject &&) = delete;
  ~TempObject();

  llvm::StringRef path() const { return File->TmpName; }

private:
  explicit TempObject(llvm::sys::fs::TempFile F) : File(std::move(F)) {}
  std::optional<llvm::sys::fs::TempFile> File;
};

} // namespace w2n

#endif
