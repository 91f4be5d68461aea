/*===- wasi/sock.c - sock_* functions --------------------------------------===*
 *
 * No socket is ever granted to an instance (preview 1 cannot create one and
 * the configuration has no socket grants), so these answer EBADF for a
 * descriptor that is not open and, as Wasmtime does, ENOTSUP for any other.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

static int32_t no_socket(w2n_instance *ctx, int32_t fd) {
  return wasi_fd_get(ctx, fd) ? WASI_ENOTSUP : WASI_EBADF;
}

int32_t w2n_wasi_sock_accept(w2n_instance *ctx, int32_t fd, int32_t flags,
                             int32_t out) {
  return no_socket(ctx, fd);
}

int32_t w2n_wasi_sock_recv(w2n_instance *ctx, int32_t fd, int32_t ri_data,
                           int32_t ri_data_len, int32_t ri_flags,
                           int32_t ro_datalen, int32_t ro_flags) {
  return no_socket(ctx, fd);
}

int32_t w2n_wasi_sock_send(w2n_instance *ctx, int32_t fd, int32_t si_data,
                           int32_t si_data_len, int32_t si_flags,
                           int32_t so_datalen) {
  return no_socket(ctx, fd);
}

int32_t w2n_wasi_sock_shutdown(w2n_instance *ctx, int32_t fd, int32_t how) {
  return no_socket(ctx, fd);
}
