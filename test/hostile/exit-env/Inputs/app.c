// The entry of manifest.test: prints its environment, then calls its child
// `kid`, which may call back (callback.toml) or exit (exit.toml).
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

__attribute__((import_module("kid"), import_name("run"))) int kid_run(int);

__attribute__((export_name("poke"))) int poke(int x) {
  printf("app called back with %d\n", x);
  return x + 1;
}

int main(void) {
  for (char **e = environ; *e; ++e)
    printf("app %s\n", *e);
  fflush(stdout);
  printf("kid returned %d\n", kid_run(41));
}
