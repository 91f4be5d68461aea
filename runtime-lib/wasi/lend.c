/*===- wasi/lend.c - Descriptors lent and moved between nanoprocesses -----===*
 *
 * A trampoline whose export declares `fd` parameters lends each caller
 * descriptor to the callee for one call: the callee gets a duplicate of the
 * host descriptor (the same open description: offset, flags, socket) under
 * a fresh number of its own, tagged with the lend's serial. Descriptors the
 * callee derives from it (path_open beneath a lent directory, sock_accept on
 * a lent listener) carry the same tag, and all of them are closed when the
 * lend ends, on return or on a recovered trap, wherever the callee
 * renumbered them. `fd-move` takes the entry out of the caller's table and
 * puts it, untagged, into the callee's. A read-only view (`:ro`) clears
 * `writable` and `grant_rw`, so rights only ever narrow.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  e.lend = move ? 0 : serial;
  /* Stdio is shared with the process and never closed: no duplicate. */
  if (!move && e.kind != WASI_FD_STDIO) {
    e.host = fcntl(src->host, F_DUPFD_CLOEXEC, 3);
    if (e.host < 0)
      return WASI_EMFILE;
  }
  int32_t n = w2n_fd_add(to, &e);
  if (n < 0) {
    if (!move && e.kind != WASI_FD_STDIO)
      close(e.host);
    return WASI_EMFILE;
  }
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
