/*===- w2n/runtime.h - Runtime library API for hosts and embedders --------===*
 *
 * Instantiation, calls with trap recovery, WASI set-up. The start-up code of
 * an executable, the spec-test runner and embedders all go through this.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_RUNTIME_H
#define W2N_RUNTIME_H

#include "w2n/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A global living outside any one instance, or exported by one. */
typedef struct w2n_global {
  w2n_val *cell; /* 16-byte value cell */
  uint32_t type; /* w2n_type_code */
  uint32_t mut;
} w2n_global;

/* Something an import resolves to / an export yields. */
typedef struct w2n_extern {
  uint32_t kind; /* w2n_extern_kind */
  union {
    w2n_func *func;
    w2n_table *table;
    w2n_memory *memory;
    w2n_global global;
    w2n_tag *tag;
  } u;
} w2n_extern;

/* Resolves one import. Returns 0 and fills *out, or non-zero when the import
 * is unknown (the runtime then reports "unknown import"). Type checking of
 * the result is done by the runtime (spec "import subtyping"). */
typedef int (*w2n_resolver)(void *user, w2n_instance *importer,
                            const w2n_import_desc *imp, w2n_extern *out);

/* Capability bits (see docs/nanoprocesses.md). */
enum w2n_cap {
  W2N_CAP_STDIN = 1u << 0,
  W2N_CAP_STDOUT = 1u << 1,
  W2N_CAP_STDERR = 1u << 2,
  W2N_CAP_ARGS = 1u << 3,
  W2N_CAP_ENV = 1u << 4, /* all variables; else only those listed */
  W2N_CAP_CLOCK = 1u << 5,
  W2N_CAP_RANDOM = 1u << 6,
  W2N_CAP_EXIT = 1u << 7,
};
#define W2N_CAP_DEFAULT                                                        \
  (W2N_CAP_STDIN | W2N_CAP_STDOUT | W2N_CAP_STDERR | W2N_CAP_ARGS |            \
   W2N_CAP_CLOCK | W2N_CAP_RANDOM | W2N_CAP_EXIT)

/* A preopened directory. A grant with `beneath` 0 is top-level: `host` is a
 * host path, opened as given. A grant with `beneath` k lies inside the
 * top-level grant k-1 of the program's top configuration (the executable's
 * own, or the entry nanoprocess's): `host` is a path relative to that
 * grant's directory, opened beneath it without following symlinks
 * (wasi/grant.c). */
typedef struct w2n_dir_grant {
  const char *host;  /* host path, or the path beneath grant beneath-1 */
  const char *guest; /* path the module sees */
  uint32_t writable; /* 0: read-only grant */
  uint32_t beneath;  /* 0: top-level; k: inside top-level grant k-1 */
} w2n_dir_grant;

/* A listening socket granted at start-up (capability listen:...). */
enum w2n_listen_kind {
  W2N_LISTEN_INHERIT = 0, /* every socket of systemd's LISTEN_FDS */
  W2N_LISTEN_TCP4 = 1,
  W2N_LISTEN_TCP6 = 2,
  W2N_LISTEN_UNIX = 3,
};
typedef struct w2n_listen_grant {
  uint32_t kind;    /* w2n_listen_kind */
  uint32_t port;    /* TCP port, 1-65535 */
  const char *addr; /* numeric IPv4/IPv6 address or Unix socket path */
} w2n_listen_grant;

/* What the compiler bakes into an executable (symbol w2n_main_config). */
typedef struct w2n_config {
  uint32_t caps; /* w2n_cap bits */
  uint32_t num_dirs;
  const w2n_dir_grant *dirs;
  uint32_t num_env;
  /* Seconds a program may run before it is interrupted (code compiled
   * with --interruptible); 0: no limit. It fills what was padding. */
  uint32_t max_runtime;
  const char *const *env; /* NAME: passed through; NAME=VALUE: set */
  uint64_t stack_size;    /* bytes of Wasm stack; 0: default (8 MiB) */
  const char *argv0;      /* the guest's argv[0]; NULL: the host's */
  /* Listening sockets: descriptors 3.. in this order, before the dirs. */
  uint32_t num_listen;
  /* Worker processes of a server (host/workers.c): 0 runs the program in
   * this process; N > 0 makes this process a supervisor of N copies;
   * W2N_WORKERS_PER_CORE one per CPU it may run on. Read from the top
   * configuration only. It fills what was padding, so a configuration
   * without workers is the same bytes as before the field existed. */
  uint32_t workers;
  const w2n_listen_grant *listen;
} w2n_config;
#define W2N_WORKERS_PER_CORE 0xffffffffu

/* Instantiates `m`. On success returns 0 and sets *out. On failure returns
 * -1 with a link error in err (unknown import, incompatible import type), or
 * a w2n_trap_code when segment initialisation or the start function trapped
 * (the instance is then still returned in *out if the start function trapped,
 * as the spec keeps its effects; otherwise *out is NULL). */
int w2n_instantiate(const w2n_module *m, w2n_resolver resolve, void *user,
                    w2n_instance **out, char *err, size_t errlen);
void w2n_instance_free(w2n_instance *inst);

/* Looks up an export by name; 0 on success. The _n form takes the name's
 * length, for Wasm names holding NUL bytes. */
int w2n_instance_export(w2n_instance *inst, const char *name, w2n_extern *out);
int w2n_instance_export_n(w2n_instance *inst, const char *name, size_t len,
                          w2n_extern *out);

/* Calls f with args (results written back into args; the array must hold
 * max(params, results) values). Runs on the runtime's Wasm stack with trap
 * recovery: returns W2N_TRAP_NONE or the trap code. */
uint32_t w2n_call(w2n_func *f, w2n_val *args);

/* Ends the call running in inst (or its next call) with
 * W2N_TRAP_INTERRUPTED at its next function entry or loop iteration, when
 * its module was compiled with --interruptible; otherwise it has no
 * effect. Callable from any thread and from a signal handler. The trap
 * clears the request; the instance stays usable. */
void w2n_instance_interrupt(w2n_instance *inst);
/* Interrupts inst timeout_ns nanoseconds from now (w2n_instance_interrupt
 * from a runtime thread), replacing the deadline set before; 0 disarms.
 * Returns 0, or -1 when the deadline cannot be armed. */
int w2n_instance_set_deadline(w2n_instance *inst, uint64_t timeout_ns);

/* Canonical id of a signature string ("ii:i"), equal ids iff equal text. */
uint32_t w2n_intern_type(const char *sig);

/* A host function as a funcref. `code` has the native convention and
 * receives the *calling* instance's context when ctx is NULL at call-time
 * binding (imports of host functions bind ctx to the importer). */
w2n_func *w2n_host_func(void *code, const char *sig, w2n_instance *ctx);

/* w2n_func.index of a host function made by w2n_host_func_bound. */
#define W2N_FUNC_BOUND (UINT32_MAX - 1)

/* A host function whose `code` receives, instead of an instance, a block of
 * `size` zeroed bytes owned by `owner` and freed with it; the block starts
 * with a w2n_instance * set to owner, which runs w2n_call's recovery point
 * when the function is called from C. Returns the function; its ctx is the
 * block. */
w2n_func *w2n_host_func_bound(void *code, const char *sig, w2n_instance *owner,
                              size_t size);

/* Raises W2N_TRAP_HOST from the host function `func` ("module.name") with
 * a message: w2n_trap_text and w2n_report_trap name the host function and
 * give the message (both cut to 200 bytes). */
__attribute__((noreturn)) void
w2n_raise_host(w2n_instance *ctx, const char *func, const char *msg);

/* Standalone objects (spectest host module, embedders). NULL when the
 * limits exceed what the runtime can reserve. Free them only once no
 * instance imports them. */
w2n_memory *w2n_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max,
                           int is64);
w2n_table *w2n_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                         int has_max);
void w2n_memory_free(w2n_memory *mem);
void w2n_table_free(w2n_table *table);

/* Sets the default bounds-check mode for memories created by w2n_memory_new
 * (instances follow their module's mode). */
void w2n_set_guard_memories(int on);

/* Process-wide set-up: signal handlers, the Wasm stack. Idempotent. */
void w2n_runtime_init(uint64_t stack_size);

/* WASI: makes `inst` a WASI process with the given configuration and command
 * line. Call after instantiation and before running _start. */
int w2n_wasi_setup(w2n_instance *inst, const w2n_config *cfg, int argc,
                   char **argv, char **envp);
/* Resolver for wasi_snapshot_preview1 imports (binds ctx to the importer). */
int w2n_wasi_resolve(void *user, w2n_instance *importer,
                     const w2n_import_desc *imp, w2n_extern *out);

/* proc_exit unwinds to the caller of w2n_call with this code pending;
 * w2n_exit_status() tells the requested exit status. */
#define W2N_TRAP_EXIT 100
int w2n_exit_status(void);
/* proc_exit with a status of 126 or more (as the unsigned WASI exitcode) is,
 * as in Wasmtime, an error that ends the run rather than an exit: it unwinds
 * like a trap, w2n_exit_status() holds the status asked for, and a program
 * reports it and ends with status 1. */
#define W2N_TRAP_BAD_EXIT 102

/* The message of the most recent trap, which ended with `code`, with its
 * detail where it has one ("uninitialized element 2"); otherwise
 * w2n_trap_message(code). Valid until the next trap. */
const char *w2n_trap_text(uint32_t code);

/* Prints the most recent trap, which ended with `code`, to stderr the way an
 * uncaught trap is reported: "wasm trap: <message>" (or "wasm trap in
 * nanoprocess '<name>': <message>") and, where known, a second line
 * "  in function '<name>'". Flushes stdout first. */
void w2n_report_trap(uint32_t code);

#ifdef __cplusplus
}
#endif

#endif
