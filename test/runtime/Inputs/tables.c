/* Tables: table.grow limits, fill/copy/init bounds ("out of bounds table
 * access"), elem.drop, and element items read from globals after init. */
#include "testmod.h"

static void wasm_fill(w2n_instance *ctx, int32_t dst, int32_t n) {
  w2n_table_fill(ctx, 0, (uint32_t)dst, ctx->funcs[0], (uint32_t)n);
}
static void wasm_copy(w2n_instance *ctx, int32_t dst, int32_t n) {
  w2n_table_copy(ctx, 0, 0, (uint32_t)dst, 0, (uint32_t)n);
}
static void wasm_init(w2n_instance *ctx, int32_t dst, int32_t n) {
  w2n_table_init(ctx, 0, 0, (uint32_t)dst, 1, (uint32_t)n);
}
static void init(w2n_instance *ctx) {
  ((w2n_val *)ctx->globals[0])->ref = ctx->funcs[1];
}
static const uint32_t func_types[] = {T_II_V, T_II_V, T_II_V};
static void *const code[] = {(void *)wasm_fill, (void *)wasm_copy,
                             (void *)wasm_init};
static const w2n_limits_desc tables[] = {{4, 6, 1, 0, 0, W2N_TYPE_FUNCREF}};
static const w2n_global_desc globals[] = {{W2N_TYPE_FUNCREF, 0, 0}};
/* A passive segment: [null, $copy, global 0 (= $copy's funcref, set by init)] */
static const w2n_elem_item items[] = {
    {W2N_ELEM_NULL, 0}, {W2N_ELEM_FUNC, 1}, {W2N_ELEM_GLOBAL, 0}};
static const w2n_elem_desc elems[] = {{items, 3, W2N_TYPE_FUNCREF}};

static uint32_t call2(w2n_instance *inst, uint32_t f, int32_t a, int32_t b) {
  w2n_val args[2] = {{.i32 = a}, {.i32 = b}};
  return w2n_call(inst->funcs[f], args);
}

/* table.grow on a standalone table: a context that only has tables. */
static int64_t grow_standalone(w2n_table *t, uint64_t n) {
  w2n_instance ctx;
  memset(&ctx, 0, sizeof ctx);
  w2n_table *tabs[1] = {t};
  ctx.tables = tabs;
  return w2n_table_grow(&ctx, 0, t, n);
}

int main(void) {
  w2n_runtime_init(0);
  w2n_module m = test_module("tables");
  m.num_funcs = 3;
  m.func_types = func_types;
  m.func_code = code;
  m.num_tables = 1;
  m.tables = tables;
  m.num_globals = 1;
  m.globals = globals;
  m.globals_size = 16;
  m.num_elems = 1;
  m.elems = elems;
  m.init = init;
  w2n_instance *inst;
  char err[128];
  CHECK_EQ(w2n_instantiate(&m, NULL, NULL, &inst, err, sizeof err), 0);
  w2n_table *t = inst->tables[0];
  void *f0 = inst->funcs[0], *f1 = inst->funcs[1];
  CHECK_EQ(t->size, 4);
  CHECK(t->elems[0] == NULL && t->elems[3] == NULL);

  /* fill */
  CHECK_EQ(call2(inst, 0, 3, 1), W2N_TRAP_NONE);
  CHECK(t->elems[3] == f0 && t->elems[2] == NULL);
  CHECK_EQ(call2(inst, 0, 4, 0), W2N_TRAP_NONE);
  CHECK_EQ(call2(inst, 0, 5, 0), W2N_TRAP_OOB_TABLE);
  CHECK_EQ(call2(inst, 0, 2, 3), W2N_TRAP_OOB_TABLE);
  CHECK(t->elems[2] == NULL); /* no partial fill */
  CHECK_EQ(call2(inst, 0, -1, 2), W2N_TRAP_OOB_TABLE);

  /* init: items resolved, including the one read from the global */
  CHECK_EQ(call2(inst, 2, 0, 2), W2N_TRAP_NONE);
  CHECK(t->elems[0] == f1 && t->elems[1] == f1);
  CHECK_EQ(call2(inst, 2, 0, 3), W2N_TRAP_OOB_TABLE); /* src 1 + 3 > 3 */
  CHECK_EQ(call2(inst, 2, 3, 2), W2N_TRAP_OOB_TABLE);
  CHECK_EQ(call2(inst, 2, 4, 0), W2N_TRAP_NONE);
  w2n_elem_drop(inst, 0);
  CHECK_EQ(call2(inst, 2, 0, 1), W2N_TRAP_OOB_TABLE);
  /* src 1 > dropped length 0, even for an empty copy */
  CHECK_EQ(call2(inst, 2, 0, 0), W2N_TRAP_OOB_TABLE);

  /* copy (overlapping: memmove) */
  CHECK_EQ(call2(inst, 1, 1, 3), W2N_TRAP_NONE); /* [f1 f1 _ f0] -> [f1 f1 f1 _] */
  CHECK(t->elems[0] == f1 && t->elems[1] == f1 && t->elems[2] == f1 &&
        t->elems[3] == NULL);
  CHECK_EQ(call2(inst, 1, 2, 3), W2N_TRAP_OOB_TABLE);
  CHECK_EQ(call2(inst, 1, 0, 5), W2N_TRAP_OOB_TABLE);

  /* grow: up to the declared maximum, new slots hold the init value */
  CHECK_EQ(w2n_table_grow(inst, 0, f0, 0), 4);
  CHECK_EQ(w2n_table_grow(inst, 0, f0, 3), -1);
  CHECK_EQ(w2n_table_grow(inst, 0, f0, 2), 4);
  CHECK(t->elems[4] == f0 && t->elems[5] == f0);
  CHECK_EQ(w2n_table_grow(inst, 0, NULL, 1), -1);
  CHECK_EQ(t->size, 6);
  CHECK_EQ(call2(inst, 0, 5, 1), W2N_TRAP_NONE);
  w2n_instance_free(inst);

  /* Without a maximum: unbounded up to the implementation limit. */
  w2n_table *u = w2n_table_new(W2N_TYPE_EXTERNREF, 0, 0, 0);
  CHECK(u && u->max == UINT32_MAX && !u->has_max);
  CHECK_EQ(grow_standalone(u, 1000), 0);
  CHECK_EQ(u->size, 1000);
  CHECK_EQ(grow_standalone(u, UINT32_MAX), -1);
  CHECK_EQ(grow_standalone(u, W2N_TABLE_LIMIT), -1);
  CHECK_EQ(grow_standalone(u, W2N_TABLE_LIMIT - 1000), 1000);
  CHECK(u->elems[W2N_TABLE_LIMIT - 1] == (void *)u);
  CHECK(w2n_table_new(W2N_TYPE_FUNCREF, 5, 4, 1) == NULL);
  w2n_table_free(u);
  DONE();
}
