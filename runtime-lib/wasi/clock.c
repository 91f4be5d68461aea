/*===- wasi/clock.c - clock_res_get, clock_time_get ------------------------===*
 *
 * Both need W2N_CAP_CLOCK; without it they answer ENOTCAPABLE, so an
 * instance not granted time cannot read it.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <time.h>

/* Host clock for a WASI clock id, or -1. */
static int host_clock(uint32_t id) {
  switch (id) {
  case WASI_CLOCK_REALTIME:
    return CLOCK_REALTIME;
  case WASI_CLOCK_MONOTONIC:
    return CLOCK_MONOTONIC;
  case WASI_CLOCK_PROCESS_CPUTIME:
    return CLOCK_PROCESS_CPUTIME_ID;
  case WASI_CLOCK_THREAD_CPUTIME:
    return CLOCK_THREAD_CPUTIME_ID;
  default:
    return -1;
  }
}

static uint64_t to_ns(const struct timespec *t) {
  if (t->tv_sec < 0)
    return 0;
  return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

uint64_t w2n_wasi_clock_now(uint32_t id, int32_t *err) {
  int c = host_clock(id);
  struct timespec t;
  if (c < 0 || clock_gettime(c, &t) < 0) {
    *err = WASI_EINVAL;
    return 0;
  }
  *err = WASI_ESUCCESS;
  return to_ns(&t);
}

static int allowed(w2n_instance *ctx) {
  const wasi_state *s = wasi_state_of(ctx);
  return s && (s->caps & W2N_CAP_CLOCK);
}

int32_t w2n_wasi_clock_res_get(w2n_instance *ctx, int32_t id, int32_t out) {
  if (!allowed(ctx))
    return WASI_ENOTCAPABLE;
  int c = host_clock((uint32_t)id);
  if (c < 0)
    return WASI_EINVAL;
  uint8_t *p = wasi_mem(ctx, (uint32_t)out, 8);
  if (!p)
    return WASI_EFAULT;
  struct timespec t;
  if (clock_getres(c, &t) < 0)
    return WASI_EINVAL;
  uint64_t ns = to_ns(&t);
  wasi_put64(p, ns ? ns : 1); /* the spec wants a non-zero resolution */
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_clock_time_get(w2n_instance *ctx, int32_t id,
                                int64_t precision, int32_t out) {
  if (!allowed(ctx))
    return WASI_ENOTCAPABLE;
  int32_t err;
  uint64_t now = w2n_wasi_clock_now((uint32_t)id, &err);
  if (err)
    return err;
  uint8_t *p = wasi_mem(ctx, (uint32_t)out, 8);
  if (!p)
    return WASI_EFAULT;
  wasi_put64(p, now);
  return WASI_ESUCCESS;
}
