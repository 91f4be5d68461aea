/*===- wasi/lend.c - Descriptors lent and moved between nanoprocesses -----===*
 *
 * A trampoline whose export declares `fd` parameters lends each caller
 * descriptor to the callee for one call: the callee gets an entry of its
 * own, under a fresh number, that borrows the caller's host descriptor (the
 * same open description: offset, flags, socket) without duplicating it, so
 * a lend costs no system call. That is safe because the caller cannot run,
 * and so cannot close it, until the call returns: no nanoprocess calls its
 * ancestors. The entry is tagged with the lend's serial, as are the
 * descriptors the callee derives from it (path_open beneath a lent
 * directory, sock_accept on a lent listener, which are its own host
 * descriptors); all of them go when the lend ends, on return or on a
 * recovered trap, wherever the callee renumbered them. `fd-move` takes the
 * entry out of the caller's table and puts it, untagged, into the callee's.
 * A read-only view (`:ro`) clears `writable` and `grant_rw`, so rights only
 * ever narrow.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <stdlib.h>
#include <string.h>

int32_t w2n_wasi_lend(w2n_instance *from, int32_t fd, w2n_instance *to,
                      int move, int ro, uint32_t serial, int32_t *out) {
  wasi_fd *src = w2n_fd_get(from, fd);
  if (!src)
    return WASI_EBADF;
  /* Moving a borrowed descriptor would let it outlive the lend. */
  if (move && src->lend)
    return WASI_ENOTCAPABLE;
  wasi_fd e = {0};
  e.kind = src->kind;
  e.readable = src->readable;
  e.writable = (uint8_t)(src->writable && !ro);
  e.grant_rw = (uint8_t)(src->grant_rw && !ro);
  e.fdflags = src->fdflags;
  e.host = src->host;
  e.borrowed = (uint8_t)(move ? src->borrowed : 1);
  e.lend = move ? 0 : serial;
  int32_t n = w2n_fd_add(to, &e);
  if (n < 0)
    return WASI_EMFILE;
  if (move) {
    /* The host descriptor now belongs to the callee's entry. */
    free(src->preopen);
    free(src->dirpos);
    memset(src, 0, sizeof *src);
  }
  *out = n;
  return WASI_ESUCCESS;
}

void w2n_wasi_revoke(w2n_instance *inst, uint32_t serial) {
  wasi_state *s = wasi_state_of(inst);
  if (!s || !serial)
    return;
  for (uint32_t i = 0; i < s->nfds; i++)
    if (s->fds[i].kind != WASI_FD_FREE && s->fds[i].lend == serial)
      w2n_fd_release(&s->fds[i]);
}
