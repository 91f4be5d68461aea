//===- Module.h - In-memory model of a decoded WebAssembly module ---------===//
//
// The decoder fills this; the validator checks it; the translator reads it.
// Function bodies and data segment bytes are not copied: they point into the
// input buffer, which must outlive the Module.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_WASM_MODULE_H
#define W2N_WASM_MODULE_H

#include "w2n/Wasm/Opcode.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace w2n::wasm {

/// Value types, with their binary encodings.
/// A value type, by its binary encoding (ValTypes.def).
enum class ValType : uint8_t {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef) Enum = Code,
#include "w2n/Wasm/ValTypes.def"
};

inline bool isRefType(ValType T) {
  switch (T) {
#define W2N_VALTYPE(Enum, Code, Name, SigChar, IsRef)                          \
  case ValType::Enum:                                                          \
    return IsRef;
#include "w2n/Wasm/ValTypes.def"
  }
  return false;
}
const char *valTypeName(ValType T);
struct Features;
/// The value type with binary encoding `B`, or nothing if `B` encodes none
/// (or one of a proposal that `F` leaves off).
std::optional<ValType> valTypeFromByte(uint8_t B, const Features &F);

/// Implementation limits, as in the JS API and the engines: the spec allows
/// more, but type-checking a block or call costs time per parameter and
/// result, so an unbounded arity would make validation quadratic.
constexpr uint32_t MaxFuncParams = 1000;
constexpr uint32_t MaxFuncResults = 1000;
/// Locals of one function, parameters included. The translator gives every
/// local its own stack slot, so 2^32 of them (a 20-byte module) would make
/// the compiler allocate without bound.
constexpr uint32_t MaxFuncLocals = 50000;
/// Loops nested inside one another in one function. LLVM's loop analysis,
/// which even the -O0 code generator builds, lists every block of a loop in
/// each loop around it, so N nested loops cost N^2/2 entries: 10000 of them
/// compile in about 3 s, 50000 would take gigabytes.
constexpr uint32_t MaxLoopNesting = 10000;

/// The proposals beyond WebAssembly 2.0 that a compile may enable
/// (Features.def). Every 2.0 feature (SIMD, reference types, bulk memory,
/// multi-value, ...) is always on.
struct Features {
#define W2N_FEATURE(Member, Flag, Folder, Description) bool Member = false;
#include "w2n/Wasm/Features.def"

  /// Every proposal of Features.def (--enable-all).
  static Features all() {
    Features F;
#define W2N_FEATURE(Member, Flag, Folder, Description) F.Member = true;
#include "w2n/Wasm/Features.def"
    return F;
  }
};

struct FuncType {
  std::vector<ValType> Params;
  std::vector<ValType> Results;
  uint64_t FileOffset = 0; ///< Of its type section entry; not compared.
  bool operator==(const FuncType &O) const {
    return Params == O.Params && Results == O.Results;
  }
};

/// Limits of a table or memory, in elements or 64 KiB pages.
struct Limits {
  uint64_t Min = 0;
  std::optional<uint64_t> Max;
  bool Is64 = false; ///< memory64: the memory is indexed with i64.
  bool Shared = false;
  uint64_t FileOffset = 0; ///< Of the flags byte, for diagnostics.
};

struct TableType {
  ValType Elem = ValType::FuncRef;
  Limits Lim;
};

struct MemoryType {
  Limits Lim;
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
};

enum class ExternKind : uint8_t {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
  Tag = 4, ///< Exception handling.
};

/// The text format's keyword for an extern kind: func, table, memory,
/// global or tag.
const char *externKindName(ExternKind K);

/// Whether `Op` belongs to the exception-handling proposal (both the final
/// try_table form and the legacy try/catch/delegate form).
bool isExceptionOpcode(Opcode Op);

/// One instruction of a constant expression (global initialisers, segment
/// offsets, element items). Extended-const adds the integer arithmetic ops.
struct ConstInstr {
  /// One of the instructions Decoder::constExpr accepts: the constants,
  /// ref.null, ref.func, global.get and extended-const arithmetic.
  Opcode Op = Opcode::Unreachable;
  ValType RefType = ValType::FuncRef; ///< RefNull only.
  uint32_t Index = 0;                 ///< RefFunc / GlobalGet.
  uint64_t Lo = 0, Hi = 0; ///< Constant bits (V128: Lo = lanes 0..7 bytes).
};

struct ConstExpr {
  std::vector<ConstInstr> Instrs;
  uint64_t Offset = 0; ///< File offset of the first instruction.
  /// File offset of the first instruction that is not allowed in a constant
  /// expression. Such an expression still decodes (the binary format allows
  /// any instruction there); the validator rejects it.
  std::optional<uint64_t> NonConstant;
};

struct Import {
  std::string Module, Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t FuncTypeIndex = 0; ///< Kind == Func.
  TableType Table;            ///< Kind == Table.
  MemoryType Memory;          ///< Kind == Memory.
  GlobalType Global;          ///< Kind == Global.
  uint32_t TagTypeIndex = 0;  ///< Kind == Tag.
  uint64_t FileOffset = 0;    ///< Of the entry, for diagnostics.
};

/// A tag (exception handling): its type is a function type whose params
/// are the payload and whose results are empty.
struct Tag {
  uint32_t TypeIndex = 0;
  uint64_t FileOffset = 0; ///< Of its tag section entry.
};

struct Function {
  uint32_t TypeIndex = 0;
  uint64_t FileOffset = 0; ///< Of its function section entry.
  /// Declared locals (not parameters), run-length encoded as in the binary.
  std::vector<std::pair<uint32_t, ValType>> LocalGroups;
  uint64_t NumLocals = 0; ///< Sum of LocalGroups counts.
  /// The instruction sequence after the local declarations, up to and
  /// including the final `end`.
  llvm::ArrayRef<uint8_t> Body;
  uint64_t BodyOffset = 0; ///< File offset of Body[0].
};

struct Global {
  GlobalType Type;
  ConstExpr Init;
};

struct Export {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
  uint64_t FileOffset = 0; ///< Of the entry, for diagnostics.
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Table = 0;
  ConstExpr Offset; ///< Active only.
  ValType Type = ValType::FuncRef;
  /// Every item as a constant expression; a plain function index `i` from
  /// the binary's legacy encodings becomes `ref.func i`.
  std::vector<ConstExpr> Items;
  uint64_t FileOffset = 0; ///< Of the segment's flags, for diagnostics.
};

struct DataSegment {
  SegmentMode Mode = SegmentMode::Active; ///< Never Declarative.
  uint32_t Memory = 0;
  ConstExpr Offset; ///< Active only.
  llvm::ArrayRef<uint8_t> Bytes;
  uint64_t FileOffset = 0; ///< Of the segment's flags, for diagnostics.
};

/// A decoded module. Index spaces (functions, tables, memories, globals)
/// count imports first, as in the spec.
struct Module {
  std::vector<FuncType> Types;
  std::vector<Import> Imports;
  std::vector<Function> Funcs;      ///< Defined functions only.
  std::vector<TableType> Tables;    ///< Defined tables only.
  std::vector<MemoryType> Memories; ///< Defined memories only.
  std::vector<Global> Globals;      ///< Defined globals only.
  std::vector<Tag> Tags;            ///< Defined tags only.
  std::vector<Export> Exports;
  std::optional<uint32_t> Start;
  uint64_t StartFileOffset = 0;
  std::vector<ElemSegment> Elems;
  std::vector<DataSegment> Datas;
  std::optional<uint32_t> DataCount;

  /// Counts of imported entities of each kind.
  uint32_t NumImportedFuncs = 0, NumImportedTables = 0, NumImportedMemories = 0,
           NumImportedGlobals = 0, NumImportedTags = 0;

  /// Whole index spaces (imports first), filled by the decoder.
  std::vector<uint32_t> FuncTypeIndices; ///< Per function index: type index.
  std::vector<TableType> AllTables;
  std::vector<MemoryType> AllMemories;
  std::vector<GlobalType> AllGlobals;
  std::vector<uint32_t> TagTypeIndices; ///< Per tag index: type index.

  /// From the "name" custom section; empty strings where absent. Sized to
  /// the function index space when present, else empty.
  std::string ModuleName;
  std::vector<std::string> FuncNames;
  /// Sized to the tag index space when the name section names tags.
  std::vector<std::string> TagNames;

  /// Function indices that appear in `ref.func` outside function bodies
  /// (exports, element segments, global initialisers): the spec's C.refs.
  std::vector<uint32_t> DeclaredFuncRefs;

  uint32_t numFuncs() const { return FuncTypeIndices.size(); }
  const FuncType &funcType(uint32_t FuncIndex) const {
    return Types[FuncTypeIndices[FuncIndex]];
  }
  const FuncType &tagType(uint32_t TagIndex) const {
    return Types[TagTypeIndices[TagIndex]];
  }
  bool isImportedFunc(uint32_t FuncIndex) const {
    return FuncIndex < NumImportedFuncs;
  }
};

} // namespace w2n::wasm

#endif
