/*===- wasi/state.c - Per-instance WASI state and descriptor table ---------===*
 *
 * w2n_wasi_setup turns the configuration baked into the executable (or given
 * by a parent nanoprocess) into the instance's own argument list,
 * environment and descriptor table. Nothing here is process-global: two
 * instances never share a descriptor number. The directories of its grants
 * are opened by wasi/grant.c.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Per thread: an embedder may run instances on several threads, each its
 * own. */
static _Thread_local struct {
  w2n_instance *ctx; /* NULL: nothing kept */
  int32_t fd;
  struct stat st;
} fresh;

void w2n_fd_keep_fresh_stat(w2n_instance *ctx, int32_t fd,
                            const struct stat *st) {
  fresh.ctx = ctx;
  fresh.fd = fd;
  fresh.st = *st;
}

int w2n_fd_take_fresh_stat(w2n_instance *ctx, int32_t fd, struct stat *st) {
  int hit = fresh.ctx == ctx && fresh.fd == fd;
  if (hit)
    *st = fresh.st;
  fresh.ctx = NULL;
  return hit;
}

wasi_fd *w2n_fd_get(w2n_instance *ctx, int32_t fd) {
  fresh.ctx = NULL;
  wasi_state *s = wasi_state_of(ctx);
  if (!s || fd < 0 || (uint32_t)fd >= s->nfds)
    return NULL;
  wasi_fd *e = &s->fds[fd];
  return e->kind == WASI_FD_FREE ? NULL : e;
}

/* Makes slot `fd` exist (zeroed = free); 0 on success. */
static int grow(wasi_state *s, uint32_t fd) {
  if (fd < s->nfds)
    return 0;
  if (fd >= WASI_MAX_FDS)
    return -1;
  uint32_t n = s->nfds ? s->nfds : 8;
  while (n <= fd)
    n *= 2;
  if (n > WASI_MAX_FDS)
    n = WASI_MAX_FDS;
  wasi_fd *fds = realloc(s->fds, n * sizeof *fds);
  if (!fds)
    return -1;
  memset(fds + s->nfds, 0, (n - s->nfds) * sizeof *fds);
  s->fds = fds;
  s->nfds = n;
  return 0;
}

int32_t w2n_fd_add(w2n_instance *ctx, const wasi_fd *e) {
  wasi_state *s = wasi_state_of(ctx);
  if (!s)
    return -1;
  uint32_t fd = 3;
  while (fd < s->nfds && s->fds[fd].kind != WASI_FD_FREE)
    ++fd;
  if (grow(s, fd))
    return -1;
  s->fds[fd] = *e;
  return (int32_t)fd;
}

int32_t w2n_fd_install(w2n_instance *ctx, const wasi_fd *e, uint8_t *out) {
  int32_t fd = w2n_fd_add(ctx, e);
  if (fd < 0) {
    close(e->host);
    return WASI_EMFILE;
  }
  wasi_put32(out, (uint32_t)fd);
  return WASI_ESUCCESS;
}

void w2n_fd_release(wasi_fd *e) {
  if (e->kind != WASI_FD_STDIO && !e->borrowed && e->host >= 0)
    close(e->host);
  free(e->preopen);
  free(e->dirpos);
  memset(e, 0, sizeof *e);
}

wasi_fd *w2n_fd_slot(w2n_instance *ctx, int32_t fd) {
  wasi_state *s = wasi_state_of(ctx);
  if (!s || fd < 0 || grow(s, (uint32_t)fd))
    return NULL;
  return &s->fds[fd];
}

/* Concatenates the non-NULL strs[i] into one buffer of NUL-terminated
 * strings. */
static int pack(char **strs, int n, char **buf, uint32_t *count,
                uint32_t *size) {
  uint64_t total = 0;
  uint32_t c = 0;
  for (int i = 0; i < n; ++i)
    if (strs[i]) {
      total += strlen(strs[i]) + 1;
      ++c;
    }
  if (total > UINT32_MAX)
    return -1;
  char *b = malloc(total ? total : 1);
  if (!b)
    return -1;
  char *p = b;
  for (int i = 0; i < n; ++i)
    if (strs[i]) {
      size_t l = strlen(strs[i]) + 1;
      memcpy(p, strs[i], l);
      p += l;
    }
  *buf = b;
  *count = c;
  *size = (uint32_t)total;
  return 0;
}

/* Whether the host's "NAME=value" is passed through under cfg: cfg->env
 * holds "NAME" (pass it through) or "NAME=VALUE" (set it, so the host's
 * never is). */
static int env_allowed(const char *var, const w2n_config *cfg) {
  const char *eq = strchr(var, '=');
  if (!eq)
    return 0;
  size_t len = (size_t)(eq - var);
  int named = (cfg->caps & W2N_CAP_ENV) != 0;
  for (uint32_t i = 0; i < cfg->num_env; ++i) {
    const char *e = cfg->env[i];
    if (!e || strncmp(e, var, len) != 0)
      continue;
    if (e[len] == '=')
      return 0;
    named |= e[len] == '\0';
  }
  return named;
}

/* The guest's environment: the host variables cfg passes through, then the
 * ones it sets; a NULL-terminated array the caller frees. */
static char **guest_env(char **envp, const w2n_config *cfg, int *count) {
  int n = 0;
  while (envp && envp[n])
    ++n;
  char **all = malloc(((size_t)n + cfg->num_env + 1) * sizeof *all);
  if (!all)
    return NULL;
  int c = 0;
  for (int i = 0; i < n; ++i)
    if (env_allowed(envp[i], cfg))
      all[c++] = envp[i];
  for (uint32_t i = 0; i < cfg->num_env; ++i)
    if (cfg->env[i] && strchr(cfg->env[i], '='))
      all[c++] = (char *)cfg->env[i];
  all[c] = NULL;
  *count = c;
  return all;
}

static void free_state(void *host) {
  wasi_state *s = host;
  if (!s)
    return;
  for (uint32_t i = 0; i < s->nfds; ++i)
    if (s->fds[i].kind != WASI_FD_FREE)
      w2n_fd_release(&s->fds[i]);
  free(s->fds);
  free(s->args);
  free(s->env);
  free(s);
}

/* Makes the open directory `host` descriptor `fd`, seen as the grant's guest
 * path; takes `host` over. */
static int preopen(wasi_state *s, uint32_t fd, const w2n_dir_grant *g,
                   int host) {
  char *name = strdup(g->guest ? g->guest : g->host);
  if (!name || grow(s, fd)) {
    free(name);
    close(host);
    return -1;
  }
  wasi_fd *e = &s->fds[fd];
  e->kind = WASI_FD_DIR;
  e->readable = 1;
  e->grant_rw = g->writable != 0;
  e->host = host;
  e->preopen = name;
  return 0;
}

static int install_listeners(wasi_state *s, const w2n_config *cfg,
                             uint32_t *next) {
  uint32_t n = 0;
  int *fds = w2n_wasi_listen_fds(cfg, &n);
  if (!fds)
    return -1;
  int ok = grow(s, *next + n) == 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!ok) {
      close(fds[i]);
      continue;
    }
    wasi_fd *e = &s->fds[*next + i];
    /* Readable and writable like a connection, so that read/write reach the
     * host, which answers ENOTCONN as it does for a native program. */
    e->kind = WASI_FD_LISTENER;
    e->readable = 1;
    e->writable = 1;
    e->host = fds[i];
  }
  free(fds);
  *next += n;
  return ok ? 0 : -1;
}

int w2n_wasi_setup_opened(w2n_instance *inst, const w2n_config *cfg,
                          int *dirfds, int argc, char **argv, char **envp) {
  wasi_state *s = calloc(1, sizeof *s);
  if (!s) {
    w2n_grants_close(dirfds, cfg->num_dirs);
    return -1;
  }
  s->caps = cfg->caps;

  int ok = grow(s, 3 + cfg->num_dirs) == 0;
  static const uint32_t stdio_caps[3] = {W2N_CAP_STDIN, W2N_CAP_STDOUT,
                                         W2N_CAP_STDERR};
  for (int i = 0; ok && i < 3; ++i) {
    if (!(cfg->caps & stdio_caps[i]))
      continue;
    wasi_fd *e = &s->fds[i];
    e->kind = WASI_FD_STDIO;
    e->host = i;
    e->readable = i == 0;
    e->writable = i != 0;
  }
  /* Listening sockets first, as Wasmtime numbers them, so a server's
   * accept(3, ...) works; the directories follow. */
  uint32_t first_dir = 3;
  if (ok && cfg->num_listen)
    ok = install_listeners(s, cfg, &first_dir) == 0;
  for (uint32_t i = 0; ok && i < cfg->num_dirs; ++i) {
    ok = preopen(s, first_dir + i, &cfg->dirs[i], dirfds[i]) == 0;
    dirfds[i] = -1;
  }
  w2n_grants_close(dirfds, cfg->num_dirs);

  if (ok && (cfg->caps & W2N_CAP_ARGS)) {
    /* The guest's argv[0] is the name the executable was built with, not
     * the host path it was started by. */
    int n = argv ? argc : 0;
    char **args = malloc(((size_t)n + 1) * sizeof *args);
    ok = args != NULL;
    if (ok) {
      if (n > 0)
        memcpy(args, argv, (size_t)n * sizeof *args);
      if (n > 0 && cfg->argv0)
        args[0] = (char *)cfg->argv0;
      ok = pack(args, n, &s->args, &s->argc, &s->args_size) == 0;
    }
    free(args);
  }
  int envc = 0;
  char **env = ok ? guest_env(envp, cfg, &envc) : NULL;
  ok = env && pack(env, envc, &s->env, &s->envc, &s->env_size) == 0;
  free(env);
  if (!ok) {
    free_state(s);
    return -1;
  }
  w2n_set_host(inst, s, free_state);
  return 0;
}

int w2n_wasi_setup(w2n_instance *inst, const w2n_config *cfg, int argc,
                   char **argv, char **envp) {
  uint32_t n = cfg->num_dirs;
  int *fds = malloc((2 * (size_t)n + 1) * sizeof *fds);
  if (!fds)
    return -1;
  int *roots = fds + n;
  int rc = w2n_grants_open_roots(cfg, roots, inst->name);
  if (rc == 0) {
    rc = w2n_grants_open(cfg, cfg, roots, fds, inst->name);
    w2n_grants_close(roots, n);
  }
  if (rc == 0)
    rc = w2n_wasi_setup_opened(inst, cfg, fds, argc, argv, envp);
  free(fds);
  return rc;
}
