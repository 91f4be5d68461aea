/*===- host/call_export.c - Running _initialize and _start ----------------===*
 *
 * Every start-up (an executable's main, a nanoprocess binary's, an
 * embedder's w2n_embed_new) runs the same optional exports the same way:
 * with no arguments, a missing export being no error.
 *===----------------------------------------------------------------------===*/
#include "host/host.h"

#include <string.h>

uint32_t w2n_call_export(w2n_instance *inst, const char *name) {
  w2n_extern ex;
  if (w2n_instance_export(inst, name, &ex) != 0 || ex.kind != W2N_EXTERN_FUNC)
    return W2N_TRAP_NONE;
  w2n_val args[16];
  memset(args, 0, sizeof args);
  return w2n_call(ex.u.func, args);
}
