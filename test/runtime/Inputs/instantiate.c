/* Instantiation: import resolution and subtyping errors, the order of init
 * and start, element/data segments, host function binding, exports, and
 * what survives a trapping instantiation. */
#include "testmod.h"

static char order[256];
static void note(const char *what) {
  strcat(order, what);
  strcat(order, " ");
}

/* ---- Module A: the exporter. ---- */
static int32_t a_add1(w2n_instance *ctx, int32_t x) { return x + 1; }
static void a_init(w2n_instance *ctx) {
  ((w2n_val *)ctx->globals[0])->i32 = 42;
  ((w2n_val *)ctx->globals[1])->i32 = 7;
  ((w2n_val *)ctx->globals[2])->ref = ctx->funcs[0];
}
static const uint32_t a_func_types[] = {T_I_I};
static void *const a_code[] = {(void *)a_add1};
static const char *const a_names[] = {"add1"};
static const w2n_limits_desc a_tables[] = {{10, 20, 1, 0, 0, W2N_TYPE_FUNCREF}};
static const w2n_limits_desc a_mems[] = {{1, 2, 1, 0, 0, 0}};
static const w2n_global_desc a_globals[] = {
    {W2N_TYPE_I32, 0, 0}, {W2N_TYPE_I32, 1, 16}, {W2N_TYPE_FUNCREF, 0, 32}};
static const w2n_export_desc a_exports[] = {
    {"add1", W2N_EXTERN_FUNC, 0, 4},  {"mem", W2N_EXTERN_MEMORY, 0, 3},
    {"tab", W2N_EXTERN_TABLE, 0, 3},  {"g", W2N_EXTERN_GLOBAL, 0, 1},
    {"gm", W2N_EXTERN_GLOBAL, 1, 2},  {"gf", W2N_EXTERN_GLOBAL, 2, 2},
    {"g\0m", W2N_EXTERN_GLOBAL, 1, 3}, /* a Wasm name may hold NUL */
};

static w2n_module module_a(void) {
  w2n_module m = test_module("A");
  m.num_funcs = 1;
  m.func_types = a_func_types;
  m.func_code = a_code;
  m.func_names = a_names;
  m.num_tables = 1;
  m.tables = a_tables;
  m.num_memories = 1;
  m.memories = a_mems;
  m.num_globals = 3;
  m.globals = a_globals;
  m.globals_size = 48;
  m.num_exports = 7;
  m.exports = a_exports;
  m.init = a_init;
  return m;
}

/* Resolves "A" from the instance in `user` and "host"."log". */
static int32_t host_log(w2n_instance *ctx, int32_t x) {
  note(ctx && ctx->module->name ? ctx->module->name : "?");
  return x * 10;
}
static int resolve(void *user, w2n_instance *importer,
                   const w2n_import_desc *imp, w2n_extern *out) {
  if (strcmp(imp->module, "A") == 0)
    return w2n_instance_export_n(user, imp->name, imp->name_len, out);
  if (strcmp(imp->module, "host") == 0 && strcmp(imp->name, "log") == 0) {
    out->kind = W2N_EXTERN_FUNC;
    out->u.func = w2n_host_func((void *)host_log, "i:i", NULL);
    return 0;
  }
  return 1;
}

/* ---- Module B: imports everything from A, has segments and a start. ---- */
static int32_t call_i_i(w2n_func *f, int32_t x) {
  return ((int32_t(*)(w2n_instance *, int32_t))f->code)(f->ctx, x);
}
static int32_t b_f(w2n_instance *ctx, int32_t x) {
  return call_i_i(ctx->funcs[1], call_i_i(ctx->funcs[0], x));
}
static void b_tinit(w2n_instance *ctx) { w2n_table_init(ctx, 0, 1, 0, 0, 1); }
static void b_minit_dropped(w2n_instance *ctx) {
  w2n_memory_init(ctx, 0, 0, 0, 0, 0); /* n == 0 is fine after a drop */
  w2n_memory_init(ctx, 0, 0, 0, 0, 1);
}
static void b_start(w2n_instance *ctx) {
  note(((w2n_val *)ctx->globals[2])->i64 == 99 ? "start-after-init" : "start");
}
static void b_init(w2n_instance *ctx) {
  note(ctx->memories[0] && ctx->tables[0] && ctx->funcs[5] ? "init" : "init?");
  ((w2n_val *)ctx->globals[2])->i64 = 99;
  w2n_table_init(ctx, 0, 0, 2, 0, 3);
  w2n_elem_drop(ctx, 0);
  w2n_memory_init(ctx, 0, 0, 16, 0, 5);
  w2n_data_drop(ctx, 0);
}
static const w2n_import_desc b_imports[] = {
    {"A", "add1", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 1, 4},
    {"host", "log", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 4, 3},
    {"A", "mem", W2N_EXTERN_MEMORY, 0, 0, {1, 2, 1, 0, 0, 0}, 1, 3},
    {"A", "tab", W2N_EXTERN_TABLE, 0, 0, {10, 0, 0, 0, 0, W2N_TYPE_FUNCREF}, 1, 3},
    {"A", "g", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 0, {0}, 1, 1},
    {"A", "gf", W2N_EXTERN_GLOBAL, W2N_TYPE_FUNCREF, 0, {0}, 1, 2},
};
static const uint32_t b_func_types[] = {T_I_I, T_I_I, T_I_I, T_V_V, T_V_V, T_V_V};
static void *const b_code[] = {(void *)b_f, (void *)b_tinit,
                               (void *)b_minit_dropped, (void *)b_start};
static const w2n_global_desc b_globals[] = {
    {W2N_TYPE_I32, 0, 0}, {W2N_TYPE_FUNCREF, 0, 0}, {W2N_TYPE_I64, 1, 0}};
static const w2n_export_desc b_exports[] = {
    {"f", W2N_EXTERN_FUNC, 2, 1},
    {"tinit", W2N_EXTERN_FUNC, 3, 5},
    {"minit_dropped", W2N_EXTERN_FUNC, 4, 13},
};
static const w2n_elem_item b_seg0[] = {
    {W2N_ELEM_FUNC, 2}, {W2N_ELEM_NULL, 0}, {W2N_ELEM_GLOBAL, 1}};
static const w2n_elem_item b_seg1[] = {{W2N_ELEM_FUNC, 0}};
static const w2n_elem_desc b_elems[] = {{b_seg0, 3, W2N_TYPE_FUNCREF},
                                        {b_seg1, 1, W2N_TYPE_FUNCREF}};
static const w2n_data_desc b_datas[] = {{(const uint8_t *)"hello", 5},
                                        {(const uint8_t *)"xyz", 3}};

static w2n_module module_b(void) {
  w2n_module m = test_module("B");
  m.num_imports = 6;
  m.imports = b_imports;
  m.num_imported_funcs = 2;
  m.num_imported_tables = 1;
  m.num_imported_memories = 1;
  m.num_imported_globals = 2;
  m.num_funcs = 6;
  m.func_types = b_func_types;
  m.func_code = b_code;
  m.num_tables = 1;
  m.num_memories = 1;
  m.num_globals = 3;
  m.globals = b_globals;
  m.globals_size = 16;
  m.num_exports = 3;
  m.exports = b_exports;
  m.num_datas = 2;
  m.datas = b_datas;
  m.num_elems = 2;
  m.elems = b_elems;
  m.start = 5;
  m.init = b_init;
  return m;
}

/* Instantiates a module whose only import is `imp`; returns the error. */
static const char *link_one(w2n_instance *a, w2n_import_desc imp,
                            uint32_t bounds_checks) {
  static char err[256];
  static w2n_import_desc imps[2];
  imps[0] = imp;
  w2n_module m = test_module("one");
  m.num_imports = 1;
  m.imports = imps;
  m.bounds_checks = bounds_checks;
  switch (imp.kind) {
  case W2N_EXTERN_FUNC: m.num_imported_funcs = m.num_funcs = 1; break;
  case W2N_EXTERN_TABLE: m.num_imported_tables = m.num_tables = 1; break;
  case W2N_EXTERN_MEMORY: m.num_imported_memories = m.num_memories = 1; break;
  case W2N_EXTERN_GLOBAL: m.num_imported_globals = m.num_globals = 1; break;
  }
  static const w2n_global_desc gdesc[1] = {{0, 0, 0}};
  m.globals = gdesc;
  w2n_instance *inst;
  err[0] = 0;
  int rc = w2n_instantiate(&m, resolve, a, &inst, err, sizeof err);
  if (rc == 0) {
    w2n_instance_free(inst);
    return "ok";
  }
  CHECK(inst == NULL);
  return err;
}

static void test_import_errors(w2n_instance *a) {
#define LIM(min, max, has_max) {min, max, has_max, 0, 0, 0}
#define TLIM(min, max, has_max, et) {min, max, has_max, 0, 0, et}
  struct {
    w2n_import_desc imp;
    const char *want;
  } cases[] = {
      {{"A", "nope", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 1, 4}, "unknown import \"A\".\"nope\""},
      {{"Z", "add1", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 1, 4}, "unknown import \"Z\".\"add1\""},
      {{"A", "add1", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 1, 4}, "ok"},
      {{"A", "add1", W2N_EXTERN_FUNC, T_V_I, 0, {0}, 1, 4}, "incompatible import type \"A\".\"add1\""},
      {{"A", "add1", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 0, {0}, 1, 4}, "incompatible import type \"A\".\"add1\""},
      {{"A", "g", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 0, {0}, 1, 1}, "ok"},
      {{"A", "g", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 1, {0}, 1, 1}, "incompatible import type \"A\".\"g\""},
      {{"A", "g", W2N_EXTERN_GLOBAL, W2N_TYPE_I64, 0, {0}, 1, 1}, "incompatible import type \"A\".\"g\""},
      {{"A", "gm", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 1, {0}, 1, 2}, "ok"},
      {{"A", "gm", W2N_EXTERN_GLOBAL, W2N_TYPE_I32, 0, {0}, 1, 2}, "incompatible import type \"A\".\"gm\""},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, LIM(1, 0, 0), 1, 3}, "ok"},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, LIM(0, 2, 1), 1, 3}, "ok"},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, LIM(1, 3, 1), 1, 3}, "ok"},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, LIM(2, 0, 0), 1, 3}, "incompatible import type \"A\".\"mem\""},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, LIM(1, 1, 1), 1, 3}, "incompatible import type \"A\".\"mem\""},
      {{"A", "mem", W2N_EXTERN_MEMORY, 0, 0, {1, 0, 0, 1, 0, 0}, 1, 3}, "incompatible import type \"A\".\"mem\""},
      {{"A", "mem", W2N_EXTERN_TABLE, 0, 0, TLIM(1, 0, 0, W2N_TYPE_FUNCREF), 1, 3}, "incompatible import type \"A\".\"mem\""},
      {{"A", "tab", W2N_EXTERN_TABLE, 0, 0, TLIM(10, 20, 1, W2N_TYPE_FUNCREF), 1, 3}, "ok"},
      {{"A", "tab", W2N_EXTERN_TABLE, 0, 0, TLIM(11, 0, 0, W2N_TYPE_FUNCREF), 1, 3}, "incompatible import type \"A\".\"tab\""},
      {{"A", "tab", W2N_EXTERN_TABLE, 0, 0, TLIM(10, 19, 1, W2N_TYPE_FUNCREF), 1, 3}, "incompatible import type \"A\".\"tab\""},
      {{"A", "tab", W2N_EXTERN_TABLE, 0, 0, TLIM(10, 0, 0, W2N_TYPE_EXTERNREF), 1, 3}, "incompatible import type \"A\".\"tab\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = link_one(a, cases[i].imp, 0);
    if (strcmp(got, cases[i].want) != 0) {
      printf("FAIL import case %zu: got '%s', want '%s'\n", i, got, cases[i].want);
      failures++;
    }
  }

}

/* Links against standalone objects through a resolver over them. */
static w2n_extern standalone;
static int resolve_standalone(void *user, w2n_instance *importer,
                              const w2n_import_desc *imp, w2n_extern *out) {
  *out = standalone;
  return 0;
}
static const char *link_standalone(w2n_extern ex, w2n_import_desc imp,
                                   uint32_t bounds_checks) {
  static char err[256];
  w2n_module m = test_module("one");
  m.num_imports = 1;
  m.imports = &imp;
  m.bounds_checks = bounds_checks;
  if (imp.kind == W2N_EXTERN_MEMORY)
    m.num_imported_memories = m.num_memories = 1;
  else
    m.num_imported_tables = m.num_tables = 1;
  standalone = ex;
  w2n_instance *inst;
  err[0] = 0;
  if (w2n_instantiate(&m, resolve_standalone, NULL, &inst, err, sizeof err))
    return err;
  w2n_instance_free(inst);
  return "ok";
}

/* A declared maximum needs a provided maximum; guard-mode code must not
 * run on a software-checked memory. */
static void test_standalone_limits(void) {
  w2n_memory *nomax = w2n_memory_new(1, 0, 0, 0);
  w2n_table *tnomax = w2n_table_new(W2N_TYPE_FUNCREF, 1, 0, 0);
  CHECK(nomax && tnomax && nomax->guard);
  w2n_set_guard_memories(0);
  w2n_memory *soft = w2n_memory_new(1, 0, 0, 0);
  w2n_set_guard_memories(1);
  CHECK(soft && !soft->guard);
  w2n_extern ex = {W2N_EXTERN_MEMORY, {0}};
  w2n_import_desc mimp = {"s", "m", W2N_EXTERN_MEMORY, 0, 0, {1, 5, 1, 0, 0, 0}, 1, 1};
  ex.u.memory = nomax;
  CHECK(strcmp(link_standalone(ex, mimp, 0), "incompatible import type \"s\".\"m\"") == 0);
  mimp.limits.has_max = 0;
  CHECK(strcmp(link_standalone(ex, mimp, 0), "ok") == 0);
  ex.u.memory = soft;
  CHECK(strcmp(link_standalone(ex, mimp, 0), "incompatible import type \"s\".\"m\"") == 0);
  CHECK(strcmp(link_standalone(ex, mimp, 1), "ok") == 0);
  w2n_import_desc timp = {"s", "t", W2N_EXTERN_TABLE, 0, 0, {1, 5, 1, 0, 0, W2N_TYPE_FUNCREF}, 1, 1};
  ex.kind = W2N_EXTERN_TABLE;
  ex.u.table = tnomax;
  CHECK(strcmp(link_standalone(ex, timp, 0), "incompatible import type \"s\".\"t\"") == 0);
  w2n_memory_free(nomax);
  w2n_memory_free(soft);
  w2n_table_free(tnomax);
}

/* The first failing import, in binary order, is the one reported. */
static void test_first_error_wins(w2n_instance *a) {
  w2n_import_desc imps[2] = {
      {"A", "add1", W2N_EXTERN_FUNC, T_V_I, 0, {0}, 1, 4},
      {"A", "missing", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 1, 7},
  };
  w2n_module m = test_module("two");
  m.num_imports = 2;
  m.imports = imps;
  m.num_imported_funcs = m.num_funcs = 2;
  char err[256];
  w2n_instance *inst = (w2n_instance *)1;
  CHECK_EQ(w2n_instantiate(&m, resolve, a, &inst, err, sizeof err), -1);
  CHECK(inst == NULL);
  printf("first error: %s\n", err);
  w2n_import_desc swapped[2] = {imps[1], imps[0]};
  m.imports = swapped;
  CHECK_EQ(w2n_instantiate(&m, resolve, a, &inst, err, sizeof err), -1);
  printf("first error: %s\n", err);
}

/* ---- Module C: a trapping element segment after a successful one. ---- */
static int32_t c_get(w2n_instance *ctx, int32_t x) {
  return ((w2n_val *)ctx->globals[0])->i32 + x;
}
static void c_init(w2n_instance *ctx) {
  ((w2n_val *)ctx->globals[0])->i32 = 1000;
  w2n_table_init(ctx, 0, 0, 0, 0, 1);
  w2n_elem_drop(ctx, 0);
  w2n_table_init(ctx, 0, 1, 9, 0, 2); /* 9 + 2 > 10: traps */
  note("c-init-continued");
}
static const w2n_import_desc c_imports[] = {
    {"A", "tab", W2N_EXTERN_TABLE, 0, 0, {10, 0, 0, 0, 0, W2N_TYPE_FUNCREF}, 1, 3},
};
static const uint32_t c_func_types[] = {T_I_I};
static void *const c_code[] = {(void *)c_get};
static const w2n_global_desc c_globals[] = {{W2N_TYPE_I32, 0, 0}};
static const w2n_elem_item c_items[] = {{W2N_ELEM_FUNC, 0}, {W2N_ELEM_FUNC, 0}};
static const w2n_elem_desc c_elems[] = {{c_items, 1, W2N_TYPE_FUNCREF},
                                        {c_items, 2, W2N_TYPE_FUNCREF}};

static void test_init_trap(w2n_instance *a) {
  w2n_module m = test_module("C");
  m.num_imports = 1;
  m.imports = c_imports;
  m.num_imported_tables = 1;
  m.num_tables = 1;
  m.num_funcs = 1;
  m.func_types = c_func_types;
  m.func_code = c_code;
  m.num_globals = 1;
  m.globals = c_globals;
  m.globals_size = 16;
  m.num_elems = 2;
  m.elems = c_elems;
  m.init = c_init;
  w2n_instance *inst = (w2n_instance *)1;
  char err[256];
  int rc = w2n_instantiate(&m, resolve, a, &inst, err, sizeof err);
  printf("init trap: rc=%d err=%s\n", rc, err);
  CHECK(inst == NULL);
  /* The first segment stays applied and its function stays callable. */
  w2n_table *tab = a->tables[0];
  w2n_func *f = tab->elems[0];
  CHECK(f != NULL && tab->elems[9] == NULL);
  w2n_val args[1] = {{.i32 = 5}};
  CHECK_EQ(w2n_call(f, args), W2N_TRAP_NONE);
  CHECK_EQ(args[0].i32, 1005);
}

/* ---- Module D: a trapping start function. ---- */
static void d_start(w2n_instance *ctx) { w2n_trap(ctx, W2N_TRAP_UNREACHABLE); }
static const uint32_t d_func_types[] = {T_V_V};
static void *const d_code[] = {(void *)d_start};

static void test_start_trap(void) {
  w2n_module m = test_module("D");
  m.num_funcs = 1;
  m.func_types = d_func_types;
  m.func_code = d_code;
  m.start = 0;
  w2n_instance *inst = NULL;
  char err[256];
  int rc = w2n_instantiate(&m, NULL, NULL, &inst, err, sizeof err);
  printf("start trap: rc=%d err=%s\n", rc, err);
  CHECK(inst != NULL);
  w2n_instance_free(inst);
}

int main(void) {
  w2n_runtime_init(0);
  w2n_module ma = module_a(), mb = module_b();
  w2n_instance *a, *b;
  char err[256];
  CHECK_EQ(w2n_instantiate(&ma, NULL, NULL, &a, err, sizeof err), 0);
  CHECK_EQ(w2n_instantiate(&mb, resolve, a, &b, err, sizeof err), 0);
  printf("order: %s\n", order);
  order[0] = 0;

  /* Imports are the exporter's objects. */
  CHECK(b->funcs[0] == a->funcs[0]);
  CHECK(b->memories[0] == a->memories[0] && b->mem0 == a->mem0);
  CHECK(b->mem0_base == a->mem0->base);
  CHECK(b->tables[0] == a->tables[0]);
  CHECK(b->globals[0] == a->globals[0]);
  CHECK_EQ(((w2n_val *)b->globals[0])->i32, 42);
  /* An unbound host function is bound to the importer. */
  CHECK(b->funcs[1]->ctx == b);
  CHECK_EQ(b->funcs[1]->type_id, w2n_intern_type("i:i"));
  CHECK_EQ(b->funcs[2]->type_id, b->type_ids[T_I_I]);
  CHECK(b->funcs[2]->type_id != b->type_ids[T_V_I]);
  CHECK_EQ(b->funcs[2]->index, 2);
  CHECK(b->stack_limit != 0);

  /* Active segments applied, then dropped. */
  void **tab = a->tables[0]->elems;
  CHECK(tab[2] == b->funcs[2] && tab[3] == NULL && tab[4] == a->funcs[0]);
  CHECK(memcmp(a->mem0->base + 16, "hello", 5) == 0);
  CHECK_EQ(b->elem_sizes[0], 0);
  CHECK_EQ(b->elem_sizes[1], 1);
  CHECK_EQ(b->data_dropped[0], 1);
  CHECK_EQ(b->data_dropped[1], 0);

  /* Calls through exports. */
  w2n_extern ex;
  CHECK_EQ(w2n_instance_export(b, "f", &ex), 0);
  w2n_val args[2] = {{.i32 = 4}};
  CHECK_EQ(w2n_call(ex.u.func, args), W2N_TRAP_NONE);
  CHECK_EQ(args[0].i32, 50);
  printf("host saw: %s\n", order);
  CHECK_EQ(w2n_instance_export(b, "tinit", &ex), 0);
  CHECK_EQ(w2n_call(ex.u.func, args), W2N_TRAP_NONE);
  CHECK(tab[0] == a->funcs[0]);
  CHECK_EQ(w2n_instance_export(b, "minit_dropped", &ex), 0);
  CHECK_EQ(w2n_call(ex.u.func, args), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(w2n_instance_export(b, "nothing", &ex), -1);
  CHECK_EQ(w2n_instance_export(a, "gm", &ex), 0);
  CHECK(ex.kind == W2N_EXTERN_GLOBAL && ex.u.global.mut == 1 &&
        ex.u.global.type == W2N_TYPE_I32 && ex.u.global.cell->i32 == 7);
  /* Names compare by length and bytes, past a NUL. */
  CHECK_EQ(w2n_instance_export_n(a, "g\0m", 3, &ex), 0);
  CHECK(ex.kind == W2N_EXTERN_GLOBAL && ex.u.global.mut == 1);
  CHECK_EQ(w2n_instance_export_n(a, "g\0x", 3, &ex), -1);
  CHECK_EQ(w2n_instance_export_n(a, "g", 1, &ex), 0);
  CHECK(ex.u.global.mut == 0);

  test_import_errors(a);
  test_standalone_limits();
  test_first_error_wins(a);
  test_init_trap(a);
  test_start_trap();
  w2n_instance_free(b);
  w2n_instance_free(a);
  DONE();
}
