//===- FunctionTranslator.cpp - Function bodies to LLVM IR ----------------===//
#include "FunctionTranslator.h"
#include "DebugInfo.h"
#include "w2n/abi.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;
using namespace w2n;
using wasm::Opcode;
using wasm::ValType;

FunctionTranslator::FunctionTranslator(ModuleContext &MC, uint32_t FuncIndex)
    : MC(MC), FuncIndex(FuncIndex),
      WF(MC.WM.Funcs[FuncIndex - MC.WM.NumImportedFuncs]),
      FT(MC.WM.funcType(FuncIndex)), F(MC.definedFunction(FuncIndex)),
      FE((BasicBlock::Create(MC.C, "entry", F), F), F->getArg(0), MC.Layout,
         MC.RT.Trap, MC.RT.TrapDetail),
      B(FE.B), IR(WF.Body, WF.BodyOffset, MC.Opts.Features) {
  I8 = B.getInt8Ty();
  I16 = B.getInt16Ty();
  I32 = B.getInt32Ty();
  I64 = B.getInt64Ty();
  F32 = B.getFloatTy();
  F64 = B.getDoubleTy();
  Ptr = B.getPtrTy();
  V128 = MC.type(ValType::V128);
  FE.setMemoryTypes(&MC.WM.AllMemories);
}

Error w2n::translateFunction(ModuleContext &MC, uint32_t FuncIndex) {
  return FunctionTranslator(MC, FuncIndex).run();
}

Error FunctionTranslator::run() {
  F->getArg(0)->setName("ctx");
  for (size_t I = 0; I < FT.Params.size(); ++I) {
    Locals.push_back(
        FE.createSlot(MC.type(FT.Params[I]), "l" + Twine(I), F->getArg(I + 1)));
  }
  for (auto &[Count, T] : WF.LocalGroups)
    for (uint32_t I = 0; I < Count; ++I)
      Locals.push_back(FE.createSlot(MC.type(T), "l" + Twine(Locals.size())));

  BasicBlock *Body = newBlock("body");
  enterBlock(Body);
  checkInterrupt();
  ControlFrame Fn;
  Fn.K = ControlFrame::Body;
  Fn.Results.assign(FT.Results.begin(), FT.Results.end());
  Fn.End = newBlock("return");
  Fn.EndPhis = createPhis(Fn.End, Fn.Results);
  Frames.push_back(std::move(Fn));

  wasm::Instr I;
  while (!Frames.empty() && IR.next(I)) {
    if (MC.Debug)
      B.SetCurrentDebugLocation(MC.Debug->at(FuncIndex, I.Offset));
    if (Dead)
      skipDead(I);
    else
      translate(I);
  }
  if (IR.reader().failed() || !Frames.empty())
    return createStringError(inconvertibleErrorCode(),
                             "internal error: malformed body of function " +
                                 Twine(FuncIndex) + " at offset " +
                                 Twine(IR.reader().offset()));

  // The stack check (TranslateOptions::StackCheckEveryCall): two
  // instructions on x86-64, and most of the cost of a small recursive call.
  if (CallsOut || (HasCalls && MC.Opts.StackCheckEveryCall)) {
    IRBuilder<> &EB = FE.entryBuilder();
    Value *SP = stackPointer(EB);
    Value *Limit = MC.Layout.stackLimit(EB, FE.ctx());
    FE.finishEntryWithCheck(EB.CreateICmpULT(SP, Limit), MC.RT.TrapStack, Body);
  } else {
    FE.finishEntry(Body);
  }
  return Error::success();
}

/// The stack pointer, read directly where the target names it: the frame
/// address would force a frame pointer on every function that calls.
Value *FunctionTranslator::stackPointer(IRBuilder<> &EB) {
  Triple T(MC.LM.getTargetTriple());
  const char *Name = T.isX86()                      ? "rsp"
                     : T.isAArch64() || T.isRISCV() ? "sp"
                                                    : nullptr;
  if (!Name) {
    Value *Frame =
        EB.CreateIntrinsic(Intrinsic::frameaddress, {Ptr}, {EB.getInt32(0)});
    return EB.CreatePtrToInt(Frame, I64);
  }
  MDNode *Reg = MDNode::get(MC.C, MDString::get(MC.C, Name));
  return EB.CreateIntrinsic(Intrinsic::read_register, {I64},
                            {MetadataAsValue::get(MC.C, Reg)});
}

//===----------------------------------------------------------------------===//
// Operand stack and control frames
//===----------------------------------------------------------------------===//

SmallVector<Value *, 4> FunctionTranslator::popN(size_t N) {
  SmallVector<Value *, 4> V(top(N).begin(), top(N).end());
  Stack.resize(Stack.size() - N);
  return V;
}

BasicBlock *FunctionTranslator::newBlock(const Twine &Name) {
  return BasicBlock::Create(MC.C, Name);
}

/// Blocks are created detached and appended when they become current, so
/// the function's layout follows the source order.
void FunctionTranslator::enterBlock(BasicBlock *BB) {
  if (!BB->getParent())
    BB->insertInto(F);
  B.SetInsertPoint(BB);
}

SmallVector<PHINode *, 2>
FunctionTranslator::createPhis(BasicBlock *BB, ArrayRef<ValType> Types) {
  SmallVector<PHINode *, 2> Phis;
  for (ValType T : Types)
    Phis.push_back(PHINode::Create(MC.type(T), 2, "", BB));
  return Phis;
}

void FunctionTranslator::setBlockType(ControlFrame &Fr, const wasm::Instr &I) {
  switch (I.Block) {
  case wasm::BlockTypeKind::Empty:
    return;
  case wasm::BlockTypeKind::Value:
    Fr.Results.push_back(I.BlockValue);
    return;
  case wasm::BlockTypeKind::TypeIndex: {
    const wasm::FuncType &BT = MC.WM.Types[I.Index];
    Fr.Params.assign(BT.Params.begin(), BT.Params.end());
    Fr.Results.assign(BT.Results.begin(), BT.Results.end());
    return;
  }
  }
}

BasicBlock *FunctionTranslator::branchEdge(uint32_t Depth) {
  ControlFrame &T = Frames[Frames.size() - 1 - Depth];
  bool ToHeader = T.K == ControlFrame::Loop;
  auto &Phis = ToHeader ? T.HeaderPhis : T.EndPhis;
  ArrayRef<Value *> Args = top(Phis.size());
  BasicBlock *From = B.GetInsertBlock();
  for (size_t I = 0; I < Phis.size(); ++I)
    Phis[I]->addIncoming(Args[I], From);
  return ToHeader ? T.Header : T.End;
}

BasicBlock *FunctionTranslator::fallthroughEdge() {
  ControlFrame &Fr = Frames.back();
  ArrayRef<Value *> Results = top(Fr.EndPhis.size());
  for (size_t I = 0; I < Fr.EndPhis.size(); ++I)
    Fr.EndPhis[I]->addIncoming(Results[I], B.GetInsertBlock());
  return Fr.End;
}

void FunctionTranslator::markDead() {
  Dead = true;
  DeadDepth = 0;
}

void FunctionTranslator::doBlock(ControlFrame::Kind K, const wasm::Instr &I) {
  ControlFrame Fr;
  Fr.K = K;
  setBlockType(Fr, I);
  Value *Cond = K == ControlFrame::If ? pop() : nullptr;
  Fr.Height = Stack.size() - Fr.Params.size();
  Fr.End = newBlock(K == ControlFrame::Loop ? "loop.end" : "block.end");
  Fr.EndPhis = createPhis(Fr.End, Fr.Results);
  switch (K) {
  case ControlFrame::Loop: {
    Fr.Header = newBlock("loop");
    Fr.HeaderPhis = createPhis(Fr.Header, Fr.Params);
    ArrayRef<Value *> Args = top(Fr.Params.size());
    for (size_t I = 0; I < Args.size(); ++I)
      Fr.HeaderPhis[I]->addIncoming(Args[I], B.GetInsertBlock());
    B.CreateBr(Fr.Header);
    enterBlock(Fr.Header);
    checkInterrupt();
    Stack.resize(Fr.Height);
    Stack.insert(Stack.end(), Fr.HeaderPhis.begin(), Fr.HeaderPhis.end());
    break;
  }
  case ControlFrame::If: {
    BasicBlock *Then = newBlock("then");
    Fr.Else = newBlock("else");
    ArrayRef<Value *> Args = top(Fr.Params.size());
    Fr.IfParams.assign(Args.begin(), Args.end());
    B.CreateCondBr(B.CreateICmpNE(Cond, B.getInt32(0)), Then, Fr.Else);
    enterBlock(Then);
    break;
  }
  default:
    break;
  }
  Frames.push_back(std::move(Fr));
}

void FunctionTranslator::doElse() {
  ControlFrame &Fr = Frames.back();
  if (!Dead)
    B.CreateBr(fallthroughEdge());
  Stack.resize(Fr.Height);
  Stack.insert(Stack.end(), Fr.IfParams.begin(), Fr.IfParams.end());
  enterBlock(Fr.Else);
  Fr.Else = nullptr;
  Dead = false;
}

void FunctionTranslator::emitReturn(ControlFrame &Fr) {
  if (Fr.EndPhis.empty()) {
    B.CreateRetVoid();
    return;
  }
  if (Fr.EndPhis.size() == 1) {
    B.CreateRet(Fr.EndPhis[0]);
    return;
  }
  Value *Agg = PoisonValue::get(F->getReturnType());
  for (unsigned I = 0; I < Fr.EndPhis.size(); ++I)
    Agg = B.CreateInsertValue(Agg, Fr.EndPhis[I], I);
  B.CreateRet(Agg);
}

void FunctionTranslator::doEnd() {
  ControlFrame &Fr = Frames.back();
  if (!Dead) {
    // A legacy catch that completes normally is done with its exception.
    if (Fr.K == ControlFrame::Catch)
      B.CreateCall(MC.RT.ExnFree, {Fr.LandingExn});
    B.CreateBr(fallthroughEdge());
  }
  if (Fr.K == ControlFrame::TryTable)
    emitTryTableDispatch(Fr);
  if ((Fr.K == ControlFrame::Try || Fr.K == ControlFrame::Catch) &&
      Fr.Dispatch) {
    // No clause matched: the exception goes on outwards.
    enterBlock(Fr.Dispatch);
    B.CreateBr(unwindEdge(Frames.size() - 2, Fr.LandingExn));
  }
  if (Fr.Else) {
    // An if without else passes its parameters through as its results.
    enterBlock(Fr.Else);
    for (size_t I = 0; I < Fr.EndPhis.size(); ++I)
      Fr.EndPhis[I]->addIncoming(Fr.IfParams[I], Fr.Else);
    B.CreateBr(Fr.End);
  }
  Stack.resize(Fr.Height);
  if (pred_empty(Fr.End)) {
    for (PHINode *P : Fr.EndPhis)
      P->eraseFromParent();
    if (Fr.End->getParent())
      Fr.End->eraseFromParent();
    else
      delete Fr.End;
    Frames.pop_back();
    markDead();
    return;
  }
  enterBlock(Fr.End);
  Stack.insert(Stack.end(), Fr.EndPhis.begin(), Fr.EndPhis.end());
  Dead = false;
  if (Fr.K == ControlFrame::Body)
    emitReturn(Fr);
  Frames.pop_back();
}

void FunctionTranslator::doBrTable(const wasm::Instr &I) {
  ArrayRef<uint32_t> Depths = I.Targets;
  uint32_t Default = I.Index;
  Value *Index = pop();
  if (llvm::all_of(Depths, [&](uint32_t D) { return D == Default; })) {
    B.CreateBr(branchEdge(Default));
    markDead();
    return;
  }
  SwitchInst *SI = B.CreateSwitch(Index, branchEdge(Default), Depths.size());
  for (uint32_t K = 0; K < Depths.size(); ++K)
    SI->addCase(B.getInt32(K), branchEdge(Depths[K]));
  markDead();
}

//===----------------------------------------------------------------------===//
// Exceptions (docs/design.md, "How unwinding works")
//===----------------------------------------------------------------------===//

BasicBlock *FunctionTranslator::unwindEdge(size_t From, Value *Exn) {
  for (size_t K = From + 1; K-- > 0;) {
    ControlFrame &Fr = Frames[K];
    if (Fr.K != ControlFrame::TryTable && Fr.K != ControlFrame::Try)
      continue;
    Fr.LandingExn->addIncoming(Exn, B.GetInsertBlock());
    return Fr.Landing;
  }
  if (!Propagate) {
    IRBuilderBase::InsertPointGuard G(B);
    Propagate = BasicBlock::Create(MC.C, "propagate", F);
    B.SetInsertPoint(Propagate);
    PropagateExn = B.CreatePHI(Ptr, 2, "exn");
    B.CreateStore(PropagateExn, MC.exnPending());
    // The caller tests the pending exception before it looks at results.
    if (F->getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(PoisonValue::get(F->getReturnType()));
  }
  PropagateExn->addIncoming(Exn, B.GetInsertBlock());
  return Propagate;
}

void FunctionTranslator::checkPending() {
  if (!MC.Opts.Features.Exceptions)
    return;
  Value *Exn = B.CreateLoad(Ptr, MC.exnPending(), "pending");
  BasicBlock *Thrown = newBlock("thrown"), *Cont = newBlock("");
  B.CreateCondBr(B.CreateIsNotNull(Exn), Thrown, Cont,
                 MDBuilder(MC.C).createUnlikelyBranchWeights());
  enterBlock(Thrown);
  B.CreateStore(ConstantPointerNull::get(cast<PointerType>(Ptr)),
                MC.exnPending());
  B.CreateBr(unwindEdge(Frames.size() - 1, Exn));
  enterBlock(Cont);
}

Value *FunctionTranslator::tagIdentity(uint32_t Tag) {
  return MC.Layout.tag(B, FE.ctx(), Tag);
}

Value *FunctionTranslator::payloadAddr(Value *Exn, unsigned K) {
  return B.CreateConstInBoundsGEP1_64(I8, Exn, 16 + 16 * uint64_t(K));
}

void FunctionTranslator::pushPayload(Value *Exn, uint32_t Tag) {
  const wasm::FuncType &TT = MC.WM.tagType(Tag);
  for (unsigned K = 0; K < TT.Params.size(); ++K)
    push(B.CreateAlignedLoad(MC.type(TT.Params[K]), payloadAddr(Exn, K),
                             Align(16)));
}

/// A catch with _ref hands out the exception as an exnref value, which
/// may be copied anywhere: from then on no catch frees it.
void FunctionTranslator::pushEscaped(Value *Exn) {
  B.CreateAlignedStore(B.getInt64(1), B.CreateConstInBoundsGEP1_64(I8, Exn, 8),
                       Align(8));
  push(Exn);
}

void FunctionTranslator::doTry(ControlFrame::Kind K, const wasm::Instr &I) {
  doBlock(K, I);
  ControlFrame &Fr = Frames.back();
  Fr.Landing = newBlock(K == ControlFrame::Try ? "try.landing" : "landing");
  IRBuilderBase::InsertPointGuard G(B);
  B.SetInsertPoint(Fr.Landing);
  Fr.LandingExn = B.CreatePHI(Ptr, 2, "exn");
  Fr.Clauses.assign(I.Catches.begin(), I.Catches.end());
  Fr.Dispatch = Fr.Landing;
}

/// Each clause in order tests the tag and branches to its label with the
/// payload (and the exception for the _ref forms); a clause without _ref
/// consumes the exception. The last falls through to the outer handler.
void FunctionTranslator::emitTryTableDispatch(ControlFrame &Fr) {
  if (pred_empty(Fr.Landing)) {
    Fr.LandingExn->eraseFromParent();
    delete Fr.Landing;
    return;
  }
  enterBlock(Fr.Landing);
  Value *Exn = Fr.LandingExn;
  Value *Tag = nullptr;
  bool CaughtAll = false;
  for (const wasm::CatchClause &C : Fr.Clauses) {
    if (C.hasTag()) {
      if (!Tag)
        Tag = B.CreateLoad(Ptr, Exn, "tag");
      BasicBlock *Match = newBlock("catch"), *Next = newBlock("");
      B.CreateCondBr(B.CreateICmpEQ(Tag, tagIdentity(C.Tag)), Match, Next);
      enterBlock(Match);
      Stack.resize(Fr.Height);
      pushPayload(Exn, C.Tag);
      if (C.hasRef())
        pushEscaped(Exn);
      else
        B.CreateCall(MC.RT.ExnFree, {Exn});
      B.CreateBr(branchEdge(C.Label + 1));
      enterBlock(Next);
      continue;
    }
    Stack.resize(Fr.Height);
    if (C.hasRef())
      pushEscaped(Exn);
    else
      B.CreateCall(MC.RT.ExnFree, {Exn});
    B.CreateBr(branchEdge(C.Label + 1));
    CaughtAll = true;
    break;
  }
  if (!CaughtAll)
    B.CreateBr(unwindEdge(Frames.size() - 2, Exn));
  Stack.resize(Fr.Height);
}

/// A legacy catch or catch_all: the try body (or the previous catch) ends
/// like a block; the clause's test goes where the previous one failed.
void FunctionTranslator::doCatch(const wasm::Instr &I) {
  ControlFrame &Fr = Frames.back();
  if (!Dead) {
    if (Fr.K == ControlFrame::Catch)
      B.CreateCall(MC.RT.ExnFree, {Fr.LandingExn});
    B.CreateBr(fallthroughEdge());
  }
  Stack.resize(Fr.Height);
  Fr.K = ControlFrame::Catch;
  Dead = false;
  enterBlock(Fr.Dispatch);
  Value *Exn = Fr.LandingExn;
  if (I.Op == Opcode::CatchAll) {
    Fr.Dispatch = nullptr;
    return;
  }
  Value *Tag = B.CreateLoad(Ptr, Exn, "tag");
  BasicBlock *Match = newBlock("catch"), *Next = newBlock("");
  B.CreateCondBr(B.CreateICmpEQ(Tag, tagIdentity(I.Index)), Match, Next);
  Fr.Dispatch = Next;
  enterBlock(Match);
  pushPayload(Exn, I.Index);
}

/// delegate L ends the try like `end`; what its body throws goes to the
/// handler of label L's block (the caller's for the function's label).
void FunctionTranslator::doDelegate(uint32_t Depth) {
  ControlFrame &Fr = Frames.back();
  // Only the landing's exits change: the try has no catches.
  BasicBlock *Landing = Fr.Landing;
  PHINode *Exn = Fr.LandingExn;
  Fr.Dispatch = nullptr;
  Fr.K = ControlFrame::Block;
  size_t Target = Frames.size() - 2 - Depth;
  {
    IRBuilderBase::InsertPointGuard G(B);
    enterBlock(Landing);
    B.CreateBr(unwindEdge(Target, Exn));
  }
  doEnd();
}

void FunctionTranslator::doThrow(uint32_t Tag) {
  const wasm::FuncType &TT = MC.WM.tagType(Tag);
  Value *Exn = callRuntime(MC.RT.ExnNew,
                           {tagIdentity(Tag), B.getInt32(TT.Params.size())});
  SmallVector<Value *, 4> Vals = popN(TT.Params.size());
  for (unsigned K = 0; K < Vals.size(); ++K)
    B.CreateAlignedStore(Vals[K], payloadAddr(Exn, K), Align(16));
  throwExn(Exn);
}

void FunctionTranslator::throwExn(Value *Exn) {
  B.CreateBr(unwindEdge(Frames.size() - 1, Exn));
  markDead();
}

//===----------------------------------------------------------------------===//
// Skipping unreachable code
//===----------------------------------------------------------------------===//

void FunctionTranslator::skipDead(const wasm::Instr &I) {
  switch (I.Op) {
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
  case Opcode::Try:
  case Opcode::TryTable:
    ++DeadDepth;
    return;
  case Opcode::Else:
    if (DeadDepth == 0)
      doElse();
    return;
  case Opcode::Catch:
  case Opcode::CatchAll:
    if (DeadDepth == 0)
      doCatch(I);
    return;
  case Opcode::Delegate:
    if (DeadDepth == 0)
      doDelegate(I.Index);
    else
      --DeadDepth;
    return;
  case Opcode::End:
    if (DeadDepth == 0)
      doEnd();
    else
      --DeadDepth;
    return;
  default:
    return;
  }
}

void FunctionTranslator::fail(const char *Msg) { IR.reader().fail(Msg); }

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

void FunctionTranslator::finishCall(CallInst *CI, const wasm::FuncType &CT,
                                    bool Tail, bool MayThrow) {
  // With the tail-call proposal functions use tailcc, whose calls marked
  // `tail` (as LLVM marks them when it can) always become jumps; a plain
  // Wasm call must use stack, so infinite recursion ends in "call stack
  // exhausted" instead of looping forever. (Without the proposal the
  // functions are "disable-tail-calls".)
  if (!Tail && MC.InternalCC == CallingConv::Tail)
    CI->setTailCallKind(CallInst::TCK_NoTail);
  if (Tail) {
    if (CI->getType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(CI);
    markDead();
    return;
  }
  if (MayThrow)
    checkPending();
  if (CT.Results.size() == 1) {
    push(CI);
    return;
  }
  for (unsigned I = 0; I < CT.Results.size(); ++I)
    push(B.CreateExtractValue(CI, I));
}

void FunctionTranslator::doCall(uint32_t Callee, bool Tail) {
  HasCalls = true;
  if (MC.WM.isImportedFunc(Callee))
    CallsOut = true;
  const wasm::FuncType &CT = MC.WM.funcType(Callee);
  SmallVector<Value *, 8> Args{FE.ctx()};
  for (Value *V : popN(CT.Params.size()))
    Args.push_back(V);
  CallInst *CI;
  if (!MC.WM.isImportedFunc(Callee)) {
    CI = B.CreateCall(MC.definedFunction(Callee), Args);
    CI->setCallingConv(MC.InternalCC);
    // tailcc guarantees the tail call whatever the signatures.
    if (Tail)
      CI->setTailCallKind(MC.InternalCC == CallingConv::Tail
                              ? CallInst::TCK_MustTail
                              : CallInst::TCK_Tail);
  } else {
    Value *Fn = FE.hoisted(FunctionEnv::Func, Callee, [&](IRBuilder<> &EB) {
      return MC.Layout.func(EB, FE.ctx(), Callee);
    });
    Args[0] = MC.Layout.funcCtx(B, Fn, true);
    Value *Code = MC.Layout.funcCode(B, Fn, true);
    CI = B.CreateCall(MC.nativeType(CT), Code, Args);
    // Imports use the native C convention, which cannot guarantee a tail
    // call across different signatures; leave it to the backend.
    if (Tail)
      CI->setTailCall();
  }
  finishCall(CI, CT, Tail, MC.Opts.Features.Exceptions && MC.mayThrow(Callee));
}

Value *FunctionTranslator::tableElemAddr(uint32_t Table, Value *Index,
                                         uint32_t TrapCode) {
  Value *T = FE.hoisted(FunctionEnv::Table, Table, [&](IRBuilder<> &EB) {
    return MC.Layout.table(EB, FE.ctx(), Table);
  });
  Value *Idx = toI64(Index);
  Value *Out = B.CreateICmpUGE(Idx, MC.Layout.tableSize(B, T));
  // call_indirect's message names the element, as the spec interpreter's.
  if (TrapCode == W2N_TRAP_UNDEFINED_ELEM)
    FE.trapIf(Out, TrapCode, Idx);
  else
    FE.trapIf(Out, TrapCode);
  return MC.Layout.tableElemAddr(B, MC.Layout.tableElems(B, T), Idx);
}

void FunctionTranslator::doCallIndirect(uint32_t TypeIndex, uint32_t Table,
                                        bool Tail) {
  HasCalls = true;
  const wasm::FuncType &CT = MC.WM.Types[TypeIndex];
  Value *Index = pop();
  SmallVector<Value *, 8> Args{nullptr};
  for (Value *V : popN(CT.Params.size()))
    Args.push_back(V);
  if (ModuleContext::DispatchArray DA =
          Tail ? ModuleContext::DispatchArray()
               : MC.dispatchArray(Table, TypeIndex);
      DA.Callees) {
    // The table never changes and holds only this module's functions (so
    // this is no call out): its bound is a constant and each element's
    // callee for this type is known (a trap stub for null elements and
    // other types).
    Value *Idx = toI64(Index);
    FE.trapIf(B.CreateICmpUGE(Idx, B.getInt64(DA.Size)),
              W2N_TRAP_UNDEFINED_ELEM, Idx);
    Value *Callee =
        DA.Relative ? (Value *)B.CreateIntrinsic(
                          Intrinsic::load_relative, {B.getInt64Ty()},
                          {DA.Callees, B.CreateShl(Idx, 2)}, nullptr, "callee")
                    : B.CreateLoad(
                          B.getPtrTy(),
                          B.CreateInBoundsGEP(DA.Callees->getValueType(),
                                              DA.Callees, {B.getInt64(0), Idx}),
                          "callee");
    BasicBlock *Ok = B.GetInsertBlock();
    if (DA.NullChecked) {
      // Too many null elements for a stub each: a null callee is a null
      // element or a function of another type; the cold path tells which.
      BasicBlock *Bad =
          BasicBlock::Create(B.getContext(), "dispatch.null", FE.function());
      Ok = BasicBlock::Create(B.getContext(), "", FE.function());
      // A relative null entry (offset 0) reads as the array itself.
      Value *Missing = DA.Relative ? B.CreateICmpEQ(Callee, DA.Callees)
                                   : B.CreateIsNull(Callee);
      B.CreateCondBr(Missing, Bad, Ok,
                     MDBuilder(B.getContext()).createUnlikelyBranchWeights());
      B.SetInsertPoint(Bad);
      Value *IsNull = B.CreateLoad(
          B.getInt8Ty(), B.CreateInBoundsGEP(DA.IsNull->getValueType(),
                                             DA.IsNull, {B.getInt64(0), Idx}));
      FE.trapIf(B.CreateIsNotNull(IsNull), W2N_TRAP_UNINIT_ELEM, Idx);
      FE.trap(W2N_TRAP_INDIRECT_TYPE);
    }
    B.SetInsertPoint(Ok);
    Args[0] = FE.ctx();
    CallInst *CI = B.CreateCall(MC.nativeType(CT), Callee, Args);
    CI->setCallingConv(MC.InternalCC);
    finishCall(CI, CT, false);
    return;
  }
  CallsOut = true;
  Value *Addr = tableElemAddr(Table, Index, W2N_TRAP_UNDEFINED_ELEM);
  Value *Fn = MC.Layout.loadTableElem(B, Addr);
  FE.trapIf(B.CreateICmpEQ(Fn, ConstantPointerNull::get(B.getPtrTy())),
            W2N_TRAP_UNINIT_ELEM, toI64(Index));
  Value *Expected =
      FE.hoisted(FunctionEnv::TypeId, TypeIndex, [&](IRBuilder<> &EB) {
        return MC.Layout.typeId(EB, FE.ctx(), TypeIndex);
      });
  FE.trapIf(B.CreateICmpNE(MC.Layout.funcTypeId(B, Fn), Expected),
            W2N_TRAP_INDIRECT_TYPE);
  Value *FnCtx = MC.Layout.funcCtx(B, Fn, false);
  if (Tail && MC.InternalCC == CallingConv::Tail)
    tailCallSameInstance(Fn, FnCtx, CT, Args);
  Args[0] = FnCtx;
  CallInst *CI =
      B.CreateCall(MC.nativeType(CT), MC.Layout.funcCode(B, Fn, false), Args);
  if (Tail)
    CI->setTailCall();
  finishCall(CI, CT, Tail);
}

/// A callee of this instance is reached through its internal tailcc
/// function, so that the tail call is guaranteed; other callees (other
/// instances, host functions, whose index is UINT32_MAX) use the native
/// convention, where only the backend's best effort applies. Leaves the
/// builder on the path of the other callees.
void FunctionTranslator::tailCallSameInstance(Value *Fn, Value *FnCtx,
                                              const wasm::FuncType &CT,
                                              SmallVectorImpl<Value *> &Args) {
  GlobalVariable *Table = MC.tailCallTable();
  uint32_t NumFuncs = MC.WM.numFuncs();
  Value *Index = MC.Layout.funcIndex(B, Fn);
  Value *InTable = B.CreateICmpULT(Index, B.getInt32(NumFuncs));
  Value *Own = B.CreateAnd(B.CreateICmpEQ(FnCtx, FE.ctx()), InTable);
  BasicBlock *Lookup = newBlock("tail.own"), *Fast = newBlock("tail.fast");
  BasicBlock *Slow = newBlock("tail.other");
  B.CreateCondBr(Own, Lookup, Slow);
  enterBlock(Lookup);
  Value *Slot = B.CreateInBoundsGEP(Table->getValueType(), Table,
                                    {B.getInt64(0), B.CreateZExt(Index, I64)});
  Value *Target = B.CreateAlignedLoad(Ptr, Slot, Align(8));
  B.CreateCondBr(B.CreateIsNull(Target), Slow, Fast);
  enterBlock(Fast);
  Args[0] = FE.ctx();
  CallInst *CI = B.CreateCall(MC.nativeType(CT), Target, Args);
  CI->setCallingConv(CallingConv::Tail);
  CI->setTailCallKind(CallInst::TCK_MustTail);
  if (CI->getType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(CI);
  enterBlock(Slow);
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// Wasm wants these operations to quiet a signalling NaN, but LLVM folds
/// some away (x*1.0 -> x, fptrunc(fpext x) -> x), also after inlining. The
/// canonicalize call survives the fold; CodeGen's lowerCanonicalize removes
/// it where the operation is still there and quiets the NaN where not.
Value *FunctionTranslator::quieting(Value *V) {
  return B.CreateUnaryIntrinsic(Intrinsic::canonicalize, V);
}

Value *FunctionTranslator::toI64(Value *V) {
  return V->getType() == I64 ? V : B.CreateZExt(V, I64);
}

Value *FunctionTranslator::address(const MemArg &MA, Value *Addr, uint64_t Size,
                                   bool *Faults, bool IsStore) {
  MemoryAccess A;
  A.IsStore = IsStore;
  A.Mem = MA.Mem;
  A.Is64 = MC.isMemory64(MA.Mem);
  A.Addr = Addr;
  A.Offset = MA.Offset;
  A.Size = Size;
  MemoryStrategy &S = MC.memoryStrategy(MA.Mem);
  if (Faults)
    *Faults = S.faultIsCheck(A);
  return S.address(FE, A);
}

LoadInst *FunctionTranslator::loadMem(Type *Ty, const MemArg &MA, Value *Addr) {
  uint64_t Size = Ty->getPrimitiveSizeInBits() / 8;
  bool Faults = false;
  Value *P = address(MA, Addr, Size, &Faults);
  LoadInst *L = B.CreateAlignedLoad(Ty, P, Align(1));
  MC.Layout.markLinearMemory(L);
  // An out-of-bounds load must trap even when its value is never used, and
  // with guard regions the access itself is the check: LLVM would delete
  // it as dead. A `noundef` assumption on the value is a use the optimiser
  // keeps but treats as free (inlining, unrolling and vectorising cost
  // models ignore it); CodeGen's releaseKeptLoads removes these after
  // optimisation and makes the loads they kept volatile.
  if (Faults) {
    OperandBundleDef Keep("noundef", std::vector<Value *>{L});
    B.CreateAssumption(B.getTrue(), Keep);
  }
  return L;
}

void FunctionTranslator::storeMem(Value *V, const MemArg &MA, Value *Addr) {
  uint64_t Size = V->getType()->getPrimitiveSizeInBits() / 8;
  Value *P = address(MA, Addr, Size, nullptr, /*IsStore=*/true);
  StoreInst *S = B.CreateAlignedStore(V, P, Align(1));
  MC.Layout.markLinearMemory(S);
}

void FunctionTranslator::load(const wasm::Instr &I, Type *MemTy, Type *Ty,
                              bool Signed) {
  Value *V = loadMem(MemTy, memArg(I), pop());
  if (MemTy != Ty)
    V = Signed ? B.CreateSExt(V, Ty) : B.CreateZExt(V, Ty);
  push(V);
}

void FunctionTranslator::store(const wasm::Instr &I, Type *MemTy) {
  Value *V = pop();
  if (V->getType() != MemTy)
    V = B.CreateTrunc(V, MemTy);
  storeMem(V, memArg(I), pop());
}

/// memory.copy and memory.fill are inlined as one bounds check and
/// llvm.memmove/memset where each range's strategy checks it inline (the
/// spec checks every range before writing anything); otherwise the runtime
/// helper checks and does the whole operation.
void FunctionTranslator::memoryCopy(uint32_t DstMem, uint32_t SrcMem) {
  Value *N = pop(), *Src = pop(), *Dst = pop();
  Value *N64 = toI64(N), *Src64 = toI64(Src), *Dst64 = toI64(Dst);
  MemoryRange SrcR{SrcMem, MC.isMemory64(SrcMem), Src64, N64};
  MemoryRange DstR{DstMem, MC.isMemory64(DstMem), Dst64, N64};
  MemoryStrategy &SrcS = MC.memoryStrategy(SrcMem);
  MemoryStrategy &DstS = MC.memoryStrategy(DstMem);
  if (!SrcS.checksRange(SrcR) || !DstS.checksRange(DstR)) {
    callRuntime(MC.RT.MemoryCopy, {FE.ctx(), B.getInt32(DstMem),
                                   B.getInt32(SrcMem), Dst64, Src64, N64});
    return;
  }
  Value *SrcBad = SrcS.rangeOutOfBounds(FE, SrcR);
  Value *DstBad = DstS.rangeOutOfBounds(FE, DstR);
  FE.trapIf(B.CreateOr(DstBad, SrcBad), W2N_TRAP_OOB_MEMORY);
  Value *DP = B.CreateInBoundsGEP(I8, FE.memoryBase(DstMem), Dst64);
  Value *SP = B.CreateInBoundsGEP(I8, FE.memoryBase(SrcMem), Src64);
  CallInst *CI = B.CreateMemMove(DP, Align(1), SP, Align(1), N64);
  MC.Layout.markLinearMemory(CI);
}

void FunctionTranslator::memoryFill(uint32_t Mem) {
  Value *N = pop(), *Val = pop(), *Dst = pop();
  Value *N64 = toI64(N), *Dst64 = toI64(Dst);
  MemoryRange R{Mem, MC.isMemory64(Mem), Dst64, N64};
  MemoryStrategy &S = MC.memoryStrategy(Mem);
  if (!S.checksRange(R)) {
    callRuntime(MC.RT.MemoryFill, {FE.ctx(), B.getInt32(Mem), Dst64, Val, N64});
    return;
  }
  FE.trapIf(S.rangeOutOfBounds(FE, R), W2N_TRAP_OOB_MEMORY);
  Value *DP = B.CreateInBoundsGEP(I8, FE.memoryBase(Mem), Dst64);
  CallInst *CI = B.CreateMemSet(DP, B.CreateTrunc(Val, I8), N64, Align(1));
  MC.Layout.markLinearMemory(CI);
}

//===----------------------------------------------------------------------===//
// Numerics
//===----------------------------------------------------------------------===//

void FunctionTranslator::icmp(CmpInst::Predicate P) {
  binary([&](Value *L, Value *R) {
    return B.CreateZExt(B.CreateICmp(P, L, R), I32);
  });
}

void FunctionTranslator::fcmp(CmpInst::Predicate P) {
  binary([&](Value *L, Value *R) {
    return B.CreateZExt(B.CreateFCmp(P, L, R), I32);
  });
}

void FunctionTranslator::intrinsic1(Intrinsic::ID ID) {
  push(B.CreateUnaryIntrinsic(ID, pop()));
}

void FunctionTranslator::intrinsic2(Intrinsic::ID ID) {
  binary([&](Value *L, Value *R) { return B.CreateBinaryIntrinsic(ID, L, R); });
}

/// llvm.minimum/maximum may return a signalling NaN operand unchanged, but
/// Wasm wants an arithmetic (quiet) NaN; the sum of the operands is one.
/// The intrinsic then only sees ordered operands (nnan), which lowers to
/// a min/max plus the signed-zero fix-up.
Value *FunctionTranslator::floatMinMax(Intrinsic::ID ID, Value *L, Value *R) {
  Value *Ordered = B.CreateBinaryIntrinsic(ID, L, R);
  if (auto *I = dyn_cast<Instruction>(Ordered))
    I->setHasNoNaNs(true);
  return B.CreateSelect(B.CreateFCmpUNO(L, R), B.CreateFAdd(L, R), Ordered);
}

void FunctionTranslator::minMax(Intrinsic::ID ID) {
  binary([&](Value *L, Value *R) { return floatMinMax(ID, L, R); });
}

void FunctionTranslator::shift(Instruction::BinaryOps Op) {
  binary([&](Value *L, Value *R) {
    unsigned Bits = L->getType()->getIntegerBitWidth();
    Value *Amount = B.CreateAnd(R, ConstantInt::get(R->getType(), Bits - 1));
    return B.CreateBinOp(Op, L, Amount);
  });
}

void FunctionTranslator::rotate(Intrinsic::ID ID) {
  binary([&](Value *L, Value *R) {
    return B.CreateIntrinsic(ID, {L->getType()}, {L, L, R});
  });
}

/// Wasm traps where LLVM's division has undefined behaviour: a zero divisor,
/// and INT_MIN / -1 for div_s. rem_s of INT_MIN by -1 is 0, so it divides
/// by 1 instead.
void FunctionTranslator::divRem(Instruction::BinaryOps Op) {
  Value *R = pop(), *L = pop();
  Type *Ty = L->getType();
  FE.trapIf(B.CreateICmpEQ(R, ConstantInt::get(Ty, 0)), W2N_TRAP_DIV_ZERO);
  Value *MinusOne = Constant::getAllOnesValue(Ty);
  if (Op == Instruction::SDiv) {
    Value *Min = ConstantInt::get(
        Ty, APInt::getSignedMinValue(Ty->getIntegerBitWidth()));
    Value *ByMinusOne = B.CreateICmpEQ(R, MinusOne);
    FE.trapIf(B.CreateAnd(B.CreateICmpEQ(L, Min), ByMinusOne),
              W2N_TRAP_INT_OVERFLOW);
  } else if (Op == Instruction::SRem) {
    R = B.CreateSelect(B.CreateICmpEQ(R, MinusOne), ConstantInt::get(Ty, 1), R);
  }
  push(B.CreateBinOp(Op, L, R));
}

/// The open interval (Lo, Hi) of floats whose truncation fits the integer
/// type; each bound is exactly representable in the float type.
static std::pair<double, double> truncBounds(Type *To, Type *From,
                                             bool Signed) {
  bool Is32 = To->getIntegerBitWidth() == 32;
  if (!Signed)
    return {-1.0, Is32 ? 4294967296.0 : 18446744073709551616.0};
  if (Is32)
    return {From->isFloatTy() ? -2147483904.0 : -2147483649.0, 2147483648.0};
  return {From->isFloatTy() ? -9223373136366403584.0 : -9223372036854777856.0,
          9223372036854775808.0};
}

void FunctionTranslator::truncTrap(Type *To, bool Signed) {
  Value *V = pop();
  Type *From = V->getType();
  FE.trapIf(B.CreateFCmpUNO(V, V), W2N_TRAP_INVALID_CONV);
  auto [Lo, Hi] = truncBounds(To, From, Signed);
  // One statement per instruction: the evaluation order of a call's
  // arguments is unspecified (GCC goes right to left, clang left to right),
  // and the IR must not depend on the compiler wasm2native was built with.
  Value *BelowHi = B.CreateFCmpOLT(V, ConstantFP::get(From, Hi));
  Value *InRange =
      B.CreateAnd(B.CreateFCmpOGT(V, ConstantFP::get(From, Lo)), BelowHi);
  FE.trapIf(B.CreateNot(InRange), W2N_TRAP_INT_OVERFLOW);
  push(Signed ? B.CreateFPToSI(V, To) : B.CreateFPToUI(V, To));
}

void FunctionTranslator::truncSat(Type *To, bool Signed) {
  Value *V = pop();
  push(B.CreateIntrinsic(Signed ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat,
                         {To, V->getType()}, {V}));
}

void FunctionTranslator::extendFrom(Type *Narrow) {
  Value *V = pop();
  push(B.CreateSExt(B.CreateTrunc(V, Narrow), V->getType()));
}

void FunctionTranslator::convert(Instruction::CastOps Op, Type *To) {
  push(B.CreateCast(Op, pop(), To));
}

//===----------------------------------------------------------------------===//
// The instruction switch
//===----------------------------------------------------------------------===//

void FunctionTranslator::translate(const wasm::Instr &I) {
  switch (I.Op) {
  case Opcode::Unreachable:
    FE.trap(W2N_TRAP_UNREACHABLE);
    markDead();
    return;
  case Opcode::Nop:
    return;
  case Opcode::Block:
    return doBlock(ControlFrame::Block, I);
  case Opcode::Loop:
    return doBlock(ControlFrame::Loop, I);
  case Opcode::If:
    return doBlock(ControlFrame::If, I);
  case Opcode::Else:
    return doElse();
  case Opcode::End:
    return doEnd();
  case Opcode::TryTable:
    return doTry(ControlFrame::TryTable, I);
  case Opcode::Try:
    return doTry(ControlFrame::Try, I);
  case Opcode::Catch:
  case Opcode::CatchAll:
    return doCatch(I);
  case Opcode::Delegate:
    return doDelegate(I.Index);
  case Opcode::Throw:
    return doThrow(I.Index);
  case Opcode::ThrowRef: {
    Value *Exn = pop();
    FE.trapIf(B.CreateIsNull(Exn), W2N_TRAP_NULL_EXNREF);
    return throwExn(Exn);
  }
  case Opcode::Rethrow:
    return throwExn(Frames[Frames.size() - 1 - I.Index].LandingExn);
  case Opcode::Br:
    B.CreateBr(branchEdge(I.Index));
    markDead();
    return;
  case Opcode::BrIf: {
    Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0));
    BasicBlock *Cont = newBlock("");
    B.CreateCondBr(Cond, branchEdge(I.Index), Cont);
    enterBlock(Cont);
    return;
  }
  case Opcode::BrTable:
    return doBrTable(I);
  case Opcode::Return:
    B.CreateBr(branchEdge(Frames.size() - 1));
    markDead();
    return;
  case Opcode::Call:
    return doCall(I.Index, false);
  case Opcode::CallIndirect:
    return doCallIndirect(I.Index, I.Index2, false);
  case Opcode::ReturnCall:
    return doCall(I.Index, true);
  case Opcode::ReturnCallIndirect:
    return doCallIndirect(I.Index, I.Index2, true);
  case Opcode::Drop:
    pop();
    return;
  case Opcode::Select:
  case Opcode::SelectT: {
    Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0));
    Value *No = pop(), *Yes = pop();
    push(B.CreateSelect(Cond, Yes, No));
    return;
  }

  case Opcode::LocalGet: {
    AllocaInst *A = Locals[I.Index];
    push(B.CreateLoad(A->getAllocatedType(), A));
    return;
  }
  case Opcode::LocalSet:
    B.CreateStore(pop(), Locals[I.Index]);
    return;
  case Opcode::LocalTee:
    B.CreateStore(Stack.back(), Locals[I.Index]);
    return;
  case Opcode::GlobalGet:
  case Opcode::GlobalSet: {
    uint32_t G = I.Index;
    const wasm::GlobalType &GT = MC.WM.AllGlobals[G];
    Value *Cell = FE.hoisted(FunctionEnv::GlobalCell, G, [&](IRBuilder<> &EB) {
      return MC.Layout.globalCell(EB, FE.ctx(), G);
    });
    if (I.Op == Opcode::GlobalGet)
      push(MC.Layout.loadGlobal(B, Cell, MC.type(GT.Type), !GT.Mutable));
    else
      MC.Layout.storeGlobal(B, Cell, pop());
    return;
  }
  case Opcode::TableGet: {
    Value *Addr = tableElemAddr(I.Index, pop(), W2N_TRAP_OOB_TABLE);
    push(MC.Layout.loadTableElem(B, Addr));
    return;
  }
  case Opcode::TableSet: {
    Value *V = pop();
    Value *Addr = tableElemAddr(I.Index, pop(), W2N_TRAP_OOB_TABLE);
    MC.Layout.storeTableElem(B, Addr, V);
    return;
  }

  case Opcode::I32Load:
    return load(I, I32, I32, false);
  case Opcode::I64Load:
    return load(I, I64, I64, false);
  case Opcode::F32Load:
    return load(I, F32, F32, false);
  case Opcode::F64Load:
    return load(I, F64, F64, false);
  case Opcode::I32Load8S:
    return load(I, I8, I32, true);
  case Opcode::I32Load8U:
    return load(I, I8, I32, false);
  case Opcode::I32Load16S:
    return load(I, I16, I32, true);
  case Opcode::I32Load16U:
    return load(I, I16, I32, false);
  case Opcode::I64Load8S:
    return load(I, I8, I64, true);
  case Opcode::I64Load8U:
    return load(I, I8, I64, false);
  case Opcode::I64Load16S:
    return load(I, I16, I64, true);
  case Opcode::I64Load16U:
    return load(I, I16, I64, false);
  case Opcode::I64Load32S:
    return load(I, I32, I64, true);
  case Opcode::I64Load32U:
    return load(I, I32, I64, false);
  case Opcode::I32Store:
    return store(I, I32);
  case Opcode::I64Store:
    return store(I, I64);
  case Opcode::F32Store:
    return store(I, F32);
  case Opcode::F64Store:
    return store(I, F64);
  case Opcode::I32Store8:
  case Opcode::I64Store8:
    return store(I, I8);
  case Opcode::I32Store16:
  case Opcode::I64Store16:
    return store(I, I16);
  case Opcode::I64Store32:
    return store(I, I32);
  case Opcode::MemorySize: {
    uint32_t M = I.Index;
    Value *Pages = B.CreateLShr(FE.memorySize(M), 16);
    push(MC.isMemory64(M) ? Pages : B.CreateTrunc(Pages, I32));
    return;
  }
  case Opcode::MemoryGrow: {
    uint32_t M = I.Index;
    Value *Old =
        callRuntime(MC.RT.MemoryGrow, {FE.ctx(), B.getInt32(M), toI64(pop())});
    push(MC.isMemory64(M) ? Old : B.CreateTrunc(Old, I32));
    return;
  }

  case Opcode::I32Const:
    push(B.getInt32(uint32_t(I.Lo)));
    return;
  case Opcode::I64Const:
    push(B.getInt64(I.Lo));
    return;
  case Opcode::F32Const:
    push(
        ConstantFP::get(MC.C, APFloat(APFloat::IEEEsingle(), APInt(32, I.Lo))));
    return;
  case Opcode::F64Const:
    push(
        ConstantFP::get(MC.C, APFloat(APFloat::IEEEdouble(), APInt(64, I.Lo))));
    return;

  case Opcode::I32Eqz:
  case Opcode::I64Eqz: {
    Value *V = pop();
    push(B.CreateZExt(B.CreateICmpEQ(V, ConstantInt::get(V->getType(), 0)),
                      I32));
    return;
  }
  case Opcode::I32Eq:
  case Opcode::I64Eq:
    return icmp(CmpInst::ICMP_EQ);
  case Opcode::I32Ne:
  case Opcode::I64Ne:
    return icmp(CmpInst::ICMP_NE);
  case Opcode::I32LtS:
  case Opcode::I64LtS:
    return icmp(CmpInst::ICMP_SLT);
  case Opcode::I32LtU:
  case Opcode::I64LtU:
    return icmp(CmpInst::ICMP_ULT);
  case Opcode::I32GtS:
  case Opcode::I64GtS:
    return icmp(CmpInst::ICMP_SGT);
  case Opcode::I32GtU:
  case Opcode::I64GtU:
    return icmp(CmpInst::ICMP_UGT);
  case Opcode::I32LeS:
  case Opcode::I64LeS:
    return icmp(CmpInst::ICMP_SLE);
  case Opcode::I32LeU:
  case Opcode::I64LeU:
    return icmp(CmpInst::ICMP_ULE);
  case Opcode::I32GeS:
  case Opcode::I64GeS:
    return icmp(CmpInst::ICMP_SGE);
  case Opcode::I32GeU:
  case Opcode::I64GeU:
    return icmp(CmpInst::ICMP_UGE);
  case Opcode::F32Eq:
  case Opcode::F64Eq:
    return fcmp(CmpInst::FCMP_OEQ);
  case Opcode::F32Ne:
  case Opcode::F64Ne:
    return fcmp(CmpInst::FCMP_UNE);
  case Opcode::F32Lt:
  case Opcode::F64Lt:
    return fcmp(CmpInst::FCMP_OLT);
  case Opcode::F32Gt:
  case Opcode::F64Gt:
    return fcmp(CmpInst::FCMP_OGT);
  case Opcode::F32Le:
  case Opcode::F64Le:
    return fcmp(CmpInst::FCMP_OLE);
  case Opcode::F32Ge:
  case Opcode::F64Ge:
    return fcmp(CmpInst::FCMP_OGE);

  case Opcode::I32Clz:
  case Opcode::I64Clz: {
    Value *V = pop();
    push(B.CreateIntrinsic(Intrinsic::ctlz, {V->getType()}, {V, B.getFalse()}));
    return;
  }
  case Opcode::I32Ctz:
  case Opcode::I64Ctz: {
    Value *V = pop();
    push(B.CreateIntrinsic(Intrinsic::cttz, {V->getType()}, {V, B.getFalse()}));
    return;
  }
  case Opcode::I32Popcnt:
  case Opcode::I64Popcnt:
    return intrinsic1(Intrinsic::ctpop);
  case Opcode::I32Add:
  case Opcode::I64Add:
    return binary([&](Value *L, Value *R) { return B.CreateAdd(L, R); });
  case Opcode::I32Sub:
  case Opcode::I64Sub:
    return binary([&](Value *L, Value *R) { return B.CreateSub(L, R); });
  case Opcode::I32Mul:
  case Opcode::I64Mul:
    return binary([&](Value *L, Value *R) { return B.CreateMul(L, R); });
  case Opcode::I32DivS:
  case Opcode::I64DivS:
    return divRem(Instruction::SDiv);
  case Opcode::I32DivU:
  case Opcode::I64DivU:
    return divRem(Instruction::UDiv);
  case Opcode::I32RemS:
  case Opcode::I64RemS:
    return divRem(Instruction::SRem);
  case Opcode::I32RemU:
  case Opcode::I64RemU:
    return divRem(Instruction::URem);
  case Opcode::I32And:
  case Opcode::I64And:
    return binary([&](Value *L, Value *R) { return B.CreateAnd(L, R); });
  case Opcode::I32Or:
  case Opcode::I64Or:
    return binary([&](Value *L, Value *R) { return B.CreateOr(L, R); });
  case Opcode::I32Xor:
  case Opcode::I64Xor:
    return binary([&](Value *L, Value *R) { return B.CreateXor(L, R); });
  case Opcode::I32Shl:
  case Opcode::I64Shl:
    return shift(Instruction::Shl);
  case Opcode::I32ShrS:
  case Opcode::I64ShrS:
    return shift(Instruction::AShr);
  case Opcode::I32ShrU:
  case Opcode::I64ShrU:
    return shift(Instruction::LShr);
  case Opcode::I32Rotl:
  case Opcode::I64Rotl:
    return rotate(Intrinsic::fshl);
  case Opcode::I32Rotr:
  case Opcode::I64Rotr:
    return rotate(Intrinsic::fshr);

  case Opcode::F32Abs:
  case Opcode::F64Abs:
    return intrinsic1(Intrinsic::fabs);
  case Opcode::F32Neg:
  case Opcode::F64Neg:
    push(B.CreateFNeg(pop()));
    return;
  case Opcode::F32Ceil:
  case Opcode::F64Ceil:
    return intrinsic1(Intrinsic::ceil);
  case Opcode::F32Floor:
  case Opcode::F64Floor:
    return intrinsic1(Intrinsic::floor);
  case Opcode::F32Trunc:
  case Opcode::F64Trunc:
    return intrinsic1(Intrinsic::trunc);
  case Opcode::F32Nearest:
  case Opcode::F64Nearest:
    return intrinsic1(Intrinsic::roundeven);
  case Opcode::F32Sqrt:
  case Opcode::F64Sqrt:
    return intrinsic1(Intrinsic::sqrt);
  case Opcode::F32Add:
  case Opcode::F64Add:
    return binary(
        [&](Value *L, Value *R) { return quieting(B.CreateFAdd(L, R)); });
  case Opcode::F32Sub:
  case Opcode::F64Sub:
    return binary(
        [&](Value *L, Value *R) { return quieting(B.CreateFSub(L, R)); });
  case Opcode::F32Mul:
  case Opcode::F64Mul:
    return binary(
        [&](Value *L, Value *R) { return quieting(B.CreateFMul(L, R)); });
  case Opcode::F32Div:
  case Opcode::F64Div:
    return binary(
        [&](Value *L, Value *R) { return quieting(B.CreateFDiv(L, R)); });
  case Opcode::F32Min:
  case Opcode::F64Min:
    return minMax(Intrinsic::minimum);
  case Opcode::F32Max:
  case Opcode::F64Max:
    return minMax(Intrinsic::maximum);
  case Opcode::F32Copysign:
  case Opcode::F64Copysign:
    return intrinsic2(Intrinsic::copysign);

  case Opcode::I32WrapI64:
    return convert(Instruction::Trunc, I32);
  case Opcode::I32TruncF32S:
  case Opcode::I32TruncF64S:
    return truncTrap(I32, true);
  case Opcode::I32TruncF32U:
  case Opcode::I32TruncF64U:
    return truncTrap(I32, false);
  case Opcode::I64ExtendI32S:
    return convert(Instruction::SExt, I64);
  case Opcode::I64ExtendI32U:
    return convert(Instruction::ZExt, I64);
  case Opcode::I64TruncF32S:
  case Opcode::I64TruncF64S:
    return truncTrap(I64, true);
  case Opcode::I64TruncF32U:
  case Opcode::I64TruncF64U:
    return truncTrap(I64, false);
  case Opcode::F32ConvertI32S:
  case Opcode::F32ConvertI64S:
    return convert(Instruction::SIToFP, F32);
  case Opcode::F32ConvertI32U:
  case Opcode::F32ConvertI64U:
    return convert(Instruction::UIToFP, F32);
  case Opcode::F32DemoteF64:
    return push(quieting(B.CreateFPTrunc(pop(), F32)));
  case Opcode::F64ConvertI32S:
  case Opcode::F64ConvertI64S:
    return convert(Instruction::SIToFP, F64);
  case Opcode::F64ConvertI32U:
  case Opcode::F64ConvertI64U:
    return convert(Instruction::UIToFP, F64);
  case Opcode::F64PromoteF32:
    return push(quieting(B.CreateFPExt(pop(), F64)));
  case Opcode::I32ReinterpretF32:
    return convert(Instruction::BitCast, I32);
  case Opcode::I64ReinterpretF64:
    return convert(Instruction::BitCast, I64);
  case Opcode::F32ReinterpretI32:
    return convert(Instruction::BitCast, F32);
  case Opcode::F64ReinterpretI64:
    return convert(Instruction::BitCast, F64);
  case Opcode::I32Extend8S:
  case Opcode::I64Extend8S:
    return extendFrom(I8);
  case Opcode::I32Extend16S:
  case Opcode::I64Extend16S:
    return extendFrom(I16);
  case Opcode::I64Extend32S:
    return extendFrom(I32);

  case Opcode::RefNull:
    push(ConstantPointerNull::get(B.getPtrTy()));
    return;
  case Opcode::RefIsNull:
    push(B.CreateZExt(B.CreateIsNull(pop()), I32));
    return;
  case Opcode::RefFunc: {
    uint32_t Fn = I.Index;
    push(FE.hoisted(FunctionEnv::Func, Fn, [&](IRBuilder<> &EB) {
      return MC.Layout.func(EB, FE.ctx(), Fn);
    }));
    return;
  }
  case Opcode::I32TruncSatF32S:
  case Opcode::I32TruncSatF64S:
    return truncSat(I32, true);
  case Opcode::I32TruncSatF32U:
  case Opcode::I32TruncSatF64U:
    return truncSat(I32, false);
  case Opcode::I64TruncSatF32S:
  case Opcode::I64TruncSatF64S:
    return truncSat(I64, true);
  case Opcode::I64TruncSatF32U:
  case Opcode::I64TruncSatF64U:
    return truncSat(I64, false);
  case Opcode::MemoryInit: {
    uint32_t Seg = I.Index, Mem = I.Index2;
    Value *N = pop(), *Src = pop(), *Dst = pop();
    callRuntime(MC.RT.MemoryInit, {FE.ctx(), B.getInt32(Mem), B.getInt32(Seg),
                                   toI64(Dst), Src, N});
    return;
  }
  case Opcode::DataDrop:
    callRuntime(MC.RT.DataDrop, {FE.ctx(), B.getInt32(I.Index)});
    return;
  case Opcode::MemoryCopy:
    return memoryCopy(I.Index, I.Index2);
  case Opcode::MemoryFill:
    return memoryFill(I.Index);
  case Opcode::TableInit: {
    uint32_t Seg = I.Index, T = I.Index2;
    Value *N = pop(), *Src = pop(), *Dst = pop();
    callRuntime(MC.RT.TableInit,
                {FE.ctx(), B.getInt32(T), B.getInt32(Seg), toI64(Dst), Src, N});
    return;
  }
  case Opcode::ElemDrop:
    callRuntime(MC.RT.ElemDrop, {FE.ctx(), B.getInt32(I.Index)});
    return;
  case Opcode::TableCopy: {
    uint32_t Dst = I.Index, Src = I.Index2;
    Value *N = pop(), *S = pop(), *D = pop();
    callRuntime(MC.RT.TableCopy, {FE.ctx(), B.getInt32(Dst), B.getInt32(Src),
                                  toI64(D), toI64(S), toI64(N)});
    return;
  }
  case Opcode::TableGrow: {
    uint32_t T = I.Index;
    Value *N = pop(), *Init = pop();
    Value *Old =
        callRuntime(MC.RT.TableGrow, {FE.ctx(), B.getInt32(T), Init, toI64(N)});
    push(MC.isTable64(T) ? Old : B.CreateTrunc(Old, I32));
    return;
  }
  case Opcode::TableSize: {
    uint32_t T = I.Index;
    Value *Tab = FE.hoisted(FunctionEnv::Table, T, [&](IRBuilder<> &EB) {
      return MC.Layout.table(EB, FE.ctx(), T);
    });
    Value *Size = MC.Layout.tableSize(B, Tab);
    push(MC.isTable64(T) ? Size : B.CreateTrunc(Size, I32));
    return;
  }
  case Opcode::TableFill: {
    uint32_t T = I.Index;
    Value *N = pop(), *V = pop(), *D = pop();
    callRuntime(MC.RT.TableFill,
                {FE.ctx(), B.getInt32(T), toI64(D), V, toI64(N)});
    return;
  }
  default:
    return translateSimd(I);
  }
}
