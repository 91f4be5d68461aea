//===- Manifest.cpp - Nanoprocess manifests and capabilities --------------===//

#include "w2n/Link/Manifest.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <toml++/toml.h>

using namespace llvm;

namespace w2n {

static Error err(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

/// A call path by which a nanoprocess could reach itself or one of its
/// ancestors, such as "parser -> app" when a child holds call: on its
/// parent; empty when there is none. The callees of a nanoprocess are its
/// children and its call:NAME grants. A parent on the stack re-entered by
/// its child, or any cycle, breaks the one-way calls the trampolines and
/// the per-callee buffer areas rely on (docs/nanoprocesses.md).
static std::string callBack(const Manifest &M, const Nanoprocess &From,
                            std::string &Reached) {
  std::set<std::string> Ancestors = {From.Name};
  for (const Nanoprocess *P = M.find(From.Parent); P; P = M.find(P->Parent))
    Ancestors.insert(P->Name);
  std::map<std::string, std::string> Via; // callee -> its caller on the path
  std::vector<std::string> Work = {From.Name};
  while (!Work.empty()) {
    std::string Cur = Work.back();
    Work.pop_back();
    std::vector<std::string> Callees = M.find(Cur)->Caps.Calls;
    for (const Nanoprocess &P : M.Procs)
      if (P.Parent == Cur)
        Callees.push_back(P.Name);
    for (const std::string &C : Callees) {
      if (Via.count(C))
        continue;
      Via[C] = Cur;
      if (Ancestors.count(C)) {
        Reached = C;
        std::string Path = C;
        for (std::string N = Cur;; N = Via[N]) {
          Path = N + " -> " + Path;
          if (N == From.Name)
            return Path;
        }
      }
      Work.push_back(C);
    }
  }
  return "";
}

const Nanoprocess *Manifest::find(StringRef Name) const {
  for (const Nanoprocess &P : Procs)
    if (P.Name == Name)
      return &P;
  return nullptr;
}

const BufferedExport *Nanoprocess::findExport(StringRef Name) const {
  for (const BufferedExport &E : Exports)
    if (E.Name == Name)
      return &E;
  return nullptr;
}

const char *bufParamName(BufParam P) {
  switch (P) {
  case BufParam::InBuf:
    return "in-buf";
  case BufParam::OutBuf:
    return "out-buf";
  case BufParam::I32:
    return "i32";
  case BufParam::I64:
    return "i64";
  case BufParam::F32:
    return "f32";
  case BufParam::F64:
    return "f64";
  case BufParam::Fd:
    return "fd";
  case BufParam::FdRo:
    return "fd:ro";
  case BufParam::FdMove:
    return "fd-move";
  case BufParam::FdMoveRo:
    return "fd-move:ro";
  }
  return "?";
}

static Expected<BufParam> parseBufParam(StringRef T) {
  T = T.trim();
  auto P = StringSwitch<std::optional<BufParam>>(T)
               .Case("in-buf", BufParam::InBuf)
               .Case("out-buf", BufParam::OutBuf)
               .Case("i32", BufParam::I32)
               .Case("i64", BufParam::I64)
               .Case("f32", BufParam::F32)
               .Case("f64", BufParam::F64)
               .Case("fd", BufParam::Fd)
               .Case("fd:ro", BufParam::FdRo)
               .Case("fd-move", BufParam::FdMove)
               .Case("fd-move:ro", BufParam::FdMoveRo)
               .Default(std::nullopt);
  if (P)
    return *P;
  auto [Kind, Suffix] = T.split(':');
  if ((Kind == "fd" || Kind == "fd-move") && T.contains(':'))
    return err("unknown rights suffix ':" + Suffix + "' in '" + T +
               "' (only ':ro' narrows a descriptor; rights never widen)");
  return err("unknown parameter type '" + T +
             "' (in-buf, out-buf, i32, i64, f32, f64, fd, fd-move, fd:ro, "
             "fd-move:ro)");
}

/// "(in-buf, i32) -> i32"
static Expected<BufferedExport> parseExportSig(StringRef Name, StringRef Sig) {
  BufferedExport E;
  E.Name = Name.str();
  StringRef S = Sig.trim();
  auto [Params, Results] = S.split("->");
  Params = Params.trim();
  if (!Params.consume_front("(") || !Params.consume_back(")"))
    return err("export '" + Name + "': expected \"(params) -> results\"");
  SmallVector<StringRef, 4> Ps;
  Params.split(Ps, ',', -1, false);
  for (StringRef P : Ps) {
    auto B = parseBufParam(P);
    if (!B)
      return err("export '" + Name + "': " + toString(B.takeError()));
    E.Params.push_back(*B);
  }
  Results = Results.trim();
  Results.consume_front("(");
  Results.consume_back(")");
  SmallVector<StringRef, 2> Rs;
  Results.split(Rs, ',', -1, false);
  for (StringRef R : Rs) {
    auto B = parseBufParam(R);
    if (!B)
      return err("export '" + Name + "': " + toString(B.takeError()));
    if (isBufParam(*B))
      return err("export '" + Name + "': buffers cannot be results");
    if (isFdParam(*B))
      return err("export '" + Name + "': '" + bufParamName(*B) +
                 "' cannot be a result (a descriptor is only ever passed "
                 "down, as a parameter)");
    E.Results.push_back(*B);
  }
  return E;
}

const HostLibrary *Manifest::findHostModule(StringRef Module) const {
  for (const HostLibrary &H : Hosts)
    if (H.Module == Module)
      return &H;
  return nullptr;
}

/// [host.NAME] tables: `glue` (the compiled output of wasm2native-bindgen)
/// and `link` (objects and archives holding the host functions).
static Error loadHosts(toml::table &Hosts,
                       function_ref<std::string(StringRef)> Resolve,
                       Manifest &M) {
  for (auto &[K, V] : Hosts) {
    std::string Name(K.str());
    toml::table *T = V.as_table();
    if (!T)
      return err("'host." + Name + "' must be a table");
    std::string Glue;
    std::vector<std::string> Link;
    for (auto &[FK, FV] : *T) {
      std::string F(FK.str());
      if (F == "glue") {
        auto S = FV.value<std::string>();
        if (!S)
          return err("host '" + Name + "': 'glue' must be a string");
        Glue = Resolve(*S);
      } else if (F == "link") {
        toml::array *A = FV.as_array();
        if (!A)
          return err("host '" + Name + "': 'link' must be an array of paths");
        for (auto &E : *A) {
          auto S = E.value<std::string>();
          if (!S)
            return err("host '" + Name + "': 'link' must be an array of paths");
          Link.push_back(Resolve(*S));
          if (!sys::fs::exists(Link.back()))
            return err("host '" + Name + "': '" + Link.back() + "' not found");
        }
      } else {
        return err("host '" + Name + "': unknown key '" + F + "' (glue, link)");
      }
    }
    if (Glue.empty())
      return err("host '" + Name +
                 "' has no 'glue' (the object compiled from "
                 "wasm2native-bindgen's output)");
    auto H = readHostGlue(Glue);
    if (!H)
      return err("host '" + Name + "': " + toString(H.takeError()));
    if (H->Name != Name)
      return err("host '" + Name + "': its glue '" + Glue +
                 "' provides 'host:" + H->Name +
                 "' (wasm2native-bindgen --name)");
    for (const HostLibrary &O : M.Hosts)
      if (O.Module == H->Module)
        return err("hosts '" + O.Name + "' and '" + Name +
                   "' both provide the import module '" + H->Module + "'");
    H->LinkInputs = std::move(Link);
    M.Hosts.push_back(std::move(*H));
  }
  return Error::success();
}

Expected<Manifest> loadManifest(StringRef Path) {
  Manifest M;
  M.Path = Path.str();
  auto Fail = [&](const Twine &Msg) { return err(Path + ": " + Msg); };

  toml::table Root;
  try {
    Root = toml::parse_file(std::string(Path));
  } catch (const toml::parse_error &E) {
    return Fail(formatv("{0}:{1}: {2}", E.source().begin.line,
                        E.source().begin.column, E.description()));
  }

  for (auto &[K, V] : Root)
    if (K != "entry" && K != "workers" && K != "nanoprocess" && K != "host")
      return Fail("unknown key '" + std::string(K.str()) +
                  "' (expected 'entry', 'workers', [nanoprocess.NAME] and "
                  "[host.NAME] tables)");
  std::optional<std::string> Entry = Root["entry"].value<std::string>();
  if (!Entry)
    return Fail(
        "missing 'entry = \"NAME\"' (the nanoprocess whose _start runs)");
  M.Entry = *Entry;
  if (toml::node *W = Root.get("workers")) {
    std::optional<int64_t> N = W->value_exact<int64_t>();
    if (!N || *N < 0 || *N > 1024)
      return Fail("'workers' must be a number of worker processes from 1 to "
                  "1024, or 0 for one per core");
    M.Workers = *N == 0 ? W2N_WORKERS_PER_CORE : uint32_t(*N);
  }
  toml::table *NPs = Root["nanoprocess"].as_table();
  if (!NPs || NPs->empty())
    return Fail("no [nanoprocess.NAME] tables");

  SmallString<256> BaseDir(sys::path::parent_path(Path));
  auto Resolve = [&](StringRef P) {
    SmallString<256> R(P);
    if (sys::path::is_relative(R)) {
      R = BaseDir;
      sys::path::append(R, P);
    }
    return std::string(R);
  };
  if (toml::node *HostsNode = Root.get("host")) {
    toml::table *Hosts = HostsNode->as_table();
    if (!Hosts)
      return Fail("'host' must hold [host.NAME] tables");
    if (Error E = loadHosts(*Hosts, Resolve, M))
      return Fail(toString(std::move(E)));
  }
  std::map<std::string, Nanoprocess> ByName;
  std::vector<std::string> Order; // file order, for deterministic output
  for (auto &[K, V] : *NPs) {
    std::string Name(K.str());
    toml::table *T = V.as_table();
    if (!T)
      return Fail("'nanoprocess." + Name + "' must be a table");
    if (Name.empty() ||
        Name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            std::string::npos)
      return Fail("nanoprocess name '" + Name +
                  "' may only use letters, digits, '_' and '-'");
    Nanoprocess P;
    P.Name = Name;
    for (auto &[FK, FV] : *T) {
      std::string F(FK.str());
      if (F == "module") {
        auto S = FV.value<std::string>();
        if (!S)
          return Fail("nanoprocess '" + Name + "': 'module' must be a string");
        P.ModulePath = Resolve(*S);
      } else if (F == "parent") {
        auto S = FV.value<std::string>();
        if (!S)
          return Fail("nanoprocess '" + Name + "': 'parent' must be a string");
        P.Parent = *S;
      } else if (F == "capabilities") {
        toml::array *A = FV.as_array();
        if (!A)
          return Fail("nanoprocess '" + Name +
                      "': 'capabilities' must be an array of strings");
        for (auto &E : *A) {
          auto S = E.value<std::string>();
          if (!S)
            return Fail("nanoprocess '" + Name +
                        "': 'capabilities' must be an array of strings");
          P.CapStrings.push_back(*S);
        }
      } else if (F == "exports") {
        toml::table *ET = FV.as_table();
        if (!ET)
          return Fail("nanoprocess '" + Name + "': 'exports' must be a table");
        for (auto &[EK, EV] : *ET) {
          auto S = EV.value<std::string>();
          if (!S)
            return Fail("nanoprocess '" + Name + "': export '" +
                        std::string(EK.str()) + "' needs a signature string");
          auto E = parseExportSig(EK.str(), *S);
          if (!E)
            return Fail("nanoprocess '" + Name +
                        "': " + toString(E.takeError()));
          P.Exports.push_back(std::move(*E));
        }
      } else if (F == "on-trap") {
        auto S = FV.value<std::string>();
        if (!S || (*S != "exit" && *S != "return"))
          return Fail("nanoprocess '" + Name +
                      "': 'on-trap' must be \"exit\" (the default: a trap "
                      "ends the process) or \"return\" (the caller gets an "
                      "error value)");
        P.RecoverTraps = *S == "return";
      } else if (F == "instance") {
        auto S = FV.value<std::string>();
        if (!S || (*S != "shared" && *S != "per-call"))
          return Fail("nanoprocess '" + Name +
                      "': 'instance' must be \"shared\" (the default: one "
                      "instance for the life of the process) or "
                      "\"per-call\" (a fresh instance for each call into "
                      "it)");
        P.PerCall = *S == "per-call";
      } else if (F == "stack-size") {
        auto N = FV.value<int64_t>();
        if (!N || *N < 65536)
          return Fail("nanoprocess '" + Name +
                      "': 'stack-size' must be a number of bytes, at least "
                      "65536");
        P.StackSize = uint64_t(*N);
      } else {
        return Fail("nanoprocess '" + Name + "': unknown key '" + F +
                    "' (module, parent, capabilities, exports, on-trap, "
                    "instance, stack-size)");
      }
    }
    if (P.ModulePath.empty())
      return Fail("nanoprocess '" + Name + "' has no 'module'");
    if (!sys::fs::exists(P.ModulePath))
      return Fail("nanoprocess '" + Name + "': module '" + P.ModulePath +
                  "' not found");
    Order.push_back(Name);
    ByName.emplace(Name, std::move(P));
  }

  for (const HostLibrary &H : M.Hosts)
    if (ByName.count(H.Module))
      return Fail("host '" + H.Name + "' provides the import module '" +
                  H.Module + "', which is also a nanoprocess's name");

  auto EntryIt = ByName.find(M.Entry);
  if (EntryIt == ByName.end())
    return Fail("entry '" + M.Entry + "' is not a nanoprocess");
  if (!EntryIt->second.Parent.empty())
    return Fail("entry '" + M.Entry + "' must not have a parent");
  if (EntryIt->second.RecoverTraps)
    return Fail("entry '" + M.Entry +
                "': 'on-trap' applies to calls into a nanoprocess, and no "
                "nanoprocess calls the entry");
  if (EntryIt->second.PerCall)
    return Fail("entry '" + M.Entry +
                "': 'instance = \"per-call\"' applies to calls into a "
                "nanoprocess, and no nanoprocess calls the entry");
  for (const std::string &N : Order) {
    const Nanoprocess &P = ByName[N];
    if (P.PerCall && P.RecoverTraps)
      return Fail("nanoprocess '" + N +
                  "': 'instance = \"per-call\"' and 'on-trap = \"return\"' "
                  "cannot be combined yet");
    if (P.Parent.empty() && N != M.Entry)
      return Fail("nanoprocess '" + N +
                  "' has no parent, but only the entry '" + M.Entry +
                  "' may be the root");
    if (!P.Parent.empty() && !ByName.count(P.Parent))
      return Fail("nanoprocess '" + N + "' names an unknown parent '" +
                  P.Parent + "'");
  }
  // Cycles: walking up from any node must reach the entry.
  for (const std::string &N : Order) {
    std::set<std::string> Seen;
    std::string Cur = N;
    while (!ByName[Cur].Parent.empty()) {
      if (!Seen.insert(Cur).second)
        return Fail("nanoprocess '" + N + "' is in a parent cycle");
      Cur = ByName[Cur].Parent;
    }
  }

  // Parents before children, in file order otherwise.
  std::set<std::string> Placed;
  while (M.Procs.size() < Order.size()) {
    for (const std::string &N : Order) {
      Nanoprocess &P = ByName[N];
      if (Placed.count(N) || (!P.Parent.empty() && !Placed.count(P.Parent)))
        continue;
      auto Caps = parseCapabilities(P.CapStrings, P.Parent.empty());
      if (!Caps)
        return Fail("nanoprocess '" + N + "': " + toString(Caps.takeError()));
      P.Caps = std::move(*Caps);
      if (P.Parent.empty())
        nestGrants(P.Caps.Dirs);
      if (!P.Parent.empty()) {
        const Nanoprocess *Par = M.find(P.Parent);
        std::vector<std::string> Siblings;
        for (const std::string &O : Order)
          if (ByName[O].Parent == P.Parent)
            Siblings.push_back(O);
        std::string Missing = firstUncovered(P.Caps, Par->Caps, Siblings);
        if (!Missing.empty())
          return Fail("nanoprocess '" + N + "' asks for '" + Missing +
                      "', which its parent '" + P.Parent + "' does not hold");
      }
      for (const std::string &C : P.Caps.Calls)
        if (!ByName.count(C))
          return Fail("nanoprocess '" + N + "': 'call:" + C +
                      "' names an unknown nanoprocess");
      for (const std::string &H : P.Caps.Hosts)
        if (!llvm::any_of(M.Hosts,
                          [&](const HostLibrary &L) { return L.Name == H; }))
          return Fail("nanoprocess '" + N + "': 'host:" + H +
                      "' names no [host." + H + "] table");
      Placed.insert(N);
      M.Procs.push_back(P);
    }
  }
  if (M.Workers && M.Procs[0].Caps.Listens.empty())
    return Fail("'workers' needs a listening socket: the entry '" + M.Entry +
                "' holds no listen: capability, and only a server can run as "
                "several worker processes");
  // Children first, so that a child holding call: on its parent is named
  // rather than the parent that handed it out.
  for (auto It = M.Procs.rbegin(); It != M.Procs.rend(); ++It) {
    std::string Reached;
    std::string Path = callBack(M, *It, Reached);
    if (Path.empty())
      continue;
    if (Reached == It->Name)
      return Fail("nanoprocess '" + It->Name + "' could call itself (" + Path +
                  "); calls between nanoprocesses must not form a cycle");
    return Fail("nanoprocess '" + It->Name + "' could call its ancestor '" +
                Reached + "' (" + Path +
                "); a nanoprocess never calls back up its parent chain");
  }
  return M;
}

} // namespace w2n
