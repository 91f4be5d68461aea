/* Entry nanoprocess: stores and reads keys through host:kv, lets its child
 * `counter` (which holds host:kv too) add one, and with "oob" passes the
 * host a buffer outside its memory. */
#include "kv-imports.h"

#include <stdio.h>
#include <string.h>

__attribute__((import_module("counter"), import_name("bump"))) int32_t
bump(void);

int main(int argc, char **argv) {
  kv_put("lang", 4, "wasm", 4);
  kv_put("speed", 5, "native", 6);
  char buf[16];
  int n = kv_get("speed", 5, buf, sizeof buf);
  printf("speed=%.*s (%d bytes)\n", n, buf, n);
  printf("missing: %d\n", (int)kv_get("nope", 4, buf, sizeof buf));
  printf("counter sees %d keys\n", (int)bump());
  n = kv_get("bumped", 6, buf, sizeof buf);
  printf("bumped=%.*s, %u keys\n", n, buf, (unsigned)kv_count());
  if (argc > 1 && !strcmp(argv[1], "oob")) {
    fflush(stdout);
    n = kv_get("lang", 4, (void *)0xfffff000u, 64);
    printf("not reached: %d\n", n);
  }
  return 0;
}
