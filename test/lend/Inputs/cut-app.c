// Calls into a chain that traps at its far end, then reaches its middle
// through another way in.
#include <stdio.h>

__attribute__((import_module("mid"), import_name("run"))) int mid_run(int);
__attribute__((import_module("mid2"), import_name("run"))) int mid2_run(int);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("mid2 before: %d\n", mid2_run(0));
  printf("mid: %d\n", mid_run(1));
  printf("mid2 after: %d\n", mid2_run(0));
  printf("mid again: %d\n", mid_run(0));
  return 0;
}
