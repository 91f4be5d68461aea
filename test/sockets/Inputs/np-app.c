// Entry of a manifest whose child holds the same listening socket: the
// entry serves the first connection, its child the second, each through
// its own descriptor 3.
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

__attribute__((import_module("kid"), import_name("serve_one"))) int
kid_serve_one(void);

static int serve_one(void) {
  int c = accept(3, NULL, NULL);
  if (c < 0)
    return -1;
  char buf[64];
  ssize_t n = read(c, buf, sizeof buf);
  if (n > 0)
    n = write(c, buf, (size_t)n);
  close(c);
  return (int)n;
}

int main(void) {
  printf("app echoed %d\n", serve_one());
  printf("kid echoed %d\n", kid_serve_one());
  // The child closing its descriptor leaves the entry's listener working.
  printf("app echoed %d\n", serve_one());
  return 0;
}
