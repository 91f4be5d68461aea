// The dynamic route as a child nanoprocess (nanoprocess.toml): hello.c's
// hello_serve, exported to the server, which lends it the connection
// (`fd`) and the query (`in-buf`) for one call. It holds no capability: no
// network, no directory, no clock, not even stdio.
#include "hello.h"

#include <stdlib.h>

// The name is the server's import; the C symbol is hello.c's.
__attribute__((export_name("hello_serve"))) int
export_hello_serve(int conn, const char *query, size_t query_len, int flags) {
  return hello_serve(conn, query, query_len, flags);
}

// The allocator the trampoline copies the query into.
__attribute__((export_name("cabi_realloc"))) void *
cabi_realloc(void *old, size_t old_size, size_t align, size_t size) {
  (void)old_size;
  (void)align;
  return realloc(old, size);
}
