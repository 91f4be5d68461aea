// Moves a file to a child that passes it on beside a parameter that cannot
// pass; the child traps (on-trap = "return"), and `sink`, which the call
// never reached, must hold nothing.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((import_module("mid1"), import_name("run"))) int
mid1_run(int fd, int other);
__attribute__((import_module("mid2"), import_name("run_dup"))) int
mid2_run_dup(int fd);
__attribute__((import_module("sink"), import_name("take2"))) int
sink_take2(int moved, int lent);
__attribute__((import_module("sink"), import_name("count"))) int
sink_count(void);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int a = open("/data/a.txt", O_RDONLY);
  printf("mid1 run: %d\n", mid1_run(a, 99));
  printf("sink holds %d\n", sink_count());

  int b = open("/data/a.txt", O_RDONLY);
  printf("mid2 run_dup: %d\n", mid2_run_dup(b));
  printf("sink holds %d\n", sink_count());

  // Both pass: the moved one stays with sink, the lent one goes.
  int c = open("/data/a.txt", O_RDONLY);
  int d = open("/data/a.txt", O_RDONLY);
  printf("sink take2 holds %d\n", sink_take2(c, d));
  printf("sink holds %d\n", sink_count());
  printf("app still holds d: %s\n", lseek(d, 0, SEEK_CUR) == 0 ? "yes" : "no");
  return 0;
}
