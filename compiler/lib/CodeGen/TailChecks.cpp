//===- TailChecks.cpp - Drop software checks the memory's tail covers -----===//
//
// With software bounds checks, an access with a short offset compares only
// its address with the memory size (`zext v < size`); the rest of the access
// is in bounds or faults in the PROT_NONE tail of W2N_MEMORY_TAIL bytes that
// ends every reservation (SoftwareBounds.cpp). This pass drops such a check
// when a check that dominates it already showed `u < size` and the address
// is `v = u + c` with `c` a small non-negative value: an `add` whose other
// operand has a small range (a child pointer chosen by a select, a masked
// index), or any address whose ScalarEvolution difference from `u` is a
// small constant (the next field, `code[pc + 1]` after `code[pc]`):
//
//   u < size, c <= C  =>  v + X <= size - 1 + C + X <= size + TAIL
//
// where X is the largest offset + size of an access through v, so the
// access is in bounds or faults in the tail, which reports the same trap.
// If `u + c` wraps past 2^32, then u > 2^32 - C, the size (a multiple of
// 64 KiB above u) is 4 GiB, and v < C lies in bounds. Memories only grow,
// so a check that held still holds after a call.
//
// The accesses through v keep their keep-alives (the translator gave every
// access of this kind one), so a load that is dead still faults.
//
//===----------------------------------------------------------------------===//
#include "w2n/CodeGen/TailChecks.h"
#include "w2n/abi.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/ConstantRange.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace llvm::PatternMatch;
using namespace w2n;

/// Whether BB leads to the out-of-bounds memory trap.
static bool isOutOfBoundsTrap(const BasicBlock *BB) {
  // LoopSimplify's dedicated exit blocks only branch on.
  for (unsigned Hops = 0; Hops < 4 && BB->size() == 1; ++Hops)
    if (const BasicBlock *Next = BB->getSingleSuccessor())
      BB = Next;
  const auto *CI = dyn_cast_or_null<CallInst>(BB->getFirstNonPHI());
  if (!CI || !CI->getCalledFunction() || CI->arg_size() < 2)
    return false;
  StringRef Name = CI->getCalledFunction()->getName();
  if (Name != "w2n_trap" && Name != "w2n_trap_detail")
    return false;
  auto *Code = dyn_cast<ConstantInt>(CI->getArgOperand(1));
  return Code && Code->getZExtValue() == W2N_TRAP_OOB_MEMORY;
}

namespace {

/// A tail check: the branch goes on to Ok when `zext(Addr) < Size`.
struct TailCheck {
  BranchInst *Br = nullptr;
  BasicBlock *Ok = nullptr;
  Value *Index = nullptr;        ///< zext(Addr), the i64 index of the accesses
  Value *Addr = nullptr;         ///< the i32 Wasm address
  const Value *Memory = nullptr; ///< what identifies the memory's size
};

/// The memory a size value belongs to: the place it is loaded from. A phi
/// of loads from one place (GVN joins the size loaded before a loop with
/// the one reloaded after a call in it) belongs to that place too.
const Value *sizeKey(Value *Size) {
  SmallVector<Value *, 8> Work{Size};
  SmallPtrSet<Value *, 8> Seen{Size};
  const Value *Key = nullptr;
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    if (auto *P = dyn_cast<PHINode>(V); P && Seen.size() < 16) {
      for (Value *In : P->incoming_values())
        if (Seen.insert(In).second)
          Work.push_back(In);
      continue;
    }
    auto *L = dyn_cast<LoadInst>(V);
    if (!L || (Key && Key != L->getPointerOperand()))
      return Size;
    Key = L->getPointerOperand();
  }
  return Key ? Key : Size;
}

std::optional<TailCheck> matchCheck(BranchInst *Br) {
  std::optional<unsigned> Trap = outOfBoundsTrapSuccessor(Br);
  if (!Trap)
    return std::nullopt;
  unsigned TrapSucc = *Trap;
  auto *Cmp = dyn_cast<ICmpInst>(Br->getCondition());
  if (!Cmp)
    return std::nullopt;
  // Normalise to "goes on when Lhs < Rhs".
  CmpInst::Predicate Pred =
      TrapSucc == 1 ? Cmp->getPredicate() : Cmp->getInversePredicate();
  Value *Lhs = Cmp->getOperand(0), *Rhs = Cmp->getOperand(1);
  if (Pred == CmpInst::ICMP_UGT) {
    std::swap(Lhs, Rhs);
    Pred = CmpInst::ICMP_ULT;
  }
  if (Pred != CmpInst::ICMP_ULT)
    return std::nullopt;
  Value *Addr;
  if (!match(Lhs, m_ZExt(m_Value(Addr))) || !Addr->getType()->isIntegerTy(32))
    return std::nullopt;
  TailCheck C;
  C.Br = Br;
  C.Ok = Br->getSuccessor(1 - TrapSucc);
  C.Index = Lhs;
  C.Addr = Addr;
  C.Memory = sizeKey(Rhs);
  return C;
}

/// Raises Max to the largest offset + size of the loads and stores through
/// P, which lies Off bytes past the index; false for another kind of use.
bool accessExtent(const Value *P, uint64_t Off, const DataLayout &DL,
                  uint64_t &Max, unsigned Depth = 0) {
  for (const User *U : P->users()) {
    Type *Ty;
    if (auto *L = dyn_cast<LoadInst>(U)) {
      Ty = L->getType();
    } else if (auto *S = dyn_cast<StoreInst>(U);
               S && S->getPointerOperand() == P) {
      Ty = S->getValueOperand()->getType();
    } else if (auto *G = dyn_cast<GetElementPtrInst>(U); G && Depth < 4) {
      APInt More(64, 0);
      if (!G->accumulateConstantOffset(DL, More) || More.isNegative() ||
          !accessExtent(G, Off + More.getZExtValue(), DL, Max, Depth + 1))
        return false;
      continue;
    } else {
      return false;
    }
    Max = std::max(Max, Off + DL.getTypeStoreSize(Ty).getFixedValue());
  }
  return true;
}

/// The largest offset + size of the accesses through Index that Ok
/// dominates, or none when Index has a use this does not understand.
std::optional<uint64_t> extent(Value *Index, BasicBlock *Ok,
                               const DominatorTree &DT, const DataLayout &DL,
                               unsigned Depth = 0) {
  uint64_t Max = 0;
  for (User *U : Index->users()) {
    auto *I = dyn_cast<Instruction>(U);
    if (!I)
      return std::nullopt;
    if (isa<ICmpInst>(I))
      continue;
    if (!DT.dominates(Ok, I->getParent()))
      continue; // reached only through another check
    if (auto *BO = dyn_cast<BinaryOperator>(I);
        BO && BO->getOpcode() == Instruction::Add && Depth == 0) {
      auto *K = dyn_cast<ConstantInt>(BO->getOperand(1));
      if (!K || K->isNegative())
        return std::nullopt;
      std::optional<uint64_t> E = extent(BO, Ok, DT, DL, Depth + 1);
      if (!E)
        return std::nullopt;
      Max = std::max(Max, *E + K->getZExtValue());
      continue;
    }
    auto *GEP = dyn_cast<GetElementPtrInst>(I);
    if (!GEP || GEP->getNumIndices() != 1 || GEP->getOperand(1) != Index ||
        !GEP->getSourceElementType()->isIntegerTy(8))
      return std::nullopt;
    APInt Off(64, 0);
    const Value *Root =
        GEP->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, Off, /*AllowNonInbounds=*/true);
    if (!isa<LoadInst>(Root) || Off.isNegative())
      return std::nullopt;
    if (!accessExtent(GEP, Off.getZExtValue(), DL, Max))
      return std::nullopt;
  }
  return Max;
}

} // namespace

std::optional<unsigned> w2n::outOfBoundsTrapSuccessor(const BranchInst *Br) {
  if (!Br->isConditional())
    return std::nullopt;
  for (unsigned Succ = 0; Succ < 2; ++Succ)
    if (isOutOfBoundsTrap(Br->getSuccessor(Succ)))
      return Succ;
  return std::nullopt;
}

PreservedAnalyses TailChecksPass::run(Function &F,
                                      FunctionAnalysisManager &AM) {
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  auto &SE = AM.getResult<ScalarEvolutionAnalysis>(F);
  const DataLayout &DL = F.getDataLayout();
  // Addresses a check showed below their memory's size, with the block the
  // check goes on to; a fact holds in the blocks that block dominates.
  struct Fact {
    const Value *Memory;
    BasicBlock *From;
  };
  DenseMap<Value *, SmallVector<Fact, 2>> Facts; // by address
  SmallVector<TailCheck, 32> Checks;
  // In reverse post-order, so a check is looked at after those that
  // dominate it, and a dropped one cannot vouch for a later one.
  for (BasicBlock *BB : ReversePostOrderTraversal<Function *>(&F))
    if (auto *Br = dyn_cast<BranchInst>(BB->getTerminator()))
      if (std::optional<TailCheck> C = matchCheck(Br);
          C && C->Ok->getSinglePredecessor() == BB)
        Checks.push_back(*C);
  for (const TailCheck &C : Checks)
    Facts[C.Addr].push_back({C.Memory, C.Ok});

  bool Changed = false;
  SmallVector<bool, 32> Alive(Checks.size(), true);
  for (unsigned I = 0; I < Checks.size(); ++I) {
    const TailCheck &C = Checks[I];
    BasicBlock *At = C.Br->getParent();
    std::optional<uint64_t> MaxSmall;
    // u + c, with u checked before and c small (a select, a mask).
    Value *U, *Small;
    if (match(C.Addr, m_Add(m_Value(U), m_Value(Small)))) {
      auto Known = [&](Value *A) {
        auto It = Facts.find(A);
        if (It == Facts.end())
          return false;
        for (const Fact &Fct : It->second)
          if (Fct.Memory == C.Memory && Fct.From != C.Ok &&
              DT.dominates(Fct.From, At))
            return true;
        return false;
      };
      if (!Known(U))
        std::swap(U, Small);
      if (Known(U))
        MaxSmall = computeConstantRange(Small, /*ForSigned=*/false)
                       .getUnsignedMax()
                       .getLimitedValue();
    }
    // An address a constant distance above one checked before (the next
    // field, the next instruction of a bytecode): ScalarEvolution's i32
    // difference is the distance modulo 2^32, the same wrapping add.
    if (!MaxSmall || *MaxSmall > W2N_MEMORY_TAIL) {
      MaxSmall.reset();
      const SCEV *V = SE.getSCEV(C.Addr);
      unsigned Looked = 0;
      for (unsigned J = I; J-- > 0 && Looked < 64;) {
        const TailCheck &D = Checks[J];
        if (!Alive[J] || D.Memory != C.Memory || !DT.dominates(D.Ok, At))
          continue;
        ++Looked;
        auto *Dist =
            dyn_cast<SCEVConstant>(SE.getMinusSCEV(V, SE.getSCEV(D.Addr)));
        if (Dist && Dist->getAPInt().ule(W2N_MEMORY_TAIL)) {
          MaxSmall = Dist->getAPInt().getZExtValue();
          break;
        }
      }
    }
    if (!MaxSmall || *MaxSmall > W2N_MEMORY_TAIL)
      continue;
    std::optional<uint64_t> X = extent(C.Index, C.Ok, DT, DL);
    if (!X || *MaxSmall + *X > uint64_t(W2N_MEMORY_TAIL) + 1)
      continue;
    // The check goes: its block now always goes on.
    BasicBlock *Trap = C.Br->getSuccessor(C.Br->getSuccessor(0) == C.Ok);
    Trap->removePredecessor(C.Br->getParent());
    BranchInst::Create(C.Ok, C.Br->getIterator());
    C.Br->eraseFromParent();
    // Its fact goes too: v < size is no longer known.
    llvm::erase_if(Facts[C.Addr],
                   [&](const Fact &Fct) { return Fct.From == C.Ok; });
    Alive[I] = false;
    Changed = true;
  }
  // (Removing edges into trap blocks left the dominance of the blocks
  // looked at above as it was.)
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
