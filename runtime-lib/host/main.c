/*===- host/main.c - Start-up of a compiled executable --------------------===*
 *
 * Gives closed descriptors 0-2 /dev/null (host/stdio.c), becomes the
 * supervisor of worker processes when configured so (host/workers.c; each
 * worker goes on from here as the program would), instantiates the
 * compiler-emitted module with WASI imports, makes it a WASI process before
 * any of its code runs, then calls `_initialize` (reactors) and `_start`
 * (commands), or the one export named by --invoke. Exit status: 0 when _start
 *returns, n after proc_exit(n), 134 after a trap (reported here, once, on
 *stderr after stdout is flushed), 1 when the module cannot be linked.
 *===----------------------------------------------------------------------===*/
#include "host/host.h"

#include <stdio.h>

extern const w2n_module w2n_main_module;
extern const w2n_config w2n_main_config;
/* Defined by `wasm2native run --invoke NAME` only: the export to call in
 * place of _start (invoke.c). */
extern const char w2n_main_invoke[] __attribute__((weak));
/* Weak as well: the module's object refers to it only with --invoke, so no
 * other executable carries it (and the number parsing it links). */
uint32_t w2n_invoke_export(w2n_instance *inst, const char *name, int argc,
                           char **argv) __attribute__((weak));

struct command_line {
  int argc;
  char **argv;
  char **envp;
};

static int setup_wasi(void *arg, w2n_instance *inst) {
  struct command_line *c = arg;
  static char why[48];
  if (w2n_main_config.max_runtime) {
    snprintf(why, sizeof why, "the program ran longer than --max-runtime=%u",
             (unsigned)w2n_main_config.max_runtime);
    w2n_deadline_set(inst, w2n_main_config.max_runtime * 1000000000ull, why);
  }
  return w2n_wasi_setup(inst, &w2n_main_config, c->argc, c->argv, c->envp);
}

int main(int argc, char **argv, char **envp) {
  w2n_stdio_reserve();
  const w2n_config *cfg = &w2n_main_config;
  int supervised = w2n_workers_start(cfg, &cfg, 1);
  if (supervised >= 0)
    return supervised;
  const w2n_module *m = &w2n_main_module;
  w2n_runtime_init(w2n_main_config.stack_size);
  struct command_line cl = {argc, argv, envp};
  w2n_instance *inst;
  char err[512];
  int rc = w2n_instantiate_ex(m, w2n_wasi_resolve, NULL, setup_wasi, &cl, &inst,
                              err, sizeof err);
  if (rc < 0) {
    fprintf(stderr, "%s: error: %s: %s\n", w2n_program_name(),
            m->name ? m->name : "module", err);
    return 1;
  }
  if (rc > 0)
    return w2n_exit_status_for((uint32_t)rc);
  uint32_t code = w2n_call_export(inst, "_initialize");
  if (code == W2N_TRAP_NONE)
    code = w2n_main_invoke
               ? w2n_invoke_export(inst, w2n_main_invoke, argc, argv)
               : w2n_call_export(inst, "_start");
  fflush(NULL);
  return w2n_exit_status_for(code);
}
