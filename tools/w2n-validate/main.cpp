//===- main.cpp - w2n-validate: decode and validate a .wasm file ----------===//
//
// Exits 0 if the module is valid. Otherwise prints
//   w2n-validate: error: FILE:0xOFFSET: MESSAGE
// and exits 1. The message starts with the spec test suite's wording.
//
//===----------------------------------------------------------------------===//
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Validator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace w2n::wasm;

static cl::OptionCategory Category("w2n-validate options");
static cl::opt<std::string> Input(cl::Positional, cl::desc("<input.wasm>"),
                                  cl::Required, cl::cat(Category));
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  static cl::opt<bool> Enable##Member(                                         \
      "enable-" Flag, cl::desc("Enable " Description), cl::cat(Category));
#include "w2n/Wasm/Features.def"
static cl::opt<bool> All("enable-all", cl::desc("Enable every proposal"),
                         cl::cat(Category));

static int error(const Twine &Msg) {
  WithColor::error(errs(), "w2n-validate") << Msg << "\n";
  return 1;
}

int main(int Argc, char **Argv) {
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(Argc, Argv,
                              "Decode and validate a WebAssembly module\n");
  Features F = All ? Features::all() : Features();
#define W2N_FEATURE(Member, Flag, Folder, Description)                         \
  F.Member |= Enable##Member;
#include "w2n/Wasm/Features.def"

  auto Buf = MemoryBuffer::getFileOrSTDIN(Input, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!Buf)
    return error(Input + ": " + Buf.getError().message());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());

  Error Err = Error::success();
  if (Expected<Module> M = decode(Bytes, F))
    Err = validate(*M, F);
  else
    Err = M.takeError();
  if (Err)
    return error(Input + ":" + toString(std::move(Err)));
  return 0;
}
