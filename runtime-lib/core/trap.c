/*===- core/trap.c - Trap delivery, messages and fault signals -----------===*
 *
 * A trap unwinds to the innermost recovery point (w2n_run); with none, it is
 * reported on stderr and the process exits with status 134. Faults in a
 * guard region or in the Wasm stack's guard zone become traps; any other
 * fault goes to the handler installed before the runtime's, or takes the
 * default action, so a host's own handler keeps working and runtime bugs
 * stay crashes. Everything a trap records is per thread: threads trap and
 * recover independently.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define W2N_TRAP_STATUS 134
#define W2N_ALTSTACK_SIZE (256u << 10)

/* What this thread's last trap was and where, for w2n_report_trap. */
static _Thread_local struct {
  uint32_t code;
  w2n_instance *ctx;
  const void *pc;
  int has_detail;
  uint64_t detail;
  const char *capability; /* W2N_TRAP_CAPABILITY: the one missing, if known */
  unsigned depth; /* pcs of the call chain at the trap, innermost first */
  const void *pcs[32];
  char host_text[256];  /* w2n_raise_host's "host function 'f': message" */
  const char *tag_name; /* W2N_TRAP_UNCAUGHT_EXCEPTION: the tag, or NULL */
} last_trap;

static _Thread_local int exit_status;

const char *w2n_trap_message(uint32_t code) {
  switch (code) {
  case W2N_TRAP_NONE:
    return "no trap";
  case W2N_TRAP_UNREACHABLE:
    return "unreachable";
  case W2N_TRAP_OOB_MEMORY:
  case W2N_TRAP_OOB_DATA:
    return "out of bounds memory access";
  case W2N_TRAP_DIV_ZERO:
    return "integer divide by zero";
  case W2N_TRAP_INT_OVERFLOW:
    return "integer overflow";
  case W2N_TRAP_INVALID_CONV:
    return "invalid conversion to integer";
  case W2N_TRAP_INDIRECT_TYPE:
    return "indirect call type mismatch";
  case W2N_TRAP_UNDEFINED_ELEM:
    return "undefined element";
  case W2N_TRAP_UNINIT_ELEM:
    return "uninitialized element";
  case W2N_TRAP_STACK_EXHAUSTED:
    return "call stack exhausted";
  case W2N_TRAP_OOB_TABLE:
    return "out of bounds table access";
  case W2N_TRAP_NULL_FUNC:
    return "null function reference";
  case W2N_TRAP_CAPABILITY:
    return "capability not granted";
  case W2N_TRAP_HOST:
    return "host function trapped";
  case W2N_TRAP_UNCAUGHT_EXCEPTION:
    return "uncaught exception";
  case W2N_TRAP_NULL_EXNREF:
    return "null exception reference";
  case W2N_TRAP_INTERRUPTED:
    return "interrupted";
  case W2N_TRAP_EXIT:
    return "exit";
  case W2N_TRAP_BAD_EXIT:
    return "exit with invalid exit status outside of [0..126)";
  }
  return "unknown trap";
}

int w2n_exit_status(void) { return exit_status; }

w2n_instance *w2n_trap_instance(uint32_t code) {
  return last_trap.code == code ? last_trap.ctx : NULL;
}

const char *w2n_trap_text(uint32_t code) {
  static _Thread_local char text[96];
  const char *msg = w2n_trap_message(code);
  if (last_trap.code == code && last_trap.host_text[0])
    return last_trap.host_text;
  if (last_trap.code == code && last_trap.capability) {
    snprintf(text, sizeof text, "%s: %s", msg, last_trap.capability);
    return text;
  }
  if (last_trap.code == code && code == W2N_TRAP_UNCAUGHT_EXCEPTION &&
      last_trap.tag_name) {
    snprintf(text, sizeof text, "%s (tag '%.32s')", msg, last_trap.tag_name);
    return text;
  }
  if (last_trap.code != code || !last_trap.has_detail)
    return msg;
  snprintf(text, sizeof text, "%s %llu", msg,
           (unsigned long long)last_trap.detail);
  return text;
}

/* The defined function of ctx's module whose code starts closest below pc:
 * generated functions of one module are contiguous in its object. */
static int64_t func_at(const w2n_instance *ctx, const void *pc) {
  if (!ctx || !ctx->module || !pc)
    return -1;
  const w2n_module *m = ctx->module;
  uint32_t defined = m->num_funcs - m->num_imported_funcs;
  int64_t best = -1;
  uintptr_t best_addr = 0;
  for (uint32_t i = 0; i < defined; i++) {
    uintptr_t a = (uintptr_t)w2n_module_func_code(m, i);
    if (a <= (uintptr_t)pc && a >= best_addr) {
      best = (int64_t)i + m->num_imported_funcs;
      best_addr = a;
    }
  }
  return best;
}

static void print_caller(const w2n_module *m, int64_t f, unsigned times) {
  const char *name = w2n_module_func_name(m, (uint64_t)f);
  if (name)
    fprintf(stderr, "  called from '%s'", name);
  else
    fprintf(stderr, "  called from #%lld", (long long)f);
  if (times > 1)
    fprintf(stderr, " (%u frames)", times);
  fputc('\n', stderr);
}

/* "  called from 'name'" for each Wasm caller of the trapping function
 * `trapping`, as far as unwind tables (-g) reach, one line for a run of
 * frames of one function (recursion). The first frame in module code is
 * normally the trapping function itself, already reported. */
static void report_callers(w2n_instance *ctx, int64_t trapping) {
  int first = 1;
  int64_t run = -1;
  unsigned times = 0;
  for (unsigned i = 0; i < last_trap.depth; i++) {
    int64_t f = w2n_func_containing(ctx, last_trap.pcs[i]);
    if (f < 0)
      continue;
    int skip = first && f == trapping;
    first = 0;
    if (skip)
      continue;
    if (f == run) {
      times++;
      continue;
    }
    if (run >= 0)
      print_caller(ctx->module, run, times);
    run = f;
    times = 1;
  }
  if (run >= 0)
    print_caller(ctx->module, run, times);
}

void w2n_report_trap(uint32_t code) {
  fflush(NULL);
  w2n_instance *ctx = last_trap.code == code ? last_trap.ctx : NULL;
  const char *msg = w2n_trap_text(code);
  if (ctx && ctx->name)
    fprintf(stderr, "wasm trap in nanoprocess '%s': %s\n", ctx->name, msg);
  else
    fprintf(stderr, "wasm trap: %s\n", msg);
  int64_t f = func_at(ctx, last_trap.pc);
  if (f < 0)
    return;
  const char *name = w2n_module_func_name(ctx->module, (uint64_t)f);
  if (name)
    fprintf(stderr, "  in function '%s'\n", name);
  else
    fprintf(stderr, "  in function #%lld\n", (long long)f);
  report_callers(ctx, f);
}

__attribute__((noreturn)) static void unwind(uint32_t code) {
  if (code == W2N_TRAP_NONE)
    code = W2N_TRAP_HOST;
  if (w2n_recovery_top) {
    w2n_unwind_code = code;
    siglongjmp(w2n_recovery_top->env, 1);
  }
  fflush(NULL);
  _exit(w2n_exit_status_for(code));
}

/* Inlined so the backtrace it takes starts at the trapping frame's callee. */
__attribute__((always_inline)) static inline void
record(w2n_instance *ctx, uint32_t code, const void *pc) {
  last_trap.code = code;
  last_trap.ctx = ctx;
  last_trap.pc = pc;
  last_trap.has_detail = 0;
  last_trap.host_text[0] = 0;
  last_trap.capability = NULL;
  last_trap.depth = w2n_backtrace(last_trap.pcs, 32);
}

void w2n_record_uncaught(w2n_instance *ctx, const char *tag_name) {
  /* No pc: the exception reached the entry, not a trapping instruction. */
  record(ctx, W2N_TRAP_UNCAUGHT_EXCEPTION, NULL);
  last_trap.depth = 0;
  last_trap.tag_name = tag_name;
}

void w2n_trap_uncaught(w2n_instance *ctx) { unwind(w2n_take_uncaught(ctx)); }

void w2n_trap_at(w2n_instance *ctx, uint32_t code, const void *pc) {
  record(ctx, code, pc);
  unwind(code);
}

/* W2N_TRAP_INTERRUPTED: the request is cleared before unwinding, so the
 * instance's next call runs, and the reason a deadline gave is reported. */
__attribute__((noreturn, noinline)) static void
trap_interrupted(w2n_instance *ctx, const void *pc) {
  __atomic_store_n(&ctx->interrupt, 0, __ATOMIC_RELAXED);
  const char *why = w2n_take_interrupt_reason(ctx);
  record(ctx, W2N_TRAP_INTERRUPTED, pc);
  if (why)
    snprintf(last_trap.host_text, sizeof last_trap.host_text, "%s: %.200s",
             w2n_trap_message(W2N_TRAP_INTERRUPTED), why);
  unwind(W2N_TRAP_INTERRUPTED);
}

void w2n_trap(w2n_instance *ctx, uint32_t code) {
  if (code == W2N_TRAP_INTERRUPTED && ctx)
    trap_interrupted(ctx, W2N_CALLER_PC());
  w2n_trap_at(ctx, code, W2N_CALLER_PC());
}

__attribute__((noreturn)) static void trap_with_detail(w2n_instance *ctx,
                                                       uint32_t code,
                                                       const void *pc,
                                                       uint64_t detail) {
  record(ctx, code, pc);
  last_trap.has_detail = 1;
  last_trap.detail = detail;
  unwind(code);
}

void w2n_trap_detail(w2n_instance *ctx, uint32_t code, uint64_t detail) {
  trap_with_detail(ctx, code, W2N_CALLER_PC(), detail);
}

void w2n_trap_for_caller(w2n_instance *ctx, uint32_t code, int64_t detail,
                         const void *ret) {
  const void *pc = (const char *)ret - 1; /* in the caller's call */
  if (detail >= 0)
    trap_with_detail(ctx, code, pc, (uint64_t)detail);
  w2n_trap_at(ctx, code, pc);
}

void w2n_trap_stack(w2n_instance *ctx) {
  w2n_trap_at(ctx, W2N_TRAP_STACK_EXHAUSTED, W2N_CALLER_PC());
}

const char *w2n_program_name(void) {
  const char *name = program_invocation_short_name;
  return name && *name ? name : "wasm2native";
}

void w2n_raise_capability(w2n_instance *ctx, const char *capability) {
  record(ctx, W2N_TRAP_CAPABILITY, NULL);
  last_trap.capability = capability;
  unwind(W2N_TRAP_CAPABILITY);
}

void w2n_raise(w2n_instance *ctx, uint32_t code) {
  if (ctx)
    w2n_trap_at(ctx, code, NULL);
  unwind(code);
}

void w2n_raise_host(w2n_instance *ctx, const char *func, const char *msg) {
  record(ctx, W2N_TRAP_HOST, NULL);
  snprintf(last_trap.host_text, sizeof last_trap.host_text,
           "host function '%.100s': %.120s", func ? func : "?",
           msg ? msg : w2n_trap_message(W2N_TRAP_HOST));
  unwind(W2N_TRAP_HOST);
}

void w2n_exit(w2n_instance *ctx, int status) {
  exit_status = status;
  w2n_trap_at(ctx, (uint32_t)status < 126 ? W2N_TRAP_EXIT : W2N_TRAP_BAD_EXIT,
              NULL);
}

static const void *fault_pc(void *uc_) {
  ucontext_t *uc = uc_;
#if defined(__x86_64__)
  return (const void *)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  return (const void *)uc->uc_mcontext.pc;
#elif defined(__riscv)
  return (const void *)uc->uc_mcontext.__gregs[REG_PC];
#else
  (void)uc;
  return NULL;
#endif
}

/* The handlers that were installed before the runtime's, by signal. */
static struct sigaction previous_segv, previous_bus;

/* Gives a fault that is not a trap to the handler installed before ours;
 * with none, the default action happens. */
static void chain(int sig, siginfo_t *si, void *uc, int from_fault) {
  const struct sigaction *old = sig == SIGSEGV ? &previous_segv : &previous_bus;
  if (old->sa_flags & SA_SIGINFO) {
    old->sa_sigaction(sig, si, uc);
    return;
  }
  if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
    old->sa_handler(sig);
    return;
  }
  /* Returning re-executes the faulting instruction, which now takes the
   * default action (core dump) with the real state intact. A fault cannot
   * be ignored: SIG_IGN would re-execute it forever. */
  signal(sig, SIG_DFL);
  if (!from_fault)
    raise(sig);
}

/* Whether a handler was installed for sig before the runtime's. */
static int host_handles(int sig) {
  const struct sigaction *old = sig == SIGSEGV ? &previous_segv : &previous_bus;
  return (old->sa_flags & SA_SIGINFO) ||
         (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN);
}

static void on_fault(int sig, siginfo_t *si, void *uc) {
  int saved_errno = errno;
  uintptr_t addr = (uintptr_t)si->si_addr;
  int from_fault = si->si_code > 0; /* not sent by kill/raise */
  /* A fault outside any call into Wasm is the host's when it handles
   * faults; otherwise one in a guard region is still reported as an
   * uncaught trap (generated code called without w2n_call). */
  if (from_fault && (w2n_recovery_top || !host_handles(sig))) {
    w2n_instance *ctx = w2n_recovery_top ? w2n_recovery_top->ctx : NULL;
    w2n_instance *owner = NULL;
    uint32_t code = W2N_TRAP_NONE;
    if (w2n_guard_lookup(addr, &owner))
      code = W2N_TRAP_OOB_MEMORY;
    else if (w2n_stack_guard_contains(addr))
      code = W2N_TRAP_STACK_EXHAUSTED;
    if (code != W2N_TRAP_NONE) {
      /* The trap leaves the handler by siglongjmp, which keeps the signal
       * mask: a handler that was entered with the signal blocked (a
       * sanitizer's wrapper ignores SA_NODEFER) must unblock it first. */
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, sig);
      pthread_sigmask(SIG_UNBLOCK, &set, NULL);
      w2n_trap_at(code == W2N_TRAP_OOB_MEMORY && owner ? owner : ctx, code,
                  fault_pc(uc));
    }
  }
  chain(sig, si, uc, from_fault);
  errno = saved_errno;
}

static void install_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  /* SA_NODEFER: a trap siglongjmps out of the handler without restoring a
   * signal mask, so the signal must not be blocked while it runs. */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &previous_segv);
  sigaction(SIGBUS, &sa, &previous_bus);
}

/* Whether this thread has an alternate signal stack, where faults on a
 * full Wasm stack are handled (set up on its first call into Wasm), and
 * the one the runtime mapped for it, if it did. */
static _Thread_local int altstack_ready;
static _Thread_local void *altstack;

void w2n_signals_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, install_handlers);
  if (altstack_ready)
    return;
  altstack_ready = 1;
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = mmap(NULL, W2N_ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  ss.ss_size = W2N_ALTSTACK_SIZE;
  if (ss.ss_sp == MAP_FAILED)
    return;
  /* A host that gave this thread an alternate stack of its own keeps it. */
  stack_t old;
  if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE)) {
    munmap(ss.ss_sp, W2N_ALTSTACK_SIZE);
    return;
  }
  if (sigaltstack(&ss, NULL) == 0)
    altstack = ss.ss_sp;
  else
    munmap(ss.ss_sp, W2N_ALTSTACK_SIZE);
}

void w2n_signals_thread_end(void) {
  altstack_ready = 0;
  stack_t cur;
  if (!altstack || sigaltstack(NULL, &cur) != 0 || cur.ss_sp != altstack) {
    altstack = NULL;
    return;
  }
  stack_t off;
  memset(&off, 0, sizeof off);
  off.ss_flags = SS_DISABLE;
  sigaltstack(&off, NULL);
  munmap(altstack, W2N_ALTSTACK_SIZE);
  altstack = NULL;
}

int w2n_exit_status_for(uint32_t code) {
  if (code == W2N_TRAP_NONE)
    return 0;
  if (code == W2N_TRAP_EXIT)
    return w2n_exit_status();
  if (code == W2N_TRAP_BAD_EXIT) {
    /* Statuses from 126 up mean "not executable", "not found" and "killed
     * by a signal" to a shell, and 256 would read as success. */
    fflush(NULL);
    fprintf(stderr, "%s: error: proc_exit(%u): %s\n", w2n_program_name(),
            (unsigned)exit_status, w2n_trap_message(code));
    return 1;
  }
  w2n_report_trap(code);
  return W2N_TRAP_STATUS;
}
