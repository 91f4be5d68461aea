/*===- core/instance.c - Instantiation, exports, host functions ----------===*
 *
 * Follows the spec's order: resolve and type-check every import, allocate
 * the instance (functions, tables, memories, global cells, segments), then
 * run the generated init (globals, then active element and data segments)
 * and the start function, both under trap recovery.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(offsetof(w2n_instance, mem0_base) == 0, "abi.h layout");
_Static_assert(offsetof(w2n_instance, mem0) == 8, "abi.h layout");
_Static_assert(offsetof(w2n_instance, stack_limit) == 16, "abi.h layout");
_Static_assert(offsetof(w2n_instance, memories) == 24, "abi.h layout");
_Static_assert(offsetof(w2n_instance, tables) == 32, "abi.h layout");
_Static_assert(offsetof(w2n_instance, globals) == 40, "abi.h layout");
_Static_assert(offsetof(w2n_instance, funcs) == 48, "abi.h layout");
_Static_assert(offsetof(w2n_instance, type_ids) == 56, "abi.h layout");
_Static_assert(offsetof(w2n_instance, data_dropped) == 64, "abi.h layout");
_Static_assert(offsetof(w2n_instance, elem_items) == 72, "abi.h layout");
_Static_assert(offsetof(w2n_instance, elem_sizes) == 80, "abi.h layout");
_Static_assert(offsetof(w2n_instance, module) == 88, "abi.h layout");
_Static_assert(offsetof(w2n_instance, caps) == 96, "abi.h layout");
_Static_assert(offsetof(w2n_instance, host) == 104, "abi.h layout");
_Static_assert(offsetof(w2n_instance, name) == 112, "abi.h layout");
_Static_assert(offsetof(w2n_instance, tags) == 120, "abi.h layout");
_Static_assert(offsetof(w2n_instance, interrupt) == 128, "abi.h layout");
_Static_assert(sizeof(w2n_val) == 16, "global cells are 16 bytes");

/* A host function (or a copy of one bound to an importer), owned by the
 * instance it is bound to and freed with it. */
struct host_func {
  w2n_func f;
  struct host_func *next;
};

struct instance_rt {
  w2n_instance pub; /* first: ctx points here */
  uint32_t *type_ids;
  w2n_func *defined_funcs;
  uint8_t *global_area;
  w2n_tag *defined_tags; /* this instance's tag instances */
  struct host_func *host_funcs;
  void (*free_host)(void *);
  int elem_globals_done;
  uint64_t stack_size;       /* 0: the process default */
  uint64_t stack_id;         /* the stack ctx->stack_limit was computed for */
  const char *interrupt_why; /* atomic: w2n_set_interrupt_reason */
};

static struct instance_rt *rt(w2n_instance *inst) {
  return (struct instance_rt *)inst;
}

static void *zalloc(size_t n, size_t size) { return calloc(n ? n : 1, size); }

static int fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

w2n_func *w2n_host_func(void *code, const char *sig, w2n_instance *ctx) {
  struct host_func *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->f.code = code;
  h->f.ctx = ctx;
  h->f.type_id = w2n_intern_type(sig);
  h->f.index = UINT32_MAX;
  if (ctx) {
    h->next = rt(ctx)->host_funcs;
    rt(ctx)->host_funcs = h;
  }
  return &h->f;
}

w2n_func *w2n_host_func_bound(void *code, const char *sig, w2n_instance *owner,
                              size_t size) {
  /* The block follows the node, aligned as the node is (for pointers). */
  size_t node = (sizeof(struct host_func) + 15) & ~(size_t)15;
  if (size < sizeof(w2n_instance *))
    size = sizeof(w2n_instance *);
  struct host_func *h = calloc(1, node + size);
  if (!h)
    return NULL;
  void *block = (char *)h + node;
  *(w2n_instance **)block = owner;
  h->f.code = code;
  h->f.ctx = block;
  h->f.type_id = w2n_intern_type(sig);
  h->f.index = W2N_FUNC_BOUND;
  h->next = rt(owner)->host_funcs;
  rt(owner)->host_funcs = h;
  return &h->f;
}

/* An unbound host function imported by inst: a copy whose ctx is inst. */
static w2n_func *bind_host_func(w2n_instance *inst, const w2n_func *f) {
  struct host_func *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->f = *f;
  h->f.ctx = inst;
  h->next = rt(inst)->host_funcs;
  rt(inst)->host_funcs = h;
  return &h->f;
}

uint64_t w2n_instance_stack_size(const w2n_instance *ctx) {
  return ((const struct instance_rt *)ctx)->stack_size;
}

void w2n_instance_set_stack_size(w2n_instance *ctx, uint64_t size) {
  rt(ctx)->stack_size = size;
  rt(ctx)->stack_id = 0; /* recomputed on the next entry */
}

void w2n_instance_enter(w2n_instance *ctx) {
  struct instance_rt *r = rt(ctx);
  uint64_t id = w2n_stack_id();
  if (r->stack_id == id)
    return;
  r->stack_id = id;
  ctx->stack_limit = w2n_stack_limit_for(r->stack_size);
  /* Wasm functions of other instances that ctx imports run on this thread
   * too, checking their own instance's limit. */
  for (uint32_t i = 0; i < ctx->module->num_imported_funcs; i++) {
    w2n_func *f = ctx->funcs[i];
    if (f && f->index < W2N_FUNC_BOUND && f->ctx && f->ctx != ctx)
      w2n_instance_enter(f->ctx);
  }
}

void w2n_set_interrupt_reason(w2n_instance *inst, const char *why) {
  __atomic_store_n(&rt(inst)->interrupt_why, why, __ATOMIC_RELAXED);
}

const char *w2n_take_interrupt_reason(w2n_instance *inst) {
  return __atomic_exchange_n(&rt(inst)->interrupt_why, NULL, __ATOMIC_RELAXED);
}

void w2n_set_host(w2n_instance *ctx, void *host, void (*free_host)(void *)) {
  ctx->host = host;
  rt(ctx)->free_host = free_host;
}

/* Limits subtyping: the provided object's current size is at least the
 * declared minimum, and a declared maximum bounds the provided one. */
static int limits_match(uint64_t size, int has_max, uint64_t max,
                        const w2n_limits_desc *want) {
  if (size < want->min)
    return 0;
  return !want->has_max || (has_max && max <= want->max);
}

static int import_matches(const w2n_module *m, w2n_instance *inst,
                          const w2n_import_desc *imp, const w2n_extern *ex) {
  if (ex->kind != imp->kind)
    return 0;
  switch (imp->kind) {
  case W2N_EXTERN_FUNC:
    return ex->u.func && ex->u.func->type_id == inst->type_ids[imp->index];
  case W2N_EXTERN_TABLE: {
    const w2n_table *t = ex->u.table;
    return t && t->elem_type == imp->limits.elem_type &&
           t->is64 == imp->limits.is64 &&
           limits_match(t->size, (int)t->has_max, t->max, &imp->limits);
  }
  case W2N_EXTERN_MEMORY: {
    const w2n_memory *mem = ex->u.memory;
    if (!mem || mem->is64 != imp->limits.is64 ||
        mem->shared != imp->limits.shared)
      return 0;
    /* Code compiled without bounds checks is only safe on a guard region. */
    if (m->bounds_checks == 0 && !mem->is64 && !mem->guard)
      return 0;
    return limits_match(mem->size / W2N_PAGE_SIZE, (int)mem->has_max,
                        mem->max_pages, &imp->limits);
  }
  case W2N_EXTERN_GLOBAL:
    return ex->u.global.cell && ex->u.global.type == imp->index &&
           ex->u.global.mut == imp->mut;
  case W2N_EXTERN_TAG:
    /* Tag types match exactly: payloads travel without conversion. */
    return ex->u.tag && ex->u.tag->type_id == inst->type_ids[imp->index];
  }
  return 0;
}

/* Resolves and checks the imports in binary order; the first failure is
 * the one reported, as in the spec. */
static int link_imports(const w2n_module *m, w2n_instance *inst,
                        w2n_resolver resolve, void *user, char *err,
                        size_t errlen) {
  uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
  for (uint32_t i = 0; i < m->num_imports; i++) {
    const w2n_import_desc *imp = &m->imports[i];
    w2n_extern ex;
    memset(&ex, 0, sizeof ex);
    if (!resolve || resolve(user, inst, imp, &ex) != 0)
      return fail(err, errlen, "unknown import \"%.*s\".\"%.*s\"",
                  (int)imp->module_len, imp->module, (int)imp->name_len,
                  imp->name);
    if (!import_matches(m, inst, imp, &ex))
      return fail(err, errlen, "incompatible import type \"%.*s\".\"%.*s\"",
                  (int)imp->module_len, imp->module, (int)imp->name_len,
                  imp->name);
    switch (imp->kind) {
    case W2N_EXTERN_FUNC: {
      w2n_func *f = ex.u.func;
      if (!f->ctx && !(f = bind_host_func(inst, f)))
        return fail(err, errlen, "out of memory");
      inst->funcs[nf++] = f;
      break;
    }
    case W2N_EXTERN_TABLE:
      inst->tables[nt++] = ex.u.table;
      break;
    case W2N_EXTERN_MEMORY:
      inst->memories[nm++] = ex.u.memory;
      break;
    case W2N_EXTERN_GLOBAL:
      inst->globals[ng++] = ex.u.global.cell;
      break;
    case W2N_EXTERN_TAG:
      inst->tags[ntag++] = ex.u.tag;
      break;
    }
  }
  if (nf != m->num_imported_funcs || nt != m->num_imported_tables ||
      nm != m->num_imported_memories || ng != m->num_imported_globals ||
      ntag != m->num_imported_tags)
    return fail(err, errlen, "malformed module descriptor: import counts");
  return 0;
}

/* Everything defined by the module itself. */
static int allocate(const w2n_module *m, w2n_instance *inst, char *err,
                    size_t errlen) {
  struct instance_rt *r = rt(inst);
  for (uint32_t i = m->num_imported_funcs; i < m->num_funcs; i++) {
    w2n_func *f = &r->defined_funcs[i - m->num_imported_funcs];
    f->code = w2n_module_func_code(m, i - m->num_imported_funcs);
    f->ctx = inst;
    f->type_id = inst->type_ids[m->func_types[i]];
    f->index = i;
    inst->funcs[i] = f;
  }
  for (uint32_t i = m->num_imported_tables; i < m->num_tables; i++) {
    const w2n_limits_desc *d = &m->tables[i - m->num_imported_tables];
    inst->tables[i] = w2n_table_new(d->elem_type, d->min, d->max, d->has_max);
    if (!inst->tables[i])
      return fail(err, errlen, "cannot allocate table %u (%llu elements)", i,
                  (unsigned long long)d->min);
    inst->tables[i]->is64 = d->is64;
  }
  for (uint32_t i = m->num_imported_memories; i < m->num_memories; i++) {
    const w2n_limits_desc *d = &m->memories[i - m->num_imported_memories];
    w2n_memory *mem = w2n_memory_create(d->min, d->max, d->has_max, d->is64,
                                        m->bounds_checks == 0);
    if (!mem)
      return fail(err, errlen,
                  m->bounds_checks == 0 && !d->is64
                      ? "cannot reserve 8 GiB of address space for memory %u "
                        "(%llu pages) with guard regions: compile with "
                        "--bounds-checks=software"
                      : "cannot allocate memory %u (%llu pages)",
                  i, (unsigned long long)d->min);
    mem->shared = d->shared;
    w2n_memory_set_owner(mem, inst);
    inst->memories[i] = mem;
  }
  for (uint32_t i = m->num_imported_globals; i < m->num_globals; i++)
    inst->globals[i] = r->global_area + m->globals[i].offset;
  for (uint32_t i = m->num_imported_tags; i < m->num_tags; i++) {
    w2n_tag *t = &r->defined_tags[i - m->num_imported_tags];
    t->name = m->tags[i].name;
    t->type_id = inst->type_ids[m->tags[i].type];
    inst->tags[i] = t;
  }
  if (m->num_memories) {
    inst->mem0 = inst->memories[0];
    inst->mem0_base = inst->mem0->base;
  }
  for (uint32_t s = 0; s < m->num_elems; s++) {
    const w2n_elem_desc *e = &m->elems[s];
    inst->elem_items[s] = zalloc(e->count, sizeof(void *));
    if (!inst->elem_items[s])
      return fail(err, errlen, "out of memory");
    for (uint32_t j = 0; j < e->count; j++)
      if (e->items[j].kind == W2N_ELEM_FUNC)
        inst->elem_items[s][j] = inst->funcs[e->items[j].value];
    inst->elem_sizes[s] = e->count;
  }
  return 0;
}

void w2n_resolve_elem_globals(w2n_instance *ctx) {
  struct instance_rt *r = rt(ctx);
  if (r->elem_globals_done)
    return;
  r->elem_globals_done = 1;
  const w2n_module *m = ctx->module;
  for (uint32_t s = 0; s < m->num_elems; s++)
    for (uint32_t j = 0; j < m->elems[s].count; j++) {
      const w2n_elem_item *it = &m->elems[s].items[j];
      if (it->kind == W2N_ELEM_GLOBAL)
        ctx->elem_items[s][j] = ((w2n_val *)ctx->globals[it->value])->ref;
    }
}

static w2n_instance *instance_new(const w2n_module *m) {
  struct instance_rt *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  w2n_instance *inst = &r->pub;
  inst->module = m;
  inst->stack_limit = w2n_stack_limit();
  r->stack_id = w2n_stack_id();
  inst->memories = zalloc(m->num_memories, sizeof *inst->memories);
  inst->tables = zalloc(m->num_tables, sizeof *inst->tables);
  inst->globals = zalloc(m->num_globals, sizeof *inst->globals);
  inst->funcs = zalloc(m->num_funcs, sizeof *inst->funcs);
  inst->data_dropped = zalloc(m->num_datas, 1);
  inst->elem_items = zalloc(m->num_elems, sizeof *inst->elem_items);
  inst->elem_sizes = zalloc(m->num_elems, sizeof *inst->elem_sizes);
  r->type_ids = zalloc(m->num_types, sizeof *r->type_ids);
  r->defined_funcs =
      zalloc(m->num_funcs - m->num_imported_funcs, sizeof *r->defined_funcs);
  r->global_area = aligned_alloc(16, (m->globals_size + 16) & ~15u);
  inst->tags = zalloc(m->num_tags, sizeof *inst->tags);
  r->defined_tags =
      zalloc(m->num_tags - m->num_imported_tags, sizeof *r->defined_tags);
  inst->type_ids = r->type_ids;
  if (!inst->memories || !inst->tables || !inst->globals || !inst->funcs ||
      !inst->data_dropped || !inst->elem_items || !inst->elem_sizes ||
      !r->type_ids || !r->defined_funcs || !r->global_area || !inst->tags ||
      !r->defined_tags) {
    w2n_instance_free(inst);
    return NULL;
  }
  memset(r->global_area, 0, m->globals_size);
  for (uint32_t i = 0; i < m->num_types; i++) {
    r->type_ids[i] = w2n_intern_type(m->types[i].sig);
    w2n_type_set_invoke(r->type_ids[i], m->types[i].invoke);
  }
  return inst;
}

void w2n_instance_free(w2n_instance *inst) {
  if (!inst)
    return;
  struct instance_rt *r = rt(inst);
  const w2n_module *m = inst->module;
  w2n_deadline_forget(inst);
  if (r->free_host)
    r->free_host(inst->host);
  for (uint32_t i = m->num_imported_memories; i < m->num_memories; i++)
    if (inst->memories)
      w2n_memory_free(inst->memories[i]);
  for (uint32_t i = m->num_imported_tables; i < m->num_tables; i++)
    if (inst->tables)
      w2n_table_free(inst->tables[i]);
  for (uint32_t s = 0; s < m->num_elems; s++)
    if (inst->elem_items)
      free(inst->elem_items[s]);
  while (r->host_funcs) {
    struct host_func *h = r->host_funcs;
    r->host_funcs = h->next;
    free(h);
  }
  free(inst->memories);
  free(inst->tables);
  free(inst->globals);
  free(inst->funcs);
  free(inst->data_dropped);
  free(inst->elem_items);
  free(inst->elem_sizes);
  free(r->type_ids);
  free(r->defined_funcs);
  free(r->global_area);
  free(inst->tags);
  free(r->defined_tags);
  free(r);
}

static void run_init(void *p) {
  w2n_instance *inst = p;
  inst->module->init(inst);
}

static void run_start(void *p) {
  w2n_func *f = p;
  ((void (*)(w2n_instance *))f->code)(f->ctx);
}

int w2n_instantiate_ex(const w2n_module *m, w2n_resolver resolve, void *user,
                       int (*prepare)(void *arg, w2n_instance *inst),
                       void *prepare_arg, w2n_instance **out, char *err,
                       size_t errlen) {
  *out = NULL;
  if (m->abi_version != W2N_ABI_VERSION)
    return fail(err, errlen, "module ABI version %u, runtime expects %u",
                m->abi_version, W2N_ABI_VERSION);
  w2n_runtime_init(0);
  w2n_instance *inst = instance_new(m);
  if (!inst)
    return fail(err, errlen, "out of memory");
  if (link_imports(m, inst, resolve, user, err, errlen) != 0 ||
      allocate(m, inst, err, errlen) != 0) {
    w2n_instance_free(inst);
    return -1;
  }
  if (prepare && prepare(prepare_arg, inst) != 0) {
    w2n_instance_free(inst);
    return fail(err, errlen, "instance set-up failed");
  }
  uint32_t code = m->init ? w2n_run(inst, run_init, inst) : W2N_TRAP_NONE;
  if (code != W2N_TRAP_NONE) {
    /* Segments applied before the failing one stay applied, and may have put
     * this instance's functions into imported tables: it must stay alive,
     * so it is deliberately not freed. */
    fail(err, errlen, "%s", w2n_trap_message(code));
    return (int)code;
  }
  w2n_resolve_elem_globals(inst);
  if (m->start >= 0)
    code = w2n_run(inst, run_start, inst->funcs[m->start]);
  *out = inst;
  if (code != W2N_TRAP_NONE)
    fail(err, errlen, "%s", w2n_trap_message(code));
  return (int)code;
}

int w2n_instantiate(const w2n_module *m, w2n_resolver resolve, void *user,
                    w2n_instance **out, char *err, size_t errlen) {
  return w2n_instantiate_ex(m, resolve, user, NULL, NULL, out, err, errlen);
}

int w2n_instance_export(w2n_instance *inst, const char *name, w2n_extern *out) {
  return w2n_instance_export_n(inst, name, strlen(name), out);
}

int w2n_instance_export_n(w2n_instance *inst, const char *name, size_t len,
                          w2n_extern *out) {
  const w2n_module *m = inst->module;
  for (uint32_t i = 0; i < m->num_exports; i++) {
    const w2n_export_desc *e = &m->exports[i];
    if (e->name_len != len || memcmp(e->name, name, len) != 0)
      continue;
    memset(out, 0, sizeof *out);
    out->kind = e->kind;
    switch (e->kind) {
    case W2N_EXTERN_FUNC:
      out->u.func = inst->funcs[e->index];
      break;
    case W2N_EXTERN_TABLE:
      out->u.table = inst->tables[e->index];
      break;
    case W2N_EXTERN_MEMORY:
      out->u.memory = inst->memories[e->index];
      break;
    case W2N_EXTERN_GLOBAL:
      out->u.global.cell = inst->globals[e->index];
      out->u.global.type = m->globals[e->index].type;
      out->u.global.mut = m->globals[e->index].mut;
      break;
    case W2N_EXTERN_TAG:
      out->u.tag = inst->tags[e->index];
      break;
    }
    return 0;
  }
  return -1;
}
