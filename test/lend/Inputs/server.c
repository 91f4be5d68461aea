// Entry of the socket lending test: holds the listening socket, accepts
// each connection and lends it to `handler`, which holds nothing.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HANDLER(name)                                                          \
  __attribute__((import_module("handler"), import_name(#name))) int h_##name
HANDLER(serve)(int fd);
HANDLER(adopt)(int fd);
HANDLER(finish)(void);
HANDLER(look)(int fd);
HANDLER(crash)(int fd);

static void say(int c, const char *s) {
  errno = 0;
  ssize_t n = write(c, s, strlen(s));
  printf("server write: %d %s\n", (int)n, n < 0 ? strerror(errno) : "ok");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 0; i < 3; i++) {
    int c = accept(3, NULL, NULL);
    printf("served %d\n", h_serve(c));
    close(c);
  }
  int c = accept(3, NULL, NULL);
  printf("adopt %d\n", h_adopt(c));
  say(c, "from the server\n");
  printf("finish %d\n", h_finish());
  c = accept(3, NULL, NULL);
  char line[32];
  snprintf(line, sizeof line, "look %d\n", h_look(c));
  say(c, line);
  close(c);
  c = accept(3, NULL, NULL);
  printf("crash %d\n", h_crash(c));
  say(c, "the server still works\n");
  close(c);
  return 0;
}
