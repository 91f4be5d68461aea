/* Traps: recovery through w2n_call, stack exhaustion (explicit check and
 * guard-zone fault), nested calls from host functions, proc_exit, and the
 * report of uncaught traps. argv[1] selects the scenario. */
#include "testmod.h"

#include <stdint.h>

static volatile int32_t sink;

/* Recursion with the generated prologue check. */
static int32_t (*volatile recurse_ptr)(w2n_instance *, int32_t);
static uintptr_t first_frame, deepest_frame;
static int32_t recurse(w2n_instance *ctx, int32_t n) {
  STACK_CHECK(ctx);
  uintptr_t fa = (uintptr_t)__builtin_frame_address(0);
  if (!first_frame)
    first_frame = deepest_frame = fa;
  if (fa < deepest_frame)
    deepest_frame = fa;
  volatile char frame[200];
  frame[0] = (char)n;
  sink = n;
  return n == 0 ? 0 : recurse_ptr(ctx, n - 1) + frame[0];
}

/* Recursion with no check and 8 KiB frames touched from the top down, as
 * stack probes do: reaches the guard zone. */
static int32_t (*volatile probe_ptr)(w2n_instance *, int32_t);
static int32_t probe(w2n_instance *ctx, int32_t n) {
  volatile char frame[8192];
  for (int i = sizeof frame - 1; i >= 0; i -= 512)
    frame[i] = (char)n;
  return n == 0 ? 0 : probe_ptr(ctx, n - 1) + frame[0];
}

__attribute__((noinline)) static int32_t divide(w2n_instance *ctx, int32_t d) {
  if (d == 0)
    w2n_trap(ctx, W2N_TRAP_DIV_ZERO);
  return 100 / d;
}

__attribute__((noinline)) static void store(w2n_instance *ctx, int32_t addr, int32_t v) {
  *(volatile int32_t *)(ctx->mem0_base + (uint32_t)addr) = v;
}

/* Wasm -> host -> Wasm: the host function calls export `callee` (index 5)
 * and re-raises whatever trap it returns. */
static int32_t host_reenter(w2n_instance *ctx, int32_t n) {
  w2n_val args[1] = {{.i32 = n}};
  uint32_t code = w2n_call(ctx->funcs[5], args);
  if (code != W2N_TRAP_NONE)
    w2n_raise(NULL, code);
  return args[0].i32;
}
static int32_t via_host(w2n_instance *ctx, int32_t n) {
  STACK_CHECK(ctx);
  return ((int32_t(*)(w2n_instance *, int32_t))ctx->funcs[0]->code)(ctx, n);
}
/* callee: n > 0 recurses through the host n times, then acts on the mode. */
static int32_t callee_mode;
static int32_t callee(w2n_instance *ctx, int32_t n) {
  STACK_CHECK(ctx);
  if (n > 0)
    return via_host(ctx, n - 1) + 1;
  if (callee_mode == 1)
    w2n_trap(ctx, W2N_TRAP_UNREACHABLE);
  if (callee_mode == 2)
    w2n_exit(ctx, 3);
  if (callee_mode == 3)
    return via_host(ctx, 0) + 1; /* endless: exhausts the stack */
  return 0;
}

static int resolve(void *user, w2n_instance *importer,
                   const w2n_import_desc *imp, w2n_extern *out) {
  out->kind = W2N_EXTERN_FUNC;
  out->u.func = w2n_host_func((void *)host_reenter, "i:i", importer);
  return 0;
}

static const w2n_import_desc imports[] = {
    {"host", "reenter", W2N_EXTERN_FUNC, T_I_I, 0, {0}, 4, 7}};
static const uint32_t func_types[] = {T_I_I, T_I_I, T_I_I, T_I_I, T_II_V,
                                      T_I_I, T_I_I};
static void *const code[] = {(void *)recurse, (void *)probe, (void *)divide,
                             (void *)store,   (void *)callee, (void *)via_host};
static const char *const names[] = {"reenter", "recurse", "probe", "divide",
                                    "store",   "callee",  NULL};
static const w2n_limits_desc mems[] = {{1, 0, 0, 0, 0, 0}};
enum { F_RECURSE = 1, F_PROBE, F_DIVIDE, F_STORE, F_CALLEE, F_VIA_HOST };

static w2n_instance *instantiate(void) {
  static w2n_module m;
  m = test_module("traps");
  m.num_imports = 1;
  m.imports = imports;
  m.num_imported_funcs = 1;
  m.num_funcs = 7;
  m.func_types = func_types;
  m.func_code = code;
  m.func_names = names;
  m.num_memories = 1;
  m.memories = mems;
  w2n_instance *inst;
  char err[128];
  if (w2n_instantiate(&m, resolve, NULL, &inst, err, sizeof err) != 0) {
    printf("instantiate: %s\n", err);
    exit(1);
  }
  return inst;
}

static uint32_t call1(w2n_instance *inst, uint32_t f, int32_t a, int32_t *r) {
  w2n_val args[2] = {{.i32 = a}, {.i32 = 0}};
  uint32_t code = w2n_call(inst->funcs[f], args);
  if (r)
    *r = args[0].i32;
  return code;
}

/* How far the checked recursion got, rounded up to 64 KiB: the stack size
 * less the 256 KiB margin. */
static void print_stack_used(void) {
  uintptr_t used = first_frame - deepest_frame;
  printf("stack used before the check fired: %lu KiB\n",
         (unsigned long)((used + 65535) / 65536 * 64));
}

static void recovered(w2n_instance *inst) {
  int32_t r;
  CHECK_EQ(call1(inst, F_RECURSE, 1000, &r), W2N_TRAP_NONE);
  int32_t want = 0;
  for (int32_t k = 1; k <= 1000; k++)
    want += (char)k;
  CHECK_EQ(r, want);
  first_frame = 0;
  CHECK_EQ(call1(inst, F_RECURSE, INT32_MAX, NULL), W2N_TRAP_STACK_EXHAUSTED);
  print_stack_used();
  w2n_report_trap(W2N_TRAP_STACK_EXHAUSTED);
  CHECK_EQ(call1(inst, F_PROBE, INT32_MAX, NULL), W2N_TRAP_STACK_EXHAUSTED);
  w2n_report_trap(W2N_TRAP_STACK_EXHAUSTED);
  /* The runtime is usable again after both kinds of exhaustion. */
  CHECK_EQ(call1(inst, F_DIVIDE, 5, &r), W2N_TRAP_NONE);
  CHECK_EQ(r, 20);
  CHECK_EQ(call1(inst, F_DIVIDE, 0, NULL), W2N_TRAP_DIV_ZERO);
  w2n_report_trap(W2N_TRAP_DIV_ZERO);
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(call1(inst, F_RECURSE, INT32_MAX, NULL), W2N_TRAP_STACK_EXHAUSTED);
    CHECK_EQ(call1(inst, F_PROBE, INT32_MAX, NULL), W2N_TRAP_STACK_EXHAUSTED);
  }

  /* Nested entries: results, traps and exits cross the host frames. */
  callee_mode = 0;
  CHECK_EQ(call1(inst, F_CALLEE, 50, &r), W2N_TRAP_NONE);
  CHECK_EQ(r, 50);
  callee_mode = 1;
  CHECK_EQ(call1(inst, F_CALLEE, 50, NULL), W2N_TRAP_UNREACHABLE);
  w2n_report_trap(W2N_TRAP_UNREACHABLE);
  callee_mode = 2;
  CHECK_EQ(call1(inst, F_CALLEE, 50, NULL), W2N_TRAP_EXIT);
  CHECK_EQ(w2n_exit_status(), 3);
  callee_mode = 3;
  CHECK_EQ(call1(inst, F_CALLEE, 0, NULL), W2N_TRAP_STACK_EXHAUSTED);
  callee_mode = 0;
  CHECK_EQ(call1(inst, F_CALLEE, 3, &r), W2N_TRAP_NONE);
  CHECK_EQ(r, 3);

  /* Calling something no module declared the signature of is refused. */
  w2n_func *odd = w2n_host_func((void *)divide, "FFFF:v", NULL);
  CHECK_EQ(w2n_call(odd, NULL), W2N_TRAP_HOST);
  CHECK_EQ(w2n_call(NULL, NULL), W2N_TRAP_NULL_FUNC);
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "recovered";
  if (strcmp(mode, "small-stack") == 0)
    w2n_runtime_init(1 << 20);
  recurse_ptr = recurse;
  probe_ptr = probe;
  w2n_instance *inst = instantiate();
  if (strcmp(mode, "recovered") == 0) {
    recovered(inst);
    DONE();
  }
  if (strcmp(mode, "small-stack") == 0) {
    first_frame = 0;
    CHECK_EQ(call1(inst, F_RECURSE, INT32_MAX, NULL), W2N_TRAP_STACK_EXHAUSTED);
    print_stack_used();
    DONE();
  }
  /* Uncaught traps: generated code called directly, outside w2n_call. */
  printf("stdout before the trap\n");
  if (strcmp(mode, "named") == 0)
    inst->name = "parser";
  if (strcmp(mode, "oob") == 0 || strcmp(mode, "named") == 0)
    store(inst, 65536, 1);
  if (strcmp(mode, "div") == 0)
    divide(inst, 0);
  if (strcmp(mode, "exit") == 0)
    w2n_exit(inst, 7);
  if (strcmp(mode, "crash") == 0)
    *(volatile int *)(uintptr_t)16 = 1; /* not Wasm's: must stay a crash */
  printf("not reached\n");
  return 0;
}
