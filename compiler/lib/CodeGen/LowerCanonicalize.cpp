//===- LowerCanonicalize.cpp - llvm.canonicalize for every backend --------===//

#include "w2n/CodeGen/Passes.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace w2n {

/// Whether I is one of the operations that the instruction selector, too,
/// folds to (the negation of) an operand: x*1.0, x/1.0, x*-1.0, x/-1.0,
/// x+-0.0, x-0.0, -0.0-x and fptrunc(fpext x).
static bool isIdentityFold(const Instruction &I) {
  auto Is = [](const Value *V, double D) {
    const APFloat *C;
    if (!match(V, PatternMatch::m_APFloat(C)))
      return false;
    APFloat X(D);
    bool Lost;
    X.convert(C->getSemantics(), APFloat::rmNearestTiesToEven, &Lost);
    return C->bitwiseIsEqual(X);
  };
  const Value *L = I.getNumOperands() > 0 ? I.getOperand(0) : nullptr;
  const Value *R = I.getNumOperands() > 1 ? I.getOperand(1) : nullptr;
  switch (I.getOpcode()) {
  case Instruction::FMul:
    return Is(L, 1.0) || Is(L, -1.0) || Is(R, 1.0) || Is(R, -1.0);
  case Instruction::FDiv:
    return Is(R, 1.0) || Is(R, -1.0);
  case Instruction::FAdd:
    return Is(L, -0.0) || Is(R, -0.0);
  case Instruction::FSub:
    return Is(R, 0.0) || Is(L, -0.0);
  case Instruction::FPTrunc:
    return isa<FPExtInst>(L) && cast<FPExtInst>(L)->getSrcTy() == I.getType();
  default:
    return false;
  }
}

/// Whether V, a float, is never a signalling NaN: the result of an operation
/// the hardware quiets NaNs in (x86-64, AArch64 and RISC-V all do).
static bool quietsNaNs(const Value *V) {
  if (auto *C = dyn_cast<ConstantFP>(V))
    return !C->getValue().isSignaling();
  // The SLP vectoriser computes scalar operations in vector lanes.
  if (auto *E = dyn_cast<ExtractElementInst>(V))
    return quietsNaNs(E->getVectorOperand());
  if (auto *II = dyn_cast<IntrinsicInst>(V))
    return II->getIntrinsicID() == Intrinsic::sqrt ||
           II->getIntrinsicID() == Intrinsic::canonicalize;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || isIdentityFold(*I))
    return false;
  switch (I->getOpcode()) {
  case Instruction::FAdd:
  case Instruction::FSub:
  case Instruction::FMul:
  case Instruction::FDiv:
  case Instruction::FRem:
  case Instruction::FPExt:
  case Instruction::FPTrunc:
    return true;
  default:
    return false;
  }
}

/// The translator wraps float arithmetic in llvm.canonicalize (Wasm wants a
/// signalling NaN quieted, and the optimiser folds x*1.0 to x). No backend
/// of LLVM 19 selects it on x86, so each call goes here: it is dropped where
/// its operand is still an operation that quiets, and becomes
/// `isnan(v) ? v | quiet-bit : v` where a fold removed the operation.
PreservedAnalyses LowerCanonicalizePass::run(Module &M,
                                             ModuleAnalysisManager &) {
  SmallVector<IntrinsicInst *, 64> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        if (II->getIntrinsicID() == Intrinsic::canonicalize)
          Calls.push_back(II);
  for (IntrinsicInst *II : Calls) {
    Value *V = II->getArgOperand(0);
    if (quietsNaNs(V)) {
      II->replaceAllUsesWith(V);
      II->eraseFromParent();
      continue;
    }
    IRBuilder<> B(II);
    Type *Ty = V->getType();
    Type *IntTy =
        Ty->isVectorTy()
            ? static_cast<Type *>(VectorType::getInteger(cast<VectorType>(Ty)))
            : B.getIntNTy(Ty->getPrimitiveSizeInBits());
    const fltSemantics &Sem = Ty->getScalarType()->getFltSemantics();
    APInt Bit = APInt::getOneBitSet(Ty->getScalarSizeInBits(),
                                    APFloat::semanticsPrecision(Sem) - 2);
    Value *Quiet = B.CreateBitCast(
        B.CreateOr(B.CreateBitCast(V, IntTy), ConstantInt::get(IntTy, Bit)),
        Ty);
    Value *Sel = B.CreateSelect(B.CreateFCmpUNO(V, V), Quiet, V, "quiet");
    II->replaceAllUsesWith(Sel);
    II->eraseFromParent();
  }
  return Calls.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

/// For measuring the lever: -mllvm -w2n-loop-canonicalize=false.
static cl::opt<bool> LoopCanonicalize(
    "w2n-loop-canonicalize", cl::Hidden, cl::init(true),
    cl::desc("Drop llvm.canonicalize of quieting float operations in loops "
             "before the loop vectoriser"));

/// Whether V may become a constant after the vectoriser (full unrolling
/// turns a phi into its incoming values, InstCombine folds a select), which
/// could make the operation over it an identity that InstCombine removes.
static bool mayBecomeConstant(const Value *V) {
  return isa<Constant>(V) || isa<PHINode>(V) || isa<SelectInst>(V);
}

/// x86's cost model knows no llvm.canonicalize, so the loop vectoriser
/// prices every call as a scalarised libcall and declines any float loop of
/// the translator's (a scalar Wasm build's matrix product, a polynomial).
/// A call whose operand is an operation that quiets NaNs, over values that
/// no later fold turns into a constant, is what LowerCanonicalizePass drops
/// anyway: dropping it before the vectoriser gives the same code, except
/// that the vectoriser now sees the loop as it is. Only scalar calls in
/// loops go; vector calls (SIMD128) are not the vectoriser's business.
PreservedAnalyses LoopCanonicalizePass::run(Function &F,
                                            FunctionAnalysisManager &AM) {
  if (!LoopCanonicalize)
    return PreservedAnalyses::all();
  auto &LI = AM.getResult<LoopAnalysis>(F);
  SmallVector<IntrinsicInst *, 16> Dead;
  for (BasicBlock &BB : F) {
    if (!LI.getLoopFor(&BB))
      continue;
    for (Instruction &I : BB) {
      auto *II = dyn_cast<IntrinsicInst>(&I);
      if (!II || II->getIntrinsicID() != Intrinsic::canonicalize ||
          II->getType()->isVectorTy())
        continue;
      auto *Op = dyn_cast<Instruction>(II->getArgOperand(0));
      if (!Op || isa<IntrinsicInst>(Op) || !quietsNaNs(Op) ||
          any_of(Op->operands(),
                 [](const Use &U) { return mayBecomeConstant(U.get()); }))
        continue;
      Dead.push_back(II);
    }
  }
  for (IntrinsicInst *II : Dead) {
    II->replaceAllUsesWith(II->getArgOperand(0));
    II->eraseFromParent();
  }
  if (Dead.empty())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace w2n
