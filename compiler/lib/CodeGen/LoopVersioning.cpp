//===- LoopVersioning.cpp - Wrap-free, check-free copies of hot loops -----===//
//
// A Wasm address is an i32 that wraps, so `base + zext(p + i)` is not an
// affine function of the loop counter to LLVM: every access keeps its own
// 32-bit induction variable and a zero-extension, the vectoriser and LSR see
// no common stride, and with software bounds checks every access keeps its
// compare-and-branch. Native code indexes with one 64-bit pointer.
//
// This pass gives an innermost loop a second copy, entered when a check in
// the preheader proves, for the whole iteration space (up to the symbolic
// maximum backedge-taken count):
//
//  - no 32-bit address recurrence {S,+,St} used by an access wraps, so
//    zext of it is the 64-bit recurrence {zext S,+,St}: the copy addresses
//    memory through that; and
//  - every software bounds check of an affine address (`End > size`, branch
//    to the out-of-bounds trap) is false at its largest End, against the
//    memory size read before the loop: memories only grow, so a check that
//    holds then holds on every iteration. The copy drops those checks.
//  - so is every check of an address `inv + var` whose variable part has a
//    small unsigned range (a masked index, a hash: `prev[cand & mask]`,
//    `head[h >> 17]`): `zext(inv) + max(var) + rest` below the size shows
//    it false on every iteration, whatever the trip count. (Should
//    `inv + var` wrap past 2^32, the address checked is smaller still.)
//
// Otherwise the original loop runs, with the original checks and traps, so
// Wasm semantics are unchanged. Runs before the loop vectoriser at -O2/-O3.
//
//===----------------------------------------------------------------------===//
#include "w2n/CodeGen/LoopVersioning.h"
#include "w2n/CodeGen/TailChecks.h"
#include "w2n/abi.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;
using namespace w2n;

namespace {

/// For measuring the lever: -mllvm -w2n-range-versioning=false.
cl::opt<bool> RangeVersioning(
    "w2n-range-versioning", cl::Hidden, cl::init(true),
    cl::desc("Copy loops to drop software checks of addresses whose "
             "variable part has a small range"));

/// For measuring the lever: -mllvm -w2n-split-start-constants=false.
cl::opt<bool> SplitStartConstants(
    "w2n-split-start-constants", cl::Hidden, cl::init(true),
    cl::desc("In loop copies, address `p + c + s*i` from zext(p) + c, so "
             "accesses c bytes apart share a start pointer"));

/// Loops bigger than this are not copied (code size, compile time).
constexpr unsigned MaxLoopInstructions = 400;
/// Nor are more loops than this per function.
constexpr unsigned MaxLoopsPerFunction = 64;
/// Loop metadata on both copies, so no later run versions them again.
constexpr const char *VersionedTag = "w2n.loop.versioned";

/// A software bounds check in the loop: trap when Lhs > Rhs (unsigned),
/// where Lhs widens to an affine recurrence and Rhs is the memory size.
struct BoundsCheck {
  BranchInst *Br;
  unsigned TrapSucc;
  const SCEV *End; ///< Widened i64 recurrence of the checked end.
  Value *Size;     ///< The memory size as read in the loop.
  bool Strict;     ///< Trap when End > Size (else End >= Size).
};

/// A software bounds check of `zext(Inv + Var) + Extra - max(Var)`, where Inv
/// is loop-invariant and Var has a small unsigned range: trap when it is
/// above (Strict) or at the size.
struct RangeCheck {
  BranchInst *Br;
  unsigned TrapSucc;
  const SCEV *Inv; ///< i32, loop-invariant.
  uint64_t Extra;  ///< The largest Var plus the constant added after zext.
  Value *Size;
  bool Strict;
};

/// An access whose address widens to base + an affine i64 recurrence.
struct Access {
  Instruction *I; ///< The load or store.
  Value *Base;
  const SCEV *Offset; ///< Widened i64 recurrence of the byte offset.
};

/// An unsigned or equality compare of a 32-bit recurrence with a
/// loop-invariant in an exiting branch: the copy compares in 64 bits, so
/// the loop keeps no 32-bit counter whose trip count nothing can compute.
struct ExitCompare {
  ICmpInst *Cmp;
  unsigned RecOp;            ///< Operand index of the recurrence.
  const SCEVAddRecExpr *Rec; ///< Its 32-bit recurrence, known not to wrap.
  bool Signed; ///< Rec does not wrap as a signed value (an equality test).
};

class Versioner {
public:
  Versioner(Function &F, LoopInfo &LI, DominatorTree &DT, ScalarEvolution &SE)
      : F(F), LI(LI), DT(DT), SE(SE), DL(F.getDataLayout()) {}

  /// Versions L if that pays; returns whether it changed the function.
  bool run(Loop *L);

private:
  Function &F;
  LoopInfo &LI;
  DominatorTree &DT;
  ScalarEvolution &SE;
  const DataLayout &DL;

  Loop *L = nullptr;
  /// 32-bit recurrences assumed not to wrap in the copy.
  SmallVector<const SCEVAddRecExpr *, 8> Wraps;
  /// Each of Wraps as the i64 recurrence the copy uses.
  DenseMap<const SCEVAddRecExpr *, const SCEVAddRecExpr *> WideOf;
  SmallVector<BoundsCheck, 8> Checks;
  SmallVector<RangeCheck, 8> RangeChecks;
  SmallVector<Access, 16> Accesses;
  SmallVector<ExitCompare, 2> ExitCompares;
  bool SawZExt = false;
  /// Whether the loop was changed on the way to a decision (simplifyLoop,
  /// an instruction hoisted): then the pass reports a change even if the
  /// loop gets no copy, or later passes keep stale analyses.
  bool Touched = false;

  const SCEV *widen(const SCEV *S);
  void collectExitCompare(BranchInst *Br);
  void collectRangeCheck(BranchInst *Br, unsigned TrapSucc, Value *Lhs,
                         Value *Size, bool Strict);
  void collect();
  bool expandable(const SCEV *S, const Instruction *At, SCEVExpander &Exp);
  Value *valueAt(IRBuilder<> &B, SCEVExpander &Exp, const SCEVAddRecExpr *AR,
                 Value *K);
  Value *buildCondition(IRBuilder<> &B, SCEVExpander &Exp, const SCEV *BTC);
};

/// The constant term of an i32 start (`c` in `x + c` or `{x + c,+,s}`), zero
/// when there is none.
static APInt constantPart(const SCEV *S) {
  if (auto *C = dyn_cast<SCEVConstant>(S))
    return C->getAPInt();
  if (auto *A = dyn_cast<SCEVAddExpr>(S))
    if (auto *C = dyn_cast<SCEVConstant>(A->getOperand(0)))
      return C->getAPInt();
  if (auto *AR = dyn_cast<SCEVAddRecExpr>(S); AR && AR->isAffine())
    return constantPart(AR->getStart());
  return APInt(S->getType()->getIntegerBitWidth(), 0);
}

/// The i64 value of S when no 32-bit recurrence in it wraps, as an affine
/// recurrence of L with a constant step (or a loop-invariant); null when S
/// has another shape.
const SCEV *Versioner::widen(const SCEV *S) {
  if (SE.isLoopInvariant(S, L))
    return S;
  Type *I64 = Type::getInt64Ty(F.getContext());
  if (auto *AR = dyn_cast<SCEVAddRecExpr>(S)) {
    if (AR->getLoop() != L || !AR->isAffine() ||
        !SE.isLoopInvariant(AR->getStart(), L) ||
        !isa<SCEVConstant>(AR->getStepRecurrence(SE)) ||
        !AR->getType()->isIntegerTy(64))
      return nullptr;
    return AR;
  }
  if (auto *Z = dyn_cast<SCEVZeroExtendExpr>(S)) {
    auto *AR = dyn_cast<SCEVAddRecExpr>(Z->getOperand());
    if (!AR || AR->getLoop() != L || !AR->isAffine() ||
        !AR->getType()->isIntegerTy(32) || !Z->getType()->isIntegerTy(64) ||
        !SE.isLoopInvariant(AR->getStart(), L))
      return nullptr;
    auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
    if (!Step)
      return nullptr;
    SawZExt = true;
    // The constant part of the start stays outside the extension: the
    // addresses `p + 4*i` and `p + 4 + 4*i` of a loop clang unrolled then
    // start from one pointer, 4 bytes apart, which the vectoriser's
    // dependence analysis needs to see. The check covers the whole
    // recurrence as exact integers, the first value too.
    const SCEV *Start = AR->getStart();
    APInt C = SplitStartConstants
                  ? constantPart(Start)
                  : APInt(Start->getType()->getIntegerBitWidth(), 0);
    const SCEV *Rest = SE.getMinusSCEV(Start, SE.getConstant(C));
    const SCEV *WideStart = SE.getAddExpr(SE.getZeroExtendExpr(Rest, I64),
                                          SE.getConstant(C.sext(64)));
    const auto *Wide = cast<SCEVAddRecExpr>(SE.getAddRecExpr(
        WideStart, SE.getSignExtendExpr(Step, I64), L, SCEV::FlagAnyWrap));
    if (!is_contained(Wraps, AR)) {
      Wraps.push_back(AR);
      WideOf[AR] = Wide;
    }
    return Wide;
  }
  if (auto *A = dyn_cast<SCEVAddExpr>(S)) {
    SmallVector<const SCEV *, 4> Ops;
    for (const SCEV *Op : A->operands()) {
      const SCEV *W = widen(Op);
      if (!W)
        return nullptr;
      Ops.push_back(W);
    }
    const SCEV *Sum = SE.getAddExpr(Ops);
    auto *AR = dyn_cast<SCEVAddRecExpr>(Sum);
    if (!AR || AR->getLoop() != L || !AR->isAffine())
      return nullptr;
    return AR;
  }
  return nullptr;
}

void Versioner::collectExitCompare(BranchInst *Br) {
  auto *Cmp = dyn_cast<ICmpInst>(Br->getCondition());
  // A translated br_if tests `zext(cmp) != 0` until InstCombine folds it.
  for (unsigned Hops = 0; Cmp && Hops < 2 && Cmp->isEquality(); ++Hops) {
    auto *Z = dyn_cast<ZExtInst>(Cmp->getOperand(0));
    auto *Zero = dyn_cast<ConstantInt>(Cmp->getOperand(1));
    if (!Z || !Zero || !Zero->isZero() || !Z->hasOneUse() ||
        !Z->getSrcTy()->isIntegerTy(1))
      break;
    Cmp = dyn_cast<ICmpInst>(Z->getOperand(0));
  }
  // The copy's compare gives the same answer, so its other users (a
  // keep-alive, a select) may stay.
  if (!Cmp || Cmp->isSigned() ||
      !Cmp->getOperand(0)->getType()->isIntegerTy(32))
    return;
  for (unsigned Op = 0; Op < 2; ++Op) {
    auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(Cmp->getOperand(Op)));
    if (!AR || AR->getLoop() != L || !AR->isAffine() ||
        !isa<SCEVConstant>(AR->getStepRecurrence(SE)) ||
        !SE.isLoopInvariant(AR->getStart(), L) ||
        !L->isLoopInvariant(Cmp->getOperand(1 - Op)))
      continue;
    // A recurrence known not to wrap, one the copy's check covers anyway,
    // or a counter that climbs from a small constant (the check on it then
    // fails only past 2^31 iterations). Not others: a counter that climbs
    // from a negative start and wraps to zero on its last step (LSR's
    // favourite shape, common in Wasm from clang) would fail the check
    // every time and the copy would never run.
    if (AR->hasNoSignedWrap() && !AR->hasNoUnsignedWrap() &&
        Cmp->isEquality() && !is_contained(Wraps, AR)) {
      ExitCompares.push_back({Cmp, Op, AR, /*Signed=*/true});
      return;
    }
    // (Zero extension adds the counter, which climbs: the step must too.)
    if (!cast<SCEVConstant>(AR->getStepRecurrence(SE))
             ->getAPInt()
             .isStrictlyPositive())
      return;
    if (!AR->hasNoUnsignedWrap() && !is_contained(Wraps, AR)) {
      auto *Start = dyn_cast<SCEVConstant>(AR->getStart());
      if (!Start || Start->getAPInt().isNegative())
        return;
      Wraps.push_back(AR);
    }
    ExitCompares.push_back({Cmp, Op, AR, /*Signed=*/false});
    return;
  }
}

/// The root of P's chain of GEPs.
static Value *stripGEPs(Value *P) {
  while (auto *G = dyn_cast<GetElementPtrInst>(P))
    P = G->getPointerOperand();
  return P;
}

void Versioner::collect() {
  Wraps.clear();
  WideOf.clear();
  Checks.clear();
  RangeChecks.clear();
  Accesses.clear();
  ExitCompares.clear();
  for (BasicBlock *BB : L->blocks()) {
    for (Instruction &I : *BB) {
      Value *Ptr = nullptr;
      if (auto *Ld = dyn_cast<LoadInst>(&I); Ld && Ld->isSimple())
        Ptr = Ld->getPointerOperand();
      else if (auto *St = dyn_cast<StoreInst>(&I); St && St->isSimple())
        Ptr = St->getPointerOperand();
      if (!Ptr || !isa<GetElementPtrInst>(Ptr))
        continue;
      Value *Base = stripGEPs(Ptr);
      if (!L->isLoopInvariant(Base) || !SE.isSCEVable(Base->getType()))
        continue;
      const SCEV *Off = SE.getMinusSCEV(SE.getSCEV(Ptr), SE.getSCEV(Base));
      if (isa<SCEVCouldNotCompute>(Off) || !Off->getType()->isIntegerTy(64))
        continue;
      // Only an address with a 32-bit recurrence under a zext gains.
      SawZExt = false;
      unsigned Before = Wraps.size();
      const SCEV *W = widen(Off);
      if (!W || !SawZExt || SE.isLoopInvariant(W, L)) {
        Wraps.truncate(Before);
        continue;
      }
      Accesses.push_back({&I, Base, W});
    }
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    if (!Br || !Br->isConditional())
      continue;
    if (L->isLoopExiting(BB))
      collectExitCompare(Br);
    std::optional<unsigned> Trap = outOfBoundsTrapSuccessor(Br);
    if (!Trap)
      continue;
    unsigned TrapSucc = *Trap;
    auto *Cmp = dyn_cast<ICmpInst>(Br->getCondition());
    if (!Cmp)
      continue;
    // It traps when Pred(Lhs, Rhs) holds.
    CmpInst::Predicate Pred =
        TrapSucc == 0 ? Cmp->getPredicate() : Cmp->getInversePredicate();
    Value *Lhs = Cmp->getOperand(0), *Rhs = Cmp->getOperand(1);
    if (Pred == CmpInst::ICMP_ULT || Pred == CmpInst::ICMP_ULE) {
      std::swap(Lhs, Rhs);
      Pred = CmpInst::getSwappedPredicate(Pred);
    }
    if ((Pred != CmpInst::ICMP_UGT && Pred != CmpInst::ICMP_UGE) ||
        !Lhs->getType()->isIntegerTy(64))
      continue;
    // The memory size: loop-invariant, or a load of one place.
    if (!L->isLoopInvariant(Rhs)) {
      auto *SL = dyn_cast<LoadInst>(Rhs);
      bool Hoisted = false;
      bool Invariant = SL && SL->isSimple() &&
                       L->makeLoopInvariant(SL->getPointerOperand(), Hoisted);
      Touched |= Hoisted;
      if (!Invariant)
        continue;
    }
    unsigned Before = Wraps.size();
    const SCEV *End = widen(SE.getSCEV(Lhs));
    if (!End || SE.isLoopInvariant(End, L)) {
      Wraps.truncate(Before);
      if (!End)
        collectRangeCheck(Br, TrapSucc, Lhs, Rhs, Pred == CmpInst::ICMP_UGT);
      continue;
    }
    Checks.push_back({Br, TrapSucc, End, Rhs, Pred == CmpInst::ICMP_UGT});
  }
}

void Versioner::collectRangeCheck(BranchInst *Br, unsigned TrapSucc, Value *Lhs,
                                  Value *Size, bool Strict) {
  if (!RangeVersioning)
    return;
  // zext(X), or c + zext(X) (the end of an access with a large offset).
  const SCEV *S = SE.getSCEV(Lhs);
  uint64_t Extra = 0;
  if (auto *A = dyn_cast<SCEVAddExpr>(S); A && A->getNumOperands() == 2) {
    auto *C = dyn_cast<SCEVConstant>(A->getOperand(0));
    if (!C || C->getAPInt().ugt(uint64_t(1) << 33))
      return;
    Extra = C->getAPInt().getZExtValue();
    S = A->getOperand(1);
  }
  auto *Z = dyn_cast<SCEVZeroExtendExpr>(S);
  if (!Z || !Z->getOperand()->getType()->isIntegerTy(32))
    return;
  const SCEV *X = Z->getOperand();
  SmallVector<const SCEV *, 4> InvOps, VarOps;
  if (auto *A = dyn_cast<SCEVAddExpr>(X))
    for (const SCEV *Op : A->operands())
      (SE.isLoopInvariant(Op, L) ? InvOps : VarOps).push_back(Op);
  else
    VarOps.push_back(X);
  if (VarOps.empty())
    return;
  // A range that no memory could cover gains nothing.
  APInt Max = SE.getUnsignedRangeMax(SE.getAddExpr(VarOps));
  if (Max.ugt(uint64_t(1) << 30))
    return;
  const SCEV *Inv =
      InvOps.empty() ? SE.getZero(X->getType()) : SE.getAddExpr(InvOps);
  RangeChecks.push_back(
      {Br, TrapSucc, Inv, Extra + Max.getZExtValue(), Size, Strict});
}

bool Versioner::expandable(const SCEV *S, const Instruction *At,
                           SCEVExpander &Exp) {
  return Exp.isSafeToExpand(S) && Exp.isSafeToExpandAt(S, At);
}

/// The value of AR, taken as exact integers, at iteration K; in i128, where
/// nothing overflows (|step| < 2^64, K < 2^64, start < 2^64).
Value *Versioner::valueAt(IRBuilder<> &B, SCEVExpander &Exp,
                          const SCEVAddRecExpr *AR, Value *K) {
  Type *I128 = B.getInt128Ty();
  Value *Start = B.CreateZExt(
      Exp.expandCodeFor(AR->getStart(), AR->getType(), &*B.GetInsertPoint()),
      I128);
  auto *Step = cast<SCEVConstant>(AR->getStepRecurrence(SE));
  Value *StepV = ConstantInt::get(I128, Step->getAPInt().sext(128));
  return B.CreateAdd(Start, B.CreateMul(StepV, K));
}

Value *Versioner::buildCondition(IRBuilder<> &B, SCEVExpander &Exp,
                                 const SCEV *BTC) {
  Type *I128 = B.getInt128Ty();
  Value *Ok = B.getTrue();
  // The size as read before the loop, for a check that reads it in the
  // loop (after a call): memories only grow.
  auto SizeBefore = [&](Value *Size) -> Value * {
    if (L->isLoopInvariant(Size))
      return Size;
    auto *SL = cast<LoadInst>(Size);
    LoadInst *Copy =
        B.CreateLoad(SL->getType(), SL->getPointerOperand(), "mem.size.before");
    Copy->copyMetadata(*SL, {LLVMContext::MD_tbaa, LLVMContext::MD_range});
    return Copy;
  };
  for (const RangeCheck &C : RangeChecks) {
    Value *Inv = B.CreateZExt(
        Exp.expandCodeFor(C.Inv, C.Inv->getType(), &*B.GetInsertPoint()), I128);
    Value *Max = B.CreateAdd(Inv, ConstantInt::get(I128, C.Extra));
    Value *Size = B.CreateZExt(SizeBefore(C.Size), I128);
    Ok = B.CreateAnd(Ok, C.Strict ? B.CreateICmpULE(Max, Size)
                                  : B.CreateICmpULT(Max, Size));
  }
  if (!BTC)
    return Ok;
  Value *K = B.CreateZExt(
      Exp.expandCodeFor(BTC, BTC->getType(), &*B.GetInsertPoint()), I128);
  // No 32-bit recurrence leaves [0, 2^32) by iteration K. It is linear in
  // the iteration and starts inside, so the last value decides; a
  // negative step ending below zero shows as a huge i128 (wrapped) too.
  Value *Limit = ConstantInt::get(I128, APInt(128, 1).shl(32));
  for (const SCEVAddRecExpr *AR : Wraps) {
    // A recurrence collectExitCompare added starts inside; one widen()
    // added may start outside when its constant part carries.
    const SCEVAddRecExpr *Wide = WideOf.lookup(AR);
    if (!Wide) {
      Ok = B.CreateAnd(Ok, B.CreateICmpULT(valueAt(B, Exp, AR, K), Limit));
      continue;
    }
    Value *First = valueAt(B, Exp, Wide, ConstantInt::get(I128, 0));
    Value *Last = valueAt(B, Exp, Wide, K);
    Ok = B.CreateAnd(Ok, B.CreateAnd(B.CreateICmpULT(First, Limit),
                                     B.CreateICmpULT(Last, Limit)));
  }
  // Every check passes at its largest End, against the size now.
  for (const BoundsCheck &C : Checks) {
    auto *AR = cast<SCEVAddRecExpr>(C.End);
    Value *First = valueAt(B, Exp, AR, ConstantInt::get(I128, 0));
    Value *Last = valueAt(B, Exp, AR, K);
    Value *Max = B.CreateSelect(B.CreateICmpUGT(First, Last), First, Last);
    Value *Size = B.CreateZExt(SizeBefore(C.Size), I128);
    Ok = B.CreateAnd(Ok, C.Strict ? B.CreateICmpULE(Max, Size)
                                  : B.CreateICmpULT(Max, Size));
  }
  return Ok;
}

bool Versioner::run(Loop *Lp) {
  L = Lp;
  Touched = false;
  if (findStringMetadataForLoop(L, VersionedTag))
    return Touched;
  unsigned Size = 0;
  for (BasicBlock *BB : L->blocks())
    Size += BB->size();
  if (Size > MaxLoopInstructions)
    return Touched;
  // Dedicated exits and a preheader (SimplifyCFG merges exits away).
  Touched = simplifyLoop(L, &DT, &LI, &SE, nullptr, nullptr, false);
  if (!L->isLoopSimplifyForm())
    return Touched;
  collect();
  BasicBlock *CheckBB = L->getLoopPreheader();
  SCEVExpander CheckExp(SE, DL, "w2n.ver");
  const Instruction *At = CheckBB->getTerminator();
  erase_if(RangeChecks, [&](const RangeCheck &C) {
    return !expandable(C.Inv, At, CheckExp);
  });
  // The affine part needs a trip count and starts computable before the
  // loop; without them the copy can still drop the range checks.
  const SCEV *BTC = SE.getSymbolicMaxBackedgeTakenCount(L);
  auto AffineOk = [&] {
    if (Accesses.empty() && Checks.empty())
      return false;
    if (isa<SCEVCouldNotCompute>(BTC) || !BTC->getType()->isIntegerTy() ||
        BTC->getType()->getIntegerBitWidth() > 64 ||
        !expandable(BTC, At, CheckExp))
      return false;
    for (const SCEVAddRecExpr *AR : Wraps)
      if (!expandable(AR->getStart(), At, CheckExp))
        return false;
    for (const BoundsCheck &C : Checks)
      if (!expandable(cast<SCEVAddRecExpr>(C.End)->getStart(), At, CheckExp))
        return false;
    for (const Access &A : Accesses)
      if (!expandable(cast<SCEVAddRecExpr>(A.Offset)->getStart(), At, CheckExp))
        return false;
    for (const ExitCompare &E : ExitCompares)
      if (!expandable(E.Rec->getStart(), At, CheckExp))
        return false;
    return true;
  };
  // A loop with loops inside is copied only for its range checks.
  if (!L->isInnermost() || !AffineOk()) {
    if (RangeChecks.empty())
      return Touched;
    BTC = nullptr;
    Wraps.clear();
    Checks.clear();
    Accesses.clear();
    ExitCompares.clear();
  }

  // Every value used outside L leaves through a phi of an exit block, the
  // ones defined in loops inside L too (simplifyLoop above does not keep
  // their LCSSA form, and formLCSSA of L alone assumes it).
  formLCSSARecursively(*L, DT, &LI, &SE);
  BasicBlock *PH = SplitBlock(CheckBB, CheckBB->getTerminator(), &DT, &LI,
                              nullptr, "w2n.slow.ph");
  IRBuilder<> B(CheckBB->getTerminator());
  Value *Cond = buildCondition(B, CheckExp, BTC);

  ValueToValueMapTy VMap;
  SmallVector<BasicBlock *, 16> NewBlocks;
  Loop *Fast = cloneLoopWithPreheader(PH, CheckBB, L, VMap, ".fast", &LI, &DT,
                                      NewBlocks);
  remapInstructionsInBlocks(NewBlocks, VMap);
  auto *FastPH = cast<BasicBlock>(VMap[PH]);
  addStringMetadataToLoop(L, VersionedTag);
  addStringMetadataToLoop(Fast, VersionedTag);
  CheckBB->getTerminator()->eraseFromParent();
  BranchInst::Create(FastPH, PH, Cond, CheckBB);

  // The copy's exits come into the same exit blocks (LCSSA: every value
  // used outside flows through their phis).
  SmallVector<BasicBlock *, 4> Exits;
  L->getUniqueExitBlocks(Exits);
  for (BasicBlock *Exit : Exits)
    for (PHINode &Phi : Exit->phis())
      for (unsigned I = 0, E = Phi.getNumIncomingValues(); I != E; ++I) {
        BasicBlock *In = Phi.getIncomingBlock(I);
        if (!L->contains(In))
          continue;
        Value *V = Phi.getIncomingValue(I);
        if (Value *Mapped = VMap.lookup(V))
          V = Mapped;
        Phi.addIncoming(V, cast<BasicBlock>(VMap[In]));
      }

  SE.forgetAllLoops();
  DT.recalculate(F);

  // In the copy, checks proven false go, and each widened address is a
  // pointer computed before the loop plus one 64-bit counter per distinct
  // step, shared by every access with that step: the loop carries one
  // induction variable where the original carried one per address, which
  // leaves the unroller and the vectoriser a loop the size native code has.
  for (const BoundsCheck &C : Checks) {
    auto *NB = cast<BranchInst>(VMap[C.Br]);
    NB->setCondition(ConstantInt::getBool(F.getContext(), C.TrapSucc == 1));
  }
  for (const RangeCheck &C : RangeChecks) {
    auto *NB = cast<BranchInst>(VMap[C.Br]);
    NB->setCondition(ConstantInt::getBool(F.getContext(), C.TrapSucc == 1));
  }
  BasicBlock *Header = Fast->getHeader(), *Latch = Fast->getLoopLatch();
  Instruction *StartAt = CheckBB->getTerminator();
  Type *I64 = Type::getInt64Ty(F.getContext());
  DenseMap<int64_t, PHINode *> Counters; // by step
  auto Counter = [&](const SCEVAddRecExpr *AR) {
    int64_t Step = cast<SCEVConstant>(AR->getStepRecurrence(SE))
                       ->getAPInt()
                       .getSExtValue();
    PHINode *&IV = Counters[Step];
    if (!IV) {
      IV = PHINode::Create(I64, 2, "w2n.off");
      IV->insertBefore(Header->begin());
      auto *Next = BinaryOperator::CreateAdd(
          IV, ConstantInt::get(I64, Step, /*IsSigned=*/true), "w2n.off.next",
          Latch->getTerminator());
      IV->addIncoming(ConstantInt::get(I64, 0), FastPH);
      IV->addIncoming(Next, Latch);
    }
    return IV;
  };
  DenseMap<std::pair<Value *, const SCEV *>, Value *> Starts;
  for (const Access &A : Accesses) {
    auto *AR = cast<SCEVAddRecExpr>(A.Offset);
    PHINode *IV = Counter(AR);
    Value *&Start = Starts[{A.Base, AR->getStart()}];
    if (!Start) {
      IRBuilder<> SB(StartAt);
      Start = SB.CreateInBoundsGEP(
          SB.getInt8Ty(), A.Base,
          CheckExp.expandCodeFor(AR->getStart(), AR->getType(), StartAt),
          "w2n.start");
    }
    auto *NI = cast<Instruction>(VMap[A.I]);
    IRBuilder<> FB(NI);
    Value *Ptr = FB.CreateInBoundsGEP(FB.getInt8Ty(), Start, IV);
    if (auto *Ld = dyn_cast<LoadInst>(NI))
      Ld->setOperand(Ld->getPointerOperandIndex(), Ptr);
    else
      cast<StoreInst>(NI)->setOperand(StoreInst::getPointerOperandIndex(), Ptr);
  }
  // The exit compares, in 64 bits: the recurrence does not wrap in the copy,
  // so its extension is its extended start plus the counter.
  for (const ExitCompare &E : ExitCompares) {
    auto *NC = cast<ICmpInst>(VMap[E.Cmp]);
    const SCEV *Start = E.Signed ? SE.getSignExtendExpr(E.Rec->getStart(), I64)
                                 : SE.getZeroExtendExpr(E.Rec->getStart(), I64);
    Value *StartV = CheckExp.expandCodeFor(Start, I64, StartAt);
    IRBuilder<> CB(NC);
    Value *Rec = CB.CreateAdd(StartV, Counter(E.Rec), "w2n.rec");
    Value *Inv = NC->getOperand(1 - E.RecOp);
    Inv = E.Signed ? CB.CreateSExt(Inv, I64) : CB.CreateZExt(Inv, I64);
    NC->setOperand(E.RecOp, Rec);
    NC->setOperand(1 - E.RecOp, Inv);
  }
  return true;
}

} // namespace

PreservedAnalyses LoopVersioningPass::run(Function &F,
                                          FunctionAnalysisManager &AM) {
  auto &LI = AM.getResult<LoopAnalysis>(F);
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  auto &SE = AM.getResult<ScalarEvolutionAnalysis>(F);
  // Innermost loops first, then the loops around them (inner before
  // outer), which are copied only for their range checks.
  SmallVector<Loop *, 16> Loops, Outer;
  for (Loop *Top : LI)
    for (Loop *L : post_order(Top))
      (L->isInnermost() ? Loops : Outer).push_back(L);
  Loops.append(Outer.begin(), Outer.end());
  if (Loops.size() > MaxLoopsPerFunction)
    Loops.resize(MaxLoopsPerFunction);
  Versioner V(F, LI, DT, SE);
  bool Changed = false;
  for (Loop *L : Loops)
    Changed |= V.run(L);
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserve<DominatorTreeAnalysis>();
  PA.preserve<LoopAnalysis>();
  return PA;
}
