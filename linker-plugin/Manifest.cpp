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

#include <arpa/inet.h>
#include <sys/un.h>

#include <toml++/toml.h>

using namespace llvm;

namespace w2n {

static Error err(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

static uint32_t bitFor(StringRef Name) {
  return StringSwitch<uint32_t>(Name)
      .Case("stdin", CapStdin)
      .Case("stdout", CapStdout)
      .Case("stderr", CapStderr)
      .Case("stdio", CapStdin | CapStdout | CapStderr)
      .Case("args", CapArgs)
      .Case("env", CapEnv)
      .Case("clock", CapClock)
      .Case("random", CapRandom)
      .Case("exit", CapExit)
      .Default(0);
}

/// "/a/./b/" -> "/a/b"; rejects "..", which could widen a grant.
static Expected<std::string> normalizeGuest(StringRef P) {
  if (!P.starts_with("/"))
    return err("guest path '" + P + "' must be absolute");
  SmallVector<StringRef, 8> Parts;
  P.split(Parts, '/', -1, false);
  std::string Out;
  for (StringRef Part : Parts) {
    if (Part == ".")
      continue;
    if (Part == "..")
      return err("guest path '" + P + "' must not contain '..'");
    Out += "/" + Part.str();
  }
  return Out.empty() ? "/" : Out;
}

/// True when `Outer` is `Inner` or one of its ancestors.
static bool covers(StringRef Outer, StringRef Inner) {
  if (Outer == "/" || Outer == Inner)
    return true;
  return Inner.starts_with(Outer) && Inner[Outer.size()] == '/';
}

/// The components of host path P without "." and empty ones; std::nullopt
/// when it has "..", whose meaning depends on symlinks.
static std::optional<SmallVector<StringRef, 8>> hostComponents(StringRef P) {
  SmallVector<StringRef, 8> Parts;
  P.split(Parts, '/', -1, false);
  SmallVector<StringRef, 8> Out;
  for (StringRef Part : Parts) {
    if (Part == "..")
      return std::nullopt;
    if (Part != ".")
      Out.push_back(Part);
  }
  return Out;
}

void nestGrants(std::vector<DirGrant> &Dirs) {
  // For each grant, the outermost other grant whose host path covers it; on
  // equal paths, the first. That one covers nothing wider, so it is
  // top-level itself.
  for (size_t I = 0; I < Dirs.size(); ++I) {
    auto In = hostComponents(Dirs[I].Host);
    if (!In)
      continue;
    bool InAbs = StringRef(Dirs[I].Host).starts_with("/");
    int Best = -1;
    size_t BestLen = 0;
    for (size_t J = 0; J < Dirs.size(); ++J) {
      if (J == I || StringRef(Dirs[J].Host).starts_with("/") != InAbs)
        continue;
      auto Out = hostComponents(Dirs[J].Host);
      if (!Out || Out->size() > In->size() ||
          !std::equal(Out->begin(), Out->end(), In->begin()))
        continue;
      if (Out->size() == In->size() && J > I)
        continue; // the first of equal paths is the top-level one
      if (Best < 0 || Out->size() < BestLen) {
        Best = int(J);
        BestLen = Out->size();
      }
    }
    if (Best < 0)
      continue;
    std::string Rel;
    for (size_t K = BestLen; K < In->size(); ++K)
      Rel += (Rel.empty() ? "" : "/") + (*In)[K].str();
    Dirs[I].Beneath = Best;
    Dirs[I].Rel = Rel.empty() ? "." : Rel;
  }
}

std::string ListenGrant::str() const {
  switch (Kind) {
  case Tcp4:
    return "listen:" + Addr + ":" + std::to_string(Port);
  case Tcp6:
    return "listen:[" + Addr + "]:" + std::to_string(Port);
  case Unix:
    return "listen:unix:" + Addr;
  case Inherit:
    break;
  }
  return "listen:inherit";
}

/// listen:ADDR:PORT, listen:[ADDR]:PORT, listen:unix:PATH, listen:inherit
/// (`R` is the text after "listen:"). Addresses are numeric: the socket is
/// bound at start-up, and a name would make the grant depend on a resolver.
static Expected<ListenGrant> parseListen(StringRef R) {
  ListenGrant L;
  if (R == "inherit")
    return L;
  if (R.consume_front("unix:")) {
    if (R.empty())
      return err("expected listen:unix:PATH with a non-empty path");
    if (R.contains('\0'))
      return err("the socket path contains a NUL byte");
    if (R.size() >= sizeof(sockaddr_un::sun_path))
      return err("the socket path is longer than " +
                 Twine(sizeof(sockaddr_un::sun_path) - 1) + " bytes");
    L.Kind = ListenGrant::Unix;
    L.Addr = R.str();
    return L;
  }
  StringRef Host, Port;
  if (R.starts_with("[")) {
    size_t Close = R.find(']');
    if (Close == StringRef::npos)
      return err("missing ']' after the IPv6 address");
    Host = R.slice(1, Close);
    StringRef Rest = R.drop_front(Close + 1);
    if (!Rest.consume_front(":"))
      return err("expected ':PORT' after ']'");
    Port = Rest;
    in6_addr A6;
    char Text[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, Host.str().c_str(), &A6) != 1)
      return err("'" + Host + "' is not a numeric IPv6 address");
    // The canonical text, so that a child's "[0:0::1]" is its parent's
    // "[::1]".
    L.Addr = inet_ntop(AF_INET6, &A6, Text, sizeof Text);
    L.Kind = ListenGrant::Tcp6;
  } else {
    std::tie(Host, Port) = R.rsplit(':');
    if (!R.contains(':'))
      return err("expected listen:ADDR:PORT, listen:[ADDR]:PORT, "
                 "listen:unix:PATH or listen:inherit");
    in_addr A4;
    char Text[INET_ADDRSTRLEN];
    if (inet_pton(AF_INET, Host.str().c_str(), &A4) != 1)
      return err("'" + Host +
                 "' is not a numeric IPv4 address (write an IPv6 address "
                 "in brackets: [::1]:PORT)");
    L.Addr = inet_ntop(AF_INET, &A4, Text, sizeof Text);
    L.Kind = ListenGrant::Tcp4;
  }
  unsigned N;
  if (Port.getAsInteger(10, N) || N == 0 || N > 65535)
    return err("port '" + Port + "' is not a number from 1 to 65535");
  L.Port = N;
  return L;
}

Expected<CapabilitySet> parseCapabilities(ArrayRef<std::string> Caps,
                                          bool AllowHostPath) {
  CapabilitySet S;
  for (const std::string &C : Caps) {
    StringRef R(C);
    if (R.consume_front("env:")) {
      StringRef Name = R.split('=').first;
      if (Name.empty())
        return err("capability '" + C +
                   "': expected env:NAME or env:NAME=VALUE");
      if (any_of(S.EnvNames,
                 [&](StringRef E) { return E.split('=').first == Name; }))
        return err("capability '" + C + "': variable " + Name +
                   " is already granted");
      S.EnvNames.push_back(R.str());
    } else if (R.consume_front("call:")) {
      if (R.empty())
        return err("capability '" + C + "': expected call:NAME");
      S.Calls.push_back(R.str());
    } else if (R.consume_front("host:")) {
      if (R.empty())
        return err("capability '" + C + "': expected host:NAME");
      S.Hosts.push_back(R.str());
    } else if (R.consume_front("listen:")) {
      auto L = parseListen(R);
      if (!L)
        return err("capability '" + C + "': " + toString(L.takeError()));
      if (is_contained(S.Listens, *L))
        return err("capability '" + C + "': granted twice");
      S.Listens.push_back(*L);
    } else if (R.consume_front("dir:")) {
      DirGrant D;
      if (R.ends_with(":ro") || R.ends_with(":rw")) {
        D.Writable = R.ends_with(":rw");
        R = R.drop_back(3);
      } else {
        return err("capability '" + C + "': expected a ':ro' or ':rw' suffix");
      }
      auto [Guest, Host] = R.split('=');
      if (R.contains('=')) {
        if (!AllowHostPath)
          return err("capability '" + C +
                     "': only the entry nanoprocess maps host directories; "
                     "a child names a guest path its parent holds "
                     "(dir:GUEST:ro|rw)");
        if (Host.empty())
          return err("capability '" + C + "': empty host path");
        D.Host = Host.str();
      } else if (AllowHostPath) {
        return err("capability '" + C + "': expected dir:GUEST=HOST:ro|rw");
      }
      auto G = normalizeGuest(Guest);
      if (!G)
        return err("capability '" + C + "': " + toString(G.takeError()));
      D.Guest = *G;
      S.Dirs.push_back(D);
    } else if (uint32_t B = bitFor(R)) {
      S.Bits |= B;
    } else {
      return err("unknown capability '" + C +
                 "' (known: stdin stdout stderr stdio args env env:NAME "
                 "env:NAME=VALUE clock "
                 "random exit dir:... listen:... call:NAME host:NAME)");
    }
  }
  return S;
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

std::string firstUncovered(CapabilitySet &Child, const CapabilitySet &Parent,
                           ArrayRef<std::string> ParentsChildren) {
  static const std::pair<uint32_t, const char *> Names[] = {
      {CapStdin, "stdin"},   {CapStdout, "stdout"}, {CapStderr, "stderr"},
      {CapArgs, "args"},     {CapEnv, "env"},       {CapClock, "clock"},
      {CapRandom, "random"}, {CapExit, "exit"}};
  for (auto [Bit, Name] : Names)
    if ((Child.Bits & Bit) && !(Parent.Bits & Bit))
      return Name;
  // env:NAME=VALUE is a constant, not the host's variable: any child may
  // have one.
  for (const std::string &E : Child.EnvNames)
    if (!StringRef(E).contains('=') && !(Parent.Bits & CapEnv) &&
        !is_contained(Parent.EnvNames, E))
      return "env:" + E;
  for (DirGrant &D : Child.Dirs) {
    const DirGrant *Best = nullptr;
    for (const DirGrant &P : Parent.Dirs)
      if (covers(P.Guest, D.Guest) && (P.Writable || !D.Writable) &&
          (!Best || P.Guest.size() > Best->Guest.size()))
        Best = &P;
    if (!Best)
      return "dir:" + D.Guest + (D.Writable ? ":rw" : ":ro");
    std::string Suffix;
    if (D.Guest.size() > Best->Guest.size())
      Suffix = D.Guest.substr(Best->Guest == "/" ? 1 : Best->Guest.size() + 1);
    D.Host = Best->Host;
    if (!Suffix.empty())
      D.Host += "/" + Suffix;
    // Only the entry has top-level grants, so a parent grant without
    // Beneath is the entry's own, numbered by its place in Parent.Dirs.
    D.Beneath =
        Best->Beneath >= 0 ? Best->Beneath : int(Best - &Parent.Dirs[0]);
    std::string Base = Best->Beneath >= 0 ? Best->Rel : ".";
    D.Rel = Suffix.empty() ? Base : Base == "." ? Suffix : Base + "/" + Suffix;
  }
  // A child shares its parent's socket: it may only name one its parent
  // holds, so a manifest never opens a port its entry does not.
  for (const ListenGrant &L : Child.Listens)
    if (!is_contained(Parent.Listens, L))
      return L.str();
  for (const std::string &C : Child.Calls)
    if (!is_contained(Parent.Calls, C) && !is_contained(ParentsChildren, C))
      return "call:" + C;
  for (const std::string &H : Child.Hosts)
    if (!is_contained(Parent.Hosts, H))
      return "host:" + H;
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

static Expected<BufParam> parseBufParam(StringRef T) {
  T = T.trim();
  auto P = StringSwitch<std::optional<BufParam>>(T)
               .Case("in-buf", BufParam::InBuf)
               .Case("out-buf", BufParam::OutBuf)
               .Case("i32", BufParam::I32)
               .Case("i64", BufParam::I64)
               .Case("f32", BufParam::F32)
               .Case("f64", BufParam::F64)
               .Default(std::nullopt);
  if (!P)
    return err("unknown parameter type '" + T +
               "' (in-buf, out-buf, i32, i64, f32, f64)");
  return *P;
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
    if (*B == BufParam::InBuf || *B == BufParam::OutBuf)
      return err("export '" + Name + "': buffers cannot be results");
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
    if (K != "entry" && K != "nanoprocess" && K != "host")
      return Fail("unknown key '" + std::string(K.str()) +
                  "' (expected 'entry', [nanoprocess.NAME] and [host.NAME] "
                  "tables)");
  std::optional<std::string> Entry = Root["entry"].value<std::string>();
  if (!Entry)
    return Fail(
        "missing 'entry = \"NAME\"' (the nanoprocess whose _start runs)");
  M.Entry = *Entry;
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
      } else if (F == "stack-size") {
        auto N = FV.value<int64_t>();
        if (!N || *N < 65536)
          return Fail("nanoprocess '" + Name +
                      "': 'stack-size' must be a number of bytes, at least "
                      "65536");
        P.StackSize = uint64_t(*N);
      } else {
        return Fail("nanoprocess '" + Name + "': unknown key '" + F +
                    "' (module, parent, capabilities, exports, stack-size)");
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
  for (const std::string &N : Order) {
    const Nanoprocess &P = ByName[N];
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
