/*===- w2n/embed.h - Embedding compiled modules in a C or C++ program -----===*
 *
 * A module compiled with `wasm2native -c --module-name=NAME` defines the
 * descriptor `w2n_module_NAME`; `--emit-header` writes a header declaring it
 * together with typed wrappers of its exported functions. Link the object
 * (or archive) with libw2nrt.a; the program's own main() is used.
 *
 * Every call returns a trap as a value (w2n_trap_code, 0 = none): a trap
 * never ends the process and the instance stays usable. Instances are
 * isolated (own memories, tables, globals, WASI state). Any thread may
 * create, call and free instances, several threads at once; an instance
 * (with the instances whose functions it imports) is used by one thread at
 * a time and may move between threads. See docs/embedding.md.
 *
 * Host functions: a w2n_host_import's code gets the calling instance first;
 * a w2n_host_function's code gets a w2n_caller, which also carries its data
 * pointer and lets it raise a trap with a message.
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

/* What a w2n_host_function receives first: the instance that imported it,
 * the function's own data pointer and its name. Valid during the call. */
typedef struct w2n_caller w2n_caller;

/* A host function with state, supplying the import `module`.`name`. `code`
 * is R f(w2n_caller *caller, P0 p0, ...) for the Wasm signature `sig` (as in
 * w2n_host_import); w2n_caller_data(caller) returns `data`. A generated
 * header declares the exact C type of each import's function and a helper
 * NAME_import_ID(fn, data) that fills this structure, so the C compiler
 * checks fn. */
typedef struct w2n_host_function {
  const char *module;
  const char *name;
  const char *sig;
  void *code;
  void *data;
} w2n_host_function;

/* A export of an instance, as w2n_embed_export_info lists it. */
typedef struct w2n_export_info {
  const char *name; /* name_len bytes (a Wasm name may hold NUL bytes) */
  uint32_t name_len;
  uint32_t kind; /* w2n_extern_kind */
  /* Functions: signature text ("ii:i"). Globals: the value type's letter,
   * preceded by "mut " when mutable. Memories: "memory", tables: "table",
   * tags: "tag". */
  const char *type;
} w2n_export_info;

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
  /* Host functions with data, looked up before `imports`. */
  const w2n_host_function *funcs;
  uint32_t num_funcs;
  /* Non-zero: a function import nothing above provides becomes a function
   * that traps when called, naming the import, instead of failing
   * instantiation (Wasmtime's define_unknown_imports_as_traps). */
  int unknown_imports_trap;
  /* Bytes of Wasm stack a call into this instance may use; 0: wasi's
   * stack_size, else the process default (8 MiB). Each thread has a stack
   * of its own, as large as the largest instance it runs needs. */
  uint64_t stack_size;
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

/* The instance that imported the running host function (use it with
 * w2n_embed_memory and the helpers below), and the function's data. */
w2n_instance *w2n_caller_instance(w2n_caller *caller);
void *w2n_caller_data(w2n_caller *caller);

/* Ends the running host function's call with W2N_TRAP_HOST. The message
 * (printf format) and the host function's name come back from
 * w2n_trap_text: "host function 'module.name': message". */
__attribute__((noreturn, format(printf, 2, 3))) void
w2n_embed_trap_raise(w2n_caller *caller, const char *fmt, ...);

/* Bounds-checked access to memory 0 of inst. Each returns 0, or -1 without
 * touching anything when some byte of [addr, addr+len) lies outside the
 * memory's current size. */
int w2n_embed_read(w2n_instance *inst, uint64_t addr, void *dst, uint64_t len);
int w2n_embed_write(w2n_instance *inst, uint64_t addr, const void *src,
                    uint64_t len);
/* The guest's bytes [addr, addr+len) of memory 0 in place (a (ptr, len)
 * pair of the guest), or NULL when out of bounds. Valid until the memory
 * grows or the instance is freed. */
void *w2n_embed_range(w2n_instance *inst, uint64_t addr, uint64_t len);
/* The NUL-terminated string at addr of memory 0, in place, when its NUL lies
 * within the memory and within max_len bytes (NUL excluded) of addr; else
 * NULL. */
const char *w2n_embed_string(w2n_instance *inst, uint64_t addr,
                             uint64_t max_len);

/* Any export of inst (function, table, memory, global, tag) by name; 0 on
 * success. A memory export gives w2n_memory (base, size), a global its
 * value cell, a table its elements, a tag its identity (what a resolver
 * returns for another module's import of the tag). */
int w2n_embed_export(w2n_instance *inst, const char *name, w2n_extern *out);

/* The module's exports in order: their number, and export i in *out (0 on
 * success, -1 when i is out of range). */
uint32_t w2n_embed_num_exports(const w2n_module *m);
int w2n_embed_export_info(const w2n_module *m, uint32_t i,
                          w2n_export_info *out);

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
