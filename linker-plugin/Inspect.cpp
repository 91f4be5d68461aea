//===- Inspect.cpp - What a binary built by wasm2native holds -------------===//
//
// Symbols are stripped, so everything comes from sections: the text a
// manifest binary's glue stored in `.w2n.manifest` (one block per
// nanoprocess: capability tables, imports), or the one block a single-module
// executable carries in `.w2n.info`, and the `.w2n.<name>.*` output sections
// each nanoprocess's code and data live in.
//
// Both blocks are a header line and `  key  value` lines. They are read
// generically, so a line a later change adds to them reaches the JSON and
// the drawing as well as the text.
//
//===----------------------------------------------------------------------===//

#include "w2n/Link/Nanoprocess.h"
#include "w2n/runtime.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <map>

using namespace llvm;
using namespace llvm::object;

namespace w2n {

namespace {

struct Block {
  std::string Header; ///< As stored: "nanoprocess 'app' (entry)".
  std::string Kind;   ///< "nanoprocess" or "module".
  std::string Name;
  std::string Parent; ///< Empty for the entry and a single module.
  std::vector<std::pair<std::string, std::string>> Fields; ///< In order.
  std::vector<std::pair<std::string, uint64_t>> Sections;
  /// WASI imports that cannot succeed: (function, capability it needs).
  std::vector<std::pair<std::string, std::string>> Refused;

  std::vector<StringRef> all(StringRef Key) const {
    std::vector<StringRef> Out;
    for (auto &[K, V] : Fields)
      if (K == Key)
        Out.push_back(V);
    return Out;
  }
  StringRef first(StringRef Key) const {
    auto V = all(Key);
    return V.empty() ? StringRef() : V.front();
  }
};

/// Keys whose value is a list of words; "wasi imports" starts with a count.
bool isWordList(StringRef Key) {
  return Key == "capabilities" || Key == "may call" || Key == "wasi imports";
}

/// Keys that occur once per block; every other key is a list in JSON, so
/// its type does not depend on how many lines a binary happens to have.
bool isSingle(StringRef Key) {
  return Key == "module" || Key == "cap bits" || Key == "stack" ||
         Key == "argv0";
}

std::vector<std::string> words(StringRef Key, StringRef V) {
  SmallVector<StringRef, 16> W;
  V.split(W, ' ', -1, false);
  std::vector<std::string> Out;
  for (size_t I = Key == "wasi imports" ? 1 : 0; I < W.size(); ++I)
    if (W[I] != "(none)")
      Out.push_back(W[I].str());
  return Out;
}

std::vector<Block> parseBlocks(StringRef Info) {
  std::vector<Block> Out;
  SmallVector<StringRef, 64> Lines;
  Info.rtrim('\0').split(Lines, '\n', -1, false);
  for (StringRef L : Lines) {
    if (!L.starts_with(" ")) {
      Block B;
      B.Header = L.str();
      B.Kind = L.split(' ').first.str();
      auto [Before, After] = L.split('\'');
      B.Name = After.split('\'').first.str();
      if (size_t P = L.find("(parent '"); P != StringRef::npos)
        B.Parent = L.substr(P + 9).split('\'').first.str();
      Out.push_back(std::move(B));
      continue;
    }
    if (Out.empty())
      continue;
    StringRef Body = L.ltrim(' ');
    size_t Gap = Body.find("  ");
    StringRef Key = Body.substr(0, Gap).rtrim(' ');
    StringRef Value =
        Gap == StringRef::npos ? StringRef() : Body.substr(Gap).trim(' ');
    Out.back().Fields.emplace_back(Key.str(), Value.str());
  }
  return Out;
}

/// The WASI functions that only fail without a capability, and how the
/// runtime refuses them (runtime-lib/wasi/): ENOTCAPABLE from the clocks
/// and random_get, a capability trap from proc_exit, EBADF from path_*
/// without a preopened directory, from sock_accept without a socket, and
/// from fd_read/fd_write when no descriptor they could use is open.
void findRefused(Block &B) {
  StringRef Bits = B.first("cap bits");
  uint32_t Caps;
  if (!Bits.consume_front("0x") || Bits.getAsInteger(16, Caps))
    return;
  bool HasDir = !B.all("directory").empty();
  bool HasListen = !B.all("listen").empty();
  for (StringRef W : B.all("capabilities"))
    for (const std::string &C : words("capabilities", W))
      HasListen |= StringRef(C).starts_with("listen:");
  for (StringRef Line : B.all("wasi imports"))
    for (const std::string &Fn : words("wasi imports", Line)) {
      StringRef F = Fn;
      StringRef Need;
      if ((F == "clock_time_get" || F == "clock_res_get") &&
          !(Caps & W2N_CAP_CLOCK))
        Need = "clock";
      else if (F == "random_get" && !(Caps & W2N_CAP_RANDOM))
        Need = "random";
      else if (F == "proc_exit" && !(Caps & W2N_CAP_EXIT))
        Need = "exit";
      else if (F.starts_with("path_") && !HasDir)
        Need = "dir:...";
      else if (F == "sock_accept" && !HasListen)
        Need = "listen:...";
      // Every descriptor a read or write could reach: standard ones,
      // files under a directory, sockets.
      else if (F == "fd_read" && !(Caps & W2N_CAP_STDIN) && !HasDir &&
               !HasListen)
        Need = "stdin";
      else if (F == "fd_write" && !(Caps & (W2N_CAP_STDOUT | W2N_CAP_STDERR)) &&
               !HasDir && !HasListen)
        Need = "stdout";
      if (!Need.empty())
        B.Refused.emplace_back(Fn, Need.str());
    }
}

void printText(ArrayRef<Block> Blocks,
               ArrayRef<std::pair<std::string, uint64_t>> Glue, bool Manifest,
               raw_ostream &OS) {
  auto PrintSections = [&](ArrayRef<std::pair<std::string, uint64_t>> Secs) {
    bool First = true;
    for (auto &[Sec, Size] : Secs) {
      OS << (First ? "  sections      " : "                ")
         << left_justify(Sec, 24) << format_decimal(Size, 8) << " bytes\n";
      First = false;
    }
  };
  for (const Block &B : Blocks) {
    OS << B.Header << '\n';
    for (auto &[K, V] : B.Fields) {
      if (V.empty())
        OS << "  " << K << '\n';
      else
        OS << "  " << left_justify(K, 12) << "  " << V << '\n';
    }
    for (auto &[Fn, Need] : B.Refused)
      OS << "  refused       " << Fn << " (needs " << Need << ")\n";
    PrintSections(B.Sections);
  }
  if (Manifest) {
    OS << "glue (trampolines, capability tables)\n";
    PrintSections(Glue);
  }
}

json::Array sectionsJSON(ArrayRef<std::pair<std::string, uint64_t>> Secs) {
  json::Array A;
  for (auto &[Name, Size] : Secs)
    A.push_back(json::Object{{"name", Name}, {"size", Size}});
  return A;
}

void printJSON(StringRef Path, ArrayRef<Block> Blocks,
               ArrayRef<std::pair<std::string, uint64_t>> Glue, bool Manifest,
               raw_ostream &OS) {
  json::Array Procs;
  for (const Block &B : Blocks) {
    json::Object O{{"name", B.Name}, {"kind", B.Kind}};
    O["parent"] = B.Parent.empty() ? json::Value(nullptr) : B.Parent;
    std::map<std::string, json::Value> Fields;
    for (auto &[K, V] : B.Fields) {
      if (isSingle(K)) {
        Fields.emplace(K, V);
        continue;
      }
      auto It = Fields.try_emplace(K, json::Array()).first;
      json::Array &A = *It->second.getAsArray();
      if (isWordList(K))
        for (std::string &W : words(K, V))
          A.push_back(std::move(W));
      else
        A.push_back(V);
    }
    // JSON keys as identifiers: "cap bits" is cap_bits.
    for (auto &[K, V] : Fields) {
      std::string Key = K;
      std::replace(Key.begin(), Key.end(), ' ', '_');
      O[Key] = std::move(V);
    }
    json::Array Refused;
    for (auto &[Fn, Need] : B.Refused)
      Refused.push_back(json::Object{{"import", Fn}, {"needs", Need}});
    O["refused"] = std::move(Refused);
    O["sections"] = sectionsJSON(B.Sections);
    Procs.push_back(std::move(O));
  }
  json::Object Root{{"binary", Path},
                    {"kind", Manifest ? "manifest" : "single-module"},
                    {"nanoprocesses", std::move(Procs)}};
  if (Manifest)
    Root["glue_sections"] = sectionsJSON(Glue);
  OS << formatv("{0:2}", json::Value(std::move(Root))) << '\n';
}

/// A string as a Graphviz quoted string.
std::string dotQuote(StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + '"';
}

/// The nanoprocess tree: a box per nanoprocess listing its module and
/// capabilities (and every other line but the imports, which the edges
/// and the count stand for), a solid edge for each "may call", a dashed
/// one from parent to child where the parent may not call it.
void printDot(ArrayRef<Block> Blocks, raw_ostream &OS) {
  OS << "digraph nanoprocesses {\n"
     << "  rankdir=TB;\n"
     << "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
     << "  edge [fontname=\"monospace\", fontsize=9];\n";
  for (const Block &B : Blocks) {
    // \l ends a left-justified line in a Graphviz label.
    std::string Label = B.Header + "\\l";
    for (auto &[K, V] : B.Fields) {
      // The edges stand for "may call"; the lists of imports, exports and
      // WASI functions would drown the capabilities.
      if (K == "import" || K == "export" || K == "may call" ||
          K == "wasi imports" || K == "cap bits")
        continue;
      Label += K + ": " + V + "\\l";
    }
    for (auto &[Fn, Need] : B.Refused)
      Label += "refused: " + Fn + " (needs " + Need + ")\\l";
    std::string Quoted;
    // The label's \l escapes are Graphviz's, so only quotes are escaped.
    for (char C : Label)
      Quoted += C == '"' ? std::string("\\\"") : std::string(1, C);
    OS << "  " << dotQuote(B.Name) << " [label=\"" << Quoted << "\""
       << (B.Parent.empty() ? ", penwidth=2" : "") << "];\n";
  }
  for (const Block &B : Blocks) {
    std::vector<std::string> Calls;
    for (StringRef V : B.all("may call"))
      for (std::string &W : words("may call", V))
        Calls.push_back(std::move(W));
    for (const std::string &To : Calls)
      OS << "  " << dotQuote(B.Name) << " -> " << dotQuote(To)
         << " [label=\"may call\"];\n";
    if (!B.Parent.empty()) {
      const Block *P = nullptr;
      for (const Block &Q : Blocks)
        if (Q.Name == B.Parent)
          P = &Q;
      bool Calls = false;
      if (P)
        for (StringRef V : P->all("may call"))
          for (const std::string &W : words("may call", V))
            Calls |= W == B.Name;
      if (!Calls)
        OS << "  " << dotQuote(B.Parent) << " -> " << dotQuote(B.Name)
           << " [style=dashed, label=\"parent\"];\n";
    }
  }
  OS << "}\n";
}

} // namespace

Error inspectBinary(StringRef Path, raw_ostream &OS, StringRef Format) {
  auto Bin = ObjectFile::createObjectFile(Path);
  if (!Bin)
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             Path.str().c_str(),
                             toString(Bin.takeError()).c_str());
  const ObjectFile &Obj = *Bin->getBinary();
  StringRef Info;
  bool Manifest = false, Single = false;
  std::map<std::string, std::vector<std::pair<std::string, uint64_t>>> ByNP;
  for (const SectionRef &S : Obj.sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name)
      return Name.takeError();
    if (*Name == ".w2n.manifest" || *Name == ".w2n.info") {
      Expected<StringRef> Data = S.getContents();
      if (!Data)
        return Data.takeError();
      Info = *Data;
      (*Name == ".w2n.manifest" ? Manifest : Single) = true;
      continue;
    }
    StringRef Rest = *Name;
    if (Rest.consume_front(".w2n."))
      ByNP[Rest.split('.').first.str()].emplace_back(Name->str(), S.getSize());
    else if (Rest.starts_with(".w2n-glue."))
      ByNP[""].emplace_back(Name->str(), S.getSize());
  }
  if (!Manifest && !Single)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not built by wasm2native (it has neither a "
                             ".w2n.manifest nor a .w2n.info section)",
                             Path.str().c_str());

  std::vector<Block> Blocks = parseBlocks(Info);
  for (Block &B : Blocks) {
    if (Manifest)
      B.Sections = ByNP[B.Name];
    findRefused(B);
  }
  if (Format == "json")
    printJSON(Path, Blocks, ByNP[""], Manifest, OS);
  else if (Format == "dot")
    printDot(Blocks, OS);
  else
    printText(Blocks, ByNP[""], Manifest, OS);
  return Error::success();
}

} // namespace w2n
