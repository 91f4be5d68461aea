//===- Instr.cpp - Decoding one instruction and its immediates ------------===//
#include "w2n/Wasm/Instr.h"
#include <array>

using namespace w2n::wasm;

static constexpr OpInfo AllOps[] = {
#define W2N_OP(Enum, Code, Name, Imm, Arg, Sig)                                \
  {Opcode::Enum, Name, ImmKind::Imm, Arg, Sig},
#include "w2n/Wasm/Opcodes.def"
};

namespace {
/// Dense lookup tables for the one-byte, 0xFC and 0xFD opcode spaces: one
/// plus the opcode's index in AllOps, 0 where there is none. Built at
/// compile time, so a lookup on every decoded instruction costs one load.
struct OpTables {
  std::array<uint16_t, 256> Base{};
  std::array<uint16_t, 32> FC{};
  std::array<uint16_t, 256> FD{};
};
} // namespace

static constexpr OpTables buildTables() {
  OpTables T;
  for (size_t K = 0; K < std::size(AllOps); ++K) {
    uint32_t C = uint32_t(AllOps[K].Op);
    uint16_t Slot = uint16_t(K + 1);
    if (C < 0x100)
      T.Base[C] = Slot;
    else if ((C >> 12) == 0xfc)
      T.FC[C & 0xfff] = Slot;
    else
      T.FD[C & 0xfff] = Slot;
  }
  return T;
}

static constexpr OpTables Tables = buildTables();

static const OpInfo *fromSlot(uint16_t Slot) {
  return Slot ? &AllOps[Slot - 1] : nullptr;
}

const OpInfo *w2n::wasm::lookupOpcode(uint32_t Code) {
  if (Code < 0x100)
    return fromSlot(Tables.Base[Code]);
  uint32_t Sub = Code & 0xfff;
  switch (Code >> 12) {
  case 0xfc:
    return Sub < Tables.FC.size() ? fromSlot(Tables.FC[Sub]) : nullptr;
  case 0xfd:
    return Sub < Tables.FD.size() ? fromSlot(Tables.FD[Sub]) : nullptr;
  default:
    return nullptr;
  }
}

const OpInfo &w2n::wasm::opInfo(Opcode Op) {
  return *lookupOpcode(uint32_t(Op));
}

bool InstrReader::vectorLength(uint32_t &N) {
  N = R.u32();
  if (R.failed())
    return false;
  // Each element takes at least one byte: never trust N beyond that.
  if (N > R.remaining()) {
    R.fail("unexpected end");
    return false;
  }
  return true;
}

bool InstrReader::memIndex(uint32_t &Index) {
  if (F.MultiMemory) {
    Index = R.u32();
    return !R.failed();
  }
  // Before multi-memory the memory index is a reserved byte, not a LEB.
  uint64_t At = R.offset();
  if (R.u8() != 0 && !R.failed()) {
    R.fail("zero byte expected", At);
    return false;
  }
  Index = 0;
  return !R.failed();
}

bool InstrReader::memArg(Instr &I) {
  uint32_t Align = R.u32();
  I.Index = 0;
  // Multi-memory: bit 6 of the alignment says a memory index follows.
  if (F.MultiMemory && (Align & 0x40)) {
    Align &= ~0x40u;
    I.Index = R.u32();
  }
  I.AlignLog2 = Align;
  I.MemOffset = F.Memory64 ? R.u64() : R.u32();
  return !R.failed();
}

bool InstrReader::next(Instr &I) {
  I = Instr();
  I.Offset = R.offset();
  uint32_t Code = R.u8();
  if (R.failed())
    return false;
  if (Code == 0xfc || Code == 0xfd) {
    uint32_t Sub = R.u32();
    if (R.failed())
      return false;
    Code = Sub < 0x1000 ? (Code << 12) | Sub : 0xfffff;
  }
  const OpInfo *Info = lookupOpcode(Code);
  if (!Info || (!F.TailCall && (Info->Op == Opcode::ReturnCall ||
                                Info->Op == Opcode::ReturnCallIndirect))) {
    char Buf[32];
    snprintf(Buf, sizeof(Buf), "illegal opcode 0x%x", unsigned(Code));
    R.fail(Buf, I.Offset);
    return false;
  }
  if (!F.Exceptions && isExceptionOpcode(Info->Op)) {
    char Buf[96];
    snprintf(Buf, sizeof(Buf),
             "illegal opcode 0x%x (%s needs --enable-exceptions)",
             unsigned(Code), Info->Name);
    R.fail(Buf, I.Offset);
    return false;
  }
  I.Op = Info->Op;
  I.Info = Info;

  switch (Info->Imm) {
  case ImmKind::None:
    break;
  case ImmKind::Block:
  case ImmKind::TryTable: {
    uint8_t B = R.peek();
    if (B == 0x40) {
      R.u8();
      I.Block = BlockTypeKind::Empty;
    } else if (auto T = valTypeFromByte(B, F)) {
      R.u8();
      I.Block = BlockTypeKind::Value;
      I.BlockValue = *T;
    } else {
      uint64_t At = R.offset();
      int64_t X = R.s33();
      if (R.failed())
        return false;
      if (X < 0) {
        R.fail("malformed block type", At);
        return false;
      }
      I.Block = BlockTypeKind::TypeIndex;
      I.Index = uint32_t(X);
    }
    if (Info->Imm == ImmKind::TryTable) {
      uint32_t N;
      if (!vectorLength(N))
        return false;
      Catches.clear();
      for (uint32_t K = 0; K < N && !R.failed(); ++K) {
        CatchClause C;
        uint64_t At = R.offset();
        uint8_t Kind = R.u8();
        if (R.failed())
          return false;
        if (Kind > 3) {
          R.fail("malformed catch clause", At);
          return false;
        }
        C.K = CatchClause::Kind(Kind);
        if (C.hasTag())
          C.Tag = R.u32();
        C.Label = R.u32();
        Catches.push_back(C);
      }
      I.Catches = Catches;
    }
    break;
  }
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Data:
  case ImmKind::Elem:
  case ImmKind::Tag:
    I.Index = R.u32();
    break;
  case ImmKind::BrTable: {
    uint32_t N;
    if (!vectorLength(N))
      return false;
    Targets.clear();
    Targets.reserve(N);
    for (uint32_t K = 0; K < N && !R.failed(); ++K)
      Targets.push_back(R.u32());
    I.Index = R.u32();
    I.Targets = Targets;
    break;
  }
  case ImmKind::CallIndirect:
    I.Index = R.u32();
    I.Index2 = R.u32();
    break;
  case ImmKind::Memory:
    memIndex(I.Index);
    break;
  case ImmKind::MemArg:
    memArg(I);
    break;
  case ImmKind::MemArgLane:
    memArg(I);
    I.Lane = R.u8();
    break;
  case ImmKind::I32:
    I.Lo = uint32_t(R.s32());
    break;
  case ImmKind::I64:
    I.Lo = uint64_t(R.s64());
    break;
  case ImmKind::F32:
    I.Lo = R.fixed32();
    break;
  case ImmKind::F64:
    I.Lo = R.fixed64();
    break;
  case ImmKind::V128:
  case ImmKind::Shuffle:
    I.Lo = R.fixed64();
    I.Hi = R.fixed64();
    break;
  case ImmKind::Lane:
    I.Lane = R.u8();
    break;
  case ImmKind::SelectT: {
    uint32_t N;
    if (!vectorLength(N))
      return false;
    Types.clear();
    for (uint32_t K = 0; K < N; ++K) {
      uint8_t B = R.u8();
      if (R.failed())
        return false;
      auto T = valTypeFromByte(B, F);
      if (!T) {
        R.fail("malformed value type", R.offset() - 1);
        return false;
      }
      Types.push_back(*T);
    }
    I.SelectTypes = Types;
    break;
  }
  case ImmKind::RefType: {
    uint8_t B = R.u8();
    if (R.failed())
      return false;
    // The exception proposal's bottom heap type `noexn` (0x74) only types
    // null references: without subtyping, its null is exnref's null.
    if (B == 0x74 && F.Exceptions)
      B = uint8_t(ValType::ExnRef);
    auto T = valTypeFromByte(B, F);
    if (!T || !isRefType(*T)) {
      R.fail("malformed reference type", R.offset() - 1);
      return false;
    }
    I.RefType = *T;
    break;
  }
  case ImmKind::MemoryInit:
    I.Index = R.u32();
    if (!R.failed())
      memIndex(I.Index2);
    break;
  case ImmKind::MemoryCopy:
    if (memIndex(I.Index))
      memIndex(I.Index2);
    break;
  case ImmKind::TableInit:
  case ImmKind::TableCopy:
    I.Index = R.u32();
    I.Index2 = R.u32();
    break;
  }
  return !R.failed();
}
