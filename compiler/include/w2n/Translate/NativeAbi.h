//===- NativeAbi.h - The C declarations of runtime-lib as LLVM types ------===//
//
// Generated code and the runtime meet at the C declarations of
// runtime-lib/include/w2n/abi.h (and runtime.h, nanoprocess.h). This header
// gives their LLVM form: the native signature of a Wasm function type, and
// the literal struct type of a C struct that generated data fills in.
//
// A struct is described by its fields in order, each taken from the C
// declaration with offsetof and decltype (W2N_ABI_FIELD), and a
// static_assert(abi::hasCLayout(...)) next to the description checks at
// build time that it names every field in declaration order. The LLVM
// literal struct of the fields' types then has the C layout: the compiler
// targets LP64 Linux only, where i32, i64 and ptr are naturally aligned as
// in C, so the layout the host compiler sees is the target's.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_TRANSLATE_NATIVEABI_H
#define W2N_TRANSLATE_NATIVEABI_H

#include "w2n/Wasm/Module.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstddef>
#include <string>
#include <type_traits>

namespace llvm {
class Constant;
class FunctionType;
class LLVMContext;
class StructType;
class Type;
} // namespace llvm

namespace w2n {

/// The LLVM type of a Wasm value in the native convention of abi.h: i32,
/// i64, float, double, <2 x i64> for v128, ptr for references.
llvm::Type *nativeValueType(llvm::LLVMContext &C, wasm::ValType T);
/// void, the single result's type, or a literal struct of the results.
llvm::Type *nativeResultType(llvm::LLVMContext &C,
                             llvm::ArrayRef<wasm::ValType> Results);
/// R f(w2n_instance *ctx, P0, ..., Pn) for the Wasm type [P0..Pn] -> R.
llvm::FunctionType *nativeFunctionType(llvm::LLVMContext &C,
                                       const wasm::FuncType &FT);
/// The signature text of w2n_type_desc.sig ("iI:i"), by which the runtime
/// interns types and the linker matches imports with exports.
std::string signatureText(const wasm::FuncType &FT);

namespace abi {

enum class FieldKind : uint8_t { I8, I32, I64, Ptr, Struct };

/// One field of a C struct: its LLVM kind and where C puts it. A Struct
/// field holds the description of the nested struct.
struct Field {
  FieldKind Kind;
  size_t Offset, Size, Align;
  const Field *Nested = nullptr;
  size_t NumNested = 0;
};

template <typename T> constexpr Field scalarField(size_t Offset) {
  static_assert(std::is_pointer_v<T> || std::is_integral_v<T> ||
                    std::is_enum_v<T>,
                "only integers and pointers cross as plain fields");
  static_assert(std::is_pointer_v<T> || sizeof(T) == 1 || sizeof(T) == 4 ||
                    sizeof(T) == 8,
                "integer fields are 8, 32 or 64 bits wide");
  FieldKind K = std::is_pointer_v<T> ? FieldKind::Ptr
                : sizeof(T) == 1     ? FieldKind::I8
                : sizeof(T) == 4     ? FieldKind::I32
                                     : FieldKind::I64;
  return {K, Offset, sizeof(T), alignof(T)};
}

template <typename T, size_t N>
constexpr Field structField(size_t Offset, const Field (&Fields)[N]) {
  return {FieldKind::Struct, Offset, sizeof(T), alignof(T), Fields, N};
}

/// True when Fields, laid out one after another with each at the next
/// multiple of its alignment, are exactly the C struct of Size bytes: no
/// field is missing, reordered or of another size.
constexpr bool hasCLayout(const Field *Fields, size_t N, size_t Size) {
  size_t End = 0, MaxAlign = 1;
  for (size_t I = 0; I < N; ++I) {
    const Field &F = Fields[I];
    End = (End + F.Align - 1) / F.Align * F.Align;
    if (F.Offset != End)
      return false;
    if (F.Kind == FieldKind::Struct &&
        !hasCLayout(F.Nested, F.NumNested, F.Size))
      return false;
    End += F.Size;
    MaxAlign = F.Align > MaxAlign ? F.Align : MaxAlign;
  }
  return (End + MaxAlign - 1) / MaxAlign * MaxAlign == Size;
}
template <size_t N>
constexpr bool hasCLayout(const Field (&Fields)[N], size_t Size) {
  return hasCLayout(Fields, N, Size);
}

/// The LLVM type of a scalar C parameter or result: void, an integer of its
/// width, or ptr.
enum class ScalarKind : uint8_t { Void, I32, I64, Ptr };
template <typename T> constexpr ScalarKind scalarKind() {
  if constexpr (std::is_void_v<T>) {
    return ScalarKind::Void;
  } else {
    static_assert(std::is_pointer_v<T> || std::is_integral_v<T>,
                  "runtime entry points take integers and pointers");
    static_assert(std::is_pointer_v<T> || sizeof(T) == 4 || sizeof(T) == 8,
                  "integer parameters are 32 or 64 bits wide");
    return std::is_pointer_v<T> ? ScalarKind::Ptr
           : sizeof(T) == 4     ? ScalarKind::I32
                                : ScalarKind::I64;
  }
}
llvm::FunctionType *functionType(llvm::LLVMContext &C, ScalarKind Result,
                                 llvm::ArrayRef<ScalarKind> Params);

/// The LLVM type of a runtime entry point, read from its C declaration, so
/// that generated calls cannot disagree with the runtime's prototype:
/// `abi::functionType(C, w2n_trap)`.
template <typename R, typename... P>
llvm::FunctionType *functionType(llvm::LLVMContext &C, R (*)(P...)) {
  return functionType(C, scalarKind<R>(), {scalarKind<P>()...});
}

/// The LLVM literal struct with the C layout of the described struct.
llvm::StructType *structType(llvm::LLVMContext &C,
                             llvm::ArrayRef<Field> Fields);

/// A constant of a structType(): one value per field, each of the field's
/// type. A value of another type is an internal error.
llvm::Constant *structValue(llvm::StructType *T,
                            llvm::ArrayRef<llvm::Constant *> Values);

} // namespace abi
} // namespace w2n

/// The description of field F of the C struct S.
#define W2N_ABI_FIELD(S, F)                                                    \
  ::w2n::abi::scalarField<decltype(S::F)>(offsetof(S, F))
/// The description of field F of S, itself a struct described by Fields.
#define W2N_ABI_STRUCT_FIELD(S, F, Fields)                                     \
  ::w2n::abi::structField<decltype(S::F)>(offsetof(S, F), Fields)

#endif
