//===- Capabilities.cpp - Capability strings and what they grant ----------===//

#include "w2n/Capabilities/Capabilities.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <optional>

#include <arpa/inet.h>
#include <sys/un.h>

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

} // namespace w2n
