//===- MainConfig.cpp - The executable's embedded start-up configuration --===//
//
// Emits `const w2n_config w2n_main_config`, whose layout is in
// runtime-lib/include/w2n/runtime.h: capability bits, preopened directories,
// the names of environment variables passed through and the guest's argv[0].
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/MainConfig.h"
#include "w2n/CodeGen/CodeGen.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace w2n {

Constant *configValue(Module &M, const RuntimeConfig &RC,
                      const ConfigPlacement &P) {
  LLVMContext &Ctx = M.getContext();
  auto *I32 = Type::getInt32Ty(Ctx);
  auto *I64 = Type::getInt64Ty(Ctx);
  auto *Ptr = PointerType::getUnqual(Ctx);
  auto Array = [&](Type *ElemTy, ArrayRef<Constant *> Elems,
                   StringRef Role) -> Constant * {
    if (Elems.empty())
      return ConstantPointerNull::get(Ptr);
    return P.Array(
        ConstantArray::get(ArrayType::get(ElemTy, Elems.size()), Elems), Role);
  };

  StructType *DirTy = abi::structType(Ctx, abi::DirGrantFields);
  std::vector<Constant *> Dirs;
  for (const RuntimeConfig::Dir &D : RC.Dirs)
    Dirs.push_back(abi::structValue(
        DirTy, {P.Str(D.Beneath >= 0 ? D.Rel : D.Host, "dir_host"),
                P.Str(D.Guest, "dir_guest"), ConstantInt::get(I32, D.Writable),
                ConstantInt::get(I32, D.Beneath + 1)}));
  std::vector<Constant *> Env;
  for (const std::string &Name : RC.Env)
    Env.push_back(P.Str(Name, "env"));
  Constant *DirArr = Array(DirTy, Dirs, "dirs");
  Constant *EnvArr = Array(Ptr, Env, "env");

  StructType *ListenTy = abi::structType(Ctx, abi::ListenGrantFields);
  std::vector<Constant *> Listens;
  for (const RuntimeConfig::Listen &L : RC.Listens)
    Listens.push_back(abi::structValue(
        ListenTy, {ConstantInt::get(I32, L.Kind), ConstantInt::get(I32, L.Port),
                   P.Str(L.Addr, "listen_addr")}));
  Constant *ListenArr = Array(ListenTy, Listens, "listen");

  return abi::structValue(
      abi::structType(Ctx, abi::ConfigFields),
      {ConstantInt::get(I32, RC.Caps), ConstantInt::get(I32, Dirs.size()),
       DirArr, ConstantInt::get(I32, Env.size()),
       ConstantInt::get(I32, RC.MaxRuntime), EnvArr,
       ConstantInt::get(I64, RC.StackSize), P.Str(RC.Argv0, "argv0"),
       ConstantInt::get(I32, Listens.size()), ConstantInt::get(I32, RC.Workers),
       ListenArr});
}

void emitMainConfig(Module &M, const RuntimeConfig &C) {
  auto Str = [&](StringRef S, StringRef Role) -> Constant * {
    Constant *Init = ConstantDataArray::getString(M.getContext(), S, true);
    auto *GV = new GlobalVariable(M, Init->getType(), true,
                                  GlobalValue::PrivateLinkage, Init,
                                  "w2n_cfg_" + Role);
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    return GV;
  };
  auto Array = [&](Constant *Init, StringRef Role) -> Constant * {
    return new GlobalVariable(M, Init->getType(), true,
                              GlobalValue::PrivateLinkage, Init,
                              "w2n_cfg_" + Role);
  };
  Constant *Init = configValue(M, C, {Str, Array});
  new GlobalVariable(M, Init->getType(), true, GlobalValue::ExternalLinkage,
                     Init, "w2n_main_config");
  if (!C.Invoke.empty()) {
    Constant *Name = ConstantDataArray::getString(M.getContext(), C.Invoke);
    new GlobalVariable(M, Name->getType(), true, GlobalValue::ExternalLinkage,
                       Name, "w2n_main_invoke");
    // host/main.c refers to the invoker weakly, so that only executables
    // built with --invoke link it and the C library's number parsing.
    FunctionCallee Invoker = M.getOrInsertFunction(
        "w2n_invoke_export",
        FunctionType::get(Type::getInt32Ty(M.getContext()), false));
    auto *Ref = new GlobalVariable(M, PointerType::getUnqual(M.getContext()),
                                   true, GlobalValue::PrivateLinkage,
                                   cast<Constant>(Invoker.getCallee()),
                                   "w2n_main_invoke_ref");
    appendToUsed(M, {Ref});
  }
  if (!C.Info.empty()) {
    // Assembly, because a global always gets SHF_ALLOC: a section without
    // it is neither loaded nor collected by --gc-sections.
    std::string Asm = ".pushsection .w2n.info,\"\",@progbits\n";
    for (size_t I = 0; I < C.Info.size(); I += 32) {
      Asm += ".byte ";
      for (size_t J = I; J < std::min(C.Info.size(), I + 32); ++J)
        Asm += (J > I ? "," : "") + utostr(uint8_t(C.Info[J]));
      Asm += '\n';
    }
    Asm += ".popsection\n";
    M.appendModuleInlineAsm(Asm);
  }
}

} // namespace w2n
