/*===- w2n/embed.h - Embedding compiled modules in a C or C++ program -----===*
 *
 * A module compiled with `wasm2native -c --module-name=NAME` defines the
 * descriptor `w2n_module_NAME`; `--emit-header` writes a header declaring it
 * together with typed wrappers of its exported functions. Link the object
 * (or archive) with libw2nrt.a; the program's own main() is used.
 *
 * Every call returns a trap as a value (w2n_trap_code, 0 = none): a trap
 * never ends the process and the instance stays usable. Instances are
 * isolated (own memories, tables, globals, WASI state). The runtime is
 * single-threaded: use all instances from one thread. See docs/embedding.md.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_EMBED_H
#define W2N_EMBED_H

#include "w2n/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returned by w2n_embed_call when the export is missing or not a function. */
#define W2N_TRAP_NO_EXPORT 101

/* A host function supplying the import `module`.`name`. `code` has the
 * native convention of abi.h: its first parameter is the calling instance
 * (w2n_instance *), then the Wasm parameters; `sig` is the Wasm signature as
 * text ("ii:i" = (i32, i32) -> i32; i I f F = i32 i64 f32 f64). */
typedef struct w2n_host_import {
  const char *module;
  const char *name;
  const char *sig;
  void *code;
} w2n_host_import;

/* How to instantiate. A zeroed struct is valid: no WASI capabilities, no
 * host imports, 8 MiB Wasm stack. */
typedef struct w2n_embed_options {
  /* WASI capabilities (caps bits, preopened dirs, passed-through variables)
   * of this instance. NULL: none (WASI calls fail with ENOTCAPABLE-like
   * errors, but modules importing WASI still link). */
  const w2n_config *wasi;
  int argc; /* command line the module sees (args_get) */
  char **argv;
  char **envp; /* environment the W2N_CAP_ENV / env names draw from */
  /* Host functions for the module's non-WASI imports, looked up first. */
  const w2n_host_import *imports;
  uint32_t num_imports;
  /* Fallback for imports neither table nor WASI provides (may be NULL). */
  w2n_resolver resolve;
  void *resolve_user;
} w2n_embed_options;

/* Instantiates m: resolves imports, makes the instance a WASI process with
 * opts->wasi, runs the start function and, for reactors, `_initialize`.
 * Returns NULL with a message in err on a link error or a trap. */
w2n_instance *w2n_embed_new(const w2n_module *m, const w2n_embed_options *opts,
                            char *err, size_t errlen);

/* Frees an instance and everything it owns (memories, tables, WASI state). */
void w2n_embed_free(w2n_instance *inst);

/* Calls the exported function `name` with args[0..nparams); results are
 * written back to args[0..nresults) (size the array for the larger). Returns
 * W2N_TRAP_NONE, a trap code (w2n_trap_message), W2N_TRAP_EXIT after
 * proc_exit (w2n_exit_status), or W2N_TRAP_NO_EXPORT. */
uint32_t w2n_embed_call(w2n_instance *inst, const char *name, w2n_val *args);

/* The exported function `name`, for w2n_call, or NULL. */
w2n_func *w2n_embed_func(w2n_instance *inst, const char *name);

/* Signature text ("ii:i") of the exported function `name`, or NULL. */
const char *w2n_embed_func_sig(w2n_instance *inst, const char *name);

/* Memory 0 of the instance: its base (stable for the instance's life) and
 * current size in bytes in *size; NULL when it has no memory. */
uint8_t *w2n_embed_memory(w2n_instance *inst, uint64_t *size);

/* Used by the typed wrappers of generated headers: stores code in *trap and
 * returns it; with trap == NULL a trap (not W2N_TRAP_NONE) is fatal, as in
 * an executable: reported on stderr, and the process exits with 134. */
uint32_t w2n_embed_trap_out(uint32_t code, uint32_t *trap);

/* The text of a trap code, including W2N_TRAP_EXIT and W2N_TRAP_NO_EXPORT. */
const char *w2n_embed_trap_message(uint32_t code);

#ifdef __cplusplus
}
#endif

#endif
