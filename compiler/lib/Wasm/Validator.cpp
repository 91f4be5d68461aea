//===- Validator.cpp - The spec's validation algorithm
//---------------------===//
//
// Module-level checks (limits, constant expressions, exports, start,
// segments) and the type checker of function bodies from the spec's
// appendix: an operand stack whose bottom becomes polymorphic after
// `unreachable`/`br`/`return`, and a stack of control frames. Both stacks are
// explicit vectors, so nesting depth costs memory proportional to the input
// and never native stack; every instruction is checked in constant time
// (br_table: per target), so validation is linear in the body size.
//
// The decoder has already rejected malformed bodies (unknown opcodes, bad
// immediates, unbalanced blocks), so this file only reports invalid ones.
//
//===----------------------------------------------------------------------===//
#include "w2n/Wasm/Validator.h"
#include "w2n/Wasm/Decoder.h"
#include "w2n/Wasm/Instr.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>

using namespace w2n::wasm;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Twine;

namespace {

/// A type on the operand stack; Unknown is the spec's bottom type, produced
/// by popping from the polymorphic stack of unreachable code.
enum class StackType : uint8_t { Unknown = 0 };
StackType st(ValType T) { return StackType(T); }
ValType vt(StackType T) { return ValType(T); }

const char *stackTypeName(StackType T) {
  return T == StackType::Unknown ? "unknown" : valTypeName(vt(T));
}

/// A single value type as a one-element list, for block types like `(result
/// i32)` that are not in the type section.
ArrayRef<ValType> single(ValType T) {
  static const ValType All[] = {
      ValType::I32,  ValType::I64,     ValType::F32,       ValType::F64,
      ValType::V128, ValType::FuncRef, ValType::ExternRef, ValType::ExnRef};
  for (const ValType &V : All)
    if (V == T)
      return ArrayRef<ValType>(&V, 1);
  llvm_unreachable("not a value type");
}

ValType sigType(char C, ValType Addr) {
  switch (C) {
  case 'i':
    return ValType::I32;
  case 'l':
    return ValType::I64;
  case 'f':
    return ValType::F32;
  case 'd':
    return ValType::F64;
  case 'v':
    return ValType::V128;
  case 'a':
    return Addr;
  }
  llvm_unreachable("bad signature character in Opcodes.def");
}

/// A table's index type: i64 for table64 (memory64), else i32.
ValType indexType(const TableType &T) {
  return T.Lim.Is64 ? ValType::I64 : ValType::I32;
}

Error invalid(uint64_t Offset, const Twine &Msg) {
  return llvm::make_error<WasmError>(Offset, Msg.str(), /*Malformed=*/false);
}

class FuncValidator {
public:
  FuncValidator(const Module &M, const Features &F,
                const std::vector<bool> &Declared)
      : M(M), F(F), Declared(Declared) {}

  Error run(const Function &Fn);

private:
  struct Frame {
    Opcode Kind;
    ArrayRef<ValType> Params, Results;
    size_t Height;
    bool Unreachable;
    ArrayRef<ValType> labelTypes() const {
      return Kind == Opcode::Loop ? Params : Results;
    }
  };

  bool fail(uint64_t Offset, const Twine &Msg) {
    if (!Failed) {
      Failed = true;
      ErrOffset = Offset;
      ErrMsg = Msg.str();
    }
    return false;
  }

  void push(StackType T) { Vals.push_back(T); }
  void push(ValType T) { Vals.push_back(st(T)); }
  void push(ArrayRef<ValType> Ts) {
    for (ValType T : Ts)
      push(T);
  }
  bool pop(StackType &Out);
  bool pop(ValType Expected, StackType *Actual = nullptr);
  /// Checks that the top of the stack matches `Ts` without consuming it
  /// (values that came from the polymorphic bottom stay unknown).
  bool peek(ArrayRef<ValType> Ts) {
    Scratch.resize(Ts.size());
    for (size_t K = Ts.size(); K-- > 0;)
      if (!pop(Ts[K], &Scratch[K]))
        return false;
    Vals.insert(Vals.end(), Scratch.begin(), Scratch.end());
    return true;
  }
  bool pop(ArrayRef<ValType> Ts) {
    for (size_t K = Ts.size(); K-- > 0;)
      if (!pop(Ts[K]))
        return false;
    return true;
  }
  void pushFrame(Opcode Kind, ArrayRef<ValType> Params,
                 ArrayRef<ValType> Results) {
    Frames.push_back({Kind, Params, Results, Vals.size(), false});
    push(Params);
  }
  bool popFrame(Frame &Out);
  void setUnreachable() {
    Vals.resize(Frames.back().Height);
    Frames.back().Unreachable = true;
  }

  bool blockType(ArrayRef<ValType> &Params, ArrayRef<ValType> &Results);
  bool label(uint32_t Depth, ArrayRef<ValType> &Types);
  bool local(uint32_t Index, ValType &T);
  bool funcType(uint32_t TypeIndex, const FuncType *&T);
  bool function(uint32_t Index, const FuncType *&T);
  bool table(uint32_t Index, const TableType *&T);
  bool memory(uint32_t Index, ValType &Addr);
  bool memArg(ValType &Addr);
  bool global(uint32_t Index, const GlobalType *&T);
  bool tag(uint32_t Index, const FuncType *&T);
  bool catchClause(const CatchClause &C);
  bool elemSegment(uint32_t Index);
  bool dataSegment(uint32_t Index);
  bool returnMatches(const FuncType &Callee);
  bool signature(const char *Sig, ValType Addr);
  bool step();

  const Module &M;
  const Features &F;
  const std::vector<bool> &Declared;

  const FuncType *Type = nullptr;
  /// Cumulative counts of parameters and declared locals, for binary search.
  std::vector<std::pair<uint64_t, ValType>> LocalEnds;
  std::vector<StackType> Vals, Scratch;
  std::vector<Frame> Frames;
  Instr I;

  bool Failed = false;
  uint64_t ErrOffset = 0;
  std::string ErrMsg;
  uint32_t LoopDepth = 0; ///< Loop frames on Frames.
};

bool FuncValidator::pop(StackType &Out) {
  const Frame &Fr = Frames.back();
  if (Vals.size() == Fr.Height) {
    if (Fr.Unreachable) {
      Out = StackType::Unknown;
      return true;
    }
    return fail(I.Offset, "type mismatch: expected a value, but nothing on "
                          "the stack");
  }
  Out = Vals.back();
  Vals.pop_back();
  return true;
}

bool FuncValidator::pop(ValType Expected, StackType *Actual) {
  const Frame &Fr = Frames.back();
  if (Vals.size() == Fr.Height) {
    if (Fr.Unreachable) {
      if (Actual)
        *Actual = StackType::Unknown;
      return true;
    }
    return fail(I.Offset, Twine("type mismatch: expected ") +
                              valTypeName(Expected) +
                              ", but nothing on the stack");
  }
  StackType Top = Vals.back();
  Vals.pop_back();
  if (Top != StackType::Unknown && Top != st(Expected))
    return fail(I.Offset, Twine("type mismatch: expected ") +
                              valTypeName(Expected) + ", found " +
                              stackTypeName(Top));
  if (Actual)
    *Actual = Top;
  return true;
}

bool FuncValidator::popFrame(Frame &Out) {
  if (!pop(Frames.back().Results))
    return false;
  if (Vals.size() != Frames.back().Height)
    return fail(I.Offset, "type mismatch: values remain on the stack at the "
                          "end of the block");
  Out = Frames.back();
  Frames.pop_back();
  return true;
}

bool FuncValidator::blockType(ArrayRef<ValType> &Params,
                              ArrayRef<ValType> &Results) {
  switch (I.Block) {
  case BlockTypeKind::Empty:
    Params = Results = {};
    return true;
  case BlockTypeKind::Value:
    Params = {};
    Results = single(I.BlockValue);
    return true;
  case BlockTypeKind::TypeIndex: {
    const FuncType *T;
    if (!funcType(I.Index, T))
      return false;
    Params = T->Params;
    Results = T->Results;
    return true;
  }
  }
  llvm_unreachable("bad block type kind");
}

bool FuncValidator::label(uint32_t Depth, ArrayRef<ValType> &Types) {
  if (Depth >= Frames.size())
    return fail(I.Offset, "unknown label " + Twine(Depth));
  Types = Frames[Frames.size() - 1 - Depth].labelTypes();
  return true;
}

bool FuncValidator::local(uint32_t Index, ValType &T) {
  auto It =
      std::upper_bound(LocalEnds.begin(), LocalEnds.end(), uint64_t(Index),
                       [](uint64_t X, const std::pair<uint64_t, ValType> &E) {
                         return X < E.first;
                       });
  if (It == LocalEnds.end())
    return fail(I.Offset, "unknown local " + Twine(Index));
  T = It->second;
  return true;
}

bool FuncValidator::funcType(uint32_t TypeIndex, const FuncType *&T) {
  if (TypeIndex >= M.Types.size())
    return fail(I.Offset, "unknown type " + Twine(TypeIndex));
  T = &M.Types[TypeIndex];
  return true;
}

bool FuncValidator::function(uint32_t Index, const FuncType *&T) {
  if (Index >= M.numFuncs())
    return fail(I.Offset, "unknown function " + Twine(Index));
  T = &M.funcType(Index);
  return true;
}

bool FuncValidator::table(uint32_t Index, const TableType *&T) {
  if (Index >= M.AllTables.size())
    return fail(I.Offset, "unknown table " + Twine(Index));
  T = &M.AllTables[Index];
  return true;
}

bool FuncValidator::memory(uint32_t Index, ValType &Addr) {
  if (Index >= M.AllMemories.size())
    return fail(I.Offset, "unknown memory " + Twine(Index));
  Addr = M.AllMemories[Index].Lim.Is64 ? ValType::I64 : ValType::I32;
  return true;
}

bool FuncValidator::memArg(ValType &Addr) {
  if (!memory(I.Index, Addr))
    return false;
  if (I.AlignLog2 > I.Info->Arg)
    return fail(I.Offset, "alignment must not be larger than natural");
  if (Addr == ValType::I32 && I.MemOffset > UINT32_MAX)
    return fail(I.Offset, "offset out of range");
  return true;
}

bool FuncValidator::global(uint32_t Index, const GlobalType *&T) {
  if (Index >= M.AllGlobals.size())
    return fail(I.Offset, "unknown global " + Twine(Index));
  T = &M.AllGlobals[Index];
  return true;
}

bool FuncValidator::tag(uint32_t Index, const FuncType *&T) {
  if (Index >= M.TagTypeIndices.size())
    return fail(I.Offset, "unknown tag " + Twine(Index));
  T = &M.tagType(Index);
  return true;
}

/// A try_table clause branches to its label with the tag's payload, then
/// (for the _ref forms) the caught exception; its label is resolved outside
/// the try_table, whose frame is not pushed yet.
bool FuncValidator::catchClause(const CatchClause &C) {
  const FuncType *TagT = nullptr;
  if (C.hasTag() && !tag(C.Tag, TagT))
    return false;
  ArrayRef<ValType> Types;
  if (!label(C.Label, Types))
    return false;
  size_t NPayload = TagT ? TagT->Params.size() : 0;
  bool Matches = Types.size() == NPayload + (C.hasRef() ? 1 : 0) &&
                 (!TagT || Types.take_front(NPayload) ==
                               ArrayRef<ValType>(TagT->Params)) &&
                 (!C.hasRef() || Types.back() == ValType::ExnRef);
  if (!Matches)
    return fail(I.Offset, "type mismatch: catch clause does not match its "
                          "label's types");
  return true;
}

bool FuncValidator::elemSegment(uint32_t Index) {
  if (Index >= M.Elems.size())
    return fail(I.Offset, "unknown elem segment " + Twine(Index));
  return true;
}

bool FuncValidator::dataSegment(uint32_t Index) {
  // The decoder guarantees a data count section before any instruction
  // that names a data segment, unless the module has no data segments.
  if (Index >= M.DataCount.value_or(0))
    return fail(I.Offset, "unknown data segment " + Twine(Index));
  return true;
}

/// A tail call's callee must return exactly what the caller returns.
bool FuncValidator::returnMatches(const FuncType &Callee) {
  if (Callee.Results != Type->Results)
    return fail(I.Offset, "type mismatch: tail call's results differ from "
                          "the function's");
  return true;
}

bool FuncValidator::signature(const char *Sig, ValType Addr) {
  const char *Colon = strchr(Sig, ':');
  for (const char *P = Colon; P-- != Sig;)
    if (!pop(sigType(*P, Addr)))
      return false;
  for (const char *P = Colon + 1; *P; ++P)
    push(sigType(*P, Addr));
  return true;
}

bool FuncValidator::step() {
  ArrayRef<ValType> Params, Results, Types;
  const FuncType *FT;
  const TableType *TT;
  const GlobalType *GT;
  ValType Addr = ValType::I32, T;
  StackType A, B;

  switch (I.Op) {
  case Opcode::Unreachable:
    setUnreachable();
    return true;
  case Opcode::Nop:
    return true;
  case Opcode::Block:
  case Opcode::Loop:
    if (!blockType(Params, Results) || !pop(Params))
      return false;
    if (I.Op == Opcode::Loop && ++LoopDepth > MaxLoopNesting)
      return fail(I.Offset, "loops nested " + Twine(LoopDepth) +
                                " deep; the limit is " + Twine(MaxLoopNesting));
    pushFrame(I.Op, Params, Results);
    return true;
  case Opcode::If:
    if (!blockType(Params, Results) || !pop(ValType::I32) || !pop(Params))
      return false;
    pushFrame(I.Op, Params, Results);
    return true;
  case Opcode::TryTable:
    if (!blockType(Params, Results) || !pop(Params))
      return false;
    for (const CatchClause &C : I.Catches)
      if (!catchClause(C))
        return false;
    pushFrame(I.Op, Params, Results);
    return true;
  case Opcode::Try:
    if (!blockType(Params, Results) || !pop(Params))
      return false;
    pushFrame(I.Op, Params, Results);
    return true;
  case Opcode::Catch:
  case Opcode::CatchAll: {
    // The decoder has checked that a legacy try (or one of its catches,
    // other than catch_all) is the innermost open construct.
    Frame Fr;
    const FuncType *TagT = nullptr;
    if (I.Op == Opcode::Catch && !tag(I.Index, TagT))
      return false;
    if (!popFrame(Fr))
      return false;
    pushFrame(I.Op, {}, Fr.Results);
    if (TagT)
      push(TagT->Params);
    return true;
  }
  case Opcode::Delegate: {
    Frame Fr;
    if (Frames.back().Kind != Opcode::Try)
      return fail(I.Offset, "delegate must follow a try without catches");
    if (!popFrame(Fr) || !label(I.Index, Types))
      return false;
    push(Fr.Results);
    return true;
  }
  case Opcode::Throw:
    if (!tag(I.Index, FT) || !pop(FT->Params))
      return false;
    setUnreachable();
    return true;
  case Opcode::ThrowRef:
    if (!pop(ValType::ExnRef))
      return false;
    setUnreachable();
    return true;
  case Opcode::Rethrow: {
    if (I.Index >= Frames.size())
      return fail(I.Offset, "unknown label " + Twine(I.Index));
    Opcode K = Frames[Frames.size() - 1 - I.Index].Kind;
    if (K != Opcode::Catch && K != Opcode::CatchAll)
      return fail(I.Offset, "invalid rethrow label");
    setUnreachable();
    return true;
  }
  case Opcode::Else: {
    Frame Fr;
    if (!popFrame(Fr))
      return false;
    pushFrame(Opcode::Else, Fr.Params, Fr.Results);
    return true;
  }
  case Opcode::End: {
    Frame Fr;
    if (!popFrame(Fr))
      return false;
    if (Fr.Kind == Opcode::Loop)
      --LoopDepth;
    // An `if` without `else` passes its parameters through as results.
    if (Fr.Kind == Opcode::If && Fr.Params != Fr.Results)
      return fail(I.Offset, "type mismatch: if without else must have "
                            "matching parameter and result types");
    if (!Frames.empty())
      push(Fr.Results);
    return true;
  }
  case Opcode::Br:
    if (!label(I.Index, Types) || !pop(Types))
      return false;
    setUnreachable();
    return true;
  case Opcode::BrIf:
    if (!label(I.Index, Types) || !pop(ValType::I32) || !pop(Types))
      return false;
    push(Types);
    return true;
  case Opcode::BrTable: {
    if (!pop(ValType::I32) || !label(I.Index, Types))
      return false;
    size_t Arity = Types.size();
    for (uint32_t Target : I.Targets) {
      ArrayRef<ValType> TargetTypes;
      if (!label(Target, TargetTypes))
        return false;
      if (TargetTypes.size() != Arity)
        return fail(I.Offset, "type mismatch: br_table targets have "
                              "different arities");
      if (!peek(TargetTypes))
        return false;
    }
    if (!pop(Types))
      return false;
    setUnreachable();
    return true;
  }
  case Opcode::Return:
    if (!pop(Type->Results))
      return false;
    setUnreachable();
    return true;
  case Opcode::Call:
    if (!function(I.Index, FT) || !pop(FT->Params))
      return false;
    push(FT->Results);
    return true;
  case Opcode::CallIndirect:
  case Opcode::ReturnCallIndirect:
    if (!table(I.Index2, TT))
      return false;
    if (TT->Elem != ValType::FuncRef)
      return fail(I.Offset, "type mismatch: call_indirect needs a funcref "
                            "table");
    if (!funcType(I.Index, FT) || !pop(indexType(*TT)) || !pop(FT->Params))
      return false;
    if (I.Op == Opcode::CallIndirect) {
      push(FT->Results);
      return true;
    }
    if (!returnMatches(*FT))
      return false;
    setUnreachable();
    return true;
  case Opcode::ReturnCall:
    if (!function(I.Index, FT) || !pop(FT->Params) || !returnMatches(*FT))
      return false;
    setUnreachable();
    return true;
  case Opcode::Drop:
    return pop(A);
  case Opcode::Select:
    if (!pop(ValType::I32) || !pop(A) || !pop(B))
      return false;
    if ((A != StackType::Unknown && isRefType(vt(A))) ||
        (B != StackType::Unknown && isRefType(vt(B))))
      return fail(I.Offset, "type mismatch: select without a type needs "
                            "numeric or vector operands");
    if (A != B && A != StackType::Unknown && B != StackType::Unknown)
      return fail(I.Offset, Twine("type mismatch: select operands are ") +
                                stackTypeName(B) + " and " + stackTypeName(A));
    push(A == StackType::Unknown ? B : A);
    return true;
  case Opcode::SelectT:
    if (I.SelectTypes.size() != 1)
      return fail(I.Offset, "invalid result arity");
    T = I.SelectTypes[0];
    if (!pop(ValType::I32) || !pop(T) || !pop(T))
      return false;
    push(T);
    return true;
  case Opcode::LocalGet:
    if (!local(I.Index, T))
      return false;
    push(T);
    return true;
  case Opcode::LocalSet:
    return local(I.Index, T) && pop(T);
  case Opcode::LocalTee:
    if (!local(I.Index, T) || !pop(T))
      return false;
    push(T);
    return true;
  case Opcode::GlobalGet:
    if (!global(I.Index, GT))
      return false;
    push(GT->Type);
    return true;
  case Opcode::GlobalSet:
    if (!global(I.Index, GT))
      return false;
    if (!GT->Mutable)
      return fail(I.Offset, "global is immutable");
    return pop(GT->Type);
  case Opcode::TableGet:
    if (!table(I.Index, TT) || !pop(indexType(*TT)))
      return false;
    push(TT->Elem);
    return true;
  case Opcode::TableSet:
    return table(I.Index, TT) && pop(TT->Elem) && pop(indexType(*TT));
  case Opcode::TableGrow:
    if (!table(I.Index, TT) || !pop(indexType(*TT)) || !pop(TT->Elem))
      return false;
    push(indexType(*TT));
    return true;
  case Opcode::TableSize:
    if (!table(I.Index, TT))
      return false;
    push(indexType(*TT));
    return true;
  case Opcode::TableFill:
    return table(I.Index, TT) && pop(indexType(*TT)) && pop(TT->Elem) &&
           pop(indexType(*TT));
  case Opcode::TableInit:
    if (!table(I.Index2, TT) || !elemSegment(I.Index))
      return false;
    if (M.Elems[I.Index].Type != TT->Elem)
      return fail(I.Offset, "type mismatch: element segment and table have "
                            "different types");
    // The destination is a table index, the source and length count
    // segment elements.
    return pop(ValType::I32) && pop(ValType::I32) && pop(indexType(*TT));
  case Opcode::TableCopy: {
    const TableType *Src;
    if (!table(I.Index, TT) || !table(I.Index2, Src))
      return false;
    if (TT->Elem != Src->Elem)
      return fail(I.Offset, "type mismatch: tables have different types");
    // The length must fit both tables: i64 only when both are table64.
    ValType N = TT->Lim.Is64 && Src->Lim.Is64 ? ValType::I64 : ValType::I32;
    return pop(N) && pop(indexType(*Src)) && pop(indexType(*TT));
  }
  case Opcode::ElemDrop:
    return elemSegment(I.Index);
  case Opcode::MemorySize:
    if (!memory(I.Index, Addr))
      return false;
    push(Addr);
    return true;
  case Opcode::MemoryGrow:
    if (!memory(I.Index, Addr) || !pop(Addr))
      return false;
    push(Addr);
    return true;
  case Opcode::MemoryFill:
    return memory(I.Index, Addr) && pop(Addr) && pop(ValType::I32) && pop(Addr);
  case Opcode::MemoryCopy: {
    ValType SrcAddr;
    if (!memory(I.Index, Addr) || !memory(I.Index2, SrcAddr))
      return false;
    // The length is an i64 only if both memories are 64-bit.
    ValType Len = Addr == ValType::I64 && SrcAddr == ValType::I64
                      ? ValType::I64
                      : ValType::I32;
    return pop(Len) && pop(SrcAddr) && pop(Addr);
  }
  case Opcode::MemoryInit:
    return memory(I.Index2, Addr) && dataSegment(I.Index) &&
           pop(ValType::I32) && pop(ValType::I32) && pop(Addr);
  case Opcode::DataDrop:
    return dataSegment(I.Index);
  case Opcode::RefNull:
    push(I.RefType);
    return true;
  case Opcode::RefIsNull:
    if (!pop(A))
      return false;
    if (A != StackType::Unknown && !isRefType(vt(A)))
      return fail(I.Offset, Twine("type mismatch: expected a reference, "
                                  "found ") +
                                stackTypeName(A));
    push(ValType::I32);
    return true;
  case Opcode::RefFunc:
    if (!function(I.Index, FT))
      return false;
    if (!Declared[I.Index])
      return fail(I.Offset, "undeclared function reference");
    push(ValType::FuncRef);
    return true;
  default:
    break;
  }

  const OpInfo &Info = *I.Info;
  switch (Info.Imm) {
  case ImmKind::MemArg:
    if (!memArg(Addr))
      return false;
    break;
  case ImmKind::MemArgLane:
    if (!memArg(Addr))
      return false;
    if (I.Lane >= (16 >> Info.Arg))
      return fail(I.Offset, "invalid lane index");
    break;
  case ImmKind::Lane:
    if (I.Lane >= Info.Arg)
      return fail(I.Offset, "invalid lane index");
    break;
  case ImmKind::Shuffle:
    for (unsigned K = 0; K < 16; ++K)
      if (((K < 8 ? I.Lo >> (8 * K) : I.Hi >> (8 * (K - 8))) & 0xff) >= 32)
        return fail(I.Offset, "invalid lane index");
    break;
  default:
    break;
  }
  assert(Info.Sig && "instruction without a signature must be typed above");
  return signature(Info.Sig, Addr);
}

Error FuncValidator::run(const Function &Fn) {
  Type = &M.Types[Fn.TypeIndex];
  LocalEnds.clear();
  uint64_t End = 0;
  for (ValType P : Type->Params)
    LocalEnds.emplace_back(++End, P);
  for (const auto &[Count, T] : Fn.LocalGroups)
    if (Count)
      LocalEnds.emplace_back(End += Count, T);
  if (End > MaxFuncLocals)
    return invalid(Fn.BodyOffset, "function has " + Twine(End) +
                                      " locals; the limit is " +
                                      Twine(MaxFuncLocals));
  Vals.clear();
  Frames.clear();
  LoopDepth = 0;
  Frames.push_back({Opcode::Block, {}, Type->Results, 0, false});

  InstrReader IR(Fn.Body, Fn.BodyOffset, F);
  while (!Frames.empty()) {
    if (!IR.next(I))
      return llvm::make_error<WasmError>(IR.reader().errorOffset(),
                                         IR.reader().error(),
                                         /*Malformed=*/true);
    if (!step())
      return invalid(ErrOffset, ErrMsg);
  }
  return Error::success();
}

class ModuleValidator {
public:
  ModuleValidator(const Module &M, const Features &F) : M(M), F(F) {}
  Error run();

private:
  Error limits(const Limits &L, uint64_t Range, const char *RangeMsg);
  Error tableType(const TableType &T);
  Error memoryType(const MemoryType &T);
  Error tagType(uint32_t TypeIndex, uint64_t Offset);
  Error constExpr(const ConstExpr &E, ValType Expected,
                  uint32_t VisibleGlobals);

  const Module &M;
  const Features &F;
};

Error ModuleValidator::limits(const Limits &L, uint64_t Range,
                              const char *RangeMsg) {
  if (L.Min > Range || (L.Max && *L.Max > Range))
    return invalid(L.FileOffset, RangeMsg);
  if (L.Max && L.Min > *L.Max)
    return invalid(L.FileOffset,
                   "size minimum must not be greater than maximum");
  return Error::success();
}

Error ModuleValidator::tableType(const TableType &T) {
  if (T.Lim.Is64)
    return limits(T.Lim, UINT64_MAX, "table size must be at most 2^64-1");
  return limits(T.Lim, UINT32_MAX, "table size must be at most 2^32-1");
}

Error ModuleValidator::memoryType(const MemoryType &T) {
  if (T.Lim.Is64)
    return limits(T.Lim, uint64_t(1) << 48,
                  "memory size must be at most 2^48 pages");
  return limits(T.Lim, 65536, "memory size must be at most 65536 pages (4GiB)");
}

/// A tag's type is a function type; its parameters are the payload and it
/// has no results.
Error ModuleValidator::tagType(uint32_t TypeIndex, uint64_t Offset) {
  if (TypeIndex >= M.Types.size())
    return invalid(Offset, "unknown type " + Twine(TypeIndex));
  if (!M.Types[TypeIndex].Results.empty())
    return invalid(Offset, "non-empty tag result type");
  return Error::success();
}

Error ModuleValidator::constExpr(const ConstExpr &E, ValType Expected,
                                 uint32_t VisibleGlobals) {
  if (E.NonConstant)
    return invalid(*E.NonConstant, "constant expression required");
  std::vector<ValType> Stack;
  auto Binary = [&](ValType T) -> Error {
    if (Stack.size() < 2 || Stack.back() != T || Stack[Stack.size() - 2] != T)
      return invalid(E.Offset, "type mismatch");
    Stack.pop_back();
    return Error::success();
  };
  for (const ConstInstr &C : E.Instrs) {
    switch (C.Op) {
    case Opcode::I32Const:
      Stack.push_back(ValType::I32);
      break;
    case Opcode::I64Const:
      Stack.push_back(ValType::I64);
      break;
    case Opcode::F32Const:
      Stack.push_back(ValType::F32);
      break;
    case Opcode::F64Const:
      Stack.push_back(ValType::F64);
      break;
    case Opcode::V128Const:
      Stack.push_back(ValType::V128);
      break;
    case Opcode::RefNull:
      Stack.push_back(C.RefType);
      break;
    case Opcode::RefFunc:
      if (C.Index >= M.numFuncs())
        return invalid(E.Offset, "unknown function " + Twine(C.Index));
      Stack.push_back(ValType::FuncRef);
      break;
    case Opcode::GlobalGet:
      if (C.Index >= VisibleGlobals)
        return invalid(E.Offset, "unknown global " + Twine(C.Index));
      if (M.AllGlobals[C.Index].Mutable)
        return invalid(E.Offset, "constant expression required");
      Stack.push_back(M.AllGlobals[C.Index].Type);
      break;
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
      if (Error Err = Binary(ValType::I32))
        return Err;
      break;
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
      if (Error Err = Binary(ValType::I64))
        return Err;
      break;
    default:
      llvm_unreachable("not a constant instruction");
    }
  }
  if (Stack.size() != 1 || Stack[0] != Expected)
    return invalid(E.Offset, Twine("type mismatch: constant expression "
                                   "must produce ") +
                                 valTypeName(Expected));
  return Error::success();
}

Error ModuleValidator::run() {
  for (const FuncType &T : M.Types) {
    if (T.Params.size() > MaxFuncParams)
      return invalid(T.FileOffset,
                     "function type has " + Twine(T.Params.size()) +
                         " parameters; the limit is " + Twine(MaxFuncParams));
    if (T.Results.size() > MaxFuncResults)
      return invalid(T.FileOffset,
                     "function type has " + Twine(T.Results.size()) +
                         " results; the limit is " + Twine(MaxFuncResults));
  }
  for (const Import &Im : M.Imports) {
    switch (Im.Kind) {
    case ExternKind::Func:
      if (Im.FuncTypeIndex >= M.Types.size())
        return invalid(Im.FileOffset,
                       "unknown type " + Twine(Im.FuncTypeIndex));
      break;
    case ExternKind::Table:
      if (Error E = tableType(Im.Table))
        return E;
      break;
    case ExternKind::Memory:
      if (Error E = memoryType(Im.Memory))
        return E;
      break;
    case ExternKind::Global:
      break;
    case ExternKind::Tag:
      if (Error E = tagType(Im.TagTypeIndex, Im.FileOffset))
        return E;
      break;
    }
  }
  for (const Tag &T : M.Tags)
    if (Error E = tagType(T.TypeIndex, T.FileOffset))
      return E;
  for (const Function &Fn : M.Funcs)
    if (Fn.TypeIndex >= M.Types.size())
      return invalid(Fn.FileOffset, "unknown type " + Twine(Fn.TypeIndex));
  for (const TableType &T : M.Tables)
    if (Error E = tableType(T))
      return E;
  for (const MemoryType &T : M.Memories)
    if (Error E = memoryType(T))
      return E;
  if (!F.MultiMemory && M.AllMemories.size() > 1)
    return invalid(M.AllMemories[1].Lim.FileOffset, "multiple memories");
  for (const Global &G : M.Globals)
    if (Error E = constExpr(G.Init, G.Type.Type, M.NumImportedGlobals))
      return E;

  // In WebAssembly 2.0 constant expressions see imported globals only.
  uint32_t NumGlobals = M.NumImportedGlobals;
  for (const ElemSegment &S : M.Elems) {
    if (S.Mode == SegmentMode::Active) {
      if (S.Table >= M.AllTables.size())
        return invalid(S.FileOffset, "unknown table " + Twine(S.Table));
      if (M.AllTables[S.Table].Elem != S.Type)
        return invalid(S.FileOffset, "type mismatch: element segment and "
                                     "table have different types");
      if (Error E =
              constExpr(S.Offset, indexType(M.AllTables[S.Table]), NumGlobals))
        return E;
    }
    for (const ConstExpr &Item : S.Items)
      if (Error E = constExpr(Item, S.Type, NumGlobals))
        return E;
  }
  for (const DataSegment &S : M.Datas) {
    if (S.Mode != SegmentMode::Active)
      continue;
    if (S.Memory >= M.AllMemories.size())
      return invalid(S.FileOffset, "unknown memory " + Twine(S.Memory));
    ValType Addr =
        M.AllMemories[S.Memory].Lim.Is64 ? ValType::I64 : ValType::I32;
    if (Error E = constExpr(S.Offset, Addr, NumGlobals))
      return E;
  }

  if (M.Start) {
    if (*M.Start >= M.numFuncs())
      return invalid(M.StartFileOffset, "unknown function " + Twine(*M.Start));
    const FuncType &T = M.funcType(*M.Start);
    if (!T.Params.empty() || !T.Results.empty())
      return invalid(M.StartFileOffset,
                     "start function must have type [] -> []");
  }

  llvm::StringSet<> Names;
  for (const Export &Ex : M.Exports) {
    if (!Names.insert(Ex.Name).second)
      return invalid(Ex.FileOffset,
                     "duplicate export name \"" + Ex.Name + "\"");
    size_t Limit = 0;
    const char *What = "";
    switch (Ex.Kind) {
    case ExternKind::Func:
      Limit = M.numFuncs(), What = "function";
      break;
    case ExternKind::Table:
      Limit = M.AllTables.size(), What = "table";
      break;
    case ExternKind::Memory:
      Limit = M.AllMemories.size(), What = "memory";
      break;
    case ExternKind::Global:
      Limit = M.AllGlobals.size(), What = "global";
      break;
    case ExternKind::Tag:
      Limit = M.TagTypeIndices.size(), What = "tag";
      break;
    }
    if (Ex.Index >= Limit)
      return invalid(Ex.FileOffset,
                     Twine("unknown ") + What + " " + Twine(Ex.Index));
  }

  std::vector<bool> Declared(M.numFuncs());
  for (uint32_t Index : M.DeclaredFuncRefs)
    if (Index < Declared.size())
      Declared[Index] = true;
  FuncValidator FV(M, F, Declared);
  for (const Function &Fn : M.Funcs)
    if (Error E = FV.run(Fn))
      return E;
  return Error::success();
}

} // namespace

Error w2n::wasm::validate(const Module &M, const Features &F) {
  return ModuleValidator(M, F).run();
}
