/*===- core/call.c - Entering Wasm code with trap recovery ---------------===*
 *
 * The outermost entry switches to the Wasm stack; nested entries (a host
 * function calling back into Wasm) stay on it. Each entry pushes a recovery
 * point in a frame on the Wasm stack, so a trap's siglongjmp never crosses
 * stacks: it lands in run_protected, which returns normally to the switch.
 * The chain of recovery points and the Wasm stack belong to the thread, so
 * threads enter and leave Wasm code independently.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

_Thread_local struct w2n_recovery *w2n_recovery_top;
_Thread_local uint32_t w2n_unwind_code;

static _Thread_local int on_wasm_stack;

struct run {
  void (*fn)(void *);
  void *arg;
  w2n_instance *ctx;
};

static uint32_t run_protected(void *p) {
  struct run *r = p;
  struct w2n_recovery rec;
  rec.prev = w2n_recovery_top;
  rec.ctx = r->ctx;
  if (sigsetjmp(rec.env, 0) == 0) {
    w2n_recovery_top = &rec;
    r->fn(r->arg);
    w2n_recovery_top = rec.prev;
    /* An exception never leaves the Wasm code it was thrown in: not to the
     * embedder, not through a host function that called back in. */
    if (w2n_exn_pending)
      return w2n_take_uncaught(r->ctx);
    return W2N_TRAP_NONE;
  }
  w2n_recovery_top = rec.prev;
  return w2n_unwind_code;
}

/* Inlined into w2n_call, so a trap's backtrace holds one frame less per
 * entry and reaches as many Wasm callers as before. */
__attribute__((always_inline)) static inline uint32_t
run(w2n_instance *ctx, void (*fn)(void *), void *arg) {
  struct run r = {fn, arg, ctx};
  if (on_wasm_stack) {
    w2n_instance_enter(ctx);
    return run_protected(&r);
  }
  w2n_runtime_init(0);
  w2n_stack_reserve(w2n_instance_stack_size(ctx));
  w2n_instance_enter(ctx);
  on_wasm_stack = 1;
  uint32_t code = w2n_switch_stack(&r, run_protected, w2n_stack_top);
  on_wasm_stack = 0;
  return code;
}

uint32_t w2n_run(w2n_instance *ctx, void (*fn)(void *), void *arg) {
  return run(ctx, fn, arg);
}

struct call {
  w2n_invoke_fn invoke;
  w2n_func *f;
  w2n_val *args;
};

static void call_invoke(void *p) {
  struct call *c = p;
  c->invoke(c->f->code, c->f->ctx, c->args);
}

uint32_t w2n_call(w2n_func *f, w2n_val *args) {
  if (!f)
    return W2N_TRAP_NULL_FUNC;
  struct call c = {w2n_type_invoke(f->type_id), f, args};
  if (!c.invoke)
    return W2N_TRAP_HOST; /* no module declared this signature */
  /* A bound host function's ctx is its block, which starts with its owner. */
  w2n_instance *ctx =
      f->index == W2N_FUNC_BOUND ? *(w2n_instance **)f->ctx : f->ctx;
  return run(ctx, call_invoke, &c);
}

void w2n_runtime_init(uint64_t stack_size) {
  w2n_signals_init();
  w2n_stack_init(stack_size);
}
