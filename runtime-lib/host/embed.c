/*===- host/embed.c - The embedding API (w2n/embed.h) ---------------------===*
 *
 * A thin layer over instantiation, WASI set-up and w2n_call: imports are
 * looked up in the embedder's host-function table, then WASI, then the
 * embedder's resolver; reactors get their `_initialize` run once.
 *===----------------------------------------------------------------------===*/
#include "w2n/embed.h"
#include "host/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int embed_resolve(void *user, w2n_instance *importer,
                         const w2n_import_desc *imp, w2n_extern *out) {
  const w2n_embed_options *o = user;
  if (imp->kind == W2N_EXTERN_FUNC) {
    for (uint32_t i = 0; i < o->num_imports; ++i) {
      const w2n_host_import *h = &o->imports[i];
      if (strcmp(h->module, imp->module) != 0 || strcmp(h->name, imp->name))
        continue;
      out->kind = W2N_EXTERN_FUNC;
      out->u.func = w2n_host_func(h->code, h->sig, importer);
      return out->u.func ? 0 : -1;
    }
  }
  if (strcmp(imp->module, "wasi_snapshot_preview1") == 0 &&
      w2n_wasi_resolve(NULL, importer, imp, out) == 0)
    return 0;
  return o->resolve ? o->resolve(o->resolve_user, importer, imp, out) : -1;
}

static int embed_setup_wasi(void *arg, w2n_instance *inst) {
  static const w2n_config none;
  const w2n_embed_options *o = arg;
  return w2n_wasi_setup(inst, o->wasi ? o->wasi : &none, o->argc, o->argv,
                        o->envp);
}

/* Describes a trap during instantiation or _initialize and drops the
 * instance, which the embedder never sees. */
static void trapped(w2n_instance *inst, uint32_t code, const char *what,
                    char *err, size_t errlen) {
  if (code == W2N_TRAP_EXIT)
    snprintf(err, errlen, "%s called proc_exit(%d)", what, w2n_exit_status());
  else
    snprintf(err, errlen, "%s trapped: %s", what, w2n_trap_message(code));
  if (inst)
    w2n_instance_free(inst);
}

w2n_instance *w2n_embed_new(const w2n_module *m, const w2n_embed_options *opts,
                            char *err, size_t errlen) {
  static const w2n_embed_options defaults;
  const w2n_embed_options *o = opts ? opts : &defaults;
  w2n_runtime_init(o->wasi ? o->wasi->stack_size : 0);
  w2n_instance *inst = NULL;
  int rc = w2n_instantiate_ex(m, embed_resolve, (void *)o, embed_setup_wasi,
                              (void *)o, &inst, err, errlen);
  if (rc < 0)
    return NULL;
  if (rc > 0) {
    trapped(inst, (uint32_t)rc, "instantiation", err, errlen);
    return NULL;
  }
  uint32_t code = w2n_call_export(inst, "_initialize");
  if (code != W2N_TRAP_NONE) {
    trapped(inst, code, "_initialize", err, errlen);
    return NULL;
  }
  return inst;
}

void w2n_embed_free(w2n_instance *inst) {
  if (inst)
    w2n_instance_free(inst);
}

w2n_func *w2n_embed_func(w2n_instance *inst, const char *name) {
  w2n_extern ex;
  if (w2n_instance_export(inst, name, &ex) != 0 || ex.kind != W2N_EXTERN_FUNC)
    return NULL;
  return ex.u.func;
}

const char *w2n_embed_func_sig(w2n_instance *inst, const char *name) {
  const w2n_module *m = inst->module;
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const w2n_export_desc *e = &m->exports[i];
    if (e->kind == W2N_EXTERN_FUNC && strcmp(e->name, name) == 0)
      return m->types[m->func_types[e->index]].sig;
  }
  return NULL;
}

uint32_t w2n_embed_call(w2n_instance *inst, const char *name, w2n_val *args) {
  w2n_func *f = w2n_embed_func(inst, name);
  return f ? w2n_call(f, args) : W2N_TRAP_NO_EXPORT;
}

uint8_t *w2n_embed_memory(w2n_instance *inst, uint64_t *size) {
  w2n_memory *mem = inst->mem0;
  if (size)
    *size = mem ? mem->size : 0;
  return mem ? mem->base : NULL;
}

const char *w2n_embed_trap_message(uint32_t code) {
  if (code == W2N_TRAP_EXIT)
    return "proc_exit";
  if (code == W2N_TRAP_NO_EXPORT)
    return "no such exported function";
  return w2n_trap_message(code);
}

uint32_t w2n_embed_trap_out(uint32_t code, uint32_t *trap) {
  if (trap) {
    *trap = code;
    return code;
  }
  if (code == W2N_TRAP_NONE)
    return code;
  if (code == W2N_TRAP_NO_EXPORT) {
    fprintf(stderr, "wasm trap: %s\n", w2n_embed_trap_message(code));
    exit(134);
  }
  exit(w2n_exit_status_for(code));
}
