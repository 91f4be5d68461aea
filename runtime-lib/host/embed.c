/*===- host/embed.c - The embedding API (w2n/embed.h) ---------------------===*
 *
 * A thin layer over instantiation, WASI set-up and w2n_call: imports are
 * looked up in the embedder's host-function table, then WASI, then the
 * embedder's resolver; reactors get their `_initialize` run once.
 *===----------------------------------------------------------------------===*/
#include "w2n/embed.h"
#include "host/host.h"
#include "w2n/host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct w2n_caller {
  w2n_instance *instance; /* first: w2n_host_func_bound sets it */
  void *data;
  const char *module, *name; /* the import's names, NUL-terminated */
};

/* What embed_resolve works with: the options, and a message describing a
 * failure better than the runtime's "unknown import". */
struct resolve_ctx {
  const w2n_embed_options *opts;
  char why[256];
};

static int name_is(const char *s, const char *name, uint32_t len) {
  return strlen(s) == len && memcmp(s, name, len) == 0;
}

static int imports_from(const w2n_import_desc *imp, const char *module,
                        const char *name) {
  return name_is(module, imp->module, imp->module_len) &&
         name_is(name, imp->name, imp->name_len);
}

/* Whether a host function's declared signature is the import's; if not,
 * says which was expected and which was given. */
static int sig_ok(struct resolve_ctx *rc, w2n_instance *importer,
                  const w2n_import_desc *imp, const char *given) {
  const char *want = importer->module->types[imp->index].sig;
  if (given && strcmp(want, given) == 0)
    return 1;
  snprintf(rc->why, sizeof rc->why,
           "incompatible import type \"%s\".\"%s\": the module expects a "
           "function of signature \"%s\", the host function has \"%s\"",
           imp->module, imp->name, want, given ? given : "(none)");
  return 0;
}

static int bind(w2n_instance *importer, const w2n_import_desc *imp, void *code,
                void *data, w2n_extern *out) {
  const char *sig = importer->module->types[imp->index].sig;
  w2n_func *f = w2n_host_func_bound(code, sig, importer, sizeof(w2n_caller));
  if (!f)
    return -1;
  w2n_caller *c = (w2n_caller *)f->ctx;
  c->data = data;
  c->module = imp->module;
  c->name = imp->name;
  out->kind = W2N_EXTERN_FUNC;
  out->u.func = f;
  return 0;
}

/* The code of an import nothing provides, under unknown_imports_trap. It
 * ignores its arguments and never returns, so one function serves every
 * signature. */
static void unknown_import(w2n_caller *caller) {
  w2n_embed_trap_raise(caller, "called an import that no host provides");
}

static int embed_resolve(void *user, w2n_instance *importer,
                         const w2n_import_desc *imp, w2n_extern *out) {
  struct resolve_ctx *rc = user;
  const w2n_embed_options *o = rc->opts;
  if (imp->kind == W2N_EXTERN_FUNC) {
    for (uint32_t i = 0; i < o->num_funcs; ++i) {
      const w2n_host_function *h = &o->funcs[i];
      if (!imports_from(imp, h->module, h->name))
        continue;
      if (!sig_ok(rc, importer, imp, h->sig))
        return -1;
      return bind(importer, imp, h->code, h->data, out);
    }
    for (uint32_t i = 0; i < o->num_imports; ++i) {
      const w2n_host_import *h = &o->imports[i];
      if (!imports_from(imp, h->module, h->name))
        continue;
      if (!sig_ok(rc, importer, imp, h->sig))
        return -1;
      out->kind = W2N_EXTERN_FUNC;
      out->u.func = w2n_host_func(h->code, h->sig, importer);
      return out->u.func ? 0 : -1;
    }
  }
  if (strcmp(imp->module, "wasi_snapshot_preview1") == 0 &&
      w2n_wasi_resolve(NULL, importer, imp, out) == 0)
    return 0;
  if (o->resolve && o->resolve(o->resolve_user, importer, imp, out) == 0)
    return 0;
  if (imp->kind == W2N_EXTERN_FUNC && o->unknown_imports_trap)
    return bind(importer, imp, (void *)unknown_import, NULL, out);
  return -1;
}

static int embed_setup_wasi(void *arg, w2n_instance *inst) {
  static const w2n_config none;
  const w2n_embed_options *o = arg;
  uint64_t stack = o->stack_size ? o->stack_size
                   : o->wasi     ? o->wasi->stack_size
                                 : 0;
  w2n_instance_set_stack_size(inst, stack);
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
  struct resolve_ctx ctx = {o, ""};
  int rc = w2n_instantiate_ex(m, embed_resolve, &ctx, embed_setup_wasi,
                              (void *)o, &inst, err, errlen);
  if (rc < 0) {
    if (ctx.why[0] && err && errlen)
      snprintf(err, errlen, "%s", ctx.why);
    return NULL;
  }
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

w2n_instance *w2n_caller_instance(w2n_caller *caller) {
  return caller->instance;
}

void *w2n_caller_data(w2n_caller *caller) { return caller->data; }

void w2n_embed_trap_raise(w2n_caller *caller, const char *fmt, ...) {
  char func[128], msg[200];
  snprintf(func, sizeof func, "%s.%s", caller->module, caller->name);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  w2n_raise_host(caller->instance, func, msg);
}

void *w2n_embed_range(w2n_instance *inst, uint64_t addr, uint64_t len) {
  return inst->mem0 ? w2n_mem_range(inst, 0, addr, len) : NULL;
}

int w2n_embed_read(w2n_instance *inst, uint64_t addr, void *dst, uint64_t len) {
  const void *src = w2n_embed_range(inst, addr, len);
  if (!src)
    return -1;
  memcpy(dst, src, len);
  return 0;
}

int w2n_embed_write(w2n_instance *inst, uint64_t addr, const void *src,
                    uint64_t len) {
  void *dst = w2n_embed_range(inst, addr, len);
  if (!dst)
    return -1;
  memcpy(dst, src, len);
  return 0;
}

const char *w2n_embed_string(w2n_instance *inst, uint64_t addr,
                             uint64_t max_len) {
  w2n_memory *mem = inst->mem0;
  if (!mem || addr >= mem->size)
    return NULL;
  uint64_t room = mem->size - addr; /* bytes from addr to the end */
  uint64_t n = max_len < room ? max_len + 1 : room;
  const char *s = (const char *)mem->base + addr;
  return memchr(s, 0, n) ? s : NULL;
}

int w2n_embed_export(w2n_instance *inst, const char *name, w2n_extern *out) {
  return w2n_instance_export(inst, name, out);
}

uint32_t w2n_embed_num_exports(const w2n_module *m) { return m->num_exports; }

int w2n_embed_export_info(const w2n_module *m, uint32_t i,
                          w2n_export_info *out) {
  /* Global types by their w2n_type_code, as signature letters. */
  static const struct {
    uint32_t code;
    const char *plain, *mut;
  } globals[] = {
      {W2N_TYPE_I32, "i", "mut i"},       {W2N_TYPE_I64, "I", "mut I"},
      {W2N_TYPE_F32, "f", "mut f"},       {W2N_TYPE_F64, "F", "mut F"},
      {W2N_TYPE_V128, "v", "mut v"},      {W2N_TYPE_FUNCREF, "r", "mut r"},
      {W2N_TYPE_EXTERNREF, "e", "mut e"},
  };
  if (i >= m->num_exports)
    return -1;
  const w2n_export_desc *e = &m->exports[i];
  out->name = e->name;
  out->name_len = e->name_len;
  out->kind = e->kind;
  out->type = "?";
  switch (e->kind) {
  case W2N_EXTERN_FUNC:
    out->type = m->types[m->func_types[e->index]].sig;
    break;
  case W2N_EXTERN_TABLE:
    out->type = "table";
    break;
  case W2N_EXTERN_MEMORY:
    out->type = "memory";
    break;
  case W2N_EXTERN_TAG:
    out->type = "tag";
    break;
  case W2N_EXTERN_GLOBAL:
    for (size_t k = 0; k < sizeof globals / sizeof globals[0]; ++k)
      if (globals[k].code == m->globals[e->index].type)
        out->type =
            m->globals[e->index].mut ? globals[k].mut : globals[k].plain;
    break;
  }
  return 0;
}
