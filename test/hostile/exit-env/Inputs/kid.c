// The child of manifest.test: prints its environment, then exits with the
// status it is given, or calls its parent back when built with -DCALLBACK.
#include <stdio.h>
#include <wasi/api.h>

extern char **environ;

#ifdef CALLBACK
__attribute__((import_module("app"), import_name("poke"))) int app_poke(int);
#endif

__attribute__((export_name("run"))) int run(int x) {
  for (char **e = environ; *e; ++e)
    printf("kid %s\n", *e);
  fflush(stdout);
#ifdef CALLBACK
  return app_poke(x);
#else
  __wasi_proc_exit((__wasi_exitcode_t)x * 10);
#endif
}
