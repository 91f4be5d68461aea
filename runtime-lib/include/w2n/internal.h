/*===- w2n/internal.h - Runtime-private interfaces ------------------------===*
 *
 * Shared by runtime-lib/core, runtime-lib/wasi and runtime-lib/host; never
 * seen by generated code or embedders, and not installed. The trap recovery
 * chain, the last trap's record and the Wasm stack are per thread; the type
 * table and the list of memories are shared and locked.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_INTERNAL_H
#define W2N_INTERNAL_H

#include "w2n/host.h"
#include "w2n/runtime.h"

#include <setjmp.h>
#include <string.h>

/* ---- For the WASI host and start-up (w2n/host.h has the rest). ---- */

/* Ends the process with `status` (WASI proc_exit). Inside w2n_call it unwinds
 * to the innermost w2n_call, which returns W2N_TRAP_EXIT with
 * w2n_exit_status() == status (start-up code then exits with it); outside
 * any w2n_call it flushes stdio and _exits with status. A status of 126 or
 * more (unsigned) is W2N_TRAP_BAD_EXIT instead (runtime.h). */
__attribute__((noreturn)) void w2n_exit(w2n_instance *ctx, int status);

/* Attaches host state (WASI's process state) to an instance: stored in
 * ctx->host; `free_host` (may be NULL) runs in w2n_instance_free. */
void w2n_set_host(w2n_instance *ctx, void *host, void (*free_host)(void *));

/* ---- Directory grants (wasi/grant.c). ---- */

/* Opens the directories of the top-level grants of `top` (beneath == 0) by
 * their host paths: roots[i] for top->dirs[i], -1 for the other grants. On
 * failure prints why on stderr (naming nanoprocess `who` unless NULL),
 * closes what it opened and returns -1. */
int w2n_grants_open_roots(const w2n_config *top, int *roots, const char *who);
/* Opens a directory of its own for every grant of `cfg` beneath the roots
 * of `top` (w2n_dir_grant::beneath): fds[i] for cfg->dirs[i]. A top-level
 * grant of `top` itself reopens its root. Failure as above. */
int w2n_grants_open(const w2n_config *cfg, const w2n_config *top,
                    const int *roots, int *fds, const char *who);
/* Closes those of the n descriptors of fds that are open; sets them -1. */
void w2n_grants_close(int *fds, uint32_t n);
/* w2n_wasi_setup with the grants' directories already open: dirfds[i] for
 * cfg->dirs[i], taken over in every case (each entry is -1 after). */
int w2n_wasi_setup_opened(w2n_instance *inst, const w2n_config *cfg,
                          int *dirfds, int argc, char **argv, char **envp);

/* ---- Descriptors across nanoprocesses (wasi/lend.c). ---- */

/* Gives descriptor `fd` of `from` to `to` under the lowest free number
 * >= 3, stored in *out: lent (an entry borrowing the same host descriptor,
 * tagged `serial`, freed by w2n_wasi_revoke) or, with `move`, taken out of
 * `from`. `ro` clears write
 * and file-system-changing rights. Returns a WASI errno: EBADF when `from`
 * does not hold fd, ENOTCAPABLE for moving a borrowed descriptor, EMFILE. */
int32_t w2n_wasi_lend(w2n_instance *from, int32_t fd, w2n_instance *to,
                      int move, int ro, uint32_t serial, int32_t *out);
/* The descriptor parameters of one call, all or none: fds[i] with
 * modes[i] (W2N_NP_FD_MOVE, W2N_NP_FD_RO) through w2n_wasi_lend, each
 * fds[i] replaced by the callee's number, once every one is known to
 * pass (held; not a borrowed one moved; a moved number not passed twice;
 * room in `to`). Otherwise nothing changes, the errno (EBADF,
 * ENOTCAPABLE, EMFILE) is returned and *failed names the parameter. */
int32_t w2n_wasi_lend_all(w2n_instance *from, w2n_instance *to, int32_t *fds,
                          const uint32_t *modes, uint32_t n, uint32_t serial,
                          uint32_t *failed);
/* Frees every descriptor of `inst` tagged `serial` (0: none), closing
 * those it owns. */
void w2n_wasi_revoke(w2n_instance *inst, uint32_t serial);

/* Whether the Wasm name (s, len), which may hold NUL bytes, is `want`. */
static inline int w2n_name_eq(const char *s, uint32_t len, const char *want) {
  return s && strlen(want) == len && memcmp(s, want, len) == 0;
}

/* ---- Core-internal plumbing. ---- */

/* Like w2n_instantiate, with `prepare` (may be NULL) run after the instance
 * and its memories, tables and globals exist and before the generated init
 * and the start function, so a start function can already use WASI. A
 * non-zero return of prepare fails instantiation with -1. */
int w2n_instantiate_ex(const w2n_module *m, w2n_resolver resolve, void *user,
                       int (*prepare)(void *arg, w2n_instance *inst),
                       void *prepare_arg, w2n_instance **out, char *err,
                       size_t errlen);

/* Runs fn(arg) on the Wasm stack (switching only at the outermost level)
 * under a trap recovery point. Returns W2N_TRAP_NONE or the trap code.
 * `ctx` is the instance entered, for messages about faults. */
uint32_t w2n_run(w2n_instance *ctx, void (*fn)(void *arg), void *arg);

/* Raises W2N_TRAP_CAPABILITY for lack of `capability` (a static string, as
 * --cap spells it), which the trap report names. */
__attribute__((noreturn)) void w2n_raise_capability(w2n_instance *ctx,
                                                    const char *capability);

/* The name messages from the program start with: its argv[0]'s basename,
 * as a command-line tool names itself (not the compiler that built it).
 * In an embedding program, that program's name. */
const char *w2n_program_name(void);

/* Ends the pending exception that left the Wasm code entered with `ctx`:
 * records it as the trap W2N_TRAP_UNCAUGHT_EXCEPTION (naming its tag where
 * known) and returns that code (exception.c). */
uint32_t w2n_take_uncaught(w2n_instance *ctx);
/* Like w2n_take_uncaught, then unwinds as a trap of `ctx` would (trap.c). */
__attribute__((noreturn)) void w2n_trap_uncaught(w2n_instance *ctx);
/* Records an uncaught exception of the tag named `tag_name` (or NULL) as
 * the last trap, for w2n_report_trap (trap.c). */
void w2n_record_uncaught(w2n_instance *ctx, const char *tag_name);

/* The process exit status for how a run ended: 0, the proc_exit status, 1
 * after reporting a proc_exit status of 126 or more, or 134 after reporting
 * the trap. */
int w2n_exit_status_for(uint32_t code);

/* The chain of active recovery points, innermost first (call.c). A trap
 * stores its code in w2n_unwind_code and siglongjmps to env with 1. */
struct w2n_recovery {
  sigjmp_buf env;
  struct w2n_recovery *prev;
  w2n_instance *ctx;
};
extern _Thread_local struct w2n_recovery *w2n_recovery_top;
extern _Thread_local uint32_t w2n_unwind_code;

/* Records the trap about to be delivered (for w2n_report_trap), then unwinds
 * to the innermost recovery point, or reports and exits with 134 when there
 * is none. `pc` is an address inside the trapping generated code, or NULL. */
__attribute__((noreturn)) void w2n_trap_at(w2n_instance *ctx, uint32_t code,
                                           const void *pc);

/* The instance the last trap, of code `code`, was raised in, or NULL. */
w2n_instance *w2n_trap_instance(uint32_t code);

/* The pc a runtime helper called by generated code attributes its trap to:
 * the return address minus one lies inside the call instruction, hence in
 * the caller even when the call is the caller's last instruction. */
#define W2N_CALLER_PC() ((const char *)__builtin_return_address(0) - 1)

/* Entry point of defined function i (counted among defined functions) and
 * name of function index f (NULL where unknown), whichever form the
 * descriptor has them in (absolute, or relative for position-independent
 * output). */
static inline void *w2n_module_func_code(const w2n_module *m, uint32_t i) {
  if (m->func_code_rel)
    return (void *)((const char *)m->func_code_rel + m->func_code_rel[i]);
  return m->func_code[i];
}
static inline const char *w2n_module_func_name(const w2n_module *m,
                                               uint64_t f) {
  if (m->func_names_rel)
    return m->func_names_rel[f]
               ? (const char *)m->func_names_rel + m->func_names_rel[f]
               : NULL;
  return m->func_names ? m->func_names[f] : NULL;
}

/* Type table: invoke thunk registered for a canonical id, or NULL. */
void w2n_type_set_invoke(uint32_t id, w2n_invoke_fn invoke);
w2n_invoke_fn w2n_type_invoke(uint32_t id);

/* Wasm stack (stack.c): one per thread, mapped on its first call. A size
 * of 0 means the process default (the first non-zero w2n_stack_init). */
void w2n_stack_init(uint64_t stack_size);
/* Maps this thread's stack anew when it has fewer than `size` bytes; only
 * while no Wasm code runs on the thread. */
void w2n_stack_reserve(uint64_t size);
/* Identifies this thread's current stack (0: none yet); never reused. */
uint64_t w2n_stack_id(void);
/* The limit of this thread's whole stack, and the one that leaves an
 * instance `size` bytes below the stack's top. */
uintptr_t w2n_stack_limit(void);
uintptr_t w2n_stack_limit_for(uint64_t size);
int w2n_stack_guard_contains(uintptr_t addr);

/* Makes ctx's stack limit (and that of the instances whose functions it
 * imports) refer to this thread's stack, if it was computed for another
 * (instance.c): an instance may move between threads. */
void w2n_instance_enter(w2n_instance *ctx);
/* Bytes of Wasm stack the instance may use; 0: the process default. */
uint64_t w2n_instance_stack_size(const w2n_instance *ctx);
void w2n_instance_set_stack_size(w2n_instance *ctx, uint64_t size);
/* Calls fn(arg) with the stack pointer at `top`; returns fn's result. */
__attribute__((visibility("hidden"))) uint32_t
w2n_switch_stack(void *arg, uint32_t (*fn)(void *), void *top);
extern _Thread_local uint8_t *w2n_stack_top;

/* Memories (memory.c). `guard` selects guard-region mode (32-bit only). */
w2n_memory *w2n_memory_create(uint64_t min_pages, uint64_t max_pages,
                              int has_max, int is64, int guard);
void w2n_memory_set_owner(w2n_memory *mem, w2n_instance *owner);
/* The instance owning the guard-region reservation holding addr, in *owner
 * (may be NULL for standalone memories); 1 if addr is in any reservation. */
int w2n_guard_lookup(uintptr_t addr, w2n_instance **owner);
int w2n_default_guard(void);

/* Tables (table.c). */
#define W2N_TABLE_LIMIT (1u << 24) /* elements: implementation limit */

/* Fills the GLOBAL items of the instance's element segments, once, after
 * the generated init has evaluated globals (instance.c). */
void w2n_resolve_elem_globals(w2n_instance *ctx);

/* Backtraces (backtrace.c): up to max pcs of the current call chain,
 * innermost first; and the defined function of ctx's module whose code
 * holds pc, or -1 (known only for code with unwind tables, i.e. -g). */
unsigned w2n_backtrace(const void **pcs, unsigned max);
int64_t w2n_func_containing(const w2n_instance *ctx, const void *pc);

/* Interruption (interrupt.c): arms inst's deadline with `why` (a static
 * string naming the limit for the trap's text, or NULL), replacing any;
 * timeout 0 disarms. w2n_instance_free forgets the deadline. */
int w2n_deadline_set(w2n_instance *inst, uint64_t timeout_ns, const char *why);
void w2n_deadline_forget(w2n_instance *inst);
/* Why the next W2N_TRAP_INTERRUPTED of inst happens (instance.c); taken
 * (and cleared) by the trap. */
void w2n_set_interrupt_reason(w2n_instance *inst, const char *why);
const char *w2n_take_interrupt_reason(w2n_instance *inst);

/* Installs the SIGSEGV/SIGBUS handlers (once per process, keeping the
 * previous ones to pass other faults to) and gives this thread an
 * alternate signal stack (trap.c). */
void w2n_signals_init(void);
/* Frees the alternate stack w2n_signals_init mapped for this thread. */
void w2n_signals_thread_end(void);

#endif
