//===- MainConfig.cpp - The executable's embedded start-up configuration --===//
//
// Emits `const w2n_config w2n_main_config`, whose layout is in
// runtime-lib/include/w2n/runtime.h: capability bits, preopened directories,
// the names of environment variables passed through and the guest's argv[0].
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/CodeGen.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace w2n {

static Constant *cString(Module &M, StringRef S, const Twine &Name) {
  LLVMContext &Ctx = M.getContext();
  Constant *Init = ConstantDataArray::getString(Ctx, S, true);
  auto *GV = new GlobalVariable(M, Init->getType(), true,
                                GlobalValue::PrivateLinkage, Init, Name);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

template <typename T>
static Constant *constArray(Module &M, Type *ElemTy, ArrayRef<T> Elems,
                            const Twine &Name) {
  auto *PtrTy = PointerType::getUnqual(M.getContext());
  if (Elems.empty())
    return ConstantPointerNull::get(PtrTy);
  auto *ArrTy = ArrayType::get(ElemTy, Elems.size());
  std::vector<Constant *> Vals(Elems.begin(), Elems.end());
  return new GlobalVariable(M, ArrTy, true, GlobalValue::PrivateLinkage,
                            ConstantArray::get(ArrTy, Vals), Name);
}

void emitMainConfig(Module &M, const RuntimeConfig &C) {
  LLVMContext &Ctx = M.getContext();
  auto *I32 = Type::getInt32Ty(Ctx);
  auto *I64 = Type::getInt64Ty(Ctx);
  auto *Ptr = PointerType::getUnqual(Ctx);

  // struct w2n_dir_grant { const char *host, *guest; uint32_t writable,
  //                         beneath; }
  auto *DirTy = StructType::get(Ctx, {Ptr, Ptr, I32, I32});
  std::vector<Constant *> Dirs;
  for (const RuntimeConfig::Dir &D : C.Dirs)
    Dirs.push_back(ConstantStruct::get(
        DirTy, {cString(M, D.Beneath >= 0 ? D.Rel : D.Host, "w2n_cfg_dir_host"),
                cString(M, D.Guest, "w2n_cfg_dir_guest"),
                ConstantInt::get(I32, D.Writable),
                ConstantInt::get(I32, D.Beneath + 1)}));
  std::vector<Constant *> Env;
  for (const std::string &Name : C.Env)
    Env.push_back(cString(M, Name, "w2n_cfg_env"));

  // struct w2n_listen_grant { uint32_t kind, port; const char *addr; }
  auto *ListenTy = StructType::get(Ctx, {I32, I32, Ptr});
  std::vector<Constant *> Listens;
  for (const RuntimeConfig::Listen &L : C.Listens)
    Listens.push_back(ConstantStruct::get(
        ListenTy, {ConstantInt::get(I32, L.Kind), ConstantInt::get(I32, L.Port),
                   cString(M, L.Addr, "w2n_cfg_listen_addr")}));

  // struct w2n_config { uint32_t caps, num_dirs; const w2n_dir_grant *dirs;
  //                     uint32_t num_env; const char *const *env;
  //                     uint64_t stack_size; const char *argv0;
  //                     uint32_t num_listen; const w2n_listen_grant *listen; }
  auto *CfgTy =
      StructType::get(Ctx, {I32, I32, Ptr, I32, Ptr, I64, Ptr, I32, Ptr});
  Constant *Init = ConstantStruct::get(
      CfgTy,
      {ConstantInt::get(I32, C.Caps), ConstantInt::get(I32, Dirs.size()),
       constArray<Constant *>(M, DirTy, Dirs, "w2n_cfg_dirs"),
       ConstantInt::get(I32, Env.size()),
       constArray<Constant *>(M, Ptr, Env, "w2n_cfg_env_names"),
       ConstantInt::get(I64, C.StackSize), cString(M, C.Argv0, "w2n_cfg_argv0"),
       ConstantInt::get(I32, Listens.size()),
       constArray<Constant *>(M, ListenTy, Listens, "w2n_cfg_listen")});
  new GlobalVariable(M, CfgTy, true, GlobalValue::ExternalLinkage, Init,
                     "w2n_main_config");
}

} // namespace w2n
