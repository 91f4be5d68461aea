/*===- wasi/resolve.c - Sandboxed resolution of guest paths ---------------===*
 *
 * Every path is wasi_resolved here, one component at a time, from the host
 * descriptor of a directory the guest holds, so that no path can name
 * anything outside the preopened directory it started from:
 *
 *  - an absolute path, or a `..` that would climb above the starting
 *    directory, fails with WASI_ESCAPE;
 *  - each intermediate directory is opened with
 *    openat(parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW) and kept open on
 *    a stack, so `..` pops the stack instead of asking the kernel (a
 *    directory moved elsewhere meanwhile cannot take us with it);
 *  - a symlink met on the way is read with readlinkat and its text spliced
 *    in front of the rest of the path: an absolute target is an escape, a
 *    relative one continues from the directory that holds the link, and
 *    more than MAX_SYMLINKS expansions is ELOOP;
 *  - the final component is handed to the operation relative to its parent
 *    descriptor with "do not follow" (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, or
 *    operations that never follow), after being expanded here first when
 *    the guest asked to follow symlinks.
 *
 * The kernel therefore never follows a symlink or a `..` on our behalf, and
 * every step is relative to a descriptor we hold: swapping a directory for
 * a symlink between our check and our use makes the use fail (ENOTDIR,
 * ELOOP), never leave the tree. openat2(RESOLVE_BENEATH) is not used, as
 * qemu-user may not provide it and this walk needs no help.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_WORK_PATH 8192 /* longest path while expanding symlinks */
#define MAX_SYMLINKS 40    /* as Linux's MAXSYMLINKS */
#define NOT_A_LINK (-1)

/* The state of a lookup that holds nothing. */
static void clear(wasi_resolved *r) {
  r->stack = NULL;
  r->path = r->work = NULL;
  r->depth = r->cap = 0;
  r->dirfd = -1;
  r->name = NULL;
  r->must_dir = 0;
}

void w2n_wasi_resolved_free(wasi_resolved *r) {
  for (uint32_t i = 1; i <= r->depth; ++i)
    close(r->stack[i]);
  if (r->stack != r->short_stack)
    free(r->stack);
  if (r->path != r->short_path)
    free(r->path);
  free(r->work);
  clear(r);
}

static int push(wasi_resolved *r, int fd) {
  if (r->depth + 1 == r->cap) {
    int *s = malloc(2 * r->cap * sizeof *s);
    if (!s)
      return -1;
    memcpy(s, r->stack, r->cap * sizeof *s);
    if (r->stack != r->short_stack)
      free(r->stack);
    r->stack = s;
    r->cap *= 2;
  }
  r->stack[++r->depth] = fd;
  return 0;
}

/* The buffer a symlink's expansion is written to while `cur` is read:
 * one of the two work buffers, allocated at the first symlink. */
static char *other_buffer(wasi_resolved *r, const char *cur) {
  if (!r->work && !(r->work = malloc(2 * MAX_WORK_PATH)))
    return NULL;
  return cur == r->work ? r->work + MAX_WORK_PATH : r->work;
}

/* If `name` in `dirfd` is a symlink, writes its target followed by "/rest"
 * (or "/" alone when keep_slash and rest is empty) into dst and returns 0.
 * Returns NOT_A_LINK when it cannot be read as a link, else a WASI errno. */
static int32_t splice_link(int dirfd, const char *name, const char *rest,
                           int keep_slash, char *dst, unsigned *links) {
  char target[WASI_MAX_GUEST_PATH];
  ssize_t n = readlinkat(dirfd, name, target, sizeof target);
  if (n < 0)
    return NOT_A_LINK;
  if ((size_t)n == sizeof target)
    return WASI_ENAMETOOLONG;
  if (++*links > MAX_SYMLINKS)
    return WASI_ELOOP;
  if (n == 0)
    return WASI_ENOENT;
  if (target[0] == '/')
    return WASI_ESCAPE;
  size_t restlen = strlen(rest);
  int slash = restlen || keep_slash;
  if ((size_t)n + (size_t)slash + restlen >= MAX_WORK_PATH)
    return WASI_ENAMETOOLONG;
  memcpy(dst, target, (size_t)n);
  if (slash)
    dst[n++] = '/';
  memcpy(dst + n, rest, restlen + 1);
  return WASI_ESUCCESS;
}

/* Resolves guest path [path, path+len) from directory `base` (see the
 * comment at the top). On success r->dirfd/name/must_dir are set. `r` must
 * be released in every case. */
static int32_t resolve(const wasi_fd *base, const uint8_t *path, uint32_t len,
                       int follow, wasi_resolved *r) {
  if (len == 0)
    return WASI_ENOENT;
  if (len >= WASI_MAX_GUEST_PATH)
    return WASI_ENAMETOOLONG;
  if (memchr(path, 0, len))
    return WASI_EINVAL;
  if (path[0] == '/')
    return WASI_ESCAPE;
  r->cap = WASI_RESOLVE_INLINE_DEPTH;
  r->stack = r->short_stack;
  r->path = len < sizeof r->short_path ? r->short_path : malloc(len + 1);
  if (!r->path)
    return WASI_ENOMEM;
  r->stack[0] = base->host;
  memcpy(r->path, path, len);
  r->path[len] = 0;
  char *cur = r->path, *p = cur;
  unsigned links = 0;
  for (;;) {
    while (*p == '/')
      ++p;
    if (!*p) {
      r->dirfd = r->stack[r->depth];
      r->name = ".";
      return WASI_ESUCCESS;
    }
    char *comp = p, *end = p;
    while (*end && *end != '/')
      ++end;
    char *next = end;
    while (*next == '/')
      ++next;
    int last = !*next, slash = next != end;
    size_t clen = (size_t)(end - comp);
    if (clen == 1 && comp[0] == '.') {
      p = next;
      continue;
    }
    if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
      if (r->depth == 0)
        return WASI_ESCAPE;
      close(r->stack[r->depth--]);
      p = next;
      continue;
    }
    *end = 0;
    int top = r->stack[r->depth];
    if (!last) {
      int fd = openat(top, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        if (push(r, fd)) {
          close(fd);
          return WASI_ENOMEM;
        }
        p = next;
        continue;
      }
      int err = errno;
      if (err != ENOTDIR && err != ELOOP)
        return w2n_wasi_errno(err);
      char *dst = other_buffer(r, cur);
      if (!dst)
        return WASI_ENOMEM;
      int32_t s = splice_link(top, comp, next, 0, dst, &links);
      if (s == NOT_A_LINK)
        return w2n_wasi_errno(err);
      if (s)
        return s;
      p = cur = dst;
      continue;
    }
    if (follow == WASI_PATH_FOLLOW ||
        (follow == WASI_PATH_FOLLOW_IF_SLASH && slash)) {
      char *dst = other_buffer(r, cur);
      if (!dst)
        return WASI_ENOMEM;
      int32_t s = splice_link(top, comp, "", slash, dst, &links);
      if (s == WASI_ESUCCESS) {
        p = cur = dst;
        continue;
      }
      if (s != NOT_A_LINK)
        return s;
    }
    r->dirfd = top;
    r->name = comp;
    r->must_dir = slash;
    return WASI_ESUCCESS;
  }
}

int32_t w2n_wasi_lookup(w2n_instance *ctx, int32_t fd, int32_t path,
                        int32_t path_len, int follow, int mutate,
                        wasi_resolved *r) {
  clear(r);
  wasi_fd *d = w2n_fd_get(ctx, fd);
  if (!d || d->kind == WASI_FD_STDIO)
    return WASI_EBADF;
  if (d->kind != WASI_FD_DIR)
    return WASI_ENOTDIR;
  if (mutate && !d->grant_rw)
    return WASI_ENOTCAPABLE;
  const uint8_t *p = wasi_mem(ctx, (uint32_t)path, (uint32_t)path_len);
  if (!p)
    return WASI_EFAULT;
  return resolve(d, p, (uint32_t)path_len, follow, r);
}
