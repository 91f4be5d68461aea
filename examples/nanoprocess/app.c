/* The entry nanoprocess: sends each command-line word through its child
 * `shouter` (which holds no capability of its own but stdout) and shows
 * that the child cannot read the clock it was not granted. */
#include <stdio.h>
#include <string.h>

#define IMPORT(mod, name)                                                      \
  __attribute__((import_module(#mod), import_name(#name)))

IMPORT(shouter, shout)
int shout(const char *in, int in_len, char *out, int out_len);
IMPORT(shouter, try_clock) int try_clock(void);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    char out[64];
    int n = shout(argv[i], (int)strlen(argv[i]), out, sizeof out);
    printf("app: shouter returned '%.*s'\n", n, out);
  }
  printf("app: shouter's clock_time_get: errno %d (76 = ENOTCAPABLE)\n",
         try_clock());
  return 0;
}
