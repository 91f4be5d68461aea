//===- NativeAbi.cpp - The C declarations of runtime-lib as LLVM types ----===//
#include "w2n/Translate/NativeAbi.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace w2n {

Type *nativeValueType(LLVMContext &C, wasm::ValType T) {
  switch (T) {
  case wasm::ValType::I32:
    return Type::getInt32Ty(C);
  case wasm::ValType::I64:
    return Type::getInt64Ty(C);
  case wasm::ValType::F32:
    return Type::getFloatTy(C);
  case wasm::ValType::F64:
    return Type::getDoubleTy(C);
  case wasm::ValType::V128:
    return FixedVectorType::get(Type::getInt64Ty(C), 2);
  case wasm::ValType::FuncRef:
  case wasm::ValType::ExternRef:
  case wasm::ValType::ExnRef:
    return PointerType::get(C, 0);
  }
  llvm_unreachable("unknown value type");
}

Type *nativeResultType(LLVMContext &C, ArrayRef<wasm::ValType> Results) {
  if (Results.empty())
    return Type::getVoidTy(C);
  if (Results.size() == 1)
    return nativeValueType(C, Results[0]);
  SmallVector<Type *, 4> Tys;
  for (wasm::ValType T : Results)
    Tys.push_back(nativeValueType(C, T));
  return StructType::get(C, Tys);
}

FunctionType *nativeFunctionType(LLVMContext &C, const wasm::FuncType &FT) {
  SmallVector<Type *, 8> Params{PointerType::get(C, 0)};
  for (wasm::ValType T : FT.Params)
    Params.push_back(nativeValueType(C, T));
  return FunctionType::get(nativeResultType(C, FT.Results), Params, false);
}

static char signatureChar(wasm::ValType T) {
  switch (T) {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef)                          \
  case wasm::ValType::Enum:                                                    \
    return SigChar;
#include "w2n/Wasm/ValTypes.def"
  }
  llvm_unreachable("unknown value type");
}

std::string signatureText(const wasm::FuncType &FT) {
  std::string S;
  for (wasm::ValType T : FT.Params)
    S += signatureChar(T);
  S += ':';
  for (wasm::ValType T : FT.Results)
    S += signatureChar(T);
  return S;
}

namespace abi {

StructType *structType(LLVMContext &C, ArrayRef<Field> Fields) {
  SmallVector<Type *, 16> Tys;
  for (const Field &F : Fields) {
    switch (F.Kind) {
    case FieldKind::I8:
      Tys.push_back(Type::getInt8Ty(C));
      break;
    case FieldKind::I32:
      Tys.push_back(Type::getInt32Ty(C));
      break;
    case FieldKind::I64:
      Tys.push_back(Type::getInt64Ty(C));
      break;
    case FieldKind::Ptr:
      Tys.push_back(PointerType::get(C, 0));
      break;
    case FieldKind::Struct:
      Tys.push_back(structType(C, ArrayRef(F.Nested, F.NumNested)));
      break;
    }
  }
  return StructType::get(C, Tys);
}

Constant *structValue(StructType *T, ArrayRef<Constant *> Values) {
  if (Values.size() != T->getNumElements())
    report_fatal_error("internal error: a runtime structure constant has the "
                       "wrong number of fields");
  for (unsigned I = 0; I < Values.size(); ++I)
    if (Values[I]->getType() != T->getElementType(I))
      report_fatal_error("internal error: a runtime structure constant has a "
                         "field of the wrong type");
  return ConstantStruct::get(T, Values);
}

FunctionType *functionType(LLVMContext &C, ScalarKind Result,
                           ArrayRef<ScalarKind> Params) {
  auto Ty = [&](ScalarKind K) -> Type * {
    switch (K) {
    case ScalarKind::Void:
      return Type::getVoidTy(C);
    case ScalarKind::I32:
      return Type::getInt32Ty(C);
    case ScalarKind::I64:
      return Type::getInt64Ty(C);
    case ScalarKind::Ptr:
      return PointerType::get(C, 0);
    }
    llvm_unreachable("unknown scalar kind");
  };
  SmallVector<Type *, 8> Ps;
  for (ScalarKind K : Params)
    Ps.push_back(Ty(K));
  return FunctionType::get(Ty(Result), Ps, false);
}

} // namespace abi
} // namespace w2n
