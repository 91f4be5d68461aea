/*===- core/backtrace.c - Wasm callers of a trap ---------------------------===*
 *
 * With -g the compiler gives generated functions unwind tables, so the
 * unwinder of libgcc_eh can walk from a trap (also through the fault signal
 * frame) into the Wasm callers. A frame belongs to a module function when
 * the start of its enclosing function, from its FDE, is that function's
 * code address. Without -g generated code has no unwind tables: the walk
 * ends at the first generated frame and only the trapping function is known.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <unwind.h>

struct walk {
  const void **pcs;
  unsigned n, max;
};

static _Unwind_Reason_Code step(struct _Unwind_Context *c, void *arg) {
  struct walk *w = arg;
  int before = 0;
  uintptr_t ip = _Unwind_GetIPInfo(c, &before);
  if (!ip || w->n == w->max)
    return _URC_END_OF_STACK;
  /* A return address points after the call: step back into it. */
  w->pcs[w->n++] = (const void *)(before ? ip : ip - 1);
  return _URC_NO_REASON;
}

unsigned w2n_backtrace(const void **pcs, unsigned max) {
  struct walk w = {pcs, 0, max};
  _Unwind_Backtrace(step, &w);
  return w.n;
}

int64_t w2n_func_containing(const w2n_instance *ctx, const void *pc) {
  if (!ctx || !ctx->module)
    return -1;
  void *start = _Unwind_FindEnclosingFunction((void *)pc);
  if (!start)
    return -1;
  const w2n_module *m = ctx->module;
  uint32_t defined = m->num_funcs - m->num_imported_funcs;
  for (uint32_t i = 0; i < defined; i++)
    if (w2n_module_func_code(m, i) == start)
      return (int64_t)i + m->num_imported_funcs;
  return -1;
}
