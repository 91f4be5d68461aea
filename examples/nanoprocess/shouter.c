/* A child nanoprocess (a reactor): its own memory, and only `stdout`.
 * Buffers arrive by copy into its memory through cabi_realloc. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(cabi_realloc)
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align; /* malloc aligns to 16 */
  return realloc(old, new_size);
}

EXPORT(shout) int shout(const char *in, int in_len, char *out, int out_len) {
  int n = in_len < out_len ? in_len : out_len;
  for (int i = 0; i < n; i++)
    out[i] = (char)toupper((unsigned char)in[i]);
  printf("shouter: %d bytes in my own memory at %p\n", n, (void *)out);
  fflush(stdout); /* a reactor's stdout is buffered until it returns */
  return n;
}

EXPORT(try_clock) int try_clock(void) {
  __wasi_timestamp_t t;
  return __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t);
}
