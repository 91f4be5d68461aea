//===- MainConfig.h - struct w2n_config as LLVM IR ------------------------===//
//
// A program's start-up configuration (struct w2n_config of
// runtime-lib/include/w2n/runtime.h) is constant data generated twice: as
// `w2n_main_config` of a single-module executable, and once per
// nanoprocess in the glue of a manifest-linked one. Both build it here.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_CODEGEN_MAINCONFIG_H
#define W2N_CODEGEN_MAINCONFIG_H

#include "w2n/Translate/NativeAbi.h"
#include "w2n/runtime.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class Module;
} // namespace llvm

namespace w2n {

struct RuntimeConfig;

namespace abi {
inline constexpr Field DirGrantFields[] = {
    W2N_ABI_FIELD(w2n_dir_grant, host),
    W2N_ABI_FIELD(w2n_dir_grant, guest),
    W2N_ABI_FIELD(w2n_dir_grant, writable),
    W2N_ABI_FIELD(w2n_dir_grant, beneath),
};
static_assert(hasCLayout(DirGrantFields, sizeof(w2n_dir_grant)),
              "DirGrantFields does not describe struct w2n_dir_grant");

inline constexpr Field ListenGrantFields[] = {
    W2N_ABI_FIELD(w2n_listen_grant, kind),
    W2N_ABI_FIELD(w2n_listen_grant, port),
    W2N_ABI_FIELD(w2n_listen_grant, addr),
};
static_assert(hasCLayout(ListenGrantFields, sizeof(w2n_listen_grant)),
              "ListenGrantFields does not describe struct w2n_listen_grant");

inline constexpr Field ConfigFields[] = {
    W2N_ABI_FIELD(w2n_config, caps),        W2N_ABI_FIELD(w2n_config, num_dirs),
    W2N_ABI_FIELD(w2n_config, dirs),        W2N_ABI_FIELD(w2n_config, num_env),
    W2N_ABI_FIELD(w2n_config, max_runtime), W2N_ABI_FIELD(w2n_config, env),
    W2N_ABI_FIELD(w2n_config, stack_size),  W2N_ABI_FIELD(w2n_config, argv0),
    W2N_ABI_FIELD(w2n_config, num_listen),  W2N_ABI_FIELD(w2n_config, workers),
    W2N_ABI_FIELD(w2n_config, listen),
};
static_assert(hasCLayout(ConfigFields, sizeof(w2n_config)),
              "ConfigFields does not describe struct w2n_config");
} // namespace abi

/// Where the data a w2n_config points to goes. Str makes a NUL-terminated
/// string constant; Array makes a constant global holding Init. Role names
/// what the constant holds ("dir_host", "dir_guest", "env", "listen_addr",
/// "argv0"; arrays: "dirs", "env", "listen"), for the global's name.
struct ConfigPlacement {
  llvm::function_ref<llvm::Constant *(llvm::StringRef S, llvm::StringRef Role)>
      Str;
  llvm::function_ref<llvm::Constant *(llvm::Constant *Init,
                                      llvm::StringRef Role)>
      Array;
};

/// The w2n_config value of RC. Its strings and arrays are made through P;
/// an empty array is a null pointer.
llvm::Constant *configValue(llvm::Module &M, const RuntimeConfig &RC,
                            const ConfigPlacement &P);

} // namespace w2n

#endif
