// The entry of nanoprocess-stderr.test: opens a file in its own directory,
// writes "app-data" to it, has its child write to the child's stderr, then
// traps.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((import_module("logger"), import_name("say"))) int
logger_say(const char *msg, int len);

int main(void) {
  int fd = open("/out/app.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    perror("open /out/app.txt");
    return 1;
  }
  if (write(fd, "app-data\n", 9) != 9)
    perror("write /out/app.txt");
  logger_say("child-stderr\n", 13);
  __builtin_trap();
}
