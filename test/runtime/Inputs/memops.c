/* Linear memory: memory.grow limits in guard, software and memory64 modes,
 * out-of-bounds accesses in guard mode (the whole 8 GiB of reachable
 * addresses), bulk operations' bounds, data.drop. */
#include "testmod.h"

#include <stdint.h>

/* Stand-in for generated guard-mode code: base + zext(addr) + offset. */
static uint32_t store_offset;
static void wasm_store(w2n_instance *ctx, int32_t addr, int32_t v) {
  volatile int32_t *p =
      (volatile int32_t *)(ctx->mem0_base + (uint32_t)addr + store_offset);
  *p = v;
}
static void wasm_fill(w2n_instance *ctx, int32_t dst, int32_t n) {
  w2n_memory_fill(ctx, 0, (uint32_t)dst, 0xab, (uint32_t)n);
}
static void wasm_copy(w2n_instance *ctx, int32_t dst, int32_t n) {
  w2n_memory_copy(ctx, 0, 0, (uint32_t)dst, 0, (uint32_t)n);
}
static void wasm_init(w2n_instance *ctx, int32_t dst, int32_t src) {
  w2n_memory_init(ctx, 0, 0, (uint32_t)dst, (uint32_t)src, 4);
}
static const uint32_t func_types[] = {T_II_V, T_II_V, T_II_V, T_II_V};
static void *const code[] = {(void *)wasm_store, (void *)wasm_fill,
                             (void *)wasm_copy, (void *)wasm_init};
static const w2n_data_desc datas[] = {{(const uint8_t *)"wxyz", 4}};

static w2n_instance *make(w2n_limits_desc mem, uint32_t bounds_checks) {
  static w2n_limits_desc mems[1];
  mems[0] = mem;
  w2n_module *m = calloc(1, sizeof *m);
  *m = test_module("mem");
  m->num_funcs = 4;
  m->func_types = func_types;
  m->func_code = code;
  m->num_memories = 1;
  m->memories = mems;
  m->num_datas = 1;
  m->datas = datas;
  m->bounds_checks = bounds_checks;
  w2n_instance *inst = NULL;
  char err[128];
  CHECK_EQ(w2n_instantiate(m, NULL, NULL, &inst, err, sizeof err), 0);
  return inst;
}

static uint32_t call2(w2n_instance *inst, uint32_t f, int32_t a, int32_t b) {
  w2n_val args[2] = {{.i32 = a}, {.i32 = b}};
  return w2n_call(inst->funcs[f], args);
}

static void test_guard_grow(void) {
  w2n_instance *inst = make((w2n_limits_desc){1, 3, 1, 0, 0, 0}, 0);
  w2n_memory *m = inst->mem0;
  CHECK(m->guard && m->reserved >= (8ull << 30) + 16);
  uint8_t *base = m->base;
  CHECK_EQ(w2n_memory_grow(inst, 0, 0), 1);
  CHECK_EQ(w2n_memory_grow(inst, 0, 1), 1);
  CHECK_EQ(w2n_memory_grow(inst, 0, 2), -1); /* 2 + 2 > max 3 */
  CHECK_EQ(w2n_memory_grow(inst, 0, 1), 2);
  CHECK_EQ(w2n_memory_grow(inst, 0, 1), -1);
  CHECK_EQ(w2n_memory_grow(inst, 0, UINT64_MAX), -1);
  CHECK_EQ(m->size, 3 * 65536);
  CHECK(m->base == base && inst->mem0_base == base);
  /* New pages are zero and writable; the first byte past size traps. */
  CHECK_EQ(base[3 * 65536 - 1], 0);
  CHECK_EQ(call2(inst, 0, 3 * 65536 - 4, 1), W2N_TRAP_NONE);
  CHECK_EQ(call2(inst, 0, 3 * 65536 - 3, 1), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(call2(inst, 0, 3 * 65536, 1), W2N_TRAP_OOB_MEMORY);
  /* The farthest address guard-mode code can form stays in the reservation. */
  store_offset = UINT32_MAX;
  CHECK_EQ(call2(inst, 0, -1, 1), W2N_TRAP_OOB_MEMORY);
  store_offset = 0;
  /* Trapping again and again keeps working (the signal is not left blocked). */
  int traps = 0;
  for (int i = 0; i < 200; i++)
    traps += call2(inst, 0, 1 << 30, i) == W2N_TRAP_OOB_MEMORY;
  CHECK_EQ(traps, 200);
  w2n_instance_free(inst);
}

static void test_guard_full_range(void) {
  w2n_instance *inst = make((w2n_limits_desc){0, 0, 0, 0, 0, 0}, 0);
  CHECK_EQ(inst->mem0->size, 0);
  CHECK_EQ(call2(inst, 0, 0, 1), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(w2n_memory_grow(inst, 0, 65537), -1);
  CHECK_EQ(w2n_memory_grow(inst, 0, 65536), 0); /* all 4 GiB */
  CHECK_EQ(inst->mem0->size, 1ull << 32);
  CHECK_EQ(call2(inst, 0, -4, 7), W2N_TRAP_NONE);
  CHECK_EQ(call2(inst, 0, -3, 7), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(w2n_memory_grow(inst, 0, 1), -1);
  CHECK_EQ(w2n_memory_grow(inst, 0, 0), 65536);
  w2n_instance_free(inst);
}

static void test_software_grow(void) {
  w2n_instance *inst = make((w2n_limits_desc){2, 5, 1, 0, 0, 0}, 1);
  w2n_memory *m = inst->mem0;
  CHECK(!m->guard);
  /* The maximum plus the never-accessible tail (W2N_MEMORY_TAIL). */
  CHECK_EQ(m->reserved, 5 * 65536 + W2N_MEMORY_TAIL);
  CHECK_EQ(w2n_memory_grow(inst, 0, 3), 2);
  CHECK_EQ(w2n_memory_grow(inst, 0, 1), -1);
  CHECK_EQ(m->size, 5 * 65536);
  CHECK(m->base == inst->mem0_base);
  w2n_instance_free(inst);

  inst = make((w2n_limits_desc){0, 0, 0, 0, 0, 0}, 1);
  CHECK_EQ(inst->mem0->max_pages, 65536);
  CHECK_EQ(inst->mem0->reserved, (1ull << 32) + W2N_MEMORY_TAIL);
  CHECK(inst->mem0_base != NULL);
  CHECK_EQ(w2n_memory_grow(inst, 0, 10), 0);
  w2n_instance_free(inst);
}

static void test_memory64(void) {
  w2n_instance *inst = make((w2n_limits_desc){1, 0, 0, 1, 0, 0}, 0);
  w2n_memory *m = inst->mem0;
  CHECK(m->is64 && !m->guard);
  CHECK_EQ(m->max_pages, 1ull << 48);
  CHECK_EQ(w2n_memory_grow(inst, 0, 1ull << 48), -1);
  CHECK_EQ(w2n_memory_grow(inst, 0, UINT64_MAX), -1);
  CHECK_EQ(w2n_memory_grow(inst, 0, 9), 1);
  CHECK_EQ(m->size, 10 * 65536);
  /* Beyond the reservation, growth fails rather than moving the base. */
  CHECK_EQ(w2n_memory_grow(inst, 0, m->reserved / 65536), -1);
  w2n_instance_free(inst);
  /* Limits beyond the index type are refused. */
  CHECK(w2n_memory_new(65537, 0, 0, 0) == NULL);
  CHECK(w2n_memory_new(1, 70000, 1, 0) == NULL);
  CHECK(w2n_memory_new(3, 2, 1, 0) == NULL);
}

static void test_bulk(uint32_t bounds_checks) {
  w2n_instance *inst = make((w2n_limits_desc){1, 0, 0, 0, 0, 0}, bounds_checks);
  uint8_t *b = inst->mem0_base;
  /* fill */
  CHECK_EQ(call2(inst, 1, 65535, 1), W2N_TRAP_NONE);
  CHECK_EQ(b[65535], 0xab);
  CHECK_EQ(call2(inst, 1, 65536, 0), W2N_TRAP_NONE);
  CHECK_EQ(call2(inst, 1, 65537, 0), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(call2(inst, 1, 65535, 2), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(b[65534], 0); /* nothing written by the failing fill */
  CHECK_EQ(call2(inst, 1, -1, -1), W2N_TRAP_OOB_MEMORY);
  /* copy: overlapping ranges behave like memmove */
  for (int i = 0; i < 8; i++)
    b[i] = (uint8_t)i;
  CHECK_EQ(call2(inst, 2, 2, 6), W2N_TRAP_NONE);
  CHECK(b[2] == 0 && b[3] == 1 && b[7] == 5);
  CHECK_EQ(call2(inst, 2, 65530, 7), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(call2(inst, 2, 0, 65537), W2N_TRAP_OOB_MEMORY);
  /* init, then after data.drop only empty copies are allowed */
  CHECK_EQ(call2(inst, 3, 100, 0), W2N_TRAP_NONE);
  CHECK(memcmp(b + 100, "wxyz", 4) == 0);
  CHECK_EQ(call2(inst, 3, 100, 1), W2N_TRAP_OOB_MEMORY);
  CHECK_EQ(call2(inst, 3, 65533, 0), W2N_TRAP_OOB_MEMORY);
  w2n_data_drop(inst, 0);
  CHECK_EQ(call2(inst, 3, 100, 0), W2N_TRAP_OOB_MEMORY);
  /* Host access helper */
  CHECK(w2n_mem_range(inst, 0, 65536, 0) == b + 65536);
  CHECK(w2n_mem_range(inst, 0, 65535, 2) == NULL);
  CHECK(w2n_mem_range(inst, 0, 1, UINT64_MAX) == NULL);
  CHECK(w2n_mem_range(inst, 1, 0, 0) == NULL);
  w2n_instance_free(inst);
}

int main(int argc, char **argv) {
  /* Under qemu-user each 8 GiB reservation is slow and memory-hungry (qemu
   * tracks guest pages), so cross runs pass a smaller count. */
  int instances = argc > 1 ? atoi(argv[1]) : 2000;
  w2n_runtime_init(0);
  test_guard_grow();
  test_guard_full_range();
  test_software_grow();
  test_memory64();
  test_bulk(0);
  test_bulk(1);
  /* Many instances: reservations are returned on free. */
  for (int i = 0; i < instances; i++)
    w2n_instance_free(make((w2n_limits_desc){1, 0, 0, 0, 0, 0}, 0));
  DONE();
}
