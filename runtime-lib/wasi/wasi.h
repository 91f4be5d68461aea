/*===- wasi/wasi.h - Private interface of the WASI preview 1 host ----------===*
 *
 * Shared by the files of runtime-lib/wasi only. Every WASI function has the
 * native convention of abi.h: the calling instance first, then the Wasm
 * parameters (i32 -> int32_t, i64 -> int64_t), and returns a WASI errno.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_WASI_WASI_H
#define W2N_WASI_WASI_H

#include "w2n/internal.h"
#include "wasi/wasi_abi.h"

#include <stdint.h>
#include <string.h>

struct iovec;
struct stat;
struct timespec;

/* The errno for a path that would leave its preopened directory: an
 * absolute path, `..` above the root, or a symlink doing either. Wasmtime
 * before its preview-2 rewrite (wasi-common) and the rest of our capability
 * checks say ENOTCAPABLE; current Wasmtime says EPERM. See docs/wasi.md. */
#define WASI_ESCAPE WASI_ENOTCAPABLE

/* Descriptor numbers handed out are below this; guards the table size. */
#define WASI_MAX_FDS 65536u

enum wasi_fd_kind {
  WASI_FD_FREE = 0,
  WASI_FD_STDIO, /* host 0/1/2, shared with the process: never closed */
  WASI_FD_FILE,  /* anything path_open gave that is not a directory */
  WASI_FD_DIR,
  WASI_FD_LISTENER, /* a listening socket granted at start-up */
  WASI_FD_SOCKET,   /* a connection sock_accept gave */
};

typedef struct wasi_fd {
  uint8_t kind;
  uint8_t readable;
  uint8_t writable;
  /* Came from a read-write directory grant; without it every operation
   * that changes the file system through this descriptor is refused. */
  uint8_t grant_rw;
  uint16_t fdflags; /* WASI_FDFLAG_* as opened or last set */
  /* `host` belongs to another instance's entry, lent for one call
   * (lend.c): releasing this entry must not close it. */
  uint8_t borrowed;
  int host; /* host descriptor */
  /* Nonzero: borrowed for one cross-nanoprocess call (lend.c), closed when
   * that call ends; inherited by what path_open and sock_accept derive. */
  uint32_t lend;
  char *preopen; /* guest name of a preopened directory, else NULL */
  struct wasi_dirpos *dirpos; /* fd_readdir's cookie cache, or NULL */
} wasi_fd;

/* Per-instance WASI state, in w2n_instance::host. */
typedef struct wasi_state {
  uint32_t caps;
  uint32_t nfds; /* entries allocated in fds */
  wasi_fd *fds;
  uint32_t argc, args_size; /* args: argc NUL-terminated strings */
  char *args;
  uint32_t envc, env_size; /* env: envc "NAME=value" NUL-terminated */
  char *env;
} wasi_state;

/* ---- Guest memory. Every pointer from the module goes through these. ---- */

/* Host address of guest range [ptr, ptr+len) of memory 0, or NULL when any
 * byte of it lies outside the memory's current size. */
static inline uint8_t *wasi_mem(w2n_instance *ctx, uint32_t ptr, uint64_t len) {
  return (uint8_t *)w2n_mem_range(ctx, 0, ptr, len);
}

/* Little-endian, unaligned loads and stores of guest memory. */
static inline void wasi_put16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasi_put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t wasi_get16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t wasi_get32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = v << 8 | p[i];
  return v;
}
static inline uint64_t wasi_get64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = v << 8 | p[i];
  return v;
}

/* ---- State and descriptor table (state.c). ---- */

static inline wasi_state *wasi_state_of(w2n_instance *ctx) {
  return (wasi_state *)ctx->host;
}
/* The open descriptor `fd`, or NULL (EBADF). Every call that touches a
 * descriptor comes through here, so it also forgets the stat that
 * path_open left for fd_filestat_get (w2n_fd_take_fresh_stat). */
wasi_fd *w2n_fd_get(w2n_instance *ctx, int32_t fd);
/* path_open stats what it opened to tell a directory from a file; a C
 * open() is then almost always followed by fstat() of the same descriptor
 * (wasi-libc's fopen, a server sizing a file). The stat is kept for that
 * one call, so the host stats the file once, as the native program does.
 * Any other WASI call on a descriptor in between (of this instance or
 * another, as one that writes the file would be) drops it, so the guest
 * never sees a state older than its own last action. */
struct stat;
void w2n_fd_keep_fresh_stat(w2n_instance *ctx, int32_t fd,
                            const struct stat *st);
/* 1 and *st when the stat path_open kept is of `fd` of `ctx`, else 0;
 * either way it is gone. */
int w2n_fd_take_fresh_stat(w2n_instance *ctx, int32_t fd, struct stat *st);
/* Puts `e` in the lowest free slot >= 3; returns the number, or -1 (the
 * caller still owns e->host then). Descriptors 0-2 are only ever stdio or
 * what fd_renumber put there, so a file never silently becomes "stdout". */
int32_t w2n_fd_add(w2n_instance *ctx, const wasi_fd *e);
/* w2n_fd_add for a descriptor a WASI call opened: stores its number at
 * `out` and returns ESUCCESS, or closes e->host and returns EMFILE. */
int32_t w2n_fd_install(w2n_instance *ctx, const wasi_fd *e, uint8_t *out);
/* Slot `fd`, free or not, growing the table; NULL when fd is out of range. */
wasi_fd *w2n_fd_slot(w2n_instance *ctx, int32_t fd);
/* Closes the host side of `e` (unless shared stdio) and frees the slot. */
void w2n_fd_release(wasi_fd *e);
/* Translates the guest iovec array [iovs, iovs + 8*n) into host iovecs (v
 * holds IOV_MAX). Returns 0 and the count in *count, or EFAULT. Only the
 * first IOV_MAX buffers and 2 GiB - 4 KiB in all are used: a short
 * transfer is valid. */
struct iovec;
int32_t w2n_wasi_gather_iovecs(w2n_instance *ctx, uint32_t iovs, uint32_t n,
                               struct iovec *v, int *count);

/* The host descriptors of the listening sockets cfg grants, in order, in a
 * malloc'd array of *count (listen.c). Each grant is opened (or, for
 * listen:inherit, taken from systemd's LISTEN_FDS) once per process and
 * every instance holding it gets its own duplicate, which it may close.
 * NULL after reporting the error on stderr. */
int *w2n_wasi_listen_fds(const w2n_config *cfg, uint32_t *count);

/* ---- Path resolution (resolve.c), the sandbox's heart. ---- */

#define WASI_MAX_GUEST_PATH 4096 /* longest path accepted from the guest */

/* What to do with a symlink as the final component. */
enum {
  WASI_PATH_NOFOLLOW = 0,
  WASI_PATH_FOLLOW = 1,          /* expand it */
  WASI_PATH_FOLLOW_IF_SLASH = 2, /* expand it when the path ends in '/' */
};

/* Result of resolving a path: the operation applies to `name` in the
 * directory `dirfd`. `name` is "." when the path names a directory itself
 * ("." or "a/.."). */
/* Sized so that the common lookup (a short path, a few directories deep,
 * no symlink) allocates nothing: it runs once per file a server opens. */
#define WASI_RESOLVE_INLINE_DEPTH 16
#define WASI_RESOLVE_INLINE_PATH 256
typedef struct wasi_resolved {
  int dirfd;
  const char *name;
  int must_dir; /* the path ended in '/' */
  int *stack;   /* stack[0]: the guest's directory; above it, ours to close */
  uint32_t depth, cap;
  char *work; /* two buffers for expanding symlinks, once one is met */
  char *path; /* the guest's path: `short_path`, or allocated when longer */
  int short_stack[WASI_RESOLVE_INLINE_DEPTH];
  char short_path[WASI_RESOLVE_INLINE_PATH];
} wasi_resolved;

/* Resolves the guest path [path, path+path_len) for an operation in the
 * directory descriptor `fd`, confined to it: never an absolute path, a `..`
 * above it or a symlink leading out (WASI_ESCAPE). `follow` says what a
 * final symlink does; `mutate` operations need a read-write grant. Returns
 * a WASI errno; *r must be freed with w2n_wasi_resolved_free in every
 * case. */
int32_t w2n_wasi_lookup(w2n_instance *ctx, int32_t fd, int32_t path,
                        int32_t path_len, int follow, int mutate,
                        wasi_resolved *r);
/* Closes the directories the lookup opened and frees what it allocated. */
void w2n_wasi_resolved_free(wasi_resolved *r);

/* ---- Helpers shared between families. ---- */

/* sendmsg with MSG_NOSIGNAL, retried on EINTR: a write to a socket whose
 * peer is gone gives EPIPE, never SIGPIPE (sock.c). */
long w2n_wasi_sendv(int host, const struct iovec *v, int n);

/* WASI errno for a host errno value (errno.c). */
int32_t w2n_wasi_errno(int host_errno);
/* WASI filetype of a host st_mode (fd.c). */
uint8_t w2n_wasi_filetype(unsigned mode);
/* Writes a 64-byte filestat for `st` at `out` (fd.c). */
void w2n_wasi_put_filestat(uint8_t *out, const struct stat *st);
/* Fills ts[0] (access) and ts[1] (modification) for utimensat from WASI
 * timestamps and fstflags; EINVAL for contradictory flags (fd.c). */
int32_t w2n_wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t flags,
                           struct timespec *ts);
/* Current value of a WASI clock in ns; 0 and WASI errno set in *err for an
 * unknown clock (clock.c). */
uint64_t w2n_wasi_clock_now(uint32_t id, int32_t *err);

/* ---- The WASI functions (one family per file). ---- */

/* args_env.c */
int32_t w2n_wasi_args_get(w2n_instance *ctx, int32_t argv, int32_t argv_buf);
int32_t w2n_wasi_args_sizes_get(w2n_instance *ctx, int32_t argc,
                                int32_t argv_buf_size);
int32_t w2n_wasi_environ_get(w2n_instance *ctx, int32_t environ,
                             int32_t environ_buf);
int32_t w2n_wasi_environ_sizes_get(w2n_instance *ctx, int32_t count,
                                   int32_t buf_size);
void w2n_wasi_proc_exit(w2n_instance *ctx, int32_t code);
int32_t w2n_wasi_proc_raise(w2n_instance *ctx, int32_t sig);

/* clock.c */
int32_t w2n_wasi_clock_res_get(w2n_instance *ctx, int32_t id, int32_t out);
int32_t w2n_wasi_clock_time_get(w2n_instance *ctx, int32_t id,
                                int64_t precision, int32_t out);

/* random.c */
int32_t w2n_wasi_random_get(w2n_instance *ctx, int32_t buf, int32_t len);

/* fd.c */
int32_t w2n_wasi_fd_advise(w2n_instance *ctx, int32_t fd, int64_t offset,
                           int64_t len, int32_t advice);
int32_t w2n_wasi_fd_allocate(w2n_instance *ctx, int32_t fd, int64_t offset,
                             int64_t len);
int32_t w2n_wasi_fd_close(w2n_instance *ctx, int32_t fd);
int32_t w2n_wasi_fd_datasync(w2n_instance *ctx, int32_t fd);
int32_t w2n_wasi_fd_fdstat_get(w2n_instance *ctx, int32_t fd, int32_t out);
int32_t w2n_wasi_fd_fdstat_set_flags(w2n_instance *ctx, int32_t fd,
                                     int32_t flags);
int32_t w2n_wasi_fd_fdstat_set_rights(w2n_instance *ctx, int32_t fd,
                                      int64_t base, int64_t inheriting);
int32_t w2n_wasi_fd_filestat_get(w2n_instance *ctx, int32_t fd, int32_t out);
int32_t w2n_wasi_fd_filestat_set_size(w2n_instance *ctx, int32_t fd,
                                      int64_t size);
int32_t w2n_wasi_fd_filestat_set_times(w2n_instance *ctx, int32_t fd,
                                       int64_t atim, int64_t mtim,
                                       int32_t fst_flags);
int32_t w2n_wasi_fd_pread(w2n_instance *ctx, int32_t fd, int32_t iovs,
                          int32_t iovs_len, int64_t offset, int32_t nread);
int32_t w2n_wasi_fd_prestat_get(w2n_instance *ctx, int32_t fd, int32_t out);
int32_t w2n_wasi_fd_prestat_dir_name(w2n_instance *ctx, int32_t fd,
                                     int32_t path, int32_t path_len);
int32_t w2n_wasi_fd_pwrite(w2n_instance *ctx, int32_t fd, int32_t iovs,
                           int32_t iovs_len, int64_t offset, int32_t nwritten);
int32_t w2n_wasi_fd_read(w2n_instance *ctx, int32_t fd, int32_t iovs,
                         int32_t iovs_len, int32_t nread);
int32_t w2n_wasi_fd_readdir(w2n_instance *ctx, int32_t fd, int32_t buf,
                            int32_t buf_len, int64_t cookie, int32_t used);
int32_t w2n_wasi_fd_renumber(w2n_instance *ctx, int32_t fd, int32_t to);
int32_t w2n_wasi_fd_seek(w2n_instance *ctx, int32_t fd, int64_t offset,
                         int32_t whence, int32_t newoffset);
int32_t w2n_wasi_fd_sync(w2n_instance *ctx, int32_t fd);
int32_t w2n_wasi_fd_tell(w2n_instance *ctx, int32_t fd, int32_t out);
int32_t w2n_wasi_fd_write(w2n_instance *ctx, int32_t fd, int32_t iovs,
                          int32_t iovs_len, int32_t nwritten);

/* path.c */
int32_t w2n_wasi_path_create_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len);
int32_t w2n_wasi_path_filestat_get(w2n_instance *ctx, int32_t fd, int32_t flags,
                                   int32_t path, int32_t path_len, int32_t out);
int32_t w2n_wasi_path_filestat_set_times(w2n_instance *ctx, int32_t fd,
                                         int32_t flags, int32_t path,
                                         int32_t path_len, int64_t atim,
                                         int64_t mtim, int32_t fst_flags);
int32_t w2n_wasi_path_link(w2n_instance *ctx, int32_t old_fd, int32_t old_flags,
                           int32_t old_path, int32_t old_len, int32_t new_fd,
                           int32_t new_path, int32_t new_len);
int32_t w2n_wasi_path_open(w2n_instance *ctx, int32_t fd, int32_t dirflags,
                           int32_t path, int32_t path_len, int32_t oflags,
                           int64_t rights_base, int64_t rights_inheriting,
                           int32_t fdflags, int32_t opened_fd);
int32_t w2n_wasi_path_readlink(w2n_instance *ctx, int32_t fd, int32_t path,
                               int32_t path_len, int32_t buf, int32_t buf_len,
                               int32_t used);
int32_t w2n_wasi_path_remove_directory(w2n_instance *ctx, int32_t fd,
                                       int32_t path, int32_t path_len);
int32_t w2n_wasi_path_rename(w2n_instance *ctx, int32_t fd, int32_t old_path,
                             int32_t old_len, int32_t new_fd, int32_t new_path,
                             int32_t new_len);
int32_t w2n_wasi_path_symlink(w2n_instance *ctx, int32_t old_path,
                              int32_t old_len, int32_t fd, int32_t new_path,
                              int32_t new_len);
int32_t w2n_wasi_path_unlink_file(w2n_instance *ctx, int32_t fd, int32_t path,
                                  int32_t path_len);

/* poll.c */
int32_t w2n_wasi_poll_oneoff(w2n_instance *ctx, int32_t in, int32_t out,
                             int32_t nsubscriptions, int32_t nevents);
int32_t w2n_wasi_sched_yield(w2n_instance *ctx);

/* sock.c */
int32_t w2n_wasi_sock_accept(w2n_instance *ctx, int32_t fd, int32_t flags,
                             int32_t out);
int32_t w2n_wasi_sock_recv(w2n_instance *ctx, int32_t fd, int32_t ri_data,
                           int32_t ri_data_len, int32_t ri_flags,
                           int32_t ro_datalen, int32_t ro_flags);
int32_t w2n_wasi_sock_send(w2n_instance *ctx, int32_t fd, int32_t si_data,
                           int32_t si_data_len, int32_t si_flags,
                           int32_t so_datalen);
int32_t w2n_wasi_sock_shutdown(w2n_instance *ctx, int32_t fd, int32_t how);

#endif
