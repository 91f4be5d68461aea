//===- Partition.cpp - Optimise and emit a large module on several threads ===//
//
// A large translated module is cut into partitions of consecutive function
// definitions, each about PartitionInstrs IR instructions. The cut depends
// only on the module, never on the thread count, so the object is the same
// whatever -j says. Every partition is loaded from one bitcode image into its
// own LLVMContext, keeps the bodies of its own functions (partition 0 also
// keeps every global variable's initialiser) and sees the rest as
// declarations; it is optimised and code-generated on a worker thread. The
// objects are merged by `ld.lld -r` in input order, and the symbols that had
// to become hidden globals to cross partitions are made local again, so the
// result has the same symbol shape as a single-threaded compile: only the
// descriptor (and w2n_main_config) are global, as Isolation.cpp requires.
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/CodeGen.h"

#include "lld/Common/Driver.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/ObjCopy/CommonConfig.h"
#include "llvm/ObjCopy/ELF/ELFConfig.h"
#include "llvm/ObjCopy/ELF/ELFObjcopy.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace w2n {

std::mutex &lldMutex() {
  static std::mutex M;
  return M;
}

/// Below this many IR instructions a module stays in one piece, so whole-
/// module inlining and internal calling conventions apply to ordinary
/// programs; partitions are at least this big.
static constexpr uint64_t PartitionInstrs = 100000;
/// At most this many partitions: each one loads every declaration.
static constexpr uint64_t MaxPartitions = 64;

/// The partition of each function definition, in module order; empty when
/// the module is small enough for one piece.
static std::vector<unsigned> assignPartitions(const Module &M) {
  uint64_t Total = 0;
  for (const Function &F : M)
    Total += F.getInstructionCount() + 1;
  if (Total < 2 * PartitionInstrs)
    return {};
  uint64_t Chunk = std::max(PartitionInstrs, divideCeil(Total, MaxPartitions));
  std::vector<unsigned> Part;
  unsigned P = 0;
  uint64_t Acc = 0;
  for (const Function &F : M) {
    if (F.isDeclaration())
      continue;
    if (Acc >= Chunk) {
      ++P;
      Acc = 0;
    }
    Part.push_back(P);
    Acc += F.getInstructionCount() + 1;
  }
  return P == 0 ? std::vector<unsigned>() : Part;
}

/// Gives every local symbol a name and hidden external linkage, so that a
/// partition can refer to a definition in another. Names are unique within
/// the module already.
static void externalizeLocals(Module &M) {
  unsigned Unnamed = 0;
  auto Externalize = [&](GlobalValue &GV) {
    if (GV.isDeclaration() || !GV.hasLocalLinkage())
      return;
    if (!GV.hasName())
      GV.setName("w2n.unnamed." + Twine(Unnamed++));
    GV.setLinkage(GlobalValue::ExternalLinkage);
    GV.setVisibility(GlobalValue::HiddenVisibility);
  };
  for (Function &F : M)
    Externalize(F);
  for (GlobalVariable &G : M.globals())
    Externalize(G);
  for (GlobalAlias &A : M.aliases())
    Externalize(A);
}

static Expected<SmallVector<char, 0>>
compilePartition(MemoryBufferRef Bitcode, ArrayRef<unsigned> Part,
                 unsigned Index, const CodeGenOptions &Opts) {
  LLVMContext Ctx;
  auto M = getLazyBitcodeModule(Bitcode, Ctx);
  if (!M)
    return M.takeError();
  unsigned Def = 0;
  for (Function &F : **M) {
    if (F.isDeclaration())
      continue;
    if (Part[Def++] != Index)
      F.deleteBody();
  }
  if (Index != 0)
    for (GlobalVariable &G : (*M)->globals())
      if (G.hasInitializer()) {
        G.setInitializer(nullptr);
        G.setComdat(nullptr);
      }
  if (Error E = (*M)->materializeAll())
    return std::move(E);

  auto TM = createTargetMachine(Opts);
  if (!TM)
    return TM.takeError();
  optimizeModule(**M, **TM, Opts.OptLevel);
  prepareForTarget(**M, **TM);
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = emitModule(**M, **TM, OutputKind::Object, OS))
    return std::move(E);
  return std::move(Out);
}

/// `ld.lld -r` of the objects in order, then the hidden symbols made local.
static Expected<SmallVector<char, 0>>
mergeObjects(ArrayRef<SmallVector<char, 0>> Objects) {
  std::vector<std::string> Paths;
  std::vector<std::unique_ptr<FileRemover>> Removers;
  auto Temp = [&](StringRef Suffix) -> Expected<std::string> {
    SmallString<128> Path;
    int FD;
    if (std::error_code EC =
            sys::fs::createTemporaryFile("w2n-part", Suffix, FD, Path))
      return errorCodeToError(EC);
    sys::fs::closeFile(FD);
    Removers.push_back(std::make_unique<FileRemover>(Path));
    return std::string(Path);
  };
  for (const SmallVector<char, 0> &O : Objects) {
    auto Path = Temp("o");
    if (!Path)
      return Path.takeError();
    std::error_code EC;
    raw_fd_ostream OS(*Path, EC);
    if (EC)
      return errorCodeToError(EC);
    OS.write(O.data(), O.size());
    Paths.push_back(*Path);
  }
  auto OutPath = Temp("o");
  if (!OutPath)
    return OutPath.takeError();

  std::vector<const char *> Argv = {"ld.lld", "-r", "-o", OutPath->c_str()};
  for (const std::string &P : Paths)
    Argv.push_back(P.c_str());
  {
    std::lock_guard<std::mutex> Lock(lldMutex());
    std::string Diag;
    raw_string_ostream DiagOS(Diag);
    lld::Result R =
        lld::lldMain(Argv, DiagOS, DiagOS, {{lld::Gnu, &lld::elf::link}});
    if (R.retCode != 0 || !R.canRunAgain)
      return createStringError(inconvertibleErrorCode(),
                               "merging partitions failed: %s",
                               StringRef(Diag).trim().str().c_str());
  }

  auto Buf = MemoryBuffer::getFile(*OutPath);
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
  EC.LocalizeHidden = true;
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = objcopy::elf::executeObjcopyOnBinary(CC, EC, *ELF, OS))
    return std::move(E);
  return std::move(Out);
}

Expected<std::optional<SmallVector<char, 0>>>
emitPartitioned(std::unique_ptr<Module> &M, const CodeGenOptions &Opts) {
  std::vector<unsigned> Part = assignPartitions(*M);
  if (Part.empty())
    return std::nullopt;
  unsigned NumParts = Part.back() + 1;

  externalizeLocals(*M);
  SmallVector<char, 0> Bitcode;
  {
    raw_svector_ostream OS(Bitcode);
    WriteBitcodeToFile(*M, OS);
  }
  // The translated module is the biggest thing alive; the partitions load
  // from its bitcode.
  M.reset();
  MemoryBufferRef BC(StringRef(Bitcode.data(), Bitcode.size()), "partition");

  std::vector<SmallVector<char, 0>> Objects(NumParts);
  std::vector<std::string> Errors(NumParts);
  {
    DefaultThreadPool Pool(hardware_concurrency(Opts.Threads));
    for (unsigned I = 0; I < NumParts; ++I)
      Pool.async([&, I] {
        auto Obj = compilePartition(BC, Part, I, Opts);
        if (Obj)
          Objects[I] = std::move(*Obj);
        else
          Errors[I] = toString(Obj.takeError());
      });
    Pool.wait();
  }
  for (const std::string &E : Errors)
    if (!E.empty())
      return createStringError(inconvertibleErrorCode(), "%s", E.c_str());
  auto Merged = mergeObjects(Objects);
  if (!Merged)
    return Merged.takeError();
  return std::optional<SmallVector<char, 0>>(std::move(*Merged));
}

} // namespace w2n
