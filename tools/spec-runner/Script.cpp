//===- Script.cpp - Encoding the executor's script; the glue object -------===//

#include "Script.h"
#include "executor/script.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace w2n::spectest {

std::string descriptorSymbol(unsigned N) {
  return "w2n_spec_m" + std::to_string(N);
}

std::string symbolPrefix(unsigned N) {
  return "w2n_m" + std::to_string(N) + "_";
}

namespace {
/// Appends little-endian fields in the layout of executor/script.h.
class Writer {
public:
  std::string Out;
  void u8(uint8_t V) { Out.push_back(static_cast<char>(V)); }
  void u32(uint32_t V) {
    for (int I = 0; I < 4; ++I)
      u8(static_cast<uint8_t>(V >> (8 * I)));
  }
  void u64(uint64_t V) {
    for (int I = 0; I < 8; ++I)
      u8(static_cast<uint8_t>(V >> (8 * I)));
  }
  void str(StringRef S) {
    u32(static_cast<uint32_t>(S.size()));
    Out.append(S.begin(), S.end());
    u8(0);
  }
  void value(const Value &V) {
    u8(V.Type);
    u8(V.LaneType);
    u8(static_cast<uint8_t>(V.Lanes.size()));
    for (const Lane &L : V.Lanes) {
      u8(L.Kind);
      u64(L.Bits);
    }
  }
  void action(const Action &A) {
    u8(A.Get ? W2NS_GET : W2NS_INVOKE);
    str(A.Module);
    str(A.Field);
    u32(static_cast<uint32_t>(A.Args.size()));
    for (const Value &V : A.Args)
      value(V);
    u32(static_cast<uint32_t>(A.Results.size()));
    for (const Value &V : A.Results)
      value(V);
  }
};
} // namespace

static uint8_t scriptKind(CommandKind K) {
  switch (K) {
  case CommandKind::Module:
    return W2NS_MODULE;
  case CommandKind::Register:
    return W2NS_REGISTER;
  case CommandKind::Action:
    return W2NS_ACTION;
  case CommandKind::AssertReturn:
    return W2NS_ASSERT_RETURN;
  case CommandKind::AssertTrap:
    return W2NS_ASSERT_TRAP;
  case CommandKind::AssertExhaustion:
    return W2NS_ASSERT_EXHAUSTION;
  case CommandKind::AssertUnlinkable:
    return W2NS_ASSERT_UNLINKABLE;
  case CommandKind::AssertUninstantiable:
    return W2NS_ASSERT_UNINSTANTIABLE;
  case CommandKind::AssertMalformed:
  case CommandKind::AssertInvalid:
    break;
  }
  return 0;
}

Script buildScript(StringRef WastPath, BoundsChecks Bounds,
                   ArrayRef<Command> Cmds, ArrayRef<unsigned> ModuleOf,
                   ArrayRef<ScriptModule> Modules) {
  Script S;
  for (const Command &C : Cmds)
    if (scriptKind(C.Kind) && isExecuted(C)) {
      S.Commands.push_back(&C);
      S.Counted += isCounted(C);
    }

  Writer W;
  W.u32(W2NS_MAGIC);
  W.u32(W2NS_VERSION);
  W.u32(boundsStrategy(Bounds).GuardReservation ? 0 : 1);
  W.u32(static_cast<uint32_t>(S.Commands.size()));
  W.str(WastPath);
  for (const Command *CP : S.Commands) {
    const Command &C = *CP;
    unsigned Module = ModuleOf[CP - Cmds.data()];
    W.u8(scriptKind(C.Kind));
    W.u32(C.Line);
    switch (C.Kind) {
    case CommandKind::Module:
      W.u32(Module);
      W.str(C.Name);
      W.str(Modules[Module].CompileError);
      break;
    case CommandKind::Register:
      W.str(C.As);
      W.str(C.Name);
      break;
    case CommandKind::Action:
    case CommandKind::AssertReturn:
      W.action(C.Act);
      break;
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion:
      W.action(C.Act);
      W.str(C.Text);
      break;
    case CommandKind::AssertUnlinkable:
    case CommandKind::AssertUninstantiable:
      W.u32(Module);
      W.str(C.Text);
      W.str(Modules[Module].CompileError);
      break;
    case CommandKind::AssertMalformed:
    case CommandKind::AssertInvalid:
      break;
    }
  }
  S.Bytes = std::move(W.Out);
  return S;
}

Error emitGlueObject(StringRef Path, const Script &S,
                     ArrayRef<ScriptModule> Modules, const CodeGenOptions &CG) {
  auto TM = createTargetMachine(CG);
  if (!TM)
    return TM.takeError();
  LLVMContext Ctx;
  Module M("w2n-spectest-glue", Ctx);
  setUpModuleForTarget(M, **TM);

  auto *Bytes = ConstantDataArray::get(
      Ctx, ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(S.Bytes.data()),
                             S.Bytes.size()));
  new GlobalVariable(M, Bytes->getType(), /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, Bytes,
                     "w2n_spectest_script");
  Type *I64 = Type::getInt64Ty(Ctx);
  new GlobalVariable(M, I64, true, GlobalValue::ExternalLinkage,
                     ConstantInt::get(I64, S.Bytes.size()),
                     "w2n_spectest_script_size");

  PointerType *Ptr = PointerType::get(Ctx, 0);
  std::vector<Constant *> Descs;
  for (unsigned I = 0; I < Modules.size(); ++I) {
    if (!Modules[I].CompileError.empty()) {
      Descs.push_back(ConstantPointerNull::get(Ptr));
      continue;
    }
    Descs.push_back(new GlobalVariable(M, Type::getInt8Ty(Ctx), true,
                                       GlobalValue::ExternalLinkage, nullptr,
                                       descriptorSymbol(I)));
  }
  Descs.push_back(ConstantPointerNull::get(Ptr));
  auto *TableTy = ArrayType::get(Ptr, Descs.size());
  new GlobalVariable(M, TableTy, true, GlobalValue::ExternalLinkage,
                     ConstantArray::get(TableTy, Descs),
                     "w2n_spectest_modules");
  Type *I32 = Type::getInt32Ty(Ctx);
  new GlobalVariable(M, I32, true, GlobalValue::ExternalLinkage,
                     ConstantInt::get(I32, Modules.size()),
                     "w2n_spectest_num_modules");

  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (EC)
    return createStringError(EC, "cannot write %s", Path.str().c_str());
  return emitModule(M, **TM, OutputKind::Object, OS);
}

} // namespace w2n::spectest
