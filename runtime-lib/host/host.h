/*===- host/host.h - Private interface of start-up and hosting ------------===*
 *
 * Shared by the files of runtime-lib/host only: the code that starts a
 * program or hosts instances for an embedder, above the trusted core
 * (core/) and the WASI host (wasi/). Nothing in core/ calls into here.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_HOST_HOST_H
#define W2N_HOST_HOST_H

#include "w2n/internal.h"

/* Calls the function export `name` with no arguments; W2N_TRAP_NONE when
 * there is no such export (call_export.c). */
uint32_t w2n_call_export(w2n_instance *inst, const char *name);

/* Calls the function export `name` with argv[1..argc) parsed as its
 * parameters and prints its results, one per line (invoke.c). Returns the
 * trap code; a missing export or a bad argument is reported here and ends
 * the process with status 1. */
uint32_t w2n_invoke_export(w2n_instance *inst, const char *name, int argc,
                           char **argv);

/* Opens /dev/null on each of the host descriptors 0, 1 and 2 that is
 * closed, so no file opened later takes their numbers; aborts when it
 * cannot. Start-up calls it before anything opens a file (stdio.c). */
void w2n_stdio_reserve(void);

/* Makes a server configured with workers (top->workers != 0) a supervisor
 * of worker processes (workers.c): opens the listening sockets of cfgs
 * (every configuration of the program), then forks. Returns -1 in a worker,
 * which goes on to start the program, and in a program without workers;
 * else, in the supervisor once every worker has ended, its exit status. */
int w2n_workers_start(const w2n_config *top, const w2n_config *const *cfgs,
                      uint32_t num_cfgs);

#endif
