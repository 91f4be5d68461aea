// Reads the symlinks of /d with path_readlink itself, into a buffer filled
// with '#' first, so that any byte the host wrote shows, even on failure.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static void show(const char *name) {
  char buf[256];
  memset(buf, '#', sizeof buf);
  __wasi_size_t used = 0;
  __wasi_errno_t e =
      __wasi_path_readlink(3, name, (uint8_t *)buf, sizeof buf - 1, &used);
  size_t touched = 0;
  for (size_t i = 0; i < sizeof buf; i++)
    touched += buf[i] != '#';
  if (e)
    printf("%s: errno %d, %zu bytes written\n", name, e, touched);
  else
    printf("%s: '%.*s'\n", name, (int)used, buf);
}

int main(void) {
  show("abs");
  show("abs-root");
  show("rel");
  show("climb");
  return 0;
}
