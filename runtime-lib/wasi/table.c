/*===- wasi/table.c - Import resolver for wasi_snapshot_preview1 -----------===*
 *
 * w2n/wasi_functions.def is the one list of the functions this runtime
 * provides, with the Wasm signature each must be imported with (abi.h's
 * signature text: i = i32, I = i64); the compiler reads the same list. An
 * import of an unknown name, or with any other signature, is
 * refused, so a module can never call a host function with arguments it
 * was not written for.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <string.h>

typedef struct wasi_import {
  const char *name;
  const char *sig;
  void *fn;
} wasi_import;

static const wasi_import imports[] = {
#define W2N_WASI_FN(name, sig) {#name, sig, (void *)w2n_wasi_##name},
#include "w2n/wasi_functions.def"
#undef W2N_WASI_FN
};

int w2n_wasi_resolve(void *user, w2n_instance *importer,
                     const w2n_import_desc *imp, w2n_extern *out) {
  if (!w2n_name_eq(imp->module, imp->module_len, "wasi_snapshot_preview1") ||
      imp->kind != W2N_EXTERN_FUNC)
    return 1;
  const w2n_module *m = importer ? importer->module : NULL;
  if (!m || imp->index >= m->num_types || !m->types[imp->index].sig)
    return 1;
  for (size_t i = 0; i < sizeof imports / sizeof imports[0]; ++i) {
    const wasi_import *f = &imports[i];
    if (!w2n_name_eq(imp->name, imp->name_len, f->name))
      continue;
    if (strcmp(f->sig, m->types[imp->index].sig) != 0)
      return 1;
    w2n_func *fn = w2n_host_func(f->fn, f->sig, importer);
    if (!fn)
      return 1;
    out->kind = W2N_EXTERN_FUNC;
    out->u.func = fn;
    return 0;
  }
  return 1;
}
