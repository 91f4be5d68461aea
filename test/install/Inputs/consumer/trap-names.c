/* Uses the installed headers and runtime library. */
#include <stdio.h>
#include <w2n/runtime.h>

int main(void) {
  printf("%s\n", w2n_trap_message(W2N_TRAP_DIV_ZERO));
  return 0;
}
