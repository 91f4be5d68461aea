//===- FunctionTranslator.h - One pass over a function body ---------------===//
//
// An operand stack of llvm::Value*, control frames as basic blocks with phis
// for their results, locals as allocas (mem2reg turns them into SSA). The
// instructions come decoded from wasm::InstrReader. Code after
// unreachable/br/br_table/return is skipped up to the matching else/end,
// tracking only the nesting depth.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_FUNCTIONTRANSLATOR_H
#define W2N_TRANSLATE_FUNCTIONTRANSLATOR_H

#include "ModuleContext.h"
#include "w2n/Translate/FunctionEnv.h"
#include "w2n/Wasm/Instr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"

namespace w2n {

/// A block, loop, if, the function body, or an exception-handling block:
/// try_table, a legacy try before its first catch, or one of its catches.
struct ControlFrame {
  enum Kind : uint8_t { Block, Loop, If, Body, TryTable, Try, Catch } K = Block;
  llvm::SmallVector<wasm::ValType, 2> Params, Results;
  /// Operand stack height below the frame's parameters.
  size_t Height = 0;
  /// Where control continues after `end`; its phis take the results.
  llvm::BasicBlock *End = nullptr;
  llvm::SmallVector<llvm::PHINode *, 2> EndPhis;
  /// Loop: the header that `br` targets; its phis take the parameters.
  llvm::BasicBlock *Header = nullptr;
  llvm::SmallVector<llvm::PHINode *, 2> HeaderPhis;
  /// If: the else block until `else` is seen, and the parameters to give it.
  llvm::BasicBlock *Else = nullptr;
  llvm::SmallVector<llvm::Value *, 2> IfParams;
  /// TryTable and Try: where exceptions thrown inside arrive; its phi takes
  /// the exception object.
  llvm::BasicBlock *Landing = nullptr;
  llvm::PHINode *LandingExn = nullptr;
  /// TryTable: its catch clauses.
  llvm::SmallVector<wasm::CatchClause, 2> Clauses;
  /// Try and Catch: the block that tests the next catch clause, or null
  /// after catch_all.
  llvm::BasicBlock *Dispatch = nullptr;
};

struct MemArg {
  uint32_t Mem = 0;
  uint64_t Offset = 0;
};

class FunctionTranslator {
public:
  FunctionTranslator(ModuleContext &MC, uint32_t FuncIndex);
  llvm::Error run();

private:
  // Dispatch.
  void translate(const wasm::Instr &I);
  void translateSimd(const wasm::Instr &I);
  void skipDead(const wasm::Instr &I);
  /// Stops the translation: the body holds what the translator cannot
  /// lower, which validation should have rejected.
  void fail(const char *Msg);

  // Operand stack.
  void push(llvm::Value *V) { Stack.push_back(V); }
  llvm::Value *pop() {
    llvm::Value *V = Stack.back();
    Stack.pop_back();
    return V;
  }
  llvm::SmallVector<llvm::Value *, 4> popN(size_t N);
  llvm::ArrayRef<llvm::Value *> top(size_t N) const {
    return llvm::ArrayRef<llvm::Value *>(Stack).take_back(N);
  }

  llvm::Value *stackPointer(llvm::IRBuilder<> &EB);

  // Control.
  void setBlockType(ControlFrame &F, const wasm::Instr &I);
  llvm::BasicBlock *newBlock(const llvm::Twine &Name);
  void enterBlock(llvm::BasicBlock *BB);
  llvm::SmallVector<llvm::PHINode *, 2>
  createPhis(llvm::BasicBlock *BB, llvm::ArrayRef<wasm::ValType> Types);
  /// Adds the top operands as incoming values of the target's phis (from
  /// the current block) and returns the target block; no branch emitted.
  llvm::BasicBlock *branchEdge(uint32_t Depth);
  /// Like branchEdge for falling off the end of the innermost frame.
  llvm::BasicBlock *fallthroughEdge();
  void markDead();
  void doBlock(ControlFrame::Kind K, const wasm::Instr &I);
  /// With TranslateOptions::Interruptible, traps with W2N_TRAP_INTERRUPTED
  /// here when ctx->interrupt is set (Interrupt.cpp).
  void checkInterrupt();
  void doElse();
  void doEnd();
  void doBrTable(const wasm::Instr &I);
  void emitReturn(ControlFrame &F);

  // Exceptions.
  /// Adds `Exn` as incoming from the current block to the innermost handler
  /// at or outside frame `From` and returns its landing block; without one,
  /// a block that sets the pending exception and returns.
  llvm::BasicBlock *unwindEdge(size_t From, llvm::Value *Exn);
  /// After a call that may throw: continues at the handler when the callee
  /// returned with a pending exception.
  void checkPending();
  llvm::Value *tagIdentity(uint32_t Tag);
  llvm::Value *payloadAddr(llvm::Value *Exn, unsigned K);
  void pushPayload(llvm::Value *Exn, uint32_t Tag);
  void pushEscaped(llvm::Value *Exn);
  void doTry(ControlFrame::Kind K, const wasm::Instr &I);
  void doCatch(const wasm::Instr &I);
  void emitTryTableDispatch(ControlFrame &Fr);
  void doDelegate(uint32_t Depth);
  void doThrow(uint32_t Tag);
  void throwExn(llvm::Value *Exn);

  // Calls.
  void doCall(uint32_t FuncIndex, bool Tail);
  void doCallIndirect(uint32_t TypeIndex, uint32_t Table, bool Tail);
  /// `MayThrow` false: the callee is known not to throw, no test follows.
  void finishCall(llvm::CallInst *CI, const wasm::FuncType &FT, bool Tail,
                  bool MayThrow = true);
  void tailCallSameInstance(llvm::Value *Fn, llvm::Value *FnCtx,
                            const wasm::FuncType &CT,
                            llvm::SmallVectorImpl<llvm::Value *> &Args);

  // Memory.
  static MemArg memArg(const wasm::Instr &I) { return {I.Index, I.MemOffset}; }
  llvm::Value *address(const MemArg &MA, llvm::Value *Addr, uint64_t Size,
                       bool *Faults = nullptr, bool IsStore = false);
  llvm::LoadInst *loadMem(llvm::Type *Ty, const MemArg &MA, llvm::Value *Addr);
  void storeMem(llvm::Value *V, const MemArg &MA, llvm::Value *Addr);
  void load(const wasm::Instr &I, llvm::Type *MemTy, llvm::Type *Ty,
            bool Signed);
  void store(const wasm::Instr &I, llvm::Type *MemTy);
  llvm::Value *toI64(llvm::Value *V);
  void memoryCopy(uint32_t DstMem, uint32_t SrcMem);
  void memoryFill(uint32_t Mem);

  // Tables.
  llvm::Value *tableElemAddr(uint32_t Table, llvm::Value *Index,
                             uint32_t TrapCode);

  // Numerics.
  void unary(llvm::Value *(FunctionTranslator::*Fn)(llvm::Value *));
  void icmp(llvm::CmpInst::Predicate P);
  void fcmp(llvm::CmpInst::Predicate P);
  void intrinsic1(llvm::Intrinsic::ID ID);
  void intrinsic2(llvm::Intrinsic::ID ID);
  llvm::Value *floatMinMax(llvm::Intrinsic::ID ID, llvm::Value *L,
                           llvm::Value *R);
  void minMax(llvm::Intrinsic::ID ID);
  void shift(llvm::Instruction::BinaryOps Op);
  void rotate(llvm::Intrinsic::ID ID);
  void divRem(llvm::Instruction::BinaryOps Op);
  void truncTrap(llvm::Type *To, bool Signed);
  void truncSat(llvm::Type *To, bool Signed);
  void extendFrom(llvm::Type *Narrow);
  void convert(llvm::Instruction::CastOps Op, llvm::Type *To);
  llvm::Value *quieting(llvm::Value *V);
  template <typename Fn> void binary(Fn F) {
    llvm::Value *R = pop(), *L = pop();
    push(F(L, R));
  }

  // SIMD helpers.
  llvm::Value *asVec(llvm::Value *V, llvm::Type *ElemTy, unsigned N);
  llvm::Value *toV128(llvm::Value *V);
  llvm::FixedVectorType *vecTy(llvm::Type *ElemTy, unsigned N);
  void simdLoadExtend(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N,
                      bool Signed);
  void simdLoadSplat(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N);
  void simdLoadZero(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N);
  void simdLoadLane(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N);
  void simdStoreLane(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N);
  void simdSplat(llvm::Type *ElemTy, unsigned N);
  void simdExtract(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N,
                   int Ext);
  void simdReplace(const wasm::Instr &I, llvm::Type *ElemTy, unsigned N);
  void simdICmp(llvm::CmpInst::Predicate P, llvm::Type *ElemTy, unsigned N);
  void simdFCmp(llvm::CmpInst::Predicate P, llvm::Type *ElemTy, unsigned N);
  void simdBinary(llvm::Instruction::BinaryOps Op, llvm::Type *ElemTy,
                  unsigned N);
  void simdIntrinsic1(llvm::Intrinsic::ID ID, llvm::Type *ElemTy, unsigned N);
  void simdIntrinsic2(llvm::Intrinsic::ID ID, llvm::Type *ElemTy, unsigned N);
  void simdNeg(llvm::Type *ElemTy, unsigned N);
  void simdShift(llvm::Instruction::BinaryOps Op, llvm::Type *ElemTy,
                 unsigned N);
  void simdMinMax(llvm::CmpInst::Predicate P, llvm::Type *ElemTy, unsigned N);
  void simdPMinMax(bool Max, llvm::Type *ElemTy, unsigned N);
  void simdAvgr(llvm::Type *ElemTy, unsigned N);
  void simdAllTrue(llvm::Type *ElemTy, unsigned N);
  void simdBitmask(llvm::Type *ElemTy, unsigned N);
  void simdNarrow(llvm::Type *FromElemTy, unsigned N, bool Signed);
  llvm::Value *simdHalf(llvm::Value *V, unsigned N, bool High);
  void simdExtend(llvm::Type *FromElemTy, unsigned N, bool High, bool Signed);
  void simdExtMul(llvm::Type *FromElemTy, unsigned N, bool High, bool Signed);
  void simdExtAddPairwise(llvm::Type *FromElemTy, unsigned N, bool Signed);
  void simdConvert(llvm::Instruction::CastOps Op, llvm::Type *FromElemTy,
                   unsigned FromN, llvm::Type *ToElemTy);
  void simdTruncSat(llvm::Type *FromElemTy, unsigned FromN, bool Signed);

  ModuleContext &MC;
  uint32_t FuncIndex;
  const wasm::Function &WF;
  const wasm::FuncType &FT;
  llvm::Function *F;
  FunctionEnv FE;
  llvm::IRBuilder<> &B;
  wasm::InstrReader IR;
  llvm::Type *I8, *I16, *I32, *I64, *F32, *F64, *Ptr, *V128;

  std::vector<llvm::Value *> Stack;
  std::vector<ControlFrame> Frames;
  std::vector<llvm::AllocaInst *> Locals;
  bool Dead = false;
  unsigned DeadDepth = 0;
  /// Sets w2n_exn_pending from its phi and returns; ReturnPending returns
  /// with it already set. Created on first use.
  llvm::BasicBlock *Propagate = nullptr, *ReturnPending = nullptr;
  llvm::PHINode *PropagateExn = nullptr;
  /// A call of a runtime helper (not a trap): the function calls out.
  llvm::CallInst *callRuntime(llvm::FunctionCallee F,
                              llvm::ArrayRef<llvm::Value *> Args) {
    CallsOut = true;
    return B.CreateCall(F, Args);
  }
  /// Calls a function of this module (directly or through a fixed table).
  bool HasCalls = false;
  /// Calls out of the module: imports, call_indirect through a table that
  /// may hold other modules' functions, runtime helpers other than traps.
  bool CallsOut = false;
};

} // namespace w2n

#endif
