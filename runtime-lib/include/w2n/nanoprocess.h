/*===- w2n/nanoprocess.h - The manifest table of a nanoprocess binary ------===*
 *
 * `wasm2native --manifest` links several modules into one executable and
 * generates a glue object (linker-plugin/Glue.cpp) holding one trampoline
 * per cross-nanoprocess import, a `main` that calls w2n_np_main, and the
 * table below. The glue generator describes these structs from their
 * declarations here (offsetof, checked by static_assert), so they are
 * stated only once.
 *
 * A trampoline runs with the *caller's* context. It reads the caller's
 * ctx->caps (a w2n_np_caps) and traps with W2N_TRAP_CAPABILITY unless the
 * callee's bit is set in call_mask; then it lowers the callee's
 * ctx->stack_limit to (stack pointer - callee's stack_budget, never below
 * stack_floor), copies buffer arguments with w2n_np_copy_in, calls the
 * callee's export with the callee's context, copies out-buffers back with
 * w2n_np_copy_out and restores the callee's stack limit.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_NANOPROCESS_H
#define W2N_NANOPROCESS_H

#include "w2n/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define W2N_NP_VERSION 3
#define W2N_NP_MAX 64 /* call_mask has one bit per nanoprocess */

/* Per nanoprocess, mutable (ctx->caps points here). */
typedef struct w2n_np_caps {
  uint64_t call_mask;    /*  0: bit i: may call the exports of nanoprocess i */
  uint64_t stack_budget; /*  8: bytes of stack one call into it may use */
  uintptr_t stack_floor; /* 16: the runtime's stack limit (set at start-up) */
  int32_t realloc_index; /* 24: function index of cabi_realloc, or -1 */
  uint32_t index;        /* 28: its index in the manifest table */
  uint32_t scratch_ptr;  /* 32: reusable buffer area in its memory 0 */
  uint32_t scratch_size; /* 36 */
  uint32_t scratch_busy; /* 40: a call with buffers is in flight */
  uint32_t disabled;     /* 44: a recovered trap ended a call into it */
} w2n_np_caps;

/* A function import of a nanoprocess bound to another's export. */
typedef struct w2n_np_binding {
  uint32_t import_index; /* position in the importer's import list */
  uint32_t callee;       /* index of the exporting nanoprocess */
  void *trampoline;      /* native convention of the import's type */
} w2n_np_binding;

typedef struct w2n_np_desc {
  const char *name;
  const w2n_module *module;
  int32_t parent; /* index, -1 for the entry */
  uint32_t num_bindings;
  const w2n_np_binding *bindings;
  w2n_np_caps *caps;
  w2n_config config; /* WASI capabilities: bits, directories, env names */
} w2n_np_desc;

typedef struct w2n_np_manifest {
  uint32_t version; /* W2N_NP_VERSION */
  uint32_t count;
  const w2n_np_desc *procs; /* procs[0] is the entry; parents first */
  w2n_instance **instances; /* filled at start-up, read by trampolines */
  const char *info;         /* the text `wasm2native --inspect` prints */
  uint64_t info_size;
} w2n_np_manifest;

/* Start-up of a nanoprocess binary (the glue's main calls it): opens the
 * directories of every nanoprocess's grants (a failure ends the start with
 * status 1 before any code runs), then instantiates every nanoprocess,
 * children first, each with its own WASI state built from its
 * capabilities; runs the children's _initialize, then the entry's
 * _initialize and _start. Returns the exit status. */
int w2n_np_main(const w2n_np_manifest *m, int argc, char **argv, char **envp);

/* Buffer arguments of one trampoline call. io holds 3 words per buffer:
 * caller pointer, length, and (written by copy_in) the callee pointer.
 * Bit i of out_mask marks buffer i as an out-buf. Ranges outside either
 * memory trap with "out of bounds memory access". copy_in returns a token
 * that copy_out takes back. */
uint32_t w2n_np_copy_in(w2n_instance *caller, w2n_instance *callee,
                        uint32_t *io, uint32_t n, uint32_t out_mask);
void w2n_np_copy_out(w2n_instance *caller, w2n_instance *callee,
                     const uint32_t *io, uint32_t n, uint32_t out_mask,
                     uint32_t token);

/* Descriptor parameters of one trampoline call. fds[i] holds the caller's
 * descriptor on entry and the callee's number for it on return; modes[i]
 * is W2N_NP_FD_* bits | (the parameter's 1-based position << 8). Each is
 * lent for the call (an entry in the callee's table, freed by
 * w2n_np_lend_out) or, with W2N_NP_FD_MOVE, moved; W2N_NP_FD_RO narrows it
 * to a read-only view. A descriptor the caller does not hold (or a
 * borrowed one it tries to move) traps in the caller with "capability not
 * granted" after naming the caller, `what` (the export) and the
 * parameter. Returns a token for w2n_np_lend_out. */
#define W2N_NP_FD_MOVE 1u
#define W2N_NP_FD_RO 2u
uint32_t w2n_np_lend_in(w2n_instance *caller, w2n_instance *callee,
                        int32_t *fds, const uint32_t *modes, uint32_t n,
                        const char *what);
void w2n_np_lend_out(uint32_t token);

/* Runs fn(arg), a call into `callee` (nanoprocess with on-trap =
 * "return"), under a trap recovery point. W2N_TRAP_NONE when it returned;
 * otherwise the trap was reported naming the nanoprocess, every descriptor
 * lent since the call began is closed, the callee (and the nanoprocess that
 * trapped, if another) is disabled, and the trap code is returned for the
 * caller to get the error value. A disabled callee is not entered (code
 * W2N_TRAP_CAPABILITY, nothing reported). Traps of the caller itself (a
 * bad argument) and proc_exit unwind on as before. */
uint32_t w2n_np_protect(w2n_instance *caller, w2n_instance *callee,
                        void (*fn)(void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif
