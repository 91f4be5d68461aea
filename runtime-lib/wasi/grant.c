/*===- wasi/grant.c - Opening the directories of directory grants ---------===*
 *
 * A top-level grant names a host path, the operator's choice, and is opened
 * by that path. Every other grant, a child nanoprocess's or one whose host
 * path lies inside another grant's, names a path relative to a top-level
 * grant and is opened beneath that grant's open directory, never by
 * resolving a host path string again: a guest holding the outer directory
 * with write rights can rename its entries and plant symlinks in it, and
 * none of that may take the inner grant outside the outer one.
 *
 * The kernel confines the lookup: openat2 with RESOLVE_BENEATH,
 * RESOLVE_NO_SYMLINKS and RESOLVE_NO_MAGICLINKS. Where openat2 is missing
 * (kernels before 5.6, qemu-user, seccomp filters that refuse unknown calls
 * with EPERM) the same lookup is done one component at a time with
 * O_NOFOLLOW, refusing `..`.
 *
 * No symlink is followed on the way, not even one that stays inside the
 * outer grant: what a link points at is up to whoever can write the tree,
 * so a grant inside another must name a real directory, and a symlink in
 * its place makes the start fail (ELOOP). Renaming is different: a
 * directory renamed into the grant's place is a directory beneath the
 * outer grant, and that is what the inner grant sees.
 *
 * Every descriptor is opened before any code of any instance runs, so
 * nothing a guest does during a run moves a grant it does not hold.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* openat2 is the same number on every architecture; the cross C libraries
 * may predate it. */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define GRANT_RESOLVE_NO_MAGICLINKS 0x02
#define GRANT_RESOLVE_NO_SYMLINKS 0x04
#define GRANT_RESOLVE_BENEATH 0x08

struct grant_open_how { /* struct open_how of <linux/openat2.h> */
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/* The component-wise form of open_beneath: every component opened with
 * O_NOFOLLOW from the one before, `..` refused. */
static int walk_beneath(int root, const char *rel) {
  char path[PATH_MAX];
  size_t len = strlen(rel);
  if (len >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(path, rel, len + 1);
  int cur = root;
  for (char *name = path, *next; name; name = next) {
    next = strchr(name, '/');
    if (next)
      *next++ = '\0';
    if (!*name || strcmp(name, ".") == 0)
      continue;
    int fd = -1;
    if (strcmp(name, "..") == 0) {
      errno = EXDEV; /* what RESOLVE_BENEATH says for a climb */
    } else {
      fd = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      /* O_PATH with O_NOFOLLOW reports a symlink as "not a directory";
       * say what openat2 says. */
      if (fd < 0 && errno == ENOTDIR &&
          fstatat(cur, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode))
        errno = ELOOP;
    }
    if (cur != root) {
      int saved = errno;
      close(cur);
      errno = saved;
    }
    if (fd < 0)
      return -1;
    cur = fd;
  }
  int fd = openat(cur, ".", DIR_FLAGS);
  if (cur != root) {
    int saved = errno;
    close(cur);
    errno = saved;
  }
  return fd;
}

/* Opens directory `rel` beneath the open directory `root` without leaving
 * it and without following any symlink; "." gives a descriptor of root's
 * directory with a file description of its own. */
static int open_beneath(int root, const char *rel) {
  struct grant_open_how how = {.flags = DIR_FLAGS,
                               .resolve = GRANT_RESOLVE_BENEATH |
                                          GRANT_RESOLVE_NO_SYMLINKS |
                                          GRANT_RESOLVE_NO_MAGICLINKS};
  long fd = syscall(SYS_openat2, root, rel, &how, sizeof how);
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
    return (int)fd;
  return walk_beneath(root, rel);
}

/* An embedder's grant may leave the guest path NULL: it is the host's. */
static const char *guest_of(const w2n_dir_grant *g) {
  return g->guest ? g->guest : g->host;
}

static void print_who(const char *who) {
  fprintf(stderr, "%s: error: ", w2n_program_name());
  if (who)
    fprintf(stderr, "nanoprocess '%s': ", who);
}

void w2n_grants_close(int *fds, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (fds[i] >= 0) {
      close(fds[i]);
      fds[i] = -1;
    }
}

int w2n_grants_open_roots(const w2n_config *top, int *roots, const char *who) {
  for (uint32_t i = 0; i < top->num_dirs; ++i)
    roots[i] = -1;
  for (uint32_t i = 0; i < top->num_dirs; ++i) {
    const w2n_dir_grant *g = &top->dirs[i];
    if (g->beneath)
      continue;
    roots[i] = open(g->host, DIR_FLAGS);
    if (roots[i] < 0) {
      int err = errno;
      print_who(who);
      fprintf(stderr, "cannot open directory '%s' (grant '%s'): %s\n", g->host,
              guest_of(g), strerror(err));
      w2n_grants_close(roots, i);
      return -1;
    }
  }
  return 0;
}

int w2n_grants_open(const w2n_config *cfg, const w2n_config *top,
                    const int *roots, int *fds, const char *who) {
  for (uint32_t i = 0; i < cfg->num_dirs; ++i)
    fds[i] = -1;
  for (uint32_t i = 0; i < cfg->num_dirs; ++i) {
    const w2n_dir_grant *g = &cfg->dirs[i];
    /* A top-level grant of `top` itself is its root, reopened; anything
     * else names the top-level grant it lies in. */
    uint32_t r = g->beneath ? g->beneath - 1 : i;
    const char *rel = g->beneath ? g->host : ".";
    if (r >= top->num_dirs || roots[r] < 0 || (!g->beneath && cfg != top)) {
      print_who(who);
      fprintf(stderr,
              "directory grant '%s' names no top-level grant to open it "
              "beneath (a corrupt grant table)\n",
              guest_of(g));
      w2n_grants_close(fds, i);
      return -1;
    }
    fds[i] = open_beneath(roots[r], rel);
    if (fds[i] < 0) {
      int err = errno;
      const w2n_dir_grant *outer = &top->dirs[r];
      print_who(who);
      if (!g->beneath)
        fprintf(stderr, "cannot open directory '%s' (grant '%s'): %s\n",
                g->host, guest_of(g), strerror(err));
      else
        fprintf(stderr,
                "cannot open directory grant '%s': '%s' beneath grant '%s' "
                "(host directory '%s'): %s%s\n",
                guest_of(g), rel, guest_of(outer), outer->host, strerror(err),
                err == ELOOP || err == EXDEV
                    ? " (a grant inside another grant is opened without "
                      "following symlinks or leaving it)"
                    : "");
      w2n_grants_close(fds, i);
      return -1;
    }
  }
  return 0;
}
