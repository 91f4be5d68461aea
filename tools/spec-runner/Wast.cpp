//===- Wast.cpp - Running wast2json and reading its JSON ------------------===//

#include "Wast.h"
#include "executor/script.h"

#include "w2n/abi.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace w2n::spectest {

const char *commandName(CommandKind K) {
  switch (K) {
  case CommandKind::Module:
    return "module";
  case CommandKind::Register:
    return "register";
  case CommandKind::Action:
    return "action";
  case CommandKind::AssertReturn:
    return "assert_return";
  case CommandKind::AssertTrap:
    return "assert_trap";
  case CommandKind::AssertExhaustion:
    return "assert_exhaustion";
  case CommandKind::AssertUnlinkable:
    return "assert_unlinkable";
  case CommandKind::AssertUninstantiable:
    return "assert_uninstantiable";
  case CommandKind::AssertMalformed:
    return "assert_malformed";
  case CommandKind::AssertInvalid:
    return "assert_invalid";
  }
  return "?";
}

static Error jsonError(unsigned Line, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(),
                           "JSON command at line %u: %s", Line,
                           Msg.str().c_str());
}

/// A lane's bits from wast2json's unsigned decimal text, or a NaN pattern.
static Expected<Lane> parseLane(StringRef Text, uint8_t Type, unsigned Line) {
  Lane L;
  if (Text == "nan:canonical") {
    L.Kind = W2NS_NAN_CANONICAL;
    return L;
  }
  if (Text == "nan:arithmetic") {
    L.Kind = W2NS_NAN_ARITHMETIC;
    return L;
  }
  if (Text == "null") {
    L.Kind = W2NS_REF_NULL;
    return L;
  }
  bool Negative = Text.consume_front("-");
  if (Text.getAsInteger(10, L.Bits))
    return jsonError(Line, "bad number '" + Text + "'");
  if (Negative)
    L.Bits = -L.Bits;
  if (Type == W2N_TYPE_FUNCREF || Type == W2N_TYPE_EXTERNREF)
    L.Kind = W2NS_REF_HOST;
  return L;
}

static unsigned laneCount(uint8_t LaneType) {
  switch (LaneType) {
  case W2NS_LANE_I8:
    return 16;
  case W2NS_LANE_I16:
    return 8;
  case W2NS_LANE_I32:
  case W2NS_LANE_F32:
    return 4;
  default:
    return 2;
  }
}

static Expected<Value> parseValue(const json::Value &JV, unsigned Line) {
  const json::Object *O = JV.getAsObject();
  if (!O)
    return jsonError(Line, "value is not an object");
  Value V;
  StringRef Type = O->getString("type").value_or("");
  V.Type = StringSwitch<uint8_t>(Type)
               .Case("i32", W2N_TYPE_I32)
               .Case("i64", W2N_TYPE_I64)
               .Case("f32", W2N_TYPE_F32)
               .Case("f64", W2N_TYPE_F64)
               .Case("v128", W2N_TYPE_V128)
               .Case("funcref", W2N_TYPE_FUNCREF)
               .Case("externref", W2N_TYPE_EXTERNREF)
               .Case("exnref", W2N_TYPE_EXNREF)
               .Default(0);
  if (!V.Type)
    return jsonError(Line, "unknown value type '" + Type + "'");
  if (auto LT = O->getString("lane_type"))
    V.LaneType = StringSwitch<uint8_t>(*LT)
                     .Case("i8", W2NS_LANE_I8)
                     .Case("i16", W2NS_LANE_I16)
                     .Case("i32", W2NS_LANE_I32)
                     .Case("i64", W2NS_LANE_I64)
                     .Case("f32", W2NS_LANE_F32)
                     .Case("f64", W2NS_LANE_F64)
                     .Default(W2NS_LANE_NONE);
  const json::Value *Val = O->get("value");
  if (!Val) {
    // Only the type is known (results of assert_trap and actions).
    if (V.Type != W2N_TYPE_V128)
      V.Lanes.push_back({W2NS_ANY, 0});
    return V;
  }
  if (const json::Array *A = Val->getAsArray()) {
    if (V.Type != W2N_TYPE_V128 || A->size() != laneCount(V.LaneType))
      return jsonError(Line, "lane count does not match the lane type");
    for (const json::Value &E : *A) {
      auto S = E.getAsString();
      if (!S)
        return jsonError(Line, "lane is not a string");
      auto L = parseLane(*S, V.Type, Line);
      if (!L)
        return L.takeError();
      V.Lanes.push_back(*L);
    }
    return V;
  }
  auto S = Val->getAsString();
  if (!S)
    return jsonError(Line, "value is not a string");
  auto L = parseLane(*S, V.Type, Line);
  if (!L)
    return L.takeError();
  V.Lanes.push_back(*L);
  return V;
}

static Error parseValues(const json::Array *A, std::vector<Value> &Out,
                         unsigned Line) {
  if (!A)
    return Error::success();
  for (const json::Value &E : *A) {
    auto V = parseValue(E, Line);
    if (!V)
      return V.takeError();
    Out.push_back(std::move(*V));
  }
  return Error::success();
}

static Expected<Command> parseCommand(const json::Object &O) {
  Command C;
  C.Line = static_cast<unsigned>(O.getInteger("line").value_or(0));
  StringRef Type = O.getString("type").value_or("");
  static const std::pair<const char *, CommandKind> Kinds[] = {
      {"module", CommandKind::Module},
      {"register", CommandKind::Register},
      {"action", CommandKind::Action},
      {"assert_return", CommandKind::AssertReturn},
      {"assert_trap", CommandKind::AssertTrap},
      {"assert_exhaustion", CommandKind::AssertExhaustion},
      // An exception that leaves the invoked export is the runtime's trap
      // "uncaught exception" (the executor compares trap text by prefix).
      {"assert_exception", CommandKind::AssertTrap},
      {"assert_unlinkable", CommandKind::AssertUnlinkable},
      {"assert_uninstantiable", CommandKind::AssertUninstantiable},
      {"assert_malformed", CommandKind::AssertMalformed},
      {"assert_invalid", CommandKind::AssertInvalid},
  };
  bool Known = false;
  for (auto &[Name, Kind] : Kinds)
    if (Type == Name) {
      C.Kind = Kind;
      Known = true;
    }
  if (!Known) {
    // Counted like any test command, so a new kind shows as a failure.
    C.Kind = CommandKind::Action;
    C.Unsupported = ("command '" + Type + "'").str();
    return C;
  }

  C.Filename = O.getString("filename").value_or("").str();
  C.Name = O.getString("name").value_or("").str();
  C.As = O.getString("as").value_or("").str();
  C.Text = O.getString("text").value_or("").str();
  if (Type == "assert_exception")
    C.Text = "uncaught exception";
  C.TextModule = O.getString("module_type").value_or("binary") == "text";
  C.Definition = O.getString("definition").value_or("") == "true";
  if (O.get("either"))
    C.Unsupported = "assert_return with alternative results (either)";

  if (const json::Object *A = O.getObject("action")) {
    StringRef AT = A->getString("type").value_or("");
    if (AT != "invoke" && AT != "get")
      return jsonError(C.Line, "unsupported action '" + AT + "'");
    C.Act.Get = AT == "get";
    C.Act.Module = A->getString("module").value_or("").str();
    C.Act.Field = A->getString("field").value_or("").str();
    if (Error E = parseValues(A->getArray("args"), C.Act.Args, C.Line))
      return std::move(E);
  }
  if (Error E = parseValues(O.getArray("expected"), C.Act.Results, C.Line))
    return std::move(E);
  return C;
}

Expected<std::vector<Command>> parseWastJson(StringRef Json) {
  auto Root = json::parse(Json);
  if (!Root)
    return Root.takeError();
  const json::Object *O = Root->getAsObject();
  const json::Array *Cmds = O ? O->getArray("commands") : nullptr;
  if (!Cmds)
    return createStringError(inconvertibleErrorCode(),
                             "JSON has no 'commands' array");
  std::vector<Command> Out;
  for (const json::Value &V : *Cmds) {
    const json::Object *CO = V.getAsObject();
    if (!CO)
      return createStringError(inconvertibleErrorCode(),
                               "command is not an object");
    auto C = parseCommand(*CO);
    if (!C) {
      // One command the runner cannot read (e.g. a value type it does not
      // know) fails alone, not the whole file.
      Command U;
      U.Kind = CommandKind::Action;
      U.Line = static_cast<unsigned>(CO->getInteger("line").value_or(0));
      U.Unsupported = toString(C.takeError());
      Out.push_back(std::move(U));
      continue;
    }
    Out.push_back(std::move(*C));
  }
  return Out;
}

Expected<std::vector<Command>> convertWast(StringRef Wast2Json,
                                           ArrayRef<std::string> Flags,
                                           StringRef WastPath,
                                           StringRef OutDir) {
  SmallString<256> JsonPath(OutDir);
  sys::path::append(JsonPath, sys::path::stem(WastPath) + ".json");
  SmallString<256> LogPath(OutDir);
  sys::path::append(LogPath, "wast2json.log");

  std::vector<StringRef> Args = {Wast2Json};
  for (const std::string &F : Flags)
    Args.push_back(F);
  Args.push_back(WastPath);
  Args.push_back("-o");
  Args.push_back(JsonPath);
  std::optional<StringRef> Redirects[] = {std::nullopt, LogPath.str(),
                                          LogPath.str()};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(Wast2Json, Args, std::nullopt, Redirects, 0, 0,
                               &ErrMsg);
  if (RC != 0) {
    std::string Log;
    if (auto B = MemoryBuffer::getFile(LogPath))
      Log = (*B)->getBuffer().trim().str();
    return createStringError(inconvertibleErrorCode(),
                             "wast2json failed (%d): %s", RC,
                             Log.empty() ? ErrMsg.c_str() : Log.c_str());
  }
  auto Buf = MemoryBuffer::getFile(JsonPath);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read %s",
                             JsonPath.c_str());
  return parseWastJson((*Buf)->getBuffer());
}

} // namespace w2n::spectest
