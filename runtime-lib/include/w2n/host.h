/*===- w2n/host.h - What host functions may call --------------------------===*
 *
 * A host function (an embedder's w2n_host_import, bindgen's glue, the WASI
 * host) receives the calling instance first. It reaches the guest's memory
 * only through w2n_mem_range, which checks the whole range, and ends the
 * call with a trap through w2n_raise.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_HOST_H
#define W2N_HOST_H

#include "w2n/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Raises a trap from host code: unwinds to the innermost w2n_call with
 * `code`. With ctx == NULL it re-raises a code a nested w2n_call returned,
 * keeping the original trap's details (function, nanoprocess) for the
 * report; W2N_TRAP_EXIT re-raised this way keeps the exit status. Host code
 * uses this, not w2n_trap, which attributes the trap to its caller's pc. */
__attribute__((noreturn)) void w2n_raise(w2n_instance *ctx, uint32_t code);

/* The bytes [addr, addr+len) of memory `mem` of ctx, or NULL when the range
 * is not entirely inside the memory's current size (or there is no such
 * memory). len == 0 at addr == size is in bounds. */
void *w2n_mem_range(w2n_instance *ctx, uint32_t mem, uint64_t addr,
                    uint64_t len);

#ifdef __cplusplus
}
#endif

#endif
