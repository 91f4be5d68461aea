//===- Decoder.cpp - WebAssembly binary decoder
//----------------------------===//
//
// Reads every section into a Module and rejects what the spec calls
// malformed: bad encodings, section order and sizes, unknown opcodes, and the
// block structure of function bodies. Everything the spec calls invalid
// (types, indices, constant-ness) is left to the validator, so that a module
// with both kinds of error reports the malformed one, as the spec requires.
//
// Counts read from the input are never trusted for allocation: every item
// takes at least one byte, so reservations are capped by the bytes left.
//
//===----------------------------------------------------------------------===//
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Instr.h"
#include "w2n/Wasm/Reader.h"
#include <algorithm>

using namespace w2n::wasm;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// True if `S` is well-formed UTF-8: shortest forms only, no surrogates,
/// nothing above U+10FFFF.
static bool isValidUtf8(StringRef S) {
  const auto *P = reinterpret_cast<const uint8_t *>(S.data());
  const auto *E = P + S.size();
  while (P < E) {
    uint8_t C = *P++;
    if (C < 0x80)
      continue;
    unsigned N;
    uint32_t V;
    if (C >= 0xc2 && C <= 0xdf) {
      N = 1;
      V = C & 0x1f;
    } else if (C >= 0xe0 && C <= 0xef) {
      N = 2;
      V = C & 0x0f;
    } else if (C >= 0xf0 && C <= 0xf4) {
      N = 3;
      V = C & 0x07;
    } else {
      return false;
    }
    if (size_t(E - P) < N)
      return false;
    for (unsigned K = 0; K < N; ++K) {
      if ((P[K] & 0xc0) != 0x80)
        return false;
      V = (V << 6) | (P[K] & 0x3f);
    }
    P += N;
    if ((N == 2 && V < 0x800) || (N == 3 && V < 0x10000) || V > 0x10ffff ||
        (V >= 0xd800 && V <= 0xdfff))
      return false;
  }
  return true;
}

/// Position of a non-custom section in the required order. The data count
/// section (id 12) sits between the element (9) and code (10) sections; the
/// tag section (13) between the memory (5) and global (6) sections.
static unsigned sectionRank(uint8_t Id) {
  switch (Id) {
  case 13:
    return 55;
  case 5:
    return 50;
  case 6:
    return 60;
  case 7:
    return 70;
  case 8:
    return 80;
  case 9:
    return 90;
  case 12:
    return 100;
  case 10:
    return 110;
  case 11:
    return 120;
  default:
    return Id;
  }
}

static uint32_t capReserve(uint32_t N, const Reader &R) {
  return uint32_t(std::min<uint64_t>(N, R.remaining()));
}

namespace {
class Decoder {
public:
  Decoder(ArrayRef<uint8_t> Bytes, const Features &F) : Bytes(Bytes), F(F) {}
  Expected<Module> run();

private:
  Error malformed(uint64_t Offset, const llvm::Twine &Msg) {
    return llvm::make_error<WasmError>(Offset, Msg.str(), /*Malformed=*/true);
  }
  /// The sticky error of a reader inside a section. Running off the end of
  /// a section or body is reported with the spec's in-section wording.
  Error readerError(const Reader &R) {
    StringRef Msg = R.error();
    if (Msg == "unexpected end")
      Msg = "unexpected end of section or function";
    return malformed(R.errorOffset(), Msg);
  }
  Error check(const Reader &R) {
    return R.failed() ? readerError(R) : Error::success();
  }

  Error section(uint8_t Id, Reader &R);
  Error customSection(Reader &R);
  Error typeSection(Reader &R);
  Error importSection(Reader &R);
  Error functionSection(Reader &R);
  Error tableSection(Reader &R);
  Error memorySection(Reader &R);
  Error globalSection(Reader &R);
  Error exportSection(Reader &R);
  Error startSection(Reader &R);
  Error elementSection(Reader &R);
  Error codeSection(Reader &R);
  Error dataSection(Reader &R);
  Error dataCountSection(Reader &R);
  Error tagSection(Reader &R);
  bool tagType(Reader &R, uint32_t &TypeIndex);

  bool valType(Reader &R, ValType &T);
  bool refType(Reader &R, ValType &T);
  bool limits(Reader &R, Limits &L, bool IsMemory);
  bool tableType(Reader &R, TableType &T);
  bool globalType(Reader &R, GlobalType &T);
  bool name(Reader &R, std::string &S);
  Error constExpr(Reader &R, ConstExpr &E);
  Error body(Function &Fn, uint64_t BodyStart, uint64_t BodyEnd);
  void finish();
  void nameSection(ArrayRef<uint8_t> Content, uint64_t Base);

  ArrayRef<uint8_t> Bytes;
  const Features &F;
  Module M;
  bool SawCodeSection = false;
  ArrayRef<uint8_t> NameContent;
  uint64_t NameBase = 0;
  bool HaveNames = false;
  /// First memory.init/data.drop seen without a data count section.
  std::optional<uint64_t> DataCountNeededAt;
};
} // namespace

bool Decoder::valType(Reader &R, ValType &T) {
  uint64_t At = R.offset();
  uint8_t B = R.u8();
  if (R.failed())
    return false;
  auto V = valTypeFromByte(B, F);
  if (!V) {
    R.fail(B == uint8_t(ValType::ExnRef)
               ? "malformed value type (exnref needs --enable-exceptions)"
               : "malformed value type",
           At);
    return false;
  }
  T = *V;
  return true;
}

bool Decoder::refType(Reader &R, ValType &T) {
  uint64_t At = R.offset();
  uint8_t B = R.u8();
  if (R.failed())
    return false;
  auto V = valTypeFromByte(B, F);
  if (!V || !isRefType(*V)) {
    R.fail(B == uint8_t(ValType::ExnRef)
               ? "malformed reference type (exnref needs --enable-exceptions)"
               : "malformed reference type",
           At);
    return false;
  }
  T = *V;
  return true;
}

bool Decoder::limits(Reader &R, Limits &L, bool IsMemory) {
  // The flags are a one-byte LEB: a continuation bit is an over-long
  // encoding, and an unknown bit is an out-of-range value.
  uint64_t At = R.offset();
  L.FileOffset = At;
  uint8_t Flags = R.u8();
  if (R.failed())
    return false;
  if (Flags & 0x80) {
    R.fail("integer representation too long", At);
    return false;
  }
  // memory64 also gives tables a 64-bit index type (table64).
  bool Known = Flags <= 1 || (F.Memory64 && (Flags == 4 || Flags == 5));
  if (!Known) {
    R.fail("integer too large", At);
    return false;
  }
  L.Is64 = Flags & 4;
  // memory64 reads every memory's limits and a table64's as u64; the
  // validator then checks the range that the index type allows.
  bool Wide = (IsMemory && F.Memory64) || L.Is64;
  L.Min = Wide ? R.u64() : R.u32();
  if (Flags & 1)
    L.Max = Wide ? R.u64() : R.u32();
  return !R.failed();
}

bool Decoder::tableType(Reader &R, TableType &T) {
  return refType(R, T.Elem) && limits(R, T.Lim, /*IsMemory=*/false);
}

bool Decoder::globalType(Reader &R, GlobalType &T) {
  if (!valType(R, T.Type))
    return false;
  uint64_t At = R.offset();
  uint8_t Mut = R.u8();
  if (R.failed())
    return false;
  if (Mut > 1) {
    R.fail("malformed mutability", At);
    return false;
  }
  T.Mutable = Mut;
  return true;
}

bool Decoder::name(Reader &R, std::string &S) {
  uint64_t At = R.offset();
  uint32_t Len = R.u32();
  if (R.failed())
    return false;
  if (Len > R.remaining()) {
    R.fail("length out of bounds", At);
    return false;
  }
  At = R.offset();
  ArrayRef<uint8_t> B = R.bytes(Len);
  StringRef N(reinterpret_cast<const char *>(B.data()), B.size());
  if (!isValidUtf8(N)) {
    R.fail("malformed UTF-8 encoding", At);
    return false;
  }
  S = N.str();
  return true;
}

Error Decoder::constExpr(Reader &R, ConstExpr &E) {
  E.Offset = R.offset();
  InstrReader IR(Bytes.slice(R.offset(), R.remaining()), R.offset(), F);
  Reader &IRR = IR.reader();
  unsigned Depth = 0;
  Instr I;
  for (;;) {
    if (!IR.next(I))
      return readerError(IRR);
    ConstInstr C{};
    bool IsConst = true;
    switch (I.Op) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefFunc:
    case Opcode::GlobalGet:
      C.Op = I.Op;
      break;
    case Opcode::RefNull:
      C.Op = I.Op;
      C.RefType = I.RefType;
      break;
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
      C.Op = I.Op;
      IsConst = F.ExtendedConst;
      break;
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Try:
    case Opcode::TryTable:
      ++Depth;
      IsConst = false;
      break;
    case Opcode::End:
      if (Depth == 0) {
        R.skip(IRR.pos());
        return check(R);
      }
      --Depth;
      IsConst = false;
      break;
    default:
      IsConst = false;
      break;
    }
    if (!IsConst) {
      if (!E.NonConstant)
        E.NonConstant = I.Offset;
      continue;
    }
    C.Index = I.Index;
    C.Lo = I.Lo;
    C.Hi = I.Hi;
    E.Instrs.push_back(C);
  }
}

Error Decoder::customSection(Reader &R) {
  std::string Name;
  if (!name(R, Name))
    return readerError(R);
  if (Name == "name") {
    NameBase = R.offset();
    NameContent = R.bytes(R.remaining());
    HaveNames = true;
  }
  R.skip(R.remaining());
  return Error::success();
}

Error Decoder::typeSection(Reader &R) {
  uint32_t N = R.u32();
  M.Types.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    FuncType T;
    T.FileOffset = R.offset();
    uint8_t Form = R.u8();
    // The form is a one-byte signed LEB (-0x20).
    if (!R.failed() && (Form & 0x80))
      R.fail("integer representation too long", R.offset() - 1);
    else if (!R.failed() && Form != 0x60)
      R.fail("malformed function type", R.offset() - 1);
    for (auto *List : {&T.Params, &T.Results}) {
      uint32_t Len = R.u32();
      List->reserve(capReserve(Len, R));
      for (uint32_t J = 0; J < Len && !R.failed(); ++J) {
        ValType V;
        if (valType(R, V))
          List->push_back(V);
      }
    }
    M.Types.push_back(std::move(T));
  }
  return check(R);
}

Error Decoder::importSection(Reader &R) {
  uint32_t N = R.u32();
  M.Imports.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    Import Im;
    Im.FileOffset = R.offset();
    if (!name(R, Im.Module) || !name(R, Im.Name))
      break;
    uint64_t KindAt = R.offset();
    uint8_t Kind = R.u8();
    if (R.failed())
      break;
    switch (Kind) {
    case 0:
      Im.FuncTypeIndex = R.u32();
      ++M.NumImportedFuncs;
      break;
    case 1:
      tableType(R, Im.Table);
      ++M.NumImportedTables;
      break;
    case 2:
      limits(R, Im.Memory.Lim, /*IsMemory=*/true);
      ++M.NumImportedMemories;
      break;
    case 3:
      globalType(R, Im.Global);
      ++M.NumImportedGlobals;
      break;
    case 4:
      if (!F.Exceptions) {
        R.fail("malformed import kind (a tag import needs "
               "--enable-exceptions)",
               KindAt);
        break;
      }
      tagType(R, Im.TagTypeIndex);
      ++M.NumImportedTags;
      break;
    default:
      R.fail("malformed import kind", KindAt);
      break;
    }
    Im.Kind = ExternKind(Kind);
    M.Imports.push_back(std::move(Im));
  }
  return check(R);
}

/// A tag type: attribute 0 (exception), then a function type index.
bool Decoder::tagType(Reader &R, uint32_t &TypeIndex) {
  uint64_t At = R.offset();
  uint8_t Attr = R.u8();
  if (R.failed())
    return false;
  if (Attr != 0) {
    R.fail("malformed tag attribute", At);
    return false;
  }
  TypeIndex = R.u32();
  return !R.failed();
}

Error Decoder::tagSection(Reader &R) {
  uint32_t N = R.u32();
  M.Tags.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    Tag T;
    T.FileOffset = R.offset();
    if (!tagType(R, T.TypeIndex))
      break;
    M.Tags.push_back(T);
  }
  return check(R);
}

Error Decoder::functionSection(Reader &R) {
  uint32_t N = R.u32();
  M.Funcs.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    Function Fn;
    Fn.FileOffset = R.offset();
    Fn.TypeIndex = R.u32();
    M.Funcs.push_back(std::move(Fn));
  }
  return check(R);
}

Error Decoder::tableSection(Reader &R) {
  uint32_t N = R.u32();
  M.Tables.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    TableType T;
    if (tableType(R, T))
      M.Tables.push_back(T);
  }
  return check(R);
}

Error Decoder::memorySection(Reader &R) {
  uint32_t N = R.u32();
  M.Memories.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    MemoryType T;
    if (limits(R, T.Lim, /*IsMemory=*/true))
      M.Memories.push_back(T);
  }
  return check(R);
}

Error Decoder::globalSection(Reader &R) {
  uint32_t N = R.u32();
  M.Globals.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    Global G;
    if (!globalType(R, G.Type))
      break;
    if (Error E = constExpr(R, G.Init))
      return E;
    M.Globals.push_back(std::move(G));
  }
  return check(R);
}

Error Decoder::exportSection(Reader &R) {
  uint32_t N = R.u32();
  M.Exports.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    Export Ex;
    Ex.FileOffset = R.offset();
    if (!name(R, Ex.Name))
      break;
    uint8_t Kind = R.u8();
    if (!R.failed() && Kind > (F.Exceptions ? 4 : 3))
      R.fail("malformed export kind", R.offset() - 1);
    Ex.Kind = ExternKind(Kind);
    Ex.Index = R.u32();
    M.Exports.push_back(std::move(Ex));
  }
  return check(R);
}

Error Decoder::startSection(Reader &R) {
  M.StartFileOffset = R.offset();
  M.Start = R.u32();
  return check(R);
}

Error Decoder::elementSection(Reader &R) {
  uint32_t N = R.u32();
  M.Elems.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    ElemSegment S;
    uint64_t FlagsOffset = S.FileOffset = R.offset();
    uint32_t Flags = R.u32();
    if (R.failed())
      break;
    if (Flags > 7)
      return malformed(FlagsOffset, "malformed elements segment kind");
    // Bit 0: passive or declarative; bit 1: explicit table index (active)
    // or declarative (otherwise); bit 2: items are expressions.
    bool HasTable = (Flags & 3) == 2;
    if (Flags & 1)
      S.Mode = (Flags & 2) ? SegmentMode::Declarative : SegmentMode::Passive;
    if (HasTable)
      S.Table = R.u32();
    if (S.Mode == SegmentMode::Active)
      if (Error E = constExpr(R, S.Offset))
        return E;
    bool Exprs = Flags & 4;
    if (Flags & 3) {
      if (Exprs) {
        refType(R, S.Type);
      } else {
        uint8_t Kind = R.u8();
        if (!R.failed() && Kind != 0)
          R.fail("malformed element kind", R.offset() - 1);
      }
    }
    uint32_t Count = R.u32();
    if (R.failed())
      break;
    S.Items.reserve(capReserve(Count, R));
    for (uint32_t J = 0; J < Count && !R.failed(); ++J) {
      ConstExpr Item;
      if (Exprs) {
        if (Error E = constExpr(R, Item))
          return E;
      } else {
        Item.Offset = R.offset();
        ConstInstr C{};
        C.Op = Opcode::RefFunc;
        C.Index = R.u32();
        Item.Instrs.push_back(C);
      }
      S.Items.push_back(std::move(Item));
    }
    M.Elems.push_back(std::move(S));
  }
  return check(R);
}

Error Decoder::dataCountSection(Reader &R) {
  M.DataCount = R.u32();
  return check(R);
}

Error Decoder::dataSection(Reader &R) {
  uint32_t N = R.u32();
  M.Datas.reserve(capReserve(N, R));
  for (uint32_t K = 0; K < N && !R.failed(); ++K) {
    DataSegment S;
    uint64_t FlagsOffset = S.FileOffset = R.offset();
    uint32_t Flags = R.u32();
    if (R.failed())
      break;
    if (Flags > 2)
      return malformed(FlagsOffset, "malformed data segment kind");
    if (Flags == 1)
      S.Mode = SegmentMode::Passive;
    if (Flags == 2)
      S.Memory = R.u32();
    if (S.Mode == SegmentMode::Active)
      if (Error E = constExpr(R, S.Offset))
        return E;
    uint32_t Len = R.u32();
    S.Bytes = R.bytes(Len);
    M.Datas.push_back(S);
  }
  return check(R);
}

/// Checks the block structure and encodings of one body. Like the spec's
/// reference decoder, instructions are read past the declared body size if
/// its final `end` is missing, so the error names what went wrong the same
/// way ("END opcode expected", "section size mismatch", ...).
Error Decoder::body(Function &Fn, uint64_t BodyStart, uint64_t BodyEnd) {
  InstrReader IR(Bytes.slice(BodyStart), BodyStart, F);
  Reader &IRR = IR.reader();
  // Open constructs: 0 block/loop/try_table/function, 1 if, 2 if after its
  // else, 3 legacy try (before or in a catch), 4 try after its catch_all.
  std::vector<uint8_t> Open{0};
  Instr I;
  while (!Open.empty()) {
    if (!IR.next(I))
      return readerError(IRR);
    switch (I.Op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::TryTable:
      Open.push_back(0);
      break;
    case Opcode::If:
      Open.push_back(1);
      break;
    case Opcode::Try:
      Open.push_back(3);
      break;
    case Opcode::Else:
      if (Open.back() != 1)
        return malformed(I.Offset, "END opcode expected");
      Open.back() = 2;
      break;
    case Opcode::Catch:
    case Opcode::CatchAll:
      if (Open.back() != 3)
        return malformed(I.Offset, "END opcode expected");
      if (I.Op == Opcode::CatchAll)
        Open.back() = 4;
      break;
    case Opcode::Delegate:
      if (Open.back() != 3)
        return malformed(I.Offset, "END opcode expected");
      Open.pop_back();
      break;
    case Opcode::End:
      Open.pop_back();
      break;
    case Opcode::MemoryInit:
    case Opcode::DataDrop:
      if (!M.DataCount && !DataCountNeededAt)
        DataCountNeededAt = I.Offset;
      break;
    default:
      break;
    }
  }
  if (IRR.offset() != BodyEnd)
    return malformed(BodyStart, "section size mismatch");
  Fn.Body = Bytes.slice(BodyStart, BodyEnd - BodyStart);
  Fn.BodyOffset = BodyStart;
  return Error::success();
}

Error Decoder::codeSection(Reader &R) {
  SawCodeSection = true;
  uint64_t CountOffset = R.offset();
  uint32_t N = R.u32();
  if (Error E = check(R))
    return E;
  if (N != M.Funcs.size())
    return malformed(CountOffset,
                     "function and code section have inconsistent lengths");
  for (Function &Fn : M.Funcs) {
    uint32_t Size = R.u32();
    if (R.failed())
      break;
    uint64_t Start = R.offset();
    ArrayRef<uint8_t> Content = R.bytes(Size);
    if (R.failed())
      break;
    Reader B(Content, Start);
    uint32_t Groups = B.u32();
    Fn.LocalGroups.reserve(capReserve(Groups, B));
    for (uint32_t K = 0; K < Groups && !B.failed(); ++K) {
      uint64_t At = B.offset();
      uint32_t Count = B.u32();
      ValType T;
      if (!valType(B, T))
        break;
      Fn.NumLocals += Count;
      if (Fn.NumLocals > UINT32_MAX)
        return malformed(At, "too many locals");
      Fn.LocalGroups.emplace_back(Count, T);
    }
    if (Error E = check(B))
      return E;
    if (Error E = body(Fn, B.offset(), Start + Size))
      return E;
  }
  return check(R);
}

Error Decoder::section(uint8_t Id, Reader &R) {
  switch (Id) {
  case 0:
    return customSection(R);
  case 1:
    return typeSection(R);
  case 2:
    return importSection(R);
  case 3:
    return functionSection(R);
  case 4:
    return tableSection(R);
  case 5:
    return memorySection(R);
  case 6:
    return globalSection(R);
  case 7:
    return exportSection(R);
  case 8:
    return startSection(R);
  case 9:
    return elementSection(R);
  case 10:
    return codeSection(R);
  case 11:
    return dataSection(R);
  case 12:
    return dataCountSection(R);
  case 13:
    return tagSection(R);
  }
  llvm_unreachable("section id checked by the caller");
}

/// Reads a name map (index, name pairs) of an index space of `Size` entries
/// into `Names`; false if it is malformed. Indices past the space are
/// ignored, as tools may name what they stripped.
static bool readNameMap(Reader &S, size_t Size,
                        std::vector<std::string> &Names) {
  Names.assign(Size, std::string());
  uint32_t Count = S.u32();
  for (uint32_t K = 0; K < Count && !S.failed(); ++K) {
    uint32_t Index = S.u32();
    StringRef N = S.name();
    if (S.failed() || !isValidUtf8(N))
      return false;
    if (Index < Names.size())
      Names[Index] = N.str();
  }
  return !S.failed();
}

/// Reads the "name" custom section. Tools put anything there, so a
/// malformed name section is dropped rather than rejected.
void Decoder::nameSection(ArrayRef<uint8_t> Content, uint64_t Base) {
  Reader R(Content, Base);
  std::string ModuleName;
  std::vector<std::string> FuncNames, TagNames;
  while (!R.atEnd()) {
    uint8_t Id = R.u8();
    uint32_t Size = R.u32();
    ArrayRef<uint8_t> Sub = R.bytes(Size);
    if (R.failed())
      return;
    Reader S(Sub);
    if (Id == 0) {
      StringRef N = S.name();
      if (S.failed() || !isValidUtf8(N))
        return;
      ModuleName = N.str();
    } else if (Id == 1) {
      if (!readNameMap(S, M.numFuncs(), FuncNames))
        return;
    } else if (Id == 11) {
      if (!readNameMap(S, M.TagTypeIndices.size(), TagNames))
        return;
    }
  }
  M.ModuleName = std::move(ModuleName);
  M.FuncNames = std::move(FuncNames);
  M.TagNames = std::move(TagNames);
}

/// Builds the index spaces and the set of declared function references.
void Decoder::finish() {
  for (const Import &Im : M.Imports) {
    switch (Im.Kind) {
    case ExternKind::Func:
      M.FuncTypeIndices.push_back(Im.FuncTypeIndex);
      break;
    case ExternKind::Table:
      M.AllTables.push_back(Im.Table);
      break;
    case ExternKind::Memory:
      M.AllMemories.push_back(Im.Memory);
      break;
    case ExternKind::Global:
      M.AllGlobals.push_back(Im.Global);
      break;
    case ExternKind::Tag:
      M.TagTypeIndices.push_back(Im.TagTypeIndex);
      break;
    }
  }
  for (const Tag &T : M.Tags)
    M.TagTypeIndices.push_back(T.TypeIndex);
  for (const Function &Fn : M.Funcs)
    M.FuncTypeIndices.push_back(Fn.TypeIndex);
  M.AllTables.insert(M.AllTables.end(), M.Tables.begin(), M.Tables.end());
  M.AllMemories.insert(M.AllMemories.end(), M.Memories.begin(),
                       M.Memories.end());
  for (const Global &G : M.Globals)
    M.AllGlobals.push_back(G.Type);

  auto AddRefs = [&](const ConstExpr &E) {
    for (const ConstInstr &C : E.Instrs)
      if (C.Op == Opcode::RefFunc)
        M.DeclaredFuncRefs.push_back(C.Index);
  };
  for (const Global &G : M.Globals)
    AddRefs(G.Init);
  for (const ElemSegment &S : M.Elems)
    for (const ConstExpr &E : S.Items)
      AddRefs(E);
  for (const Export &Ex : M.Exports)
    if (Ex.Kind == ExternKind::Func)
      M.DeclaredFuncRefs.push_back(Ex.Index);
  llvm::sort(M.DeclaredFuncRefs);
  M.DeclaredFuncRefs.erase(
      std::unique(M.DeclaredFuncRefs.begin(), M.DeclaredFuncRefs.end()),
      M.DeclaredFuncRefs.end());

  if (HaveNames)
    nameSection(NameContent, NameBase);
}

Expected<Module> Decoder::run() {
  Reader Top(Bytes);
  uint32_t Magic = Top.fixed32();
  if (Top.failed())
    return malformed(0, "unexpected end");
  if (Magic != 0x6d736100)
    return malformed(0, "magic header not detected");
  uint32_t Version = Top.fixed32();
  if (Top.failed())
    return malformed(4, "unexpected end");
  if (Version != 1)
    return malformed(4, "unknown binary version");

  unsigned LastRank = 0;
  while (!Top.atEnd()) {
    uint64_t IdOffset = Top.offset();
    uint8_t Id = Top.u8();
    if (Id == 13 && !F.Exceptions)
      return malformed(IdOffset, "malformed section id (section 13, tags, "
                                 "needs --enable-exceptions)");
    if (Id > 13)
      return malformed(IdOffset, "malformed section id");
    uint32_t Size = Top.u32();
    if (Top.failed())
      return malformed(Top.errorOffset(), Top.error());
    if (Size > Top.remaining())
      return malformed(IdOffset + 1, "length out of bounds");
    if (Id != 0) {
      unsigned Rank = sectionRank(Id);
      if (Rank <= LastRank)
        return malformed(IdOffset, "unexpected content after last section");
      LastRank = Rank;
    }
    uint64_t Start = Top.offset();
    Top.skip(Size);
    // Like the spec's reference decoder, read the contents of a section
    // without stopping at its declared end, then compare the sizes: an item
    // count that is too large then reports what the bytes after the section
    // look like ("length out of bounds", "integer representation too long"),
    // and one that is too small reports "section size mismatch". Custom
    // sections are opaque past their name, so they stay bounded.
    ArrayRef<uint8_t> Content =
        Id == 0 ? Bytes.slice(Start, Size) : Bytes.slice(Start);
    Reader R(Content, Start);
    if (Error E = section(Id, R))
      return std::move(E);
    if (R.pos() != Size)
      return malformed(Start + std::min<uint64_t>(R.pos(), Size),
                       "section size mismatch");
  }

  if (!M.Funcs.empty() && !SawCodeSection)
    return malformed(Bytes.size(),
                     "function and code section have inconsistent lengths");
  // Without any data segment the index is simply unknown, which the
  // validator reports; with segments but no count, the binary is malformed.
  if (DataCountNeededAt && !M.Datas.empty())
    return malformed(*DataCountNeededAt, "data count section required");
  if (M.DataCount && *M.DataCount != M.Datas.size())
    return malformed(Bytes.size(),
                     "data count and data section have inconsistent lengths");
  finish();
  return std::move(M);
}

Expected<Module> w2n::wasm::decode(ArrayRef<uint8_t> Bytes, const Features &F) {
  return Decoder(Bytes, F).run();
}
