// The child that holds only randomness.
#include "cabi.h"

#include <stdint.h>
#include <wasi/api.h>

// Fills `out` with random bytes; returns the WASI errno.
EXPORT(roll) int roll(uint8_t *out, int len) {
  return __wasi_random_get(out, (__wasi_size_t)len);
}

EXPORT(probe_clock) int probe_clock(void) {
  __wasi_timestamp_t t;
  return __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t);
}

// Descriptor 1 (stdout) was never granted to rng.
EXPORT(probe_stdout) int probe_stdout(void) {
  __wasi_ciovec_t v = {(const uint8_t *)"x\n", 2};
  __wasi_size_t n;
  return __wasi_fd_write(1, &v, 1, &n);
}

// No directory at all: descriptor 3 does not exist.
EXPORT(probe_dir) int probe_dir(void) {
  __wasi_prestat_t st;
  return __wasi_fd_prestat_get(3, &st);
}

EXPORT(probe_args) int probe_args(void) {
  __wasi_size_t count, size;
  __wasi_errno_t e = __wasi_args_sizes_get(&count, &size);
  return e ? -e : (int)count;
}
