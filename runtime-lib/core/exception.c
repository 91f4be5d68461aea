/*===- core/exception.c - Exception objects and the pending exception ----===*
 *
 * Generated code propagates a thrown exception by returning with
 * w2n_exn_pending set (docs/design.md, "How unwinding works"); each call
 * that may throw is followed by a test of it. An exception object is a
 * header (its tag's identity) followed by the payload, one 16-byte cell per
 * value, so generated code reads and writes payloads without calls.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <stdlib.h>

_Thread_local void *w2n_exn_pending;

void *w2n_exn_new(const w2n_tag *tag, uint32_t num_values) {
  w2n_exn *e =
      aligned_alloc(16, sizeof(w2n_exn) + (size_t)num_values * sizeof(w2n_val));
  if (!e) {
    /* Like a stack overflow: the program asked for more than there is. */
    w2n_trap(NULL, W2N_TRAP_STACK_EXHAUSTED);
  }
  e->tag = tag;
  e->escaped = 0;
  return e;
}

void w2n_exn_free(void *exn) {
  if (!((w2n_exn *)exn)->escaped)
    free(exn);
}

uint32_t w2n_take_uncaught(w2n_instance *ctx) {
  w2n_exn *e = w2n_exn_pending;
  w2n_exn_pending = NULL;
  w2n_record_uncaught(ctx, e->tag ? e->tag->name : NULL);
  w2n_exn_free(e);
  return W2N_TRAP_UNCAUGHT_EXCEPTION;
}
