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
 *
 * The descriptor parameters of one call pass all or none: every number is
 * checked, and room made in the callee's table, before the first is lent
 * or moved, so a refused call leaves both tables as they were (a move
 * done before a later parameter failed would otherwise leave the caller
 * without its descriptor and the callee holding it for good).
 *===----------------------------------------------------------------------===*/
#include "w2n/nanoprocess.h"
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

/* Why descriptor parameter i of the call cannot pass, or ESUCCESS. */
static int32_t check_one(w2n_instance *from, const int32_t *fds,
                         const uint32_t *modes, uint32_t i) {
  const wasi_fd *src = w2n_fd_get(from, fds[i]);
  if (!src)
    return WASI_EBADF;
  int move = (modes[i] & W2N_NP_FD_MOVE) != 0;
  /* Moving a borrowed descriptor would let it outlive the lend. */
  if (move && src->lend)
    return WASI_ENOTCAPABLE;
  /* A number moved is no longer the caller's for the parameters after it,
   * and a lend beside a move would borrow a descriptor the callee may
   * close: a moved number passes once. */
  for (uint32_t j = 0; j < i; j++)
    if (fds[j] == fds[i] && (move || (modes[j] & W2N_NP_FD_MOVE)))
      return WASI_EBADF;
  return WASI_ESUCCESS;
}

/* Makes sure `to` has n free numbers from 3 on, growing its table now so
 * that w2n_fd_add cannot fail later. */
static int32_t make_room(w2n_instance *to, uint32_t n) {
  wasi_state *s = wasi_state_of(to);
  if (!s)
    return WASI_EMFILE;
  uint32_t free_slots = 0;
  for (uint32_t k = 3; k < s->nfds && free_slots < n; k++)
    free_slots += s->fds[k].kind == WASI_FD_FREE;
  if (free_slots >= n)
    return WASI_ESUCCESS;
  uint64_t last = (uint64_t)(s->nfds > 3 ? s->nfds : 3) + (n - free_slots) - 1;
  if (last >= WASI_MAX_FDS || !w2n_fd_slot(to, (int32_t)last))
    return WASI_EMFILE;
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_lend_all(w2n_instance *from, w2n_instance *to, int32_t *fds,
                          const uint32_t *modes, uint32_t n, uint32_t serial,
                          uint32_t *failed) {
  for (uint32_t i = 0; i < n; i++) {
    int32_t err = check_one(from, fds, modes, i);
    if (err) {
      *failed = i;
      return err;
    }
  }
  int32_t err = make_room(to, n);
  if (err) {
    *failed = 0;
    return err;
  }
  for (uint32_t i = 0; i < n; i++) {
    int32_t out;
    err = w2n_wasi_lend(from, fds[i], to, (modes[i] & W2N_NP_FD_MOVE) != 0,
                        (modes[i] & W2N_NP_FD_RO) != 0, serial, &out);
    /* Unreachable after the checks above; stop rather than go on. */
    if (err) {
      *failed = i;
      return err;
    }
    fds[i] = out;
  }
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
