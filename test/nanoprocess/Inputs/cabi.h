// The component-model allocator every child exports: the trampolines
// allocate buffer arguments in the child's memory through it.
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(cabi_realloc)
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align; // malloc aligns to 16
  return realloc(old, new_size);
}
