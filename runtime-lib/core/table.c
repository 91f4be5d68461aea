/*===- core/table.c - Tables and element segments -------------------------===*
 *
 * A table is a growable array of references (w2n_func* or externref). Its
 * elems array may move when it grows, so generated code reloads
 * table->elems after any call. Growth is capped at W2N_TABLE_LIMIT
 * elements (table.grow returns -1 beyond it, as the spec allows).
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <stdlib.h>
#include <string.h>

w2n_table *w2n_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                         int has_max) {
  if (!has_max)
    max = UINT32_MAX;
  if (min > max || min > W2N_TABLE_LIMIT)
    return NULL;
  w2n_table *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->elems = calloc(min ? min : 1, sizeof *t->elems);
  if (!t->elems) {
    free(t);
    return NULL;
  }
  t->size = min;
  t->max = max;
  t->elem_type = elem_type;
  t->capacity = (uint32_t)(min ? min : 1);
  t->has_max = (uint32_t)has_max;
  return t;
}

void w2n_table_free(w2n_table *t) {
  if (!t)
    return;
  free(t->elems);
  free(t);
}

static int64_t grow(w2n_table *t, void *init, uint64_t delta) {
  uint64_t old = t->size;
  if (delta > t->max - old || delta > W2N_TABLE_LIMIT - old)
    return -1;
  uint64_t size = old + delta;
  if (size > t->capacity) {
    uint64_t cap = (uint64_t)t->capacity * 2;
    if (cap < size)
      cap = size;
    if (cap > W2N_TABLE_LIMIT)
      cap = W2N_TABLE_LIMIT;
    void **e = realloc(t->elems, cap * sizeof *e);
    if (!e)
      return -1;
    t->elems = e;
    t->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old; i < size; i++)
    t->elems[i] = init;
  t->size = size;
  return (int64_t)old;
}

int64_t w2n_table_grow(w2n_instance *ctx, uint32_t table, void *init,
                       uint64_t delta) {
  return grow(ctx->tables[table], init, delta);
}

/* [i, i+n) lies within size, without overflow. */
static int in_bounds(uint64_t i, uint64_t n, uint64_t size) {
  return n <= size && i <= size - n;
}

void w2n_table_fill(w2n_instance *ctx, uint32_t table, uint64_t dst,
                    void *value, uint64_t n) {
  w2n_table *t = ctx->tables[table];
  if (!in_bounds(dst, n, t->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_TABLE, W2N_CALLER_PC());
  for (uint64_t i = 0; i < n; i++)
    t->elems[dst + i] = value;
}

void w2n_table_copy(w2n_instance *ctx, uint32_t dst_table, uint32_t src_table,
                    uint64_t dst, uint64_t src, uint64_t n) {
  w2n_table *d = ctx->tables[dst_table], *s = ctx->tables[src_table];
  if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_TABLE, W2N_CALLER_PC());
  if (n)
    memmove(d->elems + dst, s->elems + src, n * sizeof *d->elems);
}

void w2n_table_init(w2n_instance *ctx, uint32_t table, uint32_t seg,
                    uint64_t dst, uint32_t src, uint32_t n) {
  w2n_table *t = ctx->tables[table];
  w2n_resolve_elem_globals(ctx);
  if (!in_bounds(src, n, ctx->elem_sizes[seg]) || !in_bounds(dst, n, t->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_TABLE, W2N_CALLER_PC());
  if (n)
    memcpy(t->elems + dst, ctx->elem_items[seg] + src, n * sizeof *t->elems);
}

void w2n_elem_drop(w2n_instance *ctx, uint32_t seg) {
  ctx->elem_sizes[seg] = 0;
}
