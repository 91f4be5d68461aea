/*===- wasi/sock.c - sock_* functions --------------------------------------===*
 *
 * Preview 1 can only use sockets it was given: the listening sockets granted
 * at start-up (listen.c) and the connections sock_accept takes from them.
 * A descriptor that is not open is EBADF; an open one that is not a socket
 * is ENOTSUP, as Wasmtime answers for it. Data moves with recvmsg/sendmsg
 * straight between the socket and guest memory; sends use MSG_NOSIGNAL, so
 * a peer that went away gives EPIPE and never SIGPIPE.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* The socket `fd`, or NULL with the errno for the guest in *err. */
static wasi_fd *sock_get(w2n_instance *ctx, int32_t fd, int32_t *err) {
  wasi_fd *e = w2n_fd_get(ctx, fd);
  if (!e) {
    *err = WASI_EBADF;
    return NULL;
  }
  if (e->kind != WASI_FD_LISTENER && e->kind != WASI_FD_SOCKET) {
    *err = WASI_ENOTSUP;
    return NULL;
  }
  return e;
}

int32_t w2n_wasi_sock_accept(w2n_instance *ctx, int32_t fd, int32_t flags,
                             int32_t out) {
  int32_t err;
  wasi_fd *e = sock_get(ctx, fd, &err);
  if (!e)
    return err;
  /* The new connection's own flags; only NONBLOCK means anything for it. */
  if ((uint32_t)flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
    return WASI_EINVAL;
  /* Checked before accepting, so a bad pointer never loses a connection. */
  uint8_t *p = wasi_mem(ctx, (uint32_t)out, 4);
  if (!p)
    return WASI_EFAULT;
  int nb = (flags & WASI_FDFLAG_NONBLOCK) != 0;
  int host;
  do
    host =
        accept4(e->host, NULL, NULL, SOCK_CLOEXEC | (nb ? SOCK_NONBLOCK : 0));
  while (host < 0 && errno == EINTR);
  if (host < 0)
    return w2n_wasi_errno(errno);
  wasi_fd conn = {0};
  conn.kind = WASI_FD_SOCKET;
  conn.readable = 1;
  /* A connection has its listener's rights or fewer, and lives no longer
   * than a lent listener. */
  conn.writable = e->writable;
  conn.lend = e->lend;
  conn.fdflags = nb ? WASI_FDFLAG_NONBLOCK : 0;
  conn.host = host;
  return w2n_fd_install(ctx, &conn, p);
}

int32_t w2n_wasi_sock_recv(w2n_instance *ctx, int32_t fd, int32_t ri_data,
                           int32_t ri_data_len, int32_t ri_flags,
                           int32_t ro_datalen, int32_t ro_flags) {
  int32_t err;
  wasi_fd *e = sock_get(ctx, fd, &err);
  if (!e)
    return err;
  const uint32_t known = WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL;
  if ((uint32_t)ri_flags & ~known)
    return WASI_EINVAL;
  uint8_t *len_out = wasi_mem(ctx, (uint32_t)ro_datalen, 4);
  uint8_t *flags_out = wasi_mem(ctx, (uint32_t)ro_flags, 2);
  if (!len_out || !flags_out)
    return WASI_EFAULT;
  struct iovec v[IOV_MAX];
  int n = 0;
  err = w2n_wasi_gather_iovecs(ctx, (uint32_t)ri_data, (uint32_t)ri_data_len, v,
                               &n);
  if (err)
    return err;
  struct msghdr mh = {0};
  mh.msg_iov = v;
  mh.msg_iovlen = (size_t)n;
  int hf = 0;
  if (ri_flags & WASI_RIFLAG_RECV_PEEK)
    hf |= MSG_PEEK;
  if (ri_flags & WASI_RIFLAG_RECV_WAITALL)
    hf |= MSG_WAITALL;
  ssize_t r;
  do
    r = recvmsg(e->host, &mh, hf);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return w2n_wasi_errno(errno);
  wasi_put32(len_out, (uint32_t)r);
  /* RECV_DATA_TRUNCATED is for datagrams; a stream never truncates. */
  wasi_put16(flags_out, 0);
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_sock_send(w2n_instance *ctx, int32_t fd, int32_t si_data,
                           int32_t si_data_len, int32_t si_flags,
                           int32_t so_datalen) {
  int32_t err;
  wasi_fd *e = sock_get(ctx, fd, &err);
  if (!e)
    return err;
  if (!e->writable) /* a read-only view (fd:ro), as fd_write answers */
    return WASI_EBADF;
  if (si_flags != 0) /* preview 1 defines no send flags */
    return WASI_EINVAL;
  uint8_t *out = wasi_mem(ctx, (uint32_t)so_datalen, 4);
  if (!out)
    return WASI_EFAULT;
  struct iovec v[IOV_MAX];
  int n = 0;
  err = w2n_wasi_gather_iovecs(ctx, (uint32_t)si_data, (uint32_t)si_data_len, v,
                               &n);
  if (err)
    return err;
  long r = w2n_wasi_sendv(e->host, v, n);
  if (r < 0)
    return w2n_wasi_errno(errno);
  wasi_put32(out, (uint32_t)r);
  return WASI_ESUCCESS;
}

long w2n_wasi_sendv(int host, const struct iovec *v, int n) {
  struct msghdr mh = {0};
  mh.msg_iov = (struct iovec *)v;
  mh.msg_iovlen = (size_t)n;
  ssize_t r;
  do
    r = sendmsg(host, &mh, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r;
}

int32_t w2n_wasi_sock_shutdown(w2n_instance *ctx, int32_t fd, int32_t how) {
  int32_t err;
  wasi_fd *e = sock_get(ctx, fd, &err);
  if (!e)
    return err;
  /* Shutting down changes the connection for every holder of it. */
  if (!e->writable)
    return WASI_ENOTCAPABLE;
  int h;
  switch (how) {
  case WASI_SDFLAG_RD:
    h = SHUT_RD;
    break;
  case WASI_SDFLAG_WR:
    h = SHUT_WR;
    break;
  case WASI_SDFLAG_RD | WASI_SDFLAG_WR:
    h = SHUT_RDWR;
    break;
  default:
    return WASI_EINVAL;
  }
  if (shutdown(e->host, h) < 0)
    return w2n_wasi_errno(errno);
  return WASI_ESUCCESS;
}
