// A child nanoprocess holding its parent's listening socket as its own
// descriptor 3: accepts one connection and echoes it, then closes its
// listener (which must not close the parent's).
#include <sys/socket.h>
#include <unistd.h>

__attribute__((export_name("serve_one"))) int serve_one(void) {
  int c = accept(3, NULL, NULL);
  if (c < 0)
    return -1;
  char buf[64];
  ssize_t n = read(c, buf, sizeof buf);
  if (n > 0)
    n = write(c, buf, (size_t)n);
  close(c);
  close(3);
  return (int)n;
}
