// The callee nanoprocess of the cross-call benchmark (a reactor).
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(cabi_realloc)
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

EXPORT(add) int add(int a, int b) { return a + b; }

// Reads the first and last byte, so the copy cannot be skipped.
EXPORT(take) int take(const unsigned char *buf, int len) {
  return len ? buf[0] + buf[len - 1] : 0;
}
