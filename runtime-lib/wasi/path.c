/*===- wasi/path.c - path_* functions -------------------------------------===*
 *
 * Each function resolves its paths with w2n_wasi_lookup (wasi/resolve.c),
 * which confines them to the preopened directory they start from, and then
 * applies its operation to the final component relative to the directory
 * descriptor the lookup holds, never following a symlink there.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int32_t host_err(int rc) {
  return rc < 0 ? w2n_wasi_errno(errno) : WASI_ESUCCESS;
}

/* For a final component written with a trailing '/': EEXIST if it exists,
 * else ENOENT, as Linux answers link/symlink onto "name/". */
static int32_t new_name_with_slash(const wasi_resolved *r) {
  struct stat st;
  return fstatat(r->dirfd, r->name, &st, AT_SYMLINK_NOFOLLOW) == 0
             ? WASI_EEXIST
             : w2n_wasi_errno(errno);
}

/* 0 when `name` is a directory, else ENOTDIR (or the lookup's error). */
static int32_t need_dir(const wasi_resolved *r) {
  struct stat st;
  if (fstatat(r->dirfd, r->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return w2n_wasi_errno(errno);
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
  int follow = (dirflags & WASI_LOOKUP_SYMLINK_FOLLOW)
                   ? WASI_PATH_FOLLOW
                   : WASI_PATH_FOLLOW_IF_SLASH;
  wasi_resolved r;
  int32_t err = w2n_wasi_lookup(ctx, fd, path, path_len, follow, mutate, &r);
  if (err) {
    w2n_wasi_resolved_free(&r);
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
    err = w2n_wasi_errno(errno);
  const wasi_fd *dir = w2n_fd_get(ctx, fd);
  int grant_rw = dir->grant_rw;
  uint32_t lend = dir->lend;
  w2n_wasi_resolved_free(&r);
  if (err)
    return err;
  struct stat st;
  if (fstat(host, &st) < 0) {
    err = w2n_wasi_errno(errno);
    close(host);
    return err;
  }
  wasi_fd e = {0};
  e.kind = S_ISDIR(st.st_mode) ? WASI_FD_DIR : WASI_FD_FILE;
  e.readable = (uint8_t)rd;
  e.writable = (uint8_t)wr;
  e.grant_rw = (uint8_t)grant_rw;
  e.fdflags = (uint16_t)ff;
  e.lend = lend;
  e.host = host;
  int32_t n = w2n_fd_add(ctx, &e);
  if (n < 0) {
    close(host);
    return WASI_EMFILE;
  }
  wasi_put32(out, (uint32_t)n);
  w2n_fd_keep_fresh_stat(ctx, n, &st);
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_path_create_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len) {
  wasi_resolved r;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, path, path_len, WASI_PATH_NOFOLLOW, 1, &r);
  if (!err)
    err = host_err(mkdirat(r.dirfd, r.name, 0777));
  w2n_wasi_resolved_free(&r);
  return err;
}

int32_t w2n_wasi_path_filestat_get(w2n_instance *ctx, int32_t fd, int32_t flags,
                                   int32_t path, int32_t path_len,
                                   int32_t out) {
  uint8_t *p = wasi_mem(ctx, (uint32_t)out, WASI_FILESTAT_SIZE);
  if (!p)
    return WASI_EFAULT;
  int follow = (flags & WASI_LOOKUP_SYMLINK_FOLLOW) ? WASI_PATH_FOLLOW
                                                    : WASI_PATH_FOLLOW_IF_SLASH;
  wasi_resolved r;
  struct stat st;
  int32_t err = w2n_wasi_lookup(ctx, fd, path, path_len, follow, 0, &r);
  if (!err)
    err = host_err(fstatat(r.dirfd, r.name, &st, AT_SYMLINK_NOFOLLOW));
  if (!err && r.must_dir && !S_ISDIR(st.st_mode))
    err = WASI_ENOTDIR;
  w2n_wasi_resolved_free(&r);
  if (!err)
    w2n_wasi_put_filestat(p, &st);
  return err;
}

int32_t w2n_wasi_path_filestat_set_times(w2n_instance *ctx, int32_t fd,
                                         int32_t flags, int32_t path,
                                         int32_t path_len, int64_t atim,
                                         int64_t mtim, int32_t fst_flags) {
  struct timespec ts[2];
  int32_t err = w2n_wasi_timespecs((uint64_t)atim, (uint64_t)mtim,
                                   (uint32_t)fst_flags, ts);
  if (err)
    return err;
  int follow = (flags & WASI_LOOKUP_SYMLINK_FOLLOW) ? WASI_PATH_FOLLOW
                                                    : WASI_PATH_FOLLOW_IF_SLASH;
  wasi_resolved r;
  err = w2n_wasi_lookup(ctx, fd, path, path_len, follow, 1, &r);
  if (!err)
    err = host_err(utimensat(r.dirfd, r.name, ts, AT_SYMLINK_NOFOLLOW));
  w2n_wasi_resolved_free(&r);
  return err;
}

int32_t w2n_wasi_path_readlink(w2n_instance *ctx, int32_t fd, int32_t path,
                               int32_t path_len, int32_t buf, int32_t buf_len,
                               int32_t used) {
  uint8_t *dst = wasi_mem(ctx, (uint32_t)buf, (uint32_t)buf_len);
  uint8_t *out = wasi_mem(ctx, (uint32_t)used, 4);
  if (!dst || !out)
    return WASI_EFAULT;
  wasi_resolved r;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, path, path_len, WASI_PATH_NOFOLLOW, 0, &r);
  ssize_t n = 0;
  if (!err) {
    /* The whole target is read here, never into guest memory first: an
     * absolute one is refused as an escape (as Wasmtime, whose cap-std
     * refuses it with EPERM), since it names a host path the guest cannot
     * open and must not learn. Otherwise, as Wasmtime, a target longer
     * than the buffer is truncated. */
    char target[WASI_MAX_GUEST_PATH];
    n = readlinkat(r.dirfd, r.name, target, sizeof target);
    if (n < 0)
      err = w2n_wasi_errno(errno);
    else if (n > 0 && target[0] == '/')
      err = WASI_ESCAPE;
    else {
      if (n > buf_len)
        n = buf_len;
      memcpy(dst, target, (size_t)n);
    }
  }
  w2n_wasi_resolved_free(&r);
  if (!err)
    wasi_put32(out, (uint32_t)n);
  return err;
}

int32_t w2n_wasi_path_remove_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len) {
  wasi_resolved r;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, path, path_len, WASI_PATH_NOFOLLOW, 1, &r);
  if (!err)
    err = host_err(unlinkat(r.dirfd, r.name, AT_REMOVEDIR));
  w2n_wasi_resolved_free(&r);
  return err;
}

int32_t w2n_wasi_path_unlink_file(w2n_instance *ctx, int32_t fd, int32_t path,
                                  int32_t path_len) {
  wasi_resolved r;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, path, path_len, WASI_PATH_NOFOLLOW, 1, &r);
  if (!err && r.must_dir) {
    /* Linux: "dir/" is EISDIR, "file/" is ENOTDIR. */
    err = need_dir(&r);
    if (!err)
      err = WASI_EISDIR;
  }
  if (!err)
    err = host_err(unlinkat(r.dirfd, r.name, 0));
  w2n_wasi_resolved_free(&r);
  return err;
}

int32_t w2n_wasi_path_symlink(w2n_instance *ctx, int32_t old_path,
                              int32_t old_len, int32_t fd, int32_t new_path,
                              int32_t new_len) {
  const uint8_t *t = wasi_mem(ctx, (uint32_t)old_path, (uint32_t)old_len);
  if (!t)
    return WASI_EFAULT;
  uint32_t tlen = (uint32_t)old_len;
  if (tlen >= WASI_MAX_GUEST_PATH)
    return WASI_ENAMETOOLONG;
  if (memchr(t, 0, tlen))
    return WASI_EINVAL;
  if (tlen == 0)
    return WASI_ENOENT;
  /* Such a link could never be followed from inside the sandbox; refusing
   * it keeps host tools that later meet it from being pointed outside. */
  if (t[0] == '/')
    return WASI_ESCAPE;
  char target[WASI_MAX_GUEST_PATH];
  memcpy(target, t, tlen);
  target[tlen] = 0;
  wasi_resolved r;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, new_path, new_len, WASI_PATH_NOFOLLOW, 1, &r);
  if (!err && r.must_dir)
    err = new_name_with_slash(&r);
  if (!err)
    err = host_err(symlinkat(target, r.dirfd, r.name));
  w2n_wasi_resolved_free(&r);
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
  wasi_resolved from, to;
  int32_t err = w2n_wasi_lookup(ctx, old_fd, old_path, old_len,
                                WASI_PATH_NOFOLLOW, 1, &from);
  memset(&to, 0, sizeof to);
  if (!err)
    err = w2n_wasi_lookup(ctx, new_fd, new_path, new_len, WASI_PATH_NOFOLLOW, 1,
                          &to);
  if (!err && from.must_dir)
    err = need_dir(&from);
  if (!err && to.must_dir)
    err = new_name_with_slash(&to);
  if (!err)
    err = host_err(linkat(from.dirfd, from.name, to.dirfd, to.name, 0));
  w2n_wasi_resolved_free(&from);
  w2n_wasi_resolved_free(&to);
  return err;
}

int32_t w2n_wasi_path_rename(w2n_instance *ctx, int32_t fd, int32_t old_path,
                             int32_t old_len, int32_t new_fd, int32_t new_path,
                             int32_t new_len) {
  wasi_resolved from, to;
  int32_t err =
      w2n_wasi_lookup(ctx, fd, old_path, old_len, WASI_PATH_NOFOLLOW, 1, &from);
  memset(&to, 0, sizeof to);
  if (!err)
    err = w2n_wasi_lookup(ctx, new_fd, new_path, new_len, WASI_PATH_NOFOLLOW, 1,
                          &to);
  /* A trailing '/' on either side requires the source to be a directory. */
  if (!err && (from.must_dir || to.must_dir))
    err = need_dir(&from);
  if (!err)
    err = host_err(renameat(from.dirfd, from.name, to.dirfd, to.name));
  w2n_wasi_resolved_free(&from);
  w2n_wasi_resolved_free(&to);
  return err;
}
