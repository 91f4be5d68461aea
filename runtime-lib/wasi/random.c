/*===- wasi/random.c - random_get
 * ------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <sys/random.h>

int32_t w2n_wasi_random_get(w2n_instance *ctx, int32_t buf, int32_t len) {
  const wasi_state *s = wasi_state_of(ctx);
  if (!s || !(s->caps & W2N_CAP_RANDOM))
    return WASI_ENOTCAPABLE;
  uint8_t *p = wasi_mem(ctx, (uint32_t)buf, (uint32_t)len);
  if (!p)
    return WASI_EFAULT;
  /* getrandom returns at most 32 MiB per call and may be interrupted. */
  for (size_t done = 0, n = (uint32_t)len; done < n;) {
    ssize_t r = getrandom(p + done, n - done, 0);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return w2n_wasi_errno(errno);
    }
    done += (size_t)r;
  }
  return WASI_ESUCCESS;
}
