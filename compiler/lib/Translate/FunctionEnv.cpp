//===- FunctionEnv.cpp - Entry-block values and trap blocks ---------------===//
#include "w2n/Translate/FunctionEnv.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace w2n;

FunctionEnv::FunctionEnv(Function *F, Value *Ctx, const InstanceLayout &Layout,
                         FunctionCallee Trap, FunctionCallee TrapDetail)
    : B(F->getContext()), F(F), Ctx(Ctx), Layout(Layout), Trap(Trap),
      TrapDetail(TrapDetail), EntryB(&F->getEntryBlock()) {
  Unlikely = MDBuilder(F->getContext()).createUnlikelyBranchWeights();
}

Value *FunctionEnv::hoisted(HoistKind K, uint32_t Index,
                            function_ref<Value *(IRBuilder<> &)> Make) {
  uint64_t Key = (uint64_t(K) << 32) | Index;
  auto It = Hoisted.find(Key);
  if (It != Hoisted.end())
    return It->second;
  Value *V = Make(EntryB);
  Hoisted[Key] = V;
  return V;
}

Value *FunctionEnv::memory(uint32_t M) {
  return hoisted(Memory, M,
                 [&](IRBuilder<> &EB) { return Layout.memory(EB, Ctx, M); });
}

/// For measuring the lever: -mllvm -w2n-size-range=false.
static cl::opt<bool>
    SizeRange("w2n-size-range", cl::Hidden, cl::init(true),
              cl::desc("Tell LLVM the range of a memory's size (its declared "
                       "limits)"));

Value *FunctionEnv::memorySize(uint32_t M) {
  Value *Size = Layout.memorySize(B, memory(M));
  auto *L = dyn_cast<LoadInst>(Size);
  if (!SizeRange || !MemoryTypes || M >= MemoryTypes->size() || !L)
    return Size;
  const wasm::Limits &Lim = (*MemoryTypes)[M].Lim;
  // Pages a memory can have at all: 2^16 (32-bit), 2^48 (memory64).
  const uint64_t MaxPages =
      Lim.Is64 ? (uint64_t(1) << 48) : (uint64_t(1) << 16);
  uint64_t MinPages = std::min(Lim.Min, MaxPages);
  uint64_t TopPages = std::min(Lim.Max.value_or(MaxPages), MaxPages);
  if (MinPages == 0 || TopPages < MinPages)
    return Size;
  APInt Lo(64, MinPages * 65536);
  // [Lo, Hi) with Hi one past the largest size; 2^64 wraps to 0, which
  // !range reads as "up to the top".
  APInt Hi = TopPages >= (uint64_t(1) << 48) ? APInt(64, 0)
                                             : APInt(64, TopPages * 65536 + 1);
  if (Lo == Hi)
    return Size;
  L->setMetadata(LLVMContext::MD_range,
                 MDBuilder(context()).createRange(Lo, Hi));
  return L;
}

Value *FunctionEnv::memoryBase(uint32_t M) {
  return hoisted(MemoryBase, M, [&](IRBuilder<> &EB) {
    if (M == 0)
      return Layout.mem0Base(EB, Ctx);
    return Layout.memoryBase(EB, memory(M));
  });
}

AllocaInst *FunctionEnv::createSlot(Type *Ty, const Twine &Name, Value *Init) {
  AllocaInst *A = EntryB.CreateAlloca(Ty, nullptr, Name);
  EntryB.CreateStore(Init ? Init : Constant::getNullValue(Ty), A);
  return A;
}

BasicBlock *FunctionEnv::trapBlock(uint32_t Code) {
  BasicBlock *&BB = TrapBlocks[Code];
  if (BB)
    return BB;
  BB = BasicBlock::Create(context(), "trap." + Twine(Code), F);
  IRBuilder<> TB(BB);
  CallInst *CI = TB.CreateCall(Trap, {Ctx, TB.getInt32(Code)});
  CI->setDoesNotReturn();
  TB.CreateUnreachable();
  return BB;
}

void FunctionEnv::trapIf(Value *Cond, uint32_t Code) {
  if (auto *CI = dyn_cast<ConstantInt>(Cond); CI && CI->isZero())
    return;
  BasicBlock *Cont = BasicBlock::Create(context(), "", F);
  B.CreateCondBr(Cond, trapBlock(Code), Cont, Unlikely);
  B.SetInsertPoint(Cont);
}

void FunctionEnv::trapIf(Value *Cond, uint32_t Code, Value *Detail) {
  PHINode *&Phi = DetailTraps[Code];
  if (!Phi) {
    BasicBlock *BB =
        BasicBlock::Create(context(), "trap.detail." + Twine(Code), F);
    IRBuilder<> TB(BB);
    Phi = TB.CreatePHI(TB.getInt64Ty(), 2);
    CallInst *CI = TB.CreateCall(TrapDetail, {Ctx, TB.getInt32(Code), Phi});
    CI->setDoesNotReturn();
    TB.CreateUnreachable();
  }
  BasicBlock *Cont = BasicBlock::Create(context(), "", F);
  Phi->addIncoming(Detail, B.GetInsertBlock());
  B.CreateCondBr(Cond, Phi->getParent(), Cont, Unlikely);
  B.SetInsertPoint(Cont);
}

void FunctionEnv::trap(uint32_t Code) { B.CreateBr(trapBlock(Code)); }

void FunctionEnv::finishEntry(BasicBlock *First) { EntryB.CreateBr(First); }

void FunctionEnv::finishEntryWithCheck(Value *Cond, FunctionCallee Cold,
                                       BasicBlock *First) {
  BasicBlock *ColdBB = BasicBlock::Create(context(), "stack.exhausted", F);
  IRBuilder<> CB(ColdBB);
  CallInst *CI = CB.CreateCall(Cold, {Ctx});
  CI->setDoesNotReturn();
  CB.CreateUnreachable();
  EntryB.CreateCondBr(Cond, ColdBB, First, Unlikely);
}
