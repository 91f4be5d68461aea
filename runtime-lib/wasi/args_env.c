/*===- wasi/args_env.c - args_*, environ_*, proc_exit, proc_raise ----------===*
 *
 * The argument list (empty without W2N_CAP_ARGS) and the environment (only
 * the variables the configuration passes through) were copied by
 * w2n_wasi_setup into one buffer each of NUL-terminated strings, which is
 * exactly the layout args_get/environ_get write into the guest's buffer.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

static int32_t sizes_get(w2n_instance *ctx, uint32_t count, uint32_t size,
                         int32_t count_out, int32_t size_out) {
  uint8_t *c = wasi_mem(ctx, (uint32_t)count_out, 4);
  uint8_t *z = wasi_mem(ctx, (uint32_t)size_out, 4);
  if (!c || !z)
    return WASI_EFAULT;
  wasi_put32(c, count);
  wasi_put32(z, size);
  return WASI_ESUCCESS;
}

/* Copies `count` strings totalling `size` bytes to guest address `buf` and
 * their guest addresses to the array at `ptrs`. */
static int32_t list_get(w2n_instance *ctx, const char *strs, uint32_t count,
                        uint32_t size, int32_t ptrs, int32_t buf) {
  uint8_t *p = wasi_mem(ctx, (uint32_t)ptrs, (uint64_t)count * 4);
  uint8_t *b = wasi_mem(ctx, (uint32_t)buf, size);
  if (!p || !b)
    return WASI_EFAULT;
  if (size)
    memcpy(b, strs, size);
  uint32_t off = 0;
  for (uint32_t i = 0; i < count; ++i) {
    wasi_put32(p + 4 * i, (uint32_t)buf + off);
    off += (uint32_t)strlen(strs + off) + 1;
  }
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_args_sizes_get(w2n_instance *ctx, int32_t argc,
                                int32_t argv_buf_size) {
  const wasi_state *s = wasi_state_of(ctx);
  return sizes_get(ctx, s ? s->argc : 0, s ? s->args_size : 0, argc,
                   argv_buf_size);
}

int32_t w2n_wasi_args_get(w2n_instance *ctx, int32_t argv, int32_t argv_buf) {
  const wasi_state *s = wasi_state_of(ctx);
  if (!s)
    return WASI_ESUCCESS;
  return list_get(ctx, s->args, s->argc, s->args_size, argv, argv_buf);
}

int32_t w2n_wasi_environ_sizes_get(w2n_instance *ctx, int32_t count,
                                   int32_t buf_size) {
  const wasi_state *s = wasi_state_of(ctx);
  return sizes_get(ctx, s ? s->envc : 0, s ? s->env_size : 0, count, buf_size);
}

int32_t w2n_wasi_environ_get(w2n_instance *ctx, int32_t environ,
                             int32_t environ_buf) {
  const wasi_state *s = wasi_state_of(ctx);
  if (!s)
    return WASI_ESUCCESS;
  return list_get(ctx, s->env, s->envc, s->env_size, environ, environ_buf);
}

void w2n_wasi_proc_exit(w2n_instance *ctx, int32_t code) {
  const wasi_state *s = wasi_state_of(ctx);
  if (!s || !(s->caps & W2N_CAP_EXIT))
    w2n_raise_capability(ctx, "exit");
  w2n_exit(ctx, code);
}

int32_t w2n_wasi_proc_raise(w2n_instance *ctx, int32_t sig) {
  return WASI_ENOTSUP; /* as Wasmtime: signals are not delivered */
}
