//===- Capabilities.h - Capability strings and what they grant ------------===//
//
// The grammar of a capability string ("stdio", "env:LANG",
// "dir:/d=./host:rw", "listen:[::1]:80", "call:NAME", "host:NAME"), shared
// by --cap for a single module and a manifest's nanoprocesses, and the rule
// by which a parent's grants cover a child's. No manifest or TOML code.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_CAPABILITIES_CAPABILITIES_H
#define W2N_CAPABILITIES_CAPABILITIES_H

#include "w2n/runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace w2n {

/// Capability bits: runtime-lib's `enum w2n_cap`.
enum CapBit : uint32_t {
  CapStdin = W2N_CAP_STDIN,
  CapStdout = W2N_CAP_STDOUT,
  CapStderr = W2N_CAP_STDERR,
  CapArgs = W2N_CAP_ARGS,
  CapEnv = W2N_CAP_ENV,
  CapClock = W2N_CAP_CLOCK,
  CapRandom = W2N_CAP_RANDOM,
  CapExit = W2N_CAP_EXIT,
};
constexpr uint32_t CapDefault = W2N_CAP_DEFAULT;

struct DirGrant {
  std::string Guest; ///< Absolute guest path, normalised ("/data/in").
  std::string Host;  ///< Host path; for a child, derived from its parent's.
  bool Writable = false;
  /// Index of the top-level grant (of the entry, or of a single module)
  /// this grant lies in and is opened beneath at run time, at path `Rel`;
  /// -1 for a top-level grant, opened by its host path.
  int Beneath = -1;
  std::string Rel;
};

/// A listening socket (listen:...); Kind is runtime-lib's w2n_listen_kind.
struct ListenGrant {
  enum KindT : uint32_t {
    Inherit = W2N_LISTEN_INHERIT,
    Tcp4 = W2N_LISTEN_TCP4,
    Tcp6 = W2N_LISTEN_TCP6,
    Unix = W2N_LISTEN_UNIX,
  };
  KindT Kind = Inherit;
  std::string Addr; ///< Numeric IPv4/IPv6 address, or the Unix socket path.
  uint32_t Port = 0;

  /// The capability string in canonical form ("listen:[::1]:80").
  std::string str() const;
  bool operator==(const ListenGrant &O) const {
    return Kind == O.Kind && Addr == O.Addr && Port == O.Port;
  }
};

/// A parsed set of capability strings.
struct CapabilitySet {
  uint32_t Bits = 0;
  std::vector<std::string> EnvNames; ///< env:NAME and env:NAME=VALUE grants.
  std::vector<DirGrant> Dirs;
  std::vector<std::string> Calls;   ///< call:NAME grants.
  std::vector<std::string> Hosts;   ///< host:NAME grants.
  std::vector<ListenGrant> Listens; ///< listen:... grants, in order.
};

/// Parses capability strings ("stdio", "env:LANG", "dir:/d=./host:rw", ...).
/// `AllowHostPath` is true for the entry nanoprocess (and a single module),
/// whose directory grants map host directories; children name guest paths.
llvm::Expected<CapabilitySet>
parseCapabilities(llvm::ArrayRef<std::string> Caps, bool AllowHostPath);

/// Marks each grant of a top-level set (the entry's, or a single module's)
/// whose host path lies inside another's as opened beneath the outermost of
/// them (DirGrant::Beneath/Rel). Host paths are compared by their
/// components after dropping "." and repeated "/"; a path with ".." is
/// always top-level, and so is any grant when the paths are one relative
/// and one absolute.
void nestGrants(std::vector<DirGrant> &Dirs);

/// Returns the first capability of `Child` not covered by `Parent`, as its
/// string, or an empty string when all are covered. Directory grants of the
/// child get their host path, and the top-level grant they are opened
/// beneath, from the covering parent grant.
std::string firstUncovered(CapabilitySet &Child, const CapabilitySet &Parent,
                           llvm::ArrayRef<std::string> ParentsChildren);

} // namespace w2n

#endif
