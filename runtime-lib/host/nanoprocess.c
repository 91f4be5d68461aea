/*===- host/nanoprocess.c - Start-up and buffer copies of nanoprocesses ---===*
 *
 * The glue object of a `--manifest` build describes every nanoprocess
 * (w2n/nanoprocess.h). Start-up first opens the directory of every grant of
 * every nanoprocess, the entry's top-level grants by host path and all
 * others beneath them (wasi/grant.c), so that a failure stops the program
 * before any code runs. Then it instantiates them children first, each with
 * a resolver that binds its cross-nanoprocess imports to the generated
 * trampolines and its WASI imports to WASI functions bound to its own
 * instance, whose WASI state is built from its own capabilities only.
 *===----------------------------------------------------------------------===*/
#include "w2n/nanoprocess.h"
#include "host/host.h"
#include "wasi/wasi_abi.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct np_start {
  const w2n_np_manifest *m;
  const w2n_np_desc *d;
  int argc;
  char **argv;
  char **envp;
  int *dirfds; /* its grants' directories, opened at start-up */
};

static int np_resolve(void *user, w2n_instance *importer,
                      const w2n_import_desc *imp, w2n_extern *out) {
  const w2n_np_desc *d = ((struct np_start *)user)->d;
  uint32_t idx = (uint32_t)(imp - importer->module->imports);
  for (uint32_t i = 0; i < d->num_bindings; i++) {
    if (d->bindings[i].import_index != idx)
      continue;
    const char *sig = importer->module->types[imp->index].sig;
    w2n_func *f = w2n_host_func(d->bindings[i].trampoline, sig, importer);
    if (!f)
      return 1;
    out->kind = W2N_EXTERN_FUNC;
    out->u.func = f;
    return 0;
  }
  return w2n_wasi_resolve(NULL, importer, imp, out);
}

/* Runs before any code of the instance: its name (for trap messages), its
 * capability table and its own WASI state. */
static int np_prepare(void *arg, w2n_instance *inst) {
  struct np_start *s = arg;
  inst->name = s->d->name;
  inst->caps = s->d->caps;
  return w2n_wasi_setup_opened(inst, &s->d->config, s->dirfds, s->argc, s->argv,
                               s->envp);
}

/* Opens the grants of every nanoprocess into fds (procs[k]'s from
 * fds + first[k]), beneath the entry's top-level grants. */
static int open_all_grants(const w2n_np_manifest *m, int *fds,
                           const uint32_t *first) {
  const w2n_config *top = &m->procs[0].config;
  int *roots = malloc(((size_t)top->num_dirs + 1) * sizeof *roots);
  if (!roots)
    return -1;
  int rc = w2n_grants_open_roots(top, roots, m->procs[0].name);
  for (uint32_t k = 0; rc == 0 && k < m->count; k++)
    rc = w2n_grants_open(&m->procs[k].config, top, roots, fds + first[k],
                         m->procs[k].name);
  w2n_grants_close(roots, top->num_dirs);
  free(roots);
  return rc;
}

/* What w2n_np_fresh needs after start-up: the table, the process's
 * arguments, and per nanoprocess with instance = "per-call" its grants'
 * directories as opened at start-up, duplicated for each fresh instance. */
static struct {
  const w2n_np_manifest *m;
  int argc;
  char **argv;
  char **envp;
  int *dirfds[W2N_NP_MAX];
} kept;

/* A copy of each per-call nanoprocess's directories, before its start-up
 * instance takes the originals over. */
static int keep_grants(const w2n_np_manifest *m, const int *fds,
                       const uint32_t *first) {
  for (uint32_t k = 0; k < m->count; k++) {
    if (!m->procs[k].caps->per_call)
      continue;
    uint32_t n = m->procs[k].config.num_dirs;
    kept.dirfds[k] = malloc(((size_t)n + 1) * sizeof(int));
    if (!kept.dirfds[k])
      return -1;
    for (uint32_t i = 0; i < n; i++) {
      kept.dirfds[k][i] = fcntl(fds[first[k] + i], F_DUPFD_CLOEXEC, 3);
      if (kept.dirfds[k][i] < 0) {
        w2n_grants_close(kept.dirfds[k], i);
        return -1;
      }
    }
  }
  return 0;
}

/* The stack limit a nanoprocess gets when entered at the top of the stack. */
static uintptr_t top_limit(const w2n_np_caps *c) {
  uintptr_t top = (uintptr_t)w2n_stack_top;
  if (!c->stack_budget || c->stack_budget >= top - c->stack_floor)
    return c->stack_floor;
  return top - c->stack_budget;
}

/* Instantiates every nanoprocess; -1 when all are, else the exit status. */
static int instantiate_all(const w2n_np_manifest *m, int argc, char **argv,
                           char **envp, int *fds, const uint32_t *first) {
  /* Children first: a start function may already call into a child. */
  for (uint32_t k = m->count; k-- > 0;) {
    struct np_start s = {m, &m->procs[k], argc, argv, envp, fds + first[k]};
    w2n_instance *inst;
    char err[512];
    int rc = w2n_instantiate_ex(s.d->module, np_resolve, &s, np_prepare, &s,
                                &inst, err, sizeof err);
    if (rc < 0) {
      fprintf(stderr, "%s: error: nanoprocess '%s': %s\n", w2n_program_name(),
              s.d->name, err);
      return 1;
    }
    m->instances[k] = inst;
    if (rc > 0)
      return w2n_exit_status_for((uint32_t)rc);
  }
  return -1;
}

int w2n_np_main(const w2n_np_manifest *m, int argc, char **argv, char **envp) {
  w2n_stdio_reserve();
  if (m->version != W2N_NP_VERSION || m->count == 0 || m->count > W2N_NP_MAX) {
    fprintf(stderr,
            "%s: error: nanoprocess table version %u, "
            "runtime expects %u\n",
            w2n_program_name(), m->version, W2N_NP_VERSION);
    return 1;
  }
  const w2n_config *cfgs[W2N_NP_MAX];
  for (uint32_t k = 0; k < m->count; k++)
    cfgs[k] = &m->procs[k].config;
  int supervised = w2n_workers_start(cfgs[0], cfgs, m->count);
  if (supervised >= 0)
    return supervised;
  w2n_runtime_init(m->procs[0].config.stack_size);
  for (uint32_t i = 0; i < m->count; i++)
    m->procs[i].caps->stack_floor = w2n_stack_limit();

  uint32_t first[W2N_NP_MAX + 1] = {0};
  for (uint32_t k = 0; k < m->count; k++)
    first[k + 1] = first[k] + m->procs[k].config.num_dirs;
  int *fds = malloc(((size_t)first[m->count] + 1) * sizeof *fds);
  if (!fds)
    return 1;
  for (uint32_t i = 0; i < first[m->count]; i++)
    fds[i] = -1;
  kept.m = m;
  kept.argc = argc;
  kept.argv = argv;
  kept.envp = envp;
  int status =
      open_all_grants(m, fds, first) == 0 && keep_grants(m, fds, first) == 0
          ? instantiate_all(m, argc, argv, envp, fds, first)
          : 1;
  /* What no instance took over: all on a failed start. */
  w2n_grants_close(fds, first[m->count]);
  free(fds);
  if (status >= 0)
    return status;

  uint32_t code = W2N_TRAP_NONE;
  for (uint32_t k = m->count; code == W2N_TRAP_NONE && k-- > 1;) {
    w2n_instance *inst = m->instances[k];
    inst->stack_limit = top_limit(m->procs[k].caps);
    code = w2n_call_export(inst, "_initialize");
    inst->stack_limit = m->procs[k].caps->stack_floor;
  }
  if (code == W2N_TRAP_NONE)
    code = w2n_call_export(m->instances[0], "_initialize");
  if (code == W2N_TRAP_NONE)
    code = w2n_call_export(m->instances[0], "_start");
  fflush(NULL);
  return w2n_exit_status_for(code);
}

w2n_instance *w2n_np_fresh(w2n_instance *caller, uint32_t index) {
  const w2n_np_desc *d = &kept.m->procs[index];
  uint32_t n = d->config.num_dirs;
  int *fds = malloc(((size_t)n + 1) * sizeof *fds);
  if (!fds)
    w2n_raise(caller, W2N_TRAP_HOST);
  for (uint32_t i = 0; i < n; i++) {
    fds[i] = fcntl(kept.dirfds[index][i], F_DUPFD_CLOEXEC, 3);
    if (fds[i] < 0) {
      w2n_grants_close(fds, i);
      free(fds);
      w2n_raise(caller, W2N_TRAP_HOST);
    }
  }
  struct np_start s = {kept.m, d, kept.argc, kept.argv, kept.envp, fds};
  w2n_instance *inst;
  char err[512];
  int rc = w2n_instantiate_ex(d->module, np_resolve, &s, np_prepare, &s, &inst,
                              err, sizeof err);
  free(fds); /* each was taken over, or closed on failure */
  if (rc != 0) {
    fflush(NULL);
    fprintf(stderr, "%s: error: nanoprocess '%s': %s\n", w2n_program_name(),
            d->name, err);
    w2n_raise(caller, rc < 0 ? W2N_TRAP_HOST : (uint32_t)rc);
  }
  /* The area w2n_np_copy_in reuses lived in the previous instance. */
  w2n_np_caps *c = d->caps;
  c->scratch_ptr = c->scratch_size = c->scratch_busy = 0;
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  inst->stack_limit = c->stack_budget && sp - c->stack_floor > c->stack_budget
                          ? sp - c->stack_budget
                          : c->stack_floor;
  uint32_t code = w2n_call_export(inst, "_initialize");
  if (code != W2N_TRAP_NONE)
    w2n_raise(inst, code);
  return inst;
}

void w2n_np_drop(w2n_instance *inst) { w2n_instance_free(inst); }

typedef int32_t (*realloc_fn)(w2n_instance *, int32_t, int32_t, int32_t,
                              int32_t);

/* cabi_realloc(old, old_size, 8, size) in the callee; a null result traps. */
static uint32_t callee_alloc(w2n_instance *callee, uint32_t old,
                             uint32_t old_size, uint32_t size) {
  const w2n_np_caps *c = callee->caps;
  w2n_func *f = callee->funcs[c->realloc_index];
  int32_t p = ((realloc_fn)f->code)(f->ctx, (int32_t)old, (int32_t)old_size, 8,
                                    (int32_t)size);
  if (p == 0)
    w2n_raise(callee, W2N_TRAP_HOST);
  return (uint32_t)p;
}

uint32_t w2n_np_copy_in(w2n_instance *caller, w2n_instance *callee,
                        uint32_t *io, uint32_t n, uint32_t out_mask) {
  w2n_np_caps *c = callee->caps;
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!w2n_mem_range(caller, 0, io[3 * i], io[3 * i + 1]))
      w2n_raise(caller, W2N_TRAP_OOB_MEMORY);
    total += ((uint64_t)io[3 * i + 1] + 7) & ~7ull;
  }
  if (total > INT32_MAX)
    w2n_raise(caller, W2N_TRAP_OOB_MEMORY);

  /* One area per callee, grown with cabi_realloc and reused, so calls do
   * not leak in the callee; a re-entrant call gets an area of its own. */
  uint32_t base = 0, token = 0;
  if (total && !c->scratch_busy) {
    if (total > c->scratch_size) {
      c->scratch_ptr =
          callee_alloc(callee, c->scratch_ptr, c->scratch_size, total);
      c->scratch_size = (uint32_t)total;
    }
    c->scratch_busy = 1;
    base = c->scratch_ptr;
    token = 1;
  } else if (total) {
    base = callee_alloc(callee, 0, 0, (uint32_t)total);
  }
  if (!w2n_mem_range(callee, 0, base, total))
    w2n_raise(callee, W2N_TRAP_OOB_MEMORY);

  uint64_t off = base;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t len = io[3 * i + 1];
    io[3 * i + 2] = (uint32_t)off;
    uint8_t *dst = w2n_mem_range(callee, 0, off, len);
    if (out_mask & (1u << i))
      memset(dst, 0, len);
    else
      memcpy(dst, w2n_mem_range(caller, 0, io[3 * i], len), len);
    off += ((uint64_t)len + 7) & ~7ull;
  }
  return token;
}

void w2n_np_copy_out(w2n_instance *caller, w2n_instance *callee,
                     const uint32_t *io, uint32_t n, uint32_t out_mask,
                     uint32_t token) {
  for (uint32_t i = 0; i < n; i++) {
    if (!(out_mask & (1u << i)))
      continue;
    uint32_t len = io[3 * i + 1];
    uint8_t *src = w2n_mem_range(callee, 0, io[3 * i + 2], len);
    if (!src)
      w2n_raise(callee, W2N_TRAP_OOB_MEMORY);
    uint8_t *dst = w2n_mem_range(caller, 0, io[3 * i], len);
    if (!dst)
      w2n_raise(caller, W2N_TRAP_OOB_MEMORY);
    memmove(dst, src, len);
  }
  if (token)
    ((w2n_np_caps *)callee->caps)->scratch_busy = 0;
}

/* Lends in flight, innermost last: a recovered trap closes those of the
 * calls it unwound, however deep. Single-threaded like the rest of the
 * runtime's call state. */
static struct np_lend {
  w2n_instance *callee;
  uint32_t serial;
} *lends;
static uint32_t num_lends, cap_lends, last_serial;

static void revoke_above(uint32_t depth) {
  while (num_lends > depth) {
    struct np_lend *l = &lends[--num_lends];
    w2n_wasi_revoke(l->callee, l->serial);
  }
}

uint32_t w2n_np_lend_in(w2n_instance *caller, w2n_instance *callee,
                        int32_t *fds, const uint32_t *modes, uint32_t n,
                        const char *what) {
  if (num_lends == cap_lends) {
    uint32_t cap = cap_lends ? 2 * cap_lends : 16;
    struct np_lend *l = realloc(lends, cap * sizeof *l);
    if (!l)
      w2n_raise(caller, W2N_TRAP_HOST);
    lends = l;
    cap_lends = cap;
  }
  uint32_t token = num_lends;
  if (++last_serial == 0)
    last_serial = 1;
  lends[num_lends++] = (struct np_lend){callee, last_serial};
  uint32_t i;
  int32_t err =
      w2n_wasi_lend_all(caller, callee, fds, modes, n, last_serial, &i);
  if (err) {
    revoke_above(token);
    fflush(NULL);
    fprintf(stderr,
            "wasm2native: nanoprocess '%s' passes descriptor %d to %s "
            "(parameter %u), %s\n",
            caller->name ? caller->name : "?", fds[i], what, modes[i] >> 8,
            err == WASI_EBADF ? "which it does not hold"
            : err == WASI_ENOTCAPABLE
                ? "which it only borrows and so cannot move"
                : "and the callee has no free descriptor number");
    w2n_raise(caller, W2N_TRAP_CAPABILITY);
  }
  return token;
}

void w2n_np_lend_out(uint32_t token) { revoke_above(token); }

uint32_t w2n_np_protect(w2n_instance *caller, w2n_instance *callee,
                        void (*fn)(void *arg), void *arg) {
  w2n_np_caps *c = callee->caps;
  if (c->disabled)
    return W2N_TRAP_CAPABILITY;
  uint32_t depth = num_lends, busy = c->scratch_busy;
  uintptr_t limit = callee->stack_limit;
  uint32_t code = w2n_run(callee, fn, arg);
  if (code == W2N_TRAP_NONE)
    return code;
  /* Whatever the unwound calls had lent is gone before anyone runs again. */
  revoke_above(depth);
  callee->stack_limit = limit;
  c->scratch_busy = busy;
  w2n_instance *culprit = w2n_trap_instance(code);
  if (code == W2N_TRAP_EXIT || code == W2N_TRAP_BAD_EXIT || culprit == caller)
    w2n_raise(NULL, code);
  w2n_report_trap(code);
  /* Its memory may be mid-update (a half-built heap): no more calls. */
  c->disabled = 1;
  if (culprit && culprit->caps)
    ((w2n_np_caps *)culprit->caps)->disabled = 1;
  fprintf(stderr,
          "wasm2native: the call from '%s' into '%s' returns an error value; "
          "'%s' takes no more calls\n",
          caller->name ? caller->name : "?", callee->name ? callee->name : "?",
          callee->name ? callee->name : "?");
  return code;
}

void w2n_np_uncaught(w2n_instance *callee) { w2n_trap_uncaught(callee); }
