//===- SimdTranslator.cpp - SIMD128 instructions to LLVM vectors ----------===//
//
// Every v128 value lives on the operand stack as <2 x i64>; each arm views
// it as the lane shape it needs (a bitcast, free in the backend) and writes
// plain LLVM vector operations that the backends select as native SIMD.
//
//===----------------------------------------------------------------------===//
#include "FunctionTranslator.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsAArch64.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;
using namespace w2n;
using wasm::Opcode;

FixedVectorType *FunctionTranslator::vecTy(Type *ElemTy, unsigned N) {
  return FixedVectorType::get(ElemTy, N);
}

Value *FunctionTranslator::asVec(Value *V, Type *ElemTy, unsigned N) {
  return B.CreateBitCast(V, vecTy(ElemTy, N));
}

Value *FunctionTranslator::toV128(Value *V) { return B.CreateBitCast(V, V128); }

/// Lanes [0, N/2) or [N/2, N) of a vector of N lanes.
Value *FunctionTranslator::simdHalf(Value *V, unsigned N, bool High) {
  SmallVector<int, 16> Mask;
  for (unsigned I = 0; I < N / 2; ++I)
    Mask.push_back(int(I + (High ? N / 2 : 0)));
  return B.CreateShuffleVector(V, Mask);
}

void FunctionTranslator::simdLoadExtend(const wasm::Instr &I, Type *ElemTy,
                                        unsigned N, bool Signed) {
  Value *V = loadMem(vecTy(ElemTy, N), memArg(I), pop());
  Type *Wide = vecTy(B.getIntNTy(ElemTy->getIntegerBitWidth() * 2), N);
  push(toV128(Signed ? B.CreateSExt(V, Wide) : B.CreateZExt(V, Wide)));
}

void FunctionTranslator::simdLoadSplat(const wasm::Instr &I, Type *ElemTy,
                                       unsigned N) {
  push(toV128(B.CreateVectorSplat(N, loadMem(ElemTy, memArg(I), pop()))));
}

void FunctionTranslator::simdLoadZero(const wasm::Instr &I, Type *ElemTy,
                                      unsigned N) {
  Value *X = loadMem(ElemTy, memArg(I), pop());
  Value *Zero = Constant::getNullValue(vecTy(ElemTy, N));
  push(toV128(B.CreateInsertElement(Zero, X, uint64_t(0))));
}

void FunctionTranslator::simdLoadLane(const wasm::Instr &I, Type *ElemTy,
                                      unsigned N) {
  Value *V = asVec(pop(), ElemTy, N);
  Value *X = loadMem(ElemTy, memArg(I), pop());
  push(toV128(B.CreateInsertElement(V, X, uint64_t(I.Lane))));
}

void FunctionTranslator::simdStoreLane(const wasm::Instr &I, Type *ElemTy,
                                       unsigned N) {
  Value *V = asVec(pop(), ElemTy, N);
  storeMem(B.CreateExtractElement(V, uint64_t(I.Lane)), memArg(I), pop());
}

void FunctionTranslator::simdSplat(Type *ElemTy, unsigned N) {
  Value *X = pop();
  if (X->getType() != ElemTy)
    X = B.CreateTrunc(X, ElemTy);
  push(toV128(B.CreateVectorSplat(N, X)));
}

/// Ext: 0 none, 1 sign-extend to i32, 2 zero-extend to i32.
void FunctionTranslator::simdExtract(const wasm::Instr &I, Type *ElemTy,
                                     unsigned N, int Ext) {
  Value *X = B.CreateExtractElement(asVec(pop(), ElemTy, N), uint64_t(I.Lane));
  if (Ext == 1)
    X = B.CreateSExt(X, I32);
  else if (Ext == 2)
    X = B.CreateZExt(X, I32);
  push(X);
}

void FunctionTranslator::simdReplace(const wasm::Instr &I, Type *ElemTy,
                                     unsigned N) {
  Value *X = pop();
  if (X->getType() != ElemTy)
    X = B.CreateTrunc(X, ElemTy);
  Value *V = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateInsertElement(V, X, uint64_t(I.Lane))));
}

void FunctionTranslator::simdICmp(CmpInst::Predicate P, Type *ElemTy,
                                  unsigned N) {
  Value *R = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateSExt(B.CreateICmp(P, L, R), vecTy(ElemTy, N))));
}

void FunctionTranslator::simdFCmp(CmpInst::Predicate P, Type *ElemTy,
                                  unsigned N) {
  Value *R = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
  Type *IntTy = vecTy(B.getIntNTy(ElemTy->getPrimitiveSizeInBits()), N);
  push(toV128(B.CreateSExt(B.CreateFCmp(P, L, R), IntTy)));
}

void FunctionTranslator::simdBinary(Instruction::BinaryOps Op, Type *ElemTy,
                                    unsigned N) {
  Value *R = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateBinOp(Op, L, R)));
}

void FunctionTranslator::simdIntrinsic1(Intrinsic::ID ID, Type *ElemTy,
                                        unsigned N) {
  push(toV128(B.CreateUnaryIntrinsic(ID, asVec(pop(), ElemTy, N))));
}

void FunctionTranslator::simdIntrinsic2(Intrinsic::ID ID, Type *ElemTy,
                                        unsigned N) {
  Value *R = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateBinaryIntrinsic(ID, L, R)));
}

void FunctionTranslator::simdNeg(Type *ElemTy, unsigned N) {
  Value *V = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateNeg(V)));
}

/// The shift count is taken modulo the lane width.
void FunctionTranslator::simdShift(Instruction::BinaryOps Op, Type *ElemTy,
                                   unsigned N) {
  Value *Count = pop();
  unsigned Bits = ElemTy->getIntegerBitWidth();
  Count = B.CreateAnd(Count, B.getInt32(Bits - 1));
  Count = B.CreateZExtOrTrunc(Count, ElemTy);
  Value *V = asVec(pop(), ElemTy, N);
  push(toV128(B.CreateBinOp(Op, V, B.CreateVectorSplat(N, Count))));
}

void FunctionTranslator::simdMinMax(CmpInst::Predicate P, Type *ElemTy,
                                    unsigned N) {
  Intrinsic::ID ID;
  switch (P) {
  case CmpInst::ICMP_SLT:
    ID = Intrinsic::smin;
    break;
  case CmpInst::ICMP_ULT:
    ID = Intrinsic::umin;
    break;
  case CmpInst::ICMP_SGT:
    ID = Intrinsic::smax;
    break;
  default:
    ID = Intrinsic::umax;
    break;
  }
  simdIntrinsic2(ID, ElemTy, N);
}

/// pmin is `b < a ? b : a` and pmax `a < b ? b : a`, exactly as written
/// (NaN and signed-zero behaviour follow from the comparison).
void FunctionTranslator::simdPMinMax(bool Max, Type *ElemTy, unsigned N) {
  Value *Rv = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
  Value *Cond = Max ? B.CreateFCmpOLT(L, Rv) : B.CreateFCmpOLT(Rv, L);
  push(toV128(B.CreateSelect(Cond, Rv, L)));
}

/// Rounding average (a + b + 1) >> 1 in double width; backends recognise
/// it (pavgb/pavgw, urhadd).
void FunctionTranslator::simdAvgr(Type *ElemTy, unsigned N) {
  Type *Wide = vecTy(B.getIntNTy(ElemTy->getIntegerBitWidth() * 2), N);
  Value *Rv = B.CreateZExt(asVec(pop(), ElemTy, N), Wide);
  Value *L = B.CreateZExt(asVec(pop(), ElemTy, N), Wide);
  Value *Sum = B.CreateAdd(B.CreateAdd(L, Rv), ConstantInt::get(Wide, 1));
  push(toV128(B.CreateTrunc(B.CreateLShr(Sum, ConstantInt::get(Wide, 1)),
                            vecTy(ElemTy, N))));
}

void FunctionTranslator::simdAllTrue(Type *ElemTy, unsigned N) {
  Value *V = asVec(pop(), ElemTy, N);
  Value *NonZero = B.CreateICmpNE(V, Constant::getNullValue(V->getType()));
  push(B.CreateZExt(B.CreateAndReduce(NonZero), I32));
}

void FunctionTranslator::simdBitmask(Type *ElemTy, unsigned N) {
  Value *V = asVec(pop(), ElemTy, N);
  Value *Neg = B.CreateICmpSLT(V, Constant::getNullValue(V->getType()));
  push(B.CreateZExt(B.CreateBitCast(Neg, B.getIntNTy(N)), I32));
}

/// Narrows two vectors of N lanes into one of 2N lanes of half the width,
/// saturating signed inputs to the signed or unsigned narrow range.
void FunctionTranslator::simdNarrow(Type *FromElemTy, unsigned N, bool Signed) {
  Value *Rv = asVec(pop(), FromElemTy, N), *L = asVec(pop(), FromElemTy, N);
  SmallVector<int, 16> Mask;
  for (unsigned I = 0; I < 2 * N; ++I)
    Mask.push_back(int(I));
  Value *Both = B.CreateShuffleVector(L, Rv, Mask);
  unsigned Bits = FromElemTy->getIntegerBitWidth() / 2;
  APInt Lo = Signed ? APInt::getSignedMinValue(Bits).sext(2 * Bits)
                    : APInt::getZero(2 * Bits);
  APInt Hi = Signed ? APInt::getSignedMaxValue(Bits).sext(2 * Bits)
                    : APInt::getMaxValue(Bits).zext(2 * Bits);
  Type *BothTy = Both->getType();
  Value *Clamped = B.CreateBinaryIntrinsic(
      Intrinsic::smin,
      B.CreateBinaryIntrinsic(Intrinsic::smax, Both,
                              ConstantInt::get(BothTy, Lo)),
      ConstantInt::get(BothTy, Hi));
  push(toV128(B.CreateTrunc(Clamped, vecTy(B.getIntNTy(Bits), 2 * N))));
}

/// N is the lane count of the source shape.
void FunctionTranslator::simdExtend(Type *FromElemTy, unsigned N, bool High,
                                    bool Signed) {
  Value *Half = simdHalf(asVec(pop(), FromElemTy, N), N, High);
  Type *Wide = vecTy(B.getIntNTy(FromElemTy->getIntegerBitWidth() * 2), N / 2);
  push(toV128(Signed ? B.CreateSExt(Half, Wide) : B.CreateZExt(Half, Wide)));
}

void FunctionTranslator::simdExtMul(Type *FromElemTy, unsigned N, bool High,
                                    bool Signed) {
  Type *Wide = vecTy(B.getIntNTy(FromElemTy->getIntegerBitWidth() * 2), N / 2);
  auto Ext = [&](Value *V) {
    Value *H = simdHalf(asVec(V, FromElemTy, N), N, High);
    return Signed ? B.CreateSExt(H, Wide) : B.CreateZExt(H, Wide);
  };
  Value *Rv = Ext(pop()), *L = Ext(pop());
  push(toV128(B.CreateMul(L, Rv)));
}

void FunctionTranslator::simdExtAddPairwise(Type *FromElemTy, unsigned N,
                                            bool Signed) {
  Value *V = asVec(pop(), FromElemTy, N);
  SmallVector<int, 16> Even, Odd;
  for (unsigned I = 0; I < N / 2; ++I) {
    Even.push_back(int(2 * I));
    Odd.push_back(int(2 * I + 1));
  }
  Type *Wide = vecTy(B.getIntNTy(FromElemTy->getIntegerBitWidth() * 2), N / 2);
  auto Ext = [&](Value *X) {
    return Signed ? B.CreateSExt(X, Wide) : B.CreateZExt(X, Wide);
  };
  push(toV128(B.CreateAdd(Ext(B.CreateShuffleVector(V, Even)),
                          Ext(B.CreateShuffleVector(V, Odd)))));
}

void FunctionTranslator::simdConvert(Instruction::CastOps Op, Type *FromElemTy,
                                     unsigned FromN, Type *ToElemTy) {
  Value *V = asVec(pop(), FromElemTy, FromN);
  unsigned ToN = 128 / ToElemTy->getPrimitiveSizeInBits();
  if (ToN < FromN)
    V = simdHalf(V, FromN, false);
  push(toV128(B.CreateCast(Op, V, vecTy(ToElemTy, ToN))));
}

/// Saturating float-to-i32 lanes; from f64x2 the two results are followed
/// by two zero lanes.
void FunctionTranslator::simdTruncSat(Type *FromElemTy, unsigned FromN,
                                      bool Signed) {
  Value *V = asVec(pop(), FromElemTy, FromN);
  Intrinsic::ID ID = Signed ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat;
  Type *ToTy = vecTy(I32, FromN);
  Value *X = B.CreateIntrinsic(ID, {ToTy, V->getType()}, {V});
  if (FromN == 2)
    X = B.CreateShuffleVector(X, Constant::getNullValue(ToTy), {0, 1, 2, 3});
  push(toV128(X));
}

void FunctionTranslator::translateSimd(const wasm::Instr &I) {
  Type *V8 = vecTy(I8, 16);
  switch (I.Op) {
  case Opcode::V128Load: {
    push(loadMem(V128, memArg(I), pop()));
    return;
  }
  case Opcode::V128Load8x8S:
    return simdLoadExtend(I, I8, 8, true);
  case Opcode::V128Load8x8U:
    return simdLoadExtend(I, I8, 8, false);
  case Opcode::V128Load16x4S:
    return simdLoadExtend(I, I16, 4, true);
  case Opcode::V128Load16x4U:
    return simdLoadExtend(I, I16, 4, false);
  case Opcode::V128Load32x2S:
    return simdLoadExtend(I, I32, 2, true);
  case Opcode::V128Load32x2U:
    return simdLoadExtend(I, I32, 2, false);
  case Opcode::V128Load8Splat:
    return simdLoadSplat(I, I8, 16);
  case Opcode::V128Load16Splat:
    return simdLoadSplat(I, I16, 8);
  case Opcode::V128Load32Splat:
    return simdLoadSplat(I, I32, 4);
  case Opcode::V128Load64Splat:
    return simdLoadSplat(I, I64, 2);
  case Opcode::V128Store: {
    Value *V = pop();
    storeMem(V, memArg(I), pop());
    return;
  }
  case Opcode::V128Const: {
    push(ConstantVector::get({B.getInt64(I.Lo), B.getInt64(I.Hi)}));
    return;
  }
  case Opcode::I8x16Shuffle: {
    SmallVector<int, 16> Mask;
    for (unsigned K = 0; K < 16; ++K)
      Mask.push_back(int(((K < 8 ? I.Lo : I.Hi) >> (8 * (K % 8))) & 0xff));
    Value *Rv = asVec(pop(), I8, 16), *L = asVec(pop(), I8, 16);
    push(toV128(B.CreateShuffleVector(L, Rv, Mask)));
    return;
  }
  case Opcode::I8x16Swizzle: {
    Value *S = asVec(pop(), I8, 16), *V = asVec(pop(), I8, 16);
    // AArch64's tbl has exactly Wasm's semantics (out-of-range lanes give
    // 0); elsewhere select lane by lane.
    if (Triple(MC.LM.getTargetTriple()).isAArch64()) {
      push(toV128(
          B.CreateIntrinsic(Intrinsic::aarch64_neon_tbl1, {V8}, {V, S})));
      return;
    }
    Value *Result = Constant::getNullValue(V8);
    for (unsigned K = 0; K < 16; ++K) {
      Value *Index = B.CreateExtractElement(S, uint64_t(K));
      Value *Lane =
          B.CreateExtractElement(V, B.CreateAnd(Index, B.getInt8(15)));
      Lane = B.CreateSelect(B.CreateICmpULT(Index, B.getInt8(16)), Lane,
                            B.getInt8(0));
      Result = B.CreateInsertElement(Result, Lane, uint64_t(K));
    }
    push(toV128(Result));
    return;
  }
  case Opcode::I8x16Splat:
    return simdSplat(I8, 16);
  case Opcode::I16x8Splat:
    return simdSplat(I16, 8);
  case Opcode::I32x4Splat:
    return simdSplat(I32, 4);
  case Opcode::I64x2Splat:
    return simdSplat(I64, 2);
  case Opcode::F32x4Splat:
    return simdSplat(F32, 4);
  case Opcode::F64x2Splat:
    return simdSplat(F64, 2);
  case Opcode::I8x16ExtractLaneS:
    return simdExtract(I, I8, 16, 1);
  case Opcode::I8x16ExtractLaneU:
    return simdExtract(I, I8, 16, 2);
  case Opcode::I8x16ReplaceLane:
    return simdReplace(I, I8, 16);
  case Opcode::I16x8ExtractLaneS:
    return simdExtract(I, I16, 8, 1);
  case Opcode::I16x8ExtractLaneU:
    return simdExtract(I, I16, 8, 2);
  case Opcode::I16x8ReplaceLane:
    return simdReplace(I, I16, 8);
  case Opcode::I32x4ExtractLane:
    return simdExtract(I, I32, 4, 0);
  case Opcode::I32x4ReplaceLane:
    return simdReplace(I, I32, 4);
  case Opcode::I64x2ExtractLane:
    return simdExtract(I, I64, 2, 0);
  case Opcode::I64x2ReplaceLane:
    return simdReplace(I, I64, 2);
  case Opcode::F32x4ExtractLane:
    return simdExtract(I, F32, 4, 0);
  case Opcode::F32x4ReplaceLane:
    return simdReplace(I, F32, 4);
  case Opcode::F64x2ExtractLane:
    return simdExtract(I, F64, 2, 0);
  case Opcode::F64x2ReplaceLane:
    return simdReplace(I, F64, 2);

  case Opcode::I8x16Eq:
    return simdICmp(CmpInst::ICMP_EQ, I8, 16);
  case Opcode::I8x16Ne:
    return simdICmp(CmpInst::ICMP_NE, I8, 16);
  case Opcode::I8x16LtS:
    return simdICmp(CmpInst::ICMP_SLT, I8, 16);
  case Opcode::I8x16LtU:
    return simdICmp(CmpInst::ICMP_ULT, I8, 16);
  case Opcode::I8x16GtS:
    return simdICmp(CmpInst::ICMP_SGT, I8, 16);
  case Opcode::I8x16GtU:
    return simdICmp(CmpInst::ICMP_UGT, I8, 16);
  case Opcode::I8x16LeS:
    return simdICmp(CmpInst::ICMP_SLE, I8, 16);
  case Opcode::I8x16LeU:
    return simdICmp(CmpInst::ICMP_ULE, I8, 16);
  case Opcode::I8x16GeS:
    return simdICmp(CmpInst::ICMP_SGE, I8, 16);
  case Opcode::I8x16GeU:
    return simdICmp(CmpInst::ICMP_UGE, I8, 16);
  case Opcode::I16x8Eq:
    return simdICmp(CmpInst::ICMP_EQ, I16, 8);
  case Opcode::I16x8Ne:
    return simdICmp(CmpInst::ICMP_NE, I16, 8);
  case Opcode::I16x8LtS:
    return simdICmp(CmpInst::ICMP_SLT, I16, 8);
  case Opcode::I16x8LtU:
    return simdICmp(CmpInst::ICMP_ULT, I16, 8);
  case Opcode::I16x8GtS:
    return simdICmp(CmpInst::ICMP_SGT, I16, 8);
  case Opcode::I16x8GtU:
    return simdICmp(CmpInst::ICMP_UGT, I16, 8);
  case Opcode::I16x8LeS:
    return simdICmp(CmpInst::ICMP_SLE, I16, 8);
  case Opcode::I16x8LeU:
    return simdICmp(CmpInst::ICMP_ULE, I16, 8);
  case Opcode::I16x8GeS:
    return simdICmp(CmpInst::ICMP_SGE, I16, 8);
  case Opcode::I16x8GeU:
    return simdICmp(CmpInst::ICMP_UGE, I16, 8);
  case Opcode::I32x4Eq:
    return simdICmp(CmpInst::ICMP_EQ, I32, 4);
  case Opcode::I32x4Ne:
    return simdICmp(CmpInst::ICMP_NE, I32, 4);
  case Opcode::I32x4LtS:
    return simdICmp(CmpInst::ICMP_SLT, I32, 4);
  case Opcode::I32x4LtU:
    return simdICmp(CmpInst::ICMP_ULT, I32, 4);
  case Opcode::I32x4GtS:
    return simdICmp(CmpInst::ICMP_SGT, I32, 4);
  case Opcode::I32x4GtU:
    return simdICmp(CmpInst::ICMP_UGT, I32, 4);
  case Opcode::I32x4LeS:
    return simdICmp(CmpInst::ICMP_SLE, I32, 4);
  case Opcode::I32x4LeU:
    return simdICmp(CmpInst::ICMP_ULE, I32, 4);
  case Opcode::I32x4GeS:
    return simdICmp(CmpInst::ICMP_SGE, I32, 4);
  case Opcode::I32x4GeU:
    return simdICmp(CmpInst::ICMP_UGE, I32, 4);
  case Opcode::I64x2Eq:
    return simdICmp(CmpInst::ICMP_EQ, I64, 2);
  case Opcode::I64x2Ne:
    return simdICmp(CmpInst::ICMP_NE, I64, 2);
  case Opcode::I64x2LtS:
    return simdICmp(CmpInst::ICMP_SLT, I64, 2);
  case Opcode::I64x2GtS:
    return simdICmp(CmpInst::ICMP_SGT, I64, 2);
  case Opcode::I64x2LeS:
    return simdICmp(CmpInst::ICMP_SLE, I64, 2);
  case Opcode::I64x2GeS:
    return simdICmp(CmpInst::ICMP_SGE, I64, 2);
  case Opcode::F32x4Eq:
    return simdFCmp(CmpInst::FCMP_OEQ, F32, 4);
  case Opcode::F32x4Ne:
    return simdFCmp(CmpInst::FCMP_UNE, F32, 4);
  case Opcode::F32x4Lt:
    return simdFCmp(CmpInst::FCMP_OLT, F32, 4);
  case Opcode::F32x4Gt:
    return simdFCmp(CmpInst::FCMP_OGT, F32, 4);
  case Opcode::F32x4Le:
    return simdFCmp(CmpInst::FCMP_OLE, F32, 4);
  case Opcode::F32x4Ge:
    return simdFCmp(CmpInst::FCMP_OGE, F32, 4);
  case Opcode::F64x2Eq:
    return simdFCmp(CmpInst::FCMP_OEQ, F64, 2);
  case Opcode::F64x2Ne:
    return simdFCmp(CmpInst::FCMP_UNE, F64, 2);
  case Opcode::F64x2Lt:
    return simdFCmp(CmpInst::FCMP_OLT, F64, 2);
  case Opcode::F64x2Gt:
    return simdFCmp(CmpInst::FCMP_OGT, F64, 2);
  case Opcode::F64x2Le:
    return simdFCmp(CmpInst::FCMP_OLE, F64, 2);
  case Opcode::F64x2Ge:
    return simdFCmp(CmpInst::FCMP_OGE, F64, 2);

  case Opcode::V128Not:
    push(B.CreateNot(pop()));
    return;
  case Opcode::V128And:
    return binary([&](Value *L, Value *Rv) { return B.CreateAnd(L, Rv); });
  case Opcode::V128Andnot:
    return binary(
        [&](Value *L, Value *Rv) { return B.CreateAnd(L, B.CreateNot(Rv)); });
  case Opcode::V128Or:
    return binary([&](Value *L, Value *Rv) { return B.CreateOr(L, Rv); });
  case Opcode::V128Xor:
    return binary([&](Value *L, Value *Rv) { return B.CreateXor(L, Rv); });
  case Opcode::V128Bitselect: {
    Value *Mask = pop(), *No = pop(), *Yes = pop();
    push(
        B.CreateOr(B.CreateAnd(Yes, Mask), B.CreateAnd(No, B.CreateNot(Mask))));
    return;
  }
  case Opcode::V128AnyTrue: {
    Value *Wide = B.CreateBitCast(pop(), B.getInt128Ty());
    push(B.CreateZExt(B.CreateICmpNE(Wide, B.getIntN(128, 0)), I32));
    return;
  }
  case Opcode::V128Load8Lane:
    return simdLoadLane(I, I8, 16);
  case Opcode::V128Load16Lane:
    return simdLoadLane(I, I16, 8);
  case Opcode::V128Load32Lane:
    return simdLoadLane(I, I32, 4);
  case Opcode::V128Load64Lane:
    return simdLoadLane(I, I64, 2);
  case Opcode::V128Store8Lane:
    return simdStoreLane(I, I8, 16);
  case Opcode::V128Store16Lane:
    return simdStoreLane(I, I16, 8);
  case Opcode::V128Store32Lane:
    return simdStoreLane(I, I32, 4);
  case Opcode::V128Store64Lane:
    return simdStoreLane(I, I64, 2);
  case Opcode::V128Load32Zero:
    return simdLoadZero(I, I32, 4);
  case Opcode::V128Load64Zero:
    return simdLoadZero(I, I64, 2);
  case Opcode::F32x4DemoteF64x2Zero: {
    Value *V = B.CreateFPTrunc(asVec(pop(), F64, 2), vecTy(F32, 2));
    push(toV128(B.CreateShuffleVector(V, Constant::getNullValue(V->getType()),
                                      {0, 1, 2, 3})));
    return;
  }
  case Opcode::F64x2PromoteLowF32x4:
    return simdConvert(Instruction::FPExt, F32, 4, F64);

  case Opcode::I8x16Abs:
  case Opcode::I16x8Abs:
  case Opcode::I32x4Abs:
  case Opcode::I64x2Abs: {
    unsigned Bits = I.Op == Opcode::I8x16Abs   ? 8
                    : I.Op == Opcode::I16x8Abs ? 16
                    : I.Op == Opcode::I32x4Abs ? 32
                                               : 64;
    Value *V = asVec(pop(), B.getIntNTy(Bits), 128 / Bits);
    push(toV128(B.CreateBinaryIntrinsic(Intrinsic::abs, V, B.getFalse())));
    return;
  }
  case Opcode::I8x16Neg:
    return simdNeg(I8, 16);
  case Opcode::I8x16Popcnt:
    return simdIntrinsic1(Intrinsic::ctpop, I8, 16);
  case Opcode::I8x16AllTrue:
    return simdAllTrue(I8, 16);
  case Opcode::I8x16Bitmask:
    return simdBitmask(I8, 16);
  case Opcode::I8x16NarrowI16x8S:
    return simdNarrow(I16, 8, true);
  case Opcode::I8x16NarrowI16x8U:
    return simdNarrow(I16, 8, false);
  case Opcode::F32x4Ceil:
    return simdIntrinsic1(Intrinsic::ceil, F32, 4);
  case Opcode::F32x4Floor:
    return simdIntrinsic1(Intrinsic::floor, F32, 4);
  case Opcode::F32x4Trunc:
    return simdIntrinsic1(Intrinsic::trunc, F32, 4);
  case Opcode::F32x4Nearest:
    return simdIntrinsic1(Intrinsic::roundeven, F32, 4);
  case Opcode::I8x16Shl:
    return simdShift(Instruction::Shl, I8, 16);
  case Opcode::I8x16ShrS:
    return simdShift(Instruction::AShr, I8, 16);
  case Opcode::I8x16ShrU:
    return simdShift(Instruction::LShr, I8, 16);
  case Opcode::I8x16Add:
    return simdBinary(Instruction::Add, I8, 16);
  case Opcode::I8x16AddSatS:
    return simdIntrinsic2(Intrinsic::sadd_sat, I8, 16);
  case Opcode::I8x16AddSatU:
    return simdIntrinsic2(Intrinsic::uadd_sat, I8, 16);
  case Opcode::I8x16Sub:
    return simdBinary(Instruction::Sub, I8, 16);
  case Opcode::I8x16SubSatS:
    return simdIntrinsic2(Intrinsic::ssub_sat, I8, 16);
  case Opcode::I8x16SubSatU:
    return simdIntrinsic2(Intrinsic::usub_sat, I8, 16);
  case Opcode::F64x2Ceil:
    return simdIntrinsic1(Intrinsic::ceil, F64, 2);
  case Opcode::F64x2Floor:
    return simdIntrinsic1(Intrinsic::floor, F64, 2);
  case Opcode::I8x16MinS:
    return simdMinMax(CmpInst::ICMP_SLT, I8, 16);
  case Opcode::I8x16MinU:
    return simdMinMax(CmpInst::ICMP_ULT, I8, 16);
  case Opcode::I8x16MaxS:
    return simdMinMax(CmpInst::ICMP_SGT, I8, 16);
  case Opcode::I8x16MaxU:
    return simdMinMax(CmpInst::ICMP_UGT, I8, 16);
  case Opcode::F64x2Trunc:
    return simdIntrinsic1(Intrinsic::trunc, F64, 2);
  case Opcode::I8x16AvgrU:
    return simdAvgr(I8, 16);
  case Opcode::I16x8ExtaddPairwiseI8x16S:
    return simdExtAddPairwise(I8, 16, true);
  case Opcode::I16x8ExtaddPairwiseI8x16U:
    return simdExtAddPairwise(I8, 16, false);
  case Opcode::I32x4ExtaddPairwiseI16x8S:
    return simdExtAddPairwise(I16, 8, true);
  case Opcode::I32x4ExtaddPairwiseI16x8U:
    return simdExtAddPairwise(I16, 8, false);

  case Opcode::I16x8Neg:
    return simdNeg(I16, 8);
  case Opcode::I16x8Q15mulrSatS: {
    // (a * b + 0x4000) >> 15, saturated: only -32768 * -32768 overflows.
    Type *Wide = vecTy(I32, 8);
    Value *Rv = B.CreateSExt(asVec(pop(), I16, 8), Wide);
    Value *L = B.CreateSExt(asVec(pop(), I16, 8), Wide);
    Value *P = B.CreateAdd(B.CreateMul(L, Rv), ConstantInt::get(Wide, 0x4000));
    P = B.CreateAShr(P, ConstantInt::get(Wide, 15));
    P = B.CreateBinaryIntrinsic(Intrinsic::smin, P,
                                ConstantInt::get(Wide, 0x7fff));
    push(toV128(B.CreateTrunc(P, vecTy(I16, 8))));
    return;
  }
  case Opcode::I16x8AllTrue:
    return simdAllTrue(I16, 8);
  case Opcode::I16x8Bitmask:
    return simdBitmask(I16, 8);
  case Opcode::I16x8NarrowI32x4S:
    return simdNarrow(I32, 4, true);
  case Opcode::I16x8NarrowI32x4U:
    return simdNarrow(I32, 4, false);
  case Opcode::I16x8ExtendLowI8x16S:
    return simdExtend(I8, 16, false, true);
  case Opcode::I16x8ExtendHighI8x16S:
    return simdExtend(I8, 16, true, true);
  case Opcode::I16x8ExtendLowI8x16U:
    return simdExtend(I8, 16, false, false);
  case Opcode::I16x8ExtendHighI8x16U:
    return simdExtend(I8, 16, true, false);
  case Opcode::I16x8Shl:
    return simdShift(Instruction::Shl, I16, 8);
  case Opcode::I16x8ShrS:
    return simdShift(Instruction::AShr, I16, 8);
  case Opcode::I16x8ShrU:
    return simdShift(Instruction::LShr, I16, 8);
  case Opcode::I16x8Add:
    return simdBinary(Instruction::Add, I16, 8);
  case Opcode::I16x8AddSatS:
    return simdIntrinsic2(Intrinsic::sadd_sat, I16, 8);
  case Opcode::I16x8AddSatU:
    return simdIntrinsic2(Intrinsic::uadd_sat, I16, 8);
  case Opcode::I16x8Sub:
    return simdBinary(Instruction::Sub, I16, 8);
  case Opcode::I16x8SubSatS:
    return simdIntrinsic2(Intrinsic::ssub_sat, I16, 8);
  case Opcode::I16x8SubSatU:
    return simdIntrinsic2(Intrinsic::usub_sat, I16, 8);
  case Opcode::F64x2Nearest:
    return simdIntrinsic1(Intrinsic::roundeven, F64, 2);
  case Opcode::I16x8Mul:
    return simdBinary(Instruction::Mul, I16, 8);
  case Opcode::I16x8MinS:
    return simdMinMax(CmpInst::ICMP_SLT, I16, 8);
  case Opcode::I16x8MinU:
    return simdMinMax(CmpInst::ICMP_ULT, I16, 8);
  case Opcode::I16x8MaxS:
    return simdMinMax(CmpInst::ICMP_SGT, I16, 8);
  case Opcode::I16x8MaxU:
    return simdMinMax(CmpInst::ICMP_UGT, I16, 8);
  case Opcode::I16x8AvgrU:
    return simdAvgr(I16, 8);
  case Opcode::I16x8ExtmulLowI8x16S:
    return simdExtMul(I8, 16, false, true);
  case Opcode::I16x8ExtmulHighI8x16S:
    return simdExtMul(I8, 16, true, true);
  case Opcode::I16x8ExtmulLowI8x16U:
    return simdExtMul(I8, 16, false, false);
  case Opcode::I16x8ExtmulHighI8x16U:
    return simdExtMul(I8, 16, true, false);

  case Opcode::I32x4Neg:
    return simdNeg(I32, 4);
  case Opcode::I32x4AllTrue:
    return simdAllTrue(I32, 4);
  case Opcode::I32x4Bitmask:
    return simdBitmask(I32, 4);
  case Opcode::I32x4ExtendLowI16x8S:
    return simdExtend(I16, 8, false, true);
  case Opcode::I32x4ExtendHighI16x8S:
    return simdExtend(I16, 8, true, true);
  case Opcode::I32x4ExtendLowI16x8U:
    return simdExtend(I16, 8, false, false);
  case Opcode::I32x4ExtendHighI16x8U:
    return simdExtend(I16, 8, true, false);
  case Opcode::I32x4Shl:
    return simdShift(Instruction::Shl, I32, 4);
  case Opcode::I32x4ShrS:
    return simdShift(Instruction::AShr, I32, 4);
  case Opcode::I32x4ShrU:
    return simdShift(Instruction::LShr, I32, 4);
  case Opcode::I32x4Add:
    return simdBinary(Instruction::Add, I32, 4);
  case Opcode::I32x4Sub:
    return simdBinary(Instruction::Sub, I32, 4);
  case Opcode::I32x4Mul:
    return simdBinary(Instruction::Mul, I32, 4);
  case Opcode::I32x4MinS:
    return simdMinMax(CmpInst::ICMP_SLT, I32, 4);
  case Opcode::I32x4MinU:
    return simdMinMax(CmpInst::ICMP_ULT, I32, 4);
  case Opcode::I32x4MaxS:
    return simdMinMax(CmpInst::ICMP_SGT, I32, 4);
  case Opcode::I32x4MaxU:
    return simdMinMax(CmpInst::ICMP_UGT, I32, 4);
  case Opcode::I32x4DotI16x8S: {
    Type *Wide = vecTy(I32, 8);
    Value *Rv = B.CreateSExt(asVec(pop(), I16, 8), Wide);
    Value *L = B.CreateSExt(asVec(pop(), I16, 8), Wide);
    Value *P = B.CreateMul(L, Rv);
    Value *Odd = B.CreateShuffleVector(P, {1, 3, 5, 7});
    push(toV128(B.CreateAdd(B.CreateShuffleVector(P, {0, 2, 4, 6}), Odd)));
    return;
  }
  case Opcode::I32x4ExtmulLowI16x8S:
    return simdExtMul(I16, 8, false, true);
  case Opcode::I32x4ExtmulHighI16x8S:
    return simdExtMul(I16, 8, true, true);
  case Opcode::I32x4ExtmulLowI16x8U:
    return simdExtMul(I16, 8, false, false);
  case Opcode::I32x4ExtmulHighI16x8U:
    return simdExtMul(I16, 8, true, false);

  case Opcode::I64x2Neg:
    return simdNeg(I64, 2);
  case Opcode::I64x2AllTrue:
    return simdAllTrue(I64, 2);
  case Opcode::I64x2Bitmask:
    return simdBitmask(I64, 2);
  case Opcode::I64x2ExtendLowI32x4S:
    return simdExtend(I32, 4, false, true);
  case Opcode::I64x2ExtendHighI32x4S:
    return simdExtend(I32, 4, true, true);
  case Opcode::I64x2ExtendLowI32x4U:
    return simdExtend(I32, 4, false, false);
  case Opcode::I64x2ExtendHighI32x4U:
    return simdExtend(I32, 4, true, false);
  case Opcode::I64x2Shl:
    return simdShift(Instruction::Shl, I64, 2);
  case Opcode::I64x2ShrS:
    return simdShift(Instruction::AShr, I64, 2);
  case Opcode::I64x2ShrU:
    return simdShift(Instruction::LShr, I64, 2);
  case Opcode::I64x2Add:
    return simdBinary(Instruction::Add, I64, 2);
  case Opcode::I64x2Sub:
    return simdBinary(Instruction::Sub, I64, 2);
  case Opcode::I64x2Mul:
    return simdBinary(Instruction::Mul, I64, 2);
  case Opcode::I64x2ExtmulLowI32x4S:
    return simdExtMul(I32, 4, false, true);
  case Opcode::I64x2ExtmulHighI32x4S:
    return simdExtMul(I32, 4, true, true);
  case Opcode::I64x2ExtmulLowI32x4U:
    return simdExtMul(I32, 4, false, false);
  case Opcode::I64x2ExtmulHighI32x4U:
    return simdExtMul(I32, 4, true, false);

  case Opcode::F32x4Abs:
    return simdIntrinsic1(Intrinsic::fabs, F32, 4);
  case Opcode::F32x4Neg:
    push(toV128(B.CreateFNeg(asVec(pop(), F32, 4))));
    return;
  case Opcode::F32x4Sqrt:
    return simdIntrinsic1(Intrinsic::sqrt, F32, 4);
  case Opcode::F32x4Add:
    return simdBinary(Instruction::FAdd, F32, 4);
  case Opcode::F32x4Sub:
    return simdBinary(Instruction::FSub, F32, 4);
  case Opcode::F32x4Mul:
    return simdBinary(Instruction::FMul, F32, 4);
  case Opcode::F32x4Div:
    return simdBinary(Instruction::FDiv, F32, 4);
  case Opcode::F32x4Min:
  case Opcode::F32x4Max:
  case Opcode::F64x2Min:
  case Opcode::F64x2Max: {
    bool Is32 = I.Op == Opcode::F32x4Min || I.Op == Opcode::F32x4Max;
    Type *ElemTy = Is32 ? F32 : F64;
    unsigned N = Is32 ? 4 : 2;
    Intrinsic::ID ID = I.Op == Opcode::F32x4Min || I.Op == Opcode::F64x2Min
                           ? Intrinsic::minimum
                           : Intrinsic::maximum;
    Value *Rv = asVec(pop(), ElemTy, N), *L = asVec(pop(), ElemTy, N);
    push(toV128(floatMinMax(ID, L, Rv)));
    return;
  }
  case Opcode::F32x4Pmin:
    return simdPMinMax(false, F32, 4);
  case Opcode::F32x4Pmax:
    return simdPMinMax(true, F32, 4);
  case Opcode::F64x2Abs:
    return simdIntrinsic1(Intrinsic::fabs, F64, 2);
  case Opcode::F64x2Neg:
    push(toV128(B.CreateFNeg(asVec(pop(), F64, 2))));
    return;
  case Opcode::F64x2Sqrt:
    return simdIntrinsic1(Intrinsic::sqrt, F64, 2);
  case Opcode::F64x2Add:
    return simdBinary(Instruction::FAdd, F64, 2);
  case Opcode::F64x2Sub:
    return simdBinary(Instruction::FSub, F64, 2);
  case Opcode::F64x2Mul:
    return simdBinary(Instruction::FMul, F64, 2);
  case Opcode::F64x2Div:
    return simdBinary(Instruction::FDiv, F64, 2);
  case Opcode::F64x2Pmin:
    return simdPMinMax(false, F64, 2);
  case Opcode::F64x2Pmax:
    return simdPMinMax(true, F64, 2);
  case Opcode::I32x4TruncSatF32x4S:
    return simdTruncSat(F32, 4, true);
  case Opcode::I32x4TruncSatF32x4U:
    return simdTruncSat(F32, 4, false);
  case Opcode::F32x4ConvertI32x4S:
    return simdConvert(Instruction::SIToFP, I32, 4, F32);
  case Opcode::F32x4ConvertI32x4U:
    return simdConvert(Instruction::UIToFP, I32, 4, F32);
  case Opcode::I32x4TruncSatF64x2SZero:
    return simdTruncSat(F64, 2, true);
  case Opcode::I32x4TruncSatF64x2UZero:
    return simdTruncSat(F64, 2, false);
  case Opcode::F64x2ConvertLowI32x4S:
    return simdConvert(Instruction::SIToFP, I32, 4, F64);
  case Opcode::F64x2ConvertLowI32x4U:
    return simdConvert(Instruction::UIToFP, I32, 4, F64);
  default:
    fail("internal error: opcode without lowering");
    return;
  }
}
