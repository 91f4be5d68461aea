//===- Instr.h - Decoding one instruction and its immediates --------------===//
//
// The decoder (structure of function bodies and constant expressions), the
// validator and the translator all walk instructions with InstrReader and
// dispatch on its Opcode, so the opcode numbers and the binary encoding of
// immediates are written down once, in Opcodes.def and InstrReader::next.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_WASM_INSTR_H
#define W2N_WASM_INSTR_H

#include "w2n/Wasm/Module.h"
#include "w2n/Wasm/Opcode.h"
#include "w2n/Wasm/Reader.h"
#include <vector>

namespace w2n::wasm {

/// How the immediates after an opcode are encoded.
enum class ImmKind : uint8_t {
  None,
  Block,        ///< blocktype
  Label,        ///< labelidx
  BrTable,      ///< vec(labelidx) labelidx
  Func,         ///< funcidx
  CallIndirect, ///< typeidx tableidx
  Local,        ///< localidx
  Global,       ///< globalidx
  Table,        ///< tableidx
  Memory,       ///< memidx (a zero byte without multi-memory)
  MemArg,       ///< memarg
  I32,
  I64,
  F32,
  F64,
  V128,       ///< 16 bytes
  Shuffle,    ///< 16 lane indices
  Lane,       ///< one lane index byte
  MemArgLane, ///< memarg, then a lane index byte
  SelectT,    ///< vec(valtype)
  RefType,    ///< reftype
  Data,       ///< dataidx
  Elem,       ///< elemidx
  MemoryInit, ///< dataidx memidx
  MemoryCopy, ///< memidx memidx (destination, source)
  TableInit,  ///< elemidx tableidx
  TableCopy,  ///< tableidx tableidx (destination, source)
  Tag,        ///< tagidx
  TryTable,   ///< blocktype vec(catch)
};

/// One clause of try_table: which exceptions it catches and the label it
/// branches to.
struct CatchClause {
  enum Kind : uint8_t {
    Catch = 0,
    CatchRef = 1,
    CatchAll = 2,
    CatchAllRef = 3
  };
  Kind K = Catch;
  uint32_t Tag = 0; ///< Catch and CatchRef only.
  uint32_t Label = 0;
  bool hasTag() const { return K == Catch || K == CatchRef; }
  bool hasRef() const { return K == CatchRef || K == CatchAllRef; }
};

/// Static facts about one opcode, from Opcodes.def.
struct OpInfo {
  Opcode Op;
  const char *Name;
  ImmKind Imm;
  /// MemArg/MemArgLane: log2 of the natural alignment; Lane: lane count.
  uint8_t Arg;
  /// "params:results" for fixed signatures (see Opcodes.def), else nullptr.
  const char *Sig;
};

/// The OpInfo of an encoded opcode (see Opcodes.def for `Code`), or nullptr
/// if no such instruction exists.
const OpInfo *lookupOpcode(uint32_t Code);
const OpInfo &opInfo(Opcode Op);

enum class BlockTypeKind : uint8_t { Empty, Value, TypeIndex };

/// One decoded instruction. Which fields are meaningful depends on
/// Info->Imm; the rest stay zero.
struct Instr {
  Opcode Op = Opcode::Unreachable;
  const OpInfo *Info = nullptr;
  uint64_t Offset = 0; ///< File offset of the opcode's first byte.

  BlockTypeKind Block = BlockTypeKind::Empty;
  ValType BlockValue = ValType::I32; ///< BlockTypeKind::Value.

  /// The first index immediate: label, function, type (call_indirect),
  /// local, global, table, memory (memarg and memory.*), data or element
  /// segment, destination of memory.copy/table.copy; br_table's default.
  uint32_t Index = 0;
  /// The second index: call_indirect's table, memory.init's memory,
  /// table.init's table, the source of memory.copy/table.copy.
  uint32_t Index2 = 0;

  uint32_t AlignLog2 = 0;  ///< MemArg, without the multi-memory flag bit.
  uint64_t MemOffset = 0;  ///< MemArg.
  uint8_t Lane = 0;        ///< Lane, MemArgLane.
  uint64_t Lo = 0, Hi = 0; ///< Constant bits; V128/Shuffle: bytes 0-7, 8-15.
  ValType RefType = ValType::FuncRef; ///< ref.null.

  /// br_table's targets (without the default); select's type vector. They
  /// point into the InstrReader and stay valid until its next `next()`.
  llvm::ArrayRef<uint32_t> Targets;
  llvm::ArrayRef<ValType> SelectTypes;
  /// try_table's clauses, valid like Targets.
  llvm::ArrayRef<CatchClause> Catches;
};

/// Reads instructions one at a time from a byte range. The first malformed
/// encoding makes `next` return false; reader().error() then holds the
/// spec's message and reader().errorOffset() its position.
class InstrReader {
public:
  InstrReader(llvm::ArrayRef<uint8_t> Bytes, uint64_t Base, const Features &F)
      : R(Bytes, Base), F(F) {}

  bool next(Instr &I);
  bool atEnd() const { return R.atEnd(); }
  Reader &reader() { return R; }

private:
  bool memArg(Instr &I);
  bool memIndex(uint32_t &Index);
  /// The length of a vector immediate, refused when the bytes left cannot
  /// hold that many elements.
  bool vectorLength(uint32_t &N);

  Reader R;
  const Features &F;
  std::vector<uint32_t> Targets;
  std::vector<ValType> Types;
  std::vector<CatchClause> Catches;
};

} // namespace w2n::wasm

#endif
