/*===- host/stdio.c - Host descriptors 0, 1 and 2 at start-up -------------===*
 *
 * A program started with descriptor 0, 1 or 2 closed would hand that number
 * to the first file it opens: a preopened directory, a guest's file, the
 * runtime's own mmaps. Writes meant for stderr (trap reports, another
 * nanoprocess's messages, the guest's own fd 2) would then land in that
 * file, and reads of stdin would read it. Start-up therefore opens
 * /dev/null on each closed one before anything else, as Rust's runtime does.
 *===----------------------------------------------------------------------===*/
#include "host/host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void w2n_stdio_reserve(void) {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
      continue;
    /* open() returns the lowest free number, which is fd: every lower one
     * is open by now. */
    int got = open("/dev/null", O_RDWR);
    if (got == fd)
      continue;
    /* write(), not stdio: standard error may be the descriptor missing. */
    static const char msg[] =
        ": fatal: cannot open /dev/null for a closed standard descriptor\n";
    const char *name = w2n_program_name();
    if (write(2, name, strlen(name)) < 0 || write(2, msg, sizeof msg - 1) < 0) {
      /* Nowhere left to say it; the abort below still ends the process. */
    }
    abort();
  }
}
