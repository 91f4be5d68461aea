/* Start-up (host/main.c): stands in for the compiler-emitted
 * w2n_main_module / w2n_main_config and for the WASI functions. The
 * environment variable STARTUP_MODE selects what _start does. */
#include "testmod.h"

#include <unistd.h>

static const char *mode(void) {
  const char *m = getenv("STARTUP_MODE");
  return m ? m : "return";
}

/* WASI stand-ins: the setup attaches host state that the start function
 * checks, so we see that setup ran before any Wasm code. */
static int host_state = 1234;
static void free_state(void *p) { (void)p; }
int w2n_wasi_setup(w2n_instance *inst, const w2n_config *cfg, int argc,
                   char **argv, char **envp) {
  if (strcmp(mode(), "setup-fails") == 0)
    return -1;
  w2n_set_host(inst, &host_state, free_state);
  printf("setup: caps=%u stack=%llu argc=%d\n", cfg->caps,
         (unsigned long long)cfg->stack_size, argc);
  return 0;
}
/* host/nanoprocess.c opens grants through wasi/grant.c; no test here
 * grants a directory. */
int w2n_grants_open_roots(const w2n_config *top, int *roots, const char *who) {
  return 0;
}
int w2n_grants_open(const w2n_config *cfg, const w2n_config *top,
                    const int *roots, int *fds, const char *who) {
  return 0;
}
void w2n_grants_close(int *fds, uint32_t n) {}
/* ...and lends descriptors through wasi/lend.c; no test here lends one. */
int32_t w2n_wasi_lend_all(w2n_instance *from, w2n_instance *to, int32_t *fds,
                          const uint32_t *modes, uint32_t n, uint32_t serial,
                          uint32_t *failed) {
  *failed = 0;
  return 8; /* EBADF */
}
void w2n_wasi_revoke(w2n_instance *inst, uint32_t serial) {}
int w2n_wasi_setup_opened(w2n_instance *inst, const w2n_config *cfg,
                          int *dirfds, int argc, char **argv, char **envp) {
  return w2n_wasi_setup(inst, cfg, argc, argv, envp);
}
/* host/workers.c opens listening sockets through wasi/listen.c; no
 * configuration here has workers, so it is never called. */
int *w2n_wasi_listen_fds(const w2n_config *cfg, uint32_t *count) {
  *count = 0;
  return calloc(1, sizeof(int));
}
static void fd_write_stub(w2n_instance *ctx, int32_t ch) { putchar(ch); }
static void proc_exit_stub(w2n_instance *ctx, int32_t status) {
  w2n_exit(ctx, status);
}
int w2n_wasi_resolve(void *user, w2n_instance *importer,
                     const w2n_import_desc *imp, w2n_extern *out) {
  if (strcmp(mode(), "unknown-import") == 0 &&
      strcmp(imp->name, "proc_exit") == 0)
    return 1;
  out->kind = W2N_EXTERN_FUNC;
  if (strcmp(imp->name, "putchar") == 0)
    out->u.func = w2n_host_func((void *)fd_write_stub, "i:", importer);
  else
    out->u.func = w2n_host_func((void *)proc_exit_stub, "i:", importer);
  return 0;
}

static void invoke_i_v(void *code, w2n_instance *ctx, w2n_val *a) {
  ((void (*)(w2n_instance *, int32_t))code)(ctx, a[0].i32);
}
static const w2n_type_desc types[] = {{":", invoke_v_v}, {"i:", invoke_i_v}};

static void call_i(w2n_instance *ctx, uint32_t f, int32_t x) {
  w2n_func *fn = ctx->funcs[f];
  ((void (*)(w2n_instance *, int32_t))fn->code)(fn->ctx, x);
}
static void say(w2n_instance *ctx, const char *s) {
  for (; *s; s++)
    call_i(ctx, 0, *s);
}

static void wasm_start_fn(w2n_instance *ctx) {
  say(ctx, ctx->host == &host_state ? "start function sees WASI\n"
                                    : "start function without WASI\n");
}
static void wasm_initialize(w2n_instance *ctx) { say(ctx, "_initialize\n"); }
static void wasm_start(w2n_instance *ctx) {
  const char *m = mode();
  say(ctx, "_start\n");
  if (strcmp(m, "exit") == 0)
    call_i(ctx, 1, 42);
  if (strcmp(m, "trap") == 0) {
    say(ctx, "partial line before the trap");
    w2n_trap(ctx, W2N_TRAP_INT_OVERFLOW);
  }
  if (strcmp(m, "oob") == 0)
    *(volatile int32_t *)(ctx->mem0_base + 70000) = 1;
}

static const w2n_import_desc imports[] = {
    {"wasi_snapshot_preview1", "putchar", W2N_EXTERN_FUNC, 1, 0, {0}, 22, 7},
    {"wasi_snapshot_preview1", "proc_exit", W2N_EXTERN_FUNC, 1, 0, {0}, 22, 9},
};
static const uint32_t func_types[] = {1, 1, 0, 0, 0};
static void *const code[] = {(void *)wasm_start_fn, (void *)wasm_initialize,
                             (void *)wasm_start};
static const char *const names[] = {NULL, NULL, "start_fn", "_initialize",
                                    "_start"};
static const w2n_limits_desc mems[] = {{1, 1, 1, 0, 0, 0}};
static const w2n_export_desc exports[] = {
    {"_initialize", W2N_EXTERN_FUNC, 3, 11},
    {"_start", W2N_EXTERN_FUNC, 4, 6},
    {"memory", W2N_EXTERN_MEMORY, 0, 6},
};

const w2n_module w2n_main_module = {
    .abi_version = W2N_ABI_VERSION,
    .name = "startup",
    .num_types = 2,
    .types = types,
    .num_imports = 2,
    .imports = imports,
    .num_imported_funcs = 2,
    .num_funcs = 5,
    .func_types = func_types,
    .func_code = code,
    .func_names = names,
    .num_memories = 1,
    .memories = mems,
    .num_exports = 3,
    .exports = exports,
    .start = 2,
};

const w2n_config w2n_main_config = {
    .caps = W2N_CAP_DEFAULT,
    .stack_size = 2 << 20,
};
