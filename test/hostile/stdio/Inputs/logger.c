// The child of nanoprocess-stderr.test: holds only stderr and writes what
// it is given there.
#include <stdlib.h>
#include <unistd.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(cabi_realloc)
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

EXPORT(say) int say(const char *msg, int len) {
  return (int)write(2, msg, (size_t)len);
}
