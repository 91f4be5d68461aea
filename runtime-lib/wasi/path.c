/*===- wasi/path.c - path_* functions and sandboxed path resolution -------===*
 *
 * Every path is resolved here, one component at a time, from the host
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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_GUEST_PATH 4096 /* longest path accepted from the guest */
#define MAX_WORK_PATH 8192  /* longest path while expanding symlinks */
#define MAX_SYMLINKS 40     /* as Linux's MAXSYMLINKS */
#define NOT_A_LINK (-1)

/* Result of resolving a path: the operation applies to `name` in the
 * directory `dirfd`. `name` is "." when the path names a directory itself
 * ("." or "a/.."). */
typedef struct resolved {
  int dirfd;
  const char *name;
  int must_dir; /* the path ended in '/' */
  int *stack;   /* stack[0]: the guest's directory; above it, ours to close */
  uint32_t depth, cap;
  char *work; /* two MAX_WORK_PATH buffers */
} resolved;

enum {
  NOFOLLOW = 0,
  FOLLOW = 1,          /* expand a final symlink */
  FOLLOW_IF_SLASH = 2, /* expand a final symlink when the path ends in '/' */
};

static void release(resolved *r) {
  for (uint32_t i = 1; i <= r->depth; ++i)
    close(r->stack[i]);
  free(r->stack);
  free(r->work);
  memset(r, 0, sizeof *r);
}

static int push(resolved *r, int fd) {
  if (r->depth + 1 == r->cap) {
    int *s = realloc(r->stack, 2 * r->cap * sizeof *s);
    if (!s)
      return -1;
    r->stack = s;
    r->cap *= 2;
  }
  r->stack[++r->depth] = fd;
  return 0;
}

/* If `name` in `dirfd` is a symlink, writes its target followed by "/rest"
 * (or "/" alone when keep_slash and rest is empty) into dst and returns 0.
 * Returns NOT_A_LINK when it cannot be read as a link, else a WASI errno. */
static int32_t splice_link(int dirfd, const char *name, const char *rest,
                           int keep_slash, char *dst, unsigned *links) {
  char target[MAX_GUEST_PATH];
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
                       int follow, resolved *r) {
  if (len == 0)
    return WASI_ENOENT;
  if (len >= MAX_GUEST_PATH)
    return WASI_ENAMETOOLONG;
  if (memchr(path, 0, len))
    return WASI_EINVAL;
  if (path[0] == '/')
    return WASI_ESCAPE;
  r->work = malloc(2 * MAX_WORK_PATH);
  r->cap = 16;
  r->stack = malloc(r->cap * sizeof *r->stack);
  if (!r->work || !r->stack)
    return WASI_ENOMEM;
  r->stack[0] = base->host;
  char *buf[2] = {r->work, r->work + MAX_WORK_PATH};
  int cur = 0;
  memcpy(buf[0], path, len);
  buf[0][len] = 0;
  char *p = buf[0];
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
        return wasi_errno(err);
      int32_t s = splice_link(top, comp, next, 0, buf[cur ^ 1], &links);
      if (s == NOT_A_LINK)
        return wasi_errno(err);
      if (s)
        return s;
      cur ^= 1;
      p = buf[cur];
      continue;
    }
    if (follow == FOLLOW || (follow == FOLLOW_IF_SLASH && slash)) {
      int32_t s = splice_link(top, comp, "", slash, buf[cur ^ 1], &links);
      if (s == WASI_ESUCCESS) {
        cur ^= 1;
        p = buf[cur];
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

/* Resolves `path` for an operation on directory descriptor `fd`; `mutate`
 * operations need a read-write grant. */
static int32_t lookup(w2n_instance *ctx, int32_t fd, int32_t path,
                      int32_t path_len, int follow, int mutate, resolved *r) {
  memset(r, 0, sizeof *r);
  wasi_fd *d = wasi_fd_get(ctx, fd);
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

static int32_t host_err(int rc) {
  return rc < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
}

/* For a final component written with a trailing '/': EEXIST if it exists,
 * else ENOENT, as Linux answers link/symlink onto "name/". */
static int32_t new_name_with_slash(const resolved *r) {
  struct stat st;
  return fstatat(r->dirfd, r->name, &st, AT_SYMLINK_NOFOLLOW) == 0
             ? WASI_EEXIST
             : wasi_errno(errno);
}

/* 0 when `name` is a directory, else ENOTDIR (or the lookup's error). */
static int32_t need_dir(const resolved *r) {
  struct stat st;
  if (fstatat(r->dirfd, r->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return wasi_errno(errno);
  return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

int32_t w2n_wasi_path_open(w2n_instance *ctx, int32_t fd, int32_t dirflags,
                           int32_t path, int32_t path_len, int32_t oflags,
                           int64_t rights_base, int64_t rights_inheriting,
                           int32_t fdflags, int32_t opened_fd) {
  const uint32_t known_oflags = WASI_OFLAG_CREAT | WASI_OFLAG_DIRECTORY |
                                WASI_OFLAG_EXCL | WASI_OFLAG_TRUNC;
  const uint32_t known_fdflags = WASI_FDFLAG_APPEND | WASI_FDFLAG_DSYNC |
                                 WASI_FDFLAG_NONBLOCK | WASI_FDFLAG_RSYNC |
                                 WASI_FDFLAG_SYNC;
  uint32_t of = (uint32_t)oflags, ff = (uint32_t)fdflags;
  if ((of & ~known_oflags) || (ff & ~known_fdflags) ||
      ((of & WASI_OFLAG_CREAT) && (of & WASI_OFLAG_DIRECTORY)))
    return WASI_EINVAL;
  uint8_t *out = wasi_mem(ctx, (uint32_t)opened_fd, 4);
  if (!out)
    return WASI_EFAULT;
  /* As Wasmtime: FD_READ / FD_WRITE in the requested rights decide the
   * access mode. */
  int rd = (rights_base & WASI_RIGHT_FD_READ) != 0;
  int wr = (rights_base & WASI_RIGHT_FD_WRITE) != 0;
  int mutate = wr || (of & (WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC)) ||
               (ff & WASI_FDFLAG_APPEND);
  int follow =
      (dirflags & WASI_LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  resolved r;
  int32_t err = lookup(ctx, fd, path, path_len, follow, mutate, &r);
  if (err) {
    release(&r);
    return err;
  }
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  flags |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (of & WASI_OFLAG_CREAT)
    flags |= O_CREAT;
  if (of & WASI_OFLAG_EXCL)
    flags |= O_EXCL;
  if (of & WASI_OFLAG_TRUNC)
    flags |= O_TRUNC;
  if ((of & WASI_OFLAG_DIRECTORY) || r.must_dir)
    flags |= O_DIRECTORY;
  if (ff & WASI_FDFLAG_APPEND)
    flags |= O_APPEND;
  if (ff & WASI_FDFLAG_DSYNC)
    flags |= O_DSYNC;
  if (ff & WASI_FDFLAG_RSYNC)
    flags |= O_RSYNC;
  if (ff & WASI_FDFLAG_SYNC)
    flags |= O_SYNC;
  if (ff & WASI_FDFLAG_NONBLOCK)
    flags |= O_NONBLOCK;
  int host = -1;
  if (r.must_dir && (of & WASI_OFLAG_CREAT))
    err = WASI_EISDIR;
  else if ((host = openat(r.dirfd, r.name, flags, 0666)) < 0)
    err = wasi_errno(errno);
  const wasi_fd *dir = wasi_fd_get(ctx, fd);
  int grant_rw = dir->grant_rw;
  release(&r);
  if (err)
    return err;
  struct stat st;
  if (fstat(host, &st) < 0) {
    err = wasi_errno(errno);
    close(host);
    return err;
  }
  wasi_fd e = {0};
  e.kind = S_ISDIR(st.st_mode) ? WASI_FD_DIR : WASI_FD_FILE;
  e.readable = (uint8_t)rd;
  e.writable = (uint8_t)wr;
  e.grant_rw = (uint8_t)grant_rw;
  e.fdflags = (uint16_t)ff;
  e.host = host;
  return wasi_fd_install(ctx, &e, out);
}

int32_t w2n_wasi_path_create_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len) {
  resolved r;
  int32_t err = lookup(ctx, fd, path, path_len, NOFOLLOW, 1, &r);
  if (!err)
    err = host_err(mkdirat(r.dirfd, r.name, 0777));
  release(&r);
  return err;
}

int32_t w2n_wasi_path_filestat_get(w2n_instance *ctx, int32_t fd, int32_t flags,
                                   int32_t path, int32_t path_len,
                                   int32_t out) {
  uint8_t *p = wasi_mem(ctx, (uint32_t)out, WASI_FILESTAT_SIZE);
  if (!p)
    return WASI_EFAULT;
  int follow = (flags & WASI_LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  resolved r;
  struct stat st;
  int32_t err = lookup(ctx, fd, path, path_len, follow, 0, &r);
  if (!err)
    err = host_err(fstatat(r.dirfd, r.name, &st, AT_SYMLINK_NOFOLLOW));
  if (!err && r.must_dir && !S_ISDIR(st.st_mode))
    err = WASI_ENOTDIR;
  release(&r);
  if (!err)
    wasi_put_filestat(p, &st);
  return err;
}

int32_t w2n_wasi_path_filestat_set_times(w2n_instance *ctx, int32_t fd,
                                         int32_t flags, int32_t path,
                                         int32_t path_len, int64_t atim,
                                         int64_t mtim, int32_t fst_flags) {
  struct timespec ts[2];
  int32_t err =
      wasi_timespecs((uint64_t)atim, (uint64_t)mtim, (uint32_t)fst_flags, ts);
  if (err)
    return err;
  int follow = (flags & WASI_LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  resolved r;
  err = lookup(ctx, fd, path, path_len, follow, 1, &r);
  if (!err)
    err = host_err(utimensat(r.dirfd, r.name, ts, AT_SYMLINK_NOFOLLOW));
  release(&r);
  return err;
}

int32_t w2n_wasi_path_readlink(w2n_instance *ctx, int32_t fd, int32_t path,
                               int32_t path_len, int32_t buf, int32_t buf_len,
                               int32_t used) {
  uint8_t *dst = wasi_mem(ctx, (uint32_t)buf, (uint32_t)buf_len);
  uint8_t *out = wasi_mem(ctx, (uint32_t)used, 4);
  if (!dst || !out)
    return WASI_EFAULT;
  resolved r;
  int32_t err = lookup(ctx, fd, path, path_len, NOFOLLOW, 0, &r);
  ssize_t n = 0;
  if (!err) {
    /* The whole target is read here, never into guest memory first: an
     * absolute one is refused as an escape (as Wasmtime, whose cap-std
     * refuses it with EPERM), since it names a host path the guest cannot
     * open and must not learn. Otherwise, as Wasmtime, a target longer
     * than the buffer is truncated. */
    char target[MAX_GUEST_PATH];
    n = readlinkat(r.dirfd, r.name, target, sizeof target);
    if (n < 0)
      err = wasi_errno(errno);
    else if (n > 0 && target[0] == '/')
      err = WASI_ESCAPE;
    else {
      if (n > buf_len)
        n = buf_len;
      memcpy(dst, target, (size_t)n);
    }
  }
  release(&r);
  if (!err)
    wasi_put32(out, (uint32_t)n);
  return err;
}

int32_t w2n_wasi_path_remove_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len) {
  resolved r;
  int32_t err = lookup(ctx, fd, path, path_len, NOFOLLOW, 1, &r);
  if (!err)
    err = host_err(unlinkat(r.dirfd, r.name, AT_REMOVEDIR));
  release(&r);
  return err;
}

int32_t w2n_wasi_path_unlink_file(w2n_instance *ctx, int32_t fd, int32_t path,
                                  int32_t path_len) {
  resolved r;
  int32_t err = lookup(ctx, fd, path, path_len, NOFOLLOW, 1, &r);
  if (!err && r.must_dir) {
    /* Linux: "dir/" is EISDIR, "file/" is ENOTDIR. */
    err = need_dir(&r);
    if (!err)
      err = WASI_EISDIR;
  }
  if (!err)
    err = host_err(unlinkat(r.dirfd, r.name, 0));
  release(&r);
  return err;
}

int32_t w2n_wasi_path_symlink(w2n_instance *ctx, int32_t old_path,
                              int32_t old_len, int32_t fd, int32_t new_path,
                              int32_t new_len) {
  const uint8_t *t = wasi_mem(ctx, (uint32_t)old_path, (uint32_t)old_len);
  if (!t)
    return WASI_EFAULT;
  uint32_t tlen = (uint32_t)old_len;
  if (tlen >= MAX_GUEST_PATH)
    return WASI_ENAMETOOLONG;
  if (memchr(t, 0, tlen))
    return WASI_EINVAL;
  if (tlen == 0)
    return WASI_ENOENT;
  /* Such a link could never be followed from inside the sandbox; refusing
   * it keeps host tools that later meet it from being pointed outside. */
  if (t[0] == '/')
    return WASI_ESCAPE;
  char target[MAX_GUEST_PATH];
  memcpy(target, t, tlen);
  target[tlen] = 0;
  resolved r;
  int32_t err = lookup(ctx, fd, new_path, new_len, NOFOLLOW, 1, &r);
  if (!err && r.must_dir)
    err = new_name_with_slash(&r);
  if (!err)
    err = host_err(symlinkat(target, r.dirfd, r.name));
  release(&r);
  return err;
}

int32_t w2n_wasi_path_link(w2n_instance *ctx, int32_t old_fd, int32_t old_flags,
                           int32_t old_path, int32_t old_len, int32_t new_fd,
                           int32_t new_path, int32_t new_len) {
  /* As Wasmtime: linking what a symlink points to is not offered. */
  if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW)
    return WASI_EINVAL;
  /* Both sides need a read-write grant: otherwise a file only readable
   * through one grant would become writable through the other. */
  resolved from, to;
  int32_t err = lookup(ctx, old_fd, old_path, old_len, NOFOLLOW, 1, &from);
  memset(&to, 0, sizeof to);
  if (!err)
    err = lookup(ctx, new_fd, new_path, new_len, NOFOLLOW, 1, &to);
  if (!err && from.must_dir)
    err = need_dir(&from);
  if (!err && to.must_dir)
    err = new_name_with_slash(&to);
  if (!err)
    err = host_err(linkat(from.dirfd, from.name, to.dirfd, to.name, 0));
  release(&from);
  release(&to);
  return err;
}

int32_t w2n_wasi_path_rename(w2n_instance *ctx, int32_t fd, int32_t old_path,
                             int32_t old_len, int32_t new_fd, int32_t new_path,
                             int32_t new_len) {
  resolved from, to;
  int32_t err = lookup(ctx, fd, old_path, old_len, NOFOLLOW, 1, &from);
  memset(&to, 0, sizeof to);
  if (!err)
    err = lookup(ctx, new_fd, new_path, new_len, NOFOLLOW, 1, &to);
  /* A trailing '/' on either side requires the source to be a directory. */
  if (!err && (from.must_dir || to.must_dir))
    err = need_dir(&from);
  if (!err)
    err = host_err(renameat(from.dirfd, from.name, to.dirfd, to.name));
  release(&from);
  release(&to);
  return err;
}
