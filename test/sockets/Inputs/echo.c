// A blocking server on the listening socket at descriptor 3, driven by
// client.py: what each socket call answers is printed, one line per step.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

static void report(const char *what, long r) {
  if (r < 0)
    printf("%s: %s\n", what, strerror(errno));
  else
    printf("%s: %ld\n", what, r);
  fflush(stdout);
}

static void fdstat(const char *what, int fd) {
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(fd, &st) != 0) {
    printf("%s: fdstat failed\n", what);
    return;
  }
  printf("%s: type %d flags %d accept %d read %d write %d shutdown %d\n", what,
         st.fs_filetype, st.fs_flags,
         !!(st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT),
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_READ),
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
         !!(st.fs_rights_base & __WASI_RIGHTS_SOCK_SHUTDOWN));
}

int main(void) {
  char buf[64];
  fdstat("listener", 3);
  // The directory granted after the socket is still a preopen.
  FILE *f = fopen("/data/hello.txt", "r");
  if (f && fgets(buf, sizeof buf, f))
    buf[strcspn(buf, "\n")] = 0;
  printf("dir after socket: %s\n", f ? buf : strerror(errno));
  if (f)
    fclose(f);
  // Not sockets: stdio and the directory.
  report("accept stdin", accept(0, NULL, NULL));
  report("accept dir", accept(4, NULL, NULL));
  report("accept closed", accept(40, NULL, NULL));
  report("recv stdout", recv(1, buf, 1, 0));
  report("read listener", read(3, buf, 1));

  // A result pointer outside memory is EFAULT and takes no connection (the
  // client's first one is already waiting: it must still be there below).
  struct pollfd pending = {3, POLLIN, 0};
  poll(&pending, 1, -1);
  printf("accept bad pointer: %d\n",
         __wasi_sock_accept(3, 0, (__wasi_fd_t *)0xfffffff0u));

  // Connection 1: peek, wait-all, echo, shutdown.
  int c = accept(3, NULL, NULL);
  report("accept", c);
  fdstat("conn", c);
  // Write readiness of the connection; the listener has nothing pending
  // (the client's next connection comes only after this one ends).
  struct pollfd pf[2] = {{3, POLLIN, 0}, {c, POLLOUT, 0}};
  int pr = poll(pf, 2, 100);
  printf("poll listener+conn: %d, listener %d, conn writable %d\n", pr,
         pf[0].revents, !!(pf[1].revents & POLLOUT));
  report("peek", recv(c, buf, 5, MSG_PEEK));
  report("waitall", recv(c, buf, 10, MSG_WAITALL));
  printf("got: %.10s\n", buf);
  report("send", send(c, buf, 10, 0));
  report("write", write(c, "!\n", 2));
  // Nothing to read until the client sees our shutdown: the clock ends it.
  struct pollfd in = {c, POLLIN, 0};
  printf("poll timeout: %d\n", poll(&in, 1, 50));
  // Flags preview 1 does not define.
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_roflags_t ro;
  __wasi_iovec_t iov = {(uint8_t *)buf, 1};
  printf("accept flag append: %d\n",
         __wasi_sock_accept(3, __WASI_FDFLAGS_APPEND, &fd));
  printf("recv flag 4: %d\n", __wasi_sock_recv(c, &iov, 1, 4, &n, &ro));
  printf("send flag 1: %d\n",
         __wasi_sock_send(c, (const __wasi_ciovec_t *)&iov, 1, 1, &n));
  printf("shutdown 0: %d\n", __wasi_sock_shutdown(c, 0));
  printf("set flags append: %d\n",
         __wasi_fd_fdstat_set_flags(c, __WASI_FDFLAGS_APPEND));
  report("shutdown wr", shutdown(c, SHUT_WR));
  report("read until eof", read(c, buf, sizeof buf));
  report("close", close(c));
  report("close again", close(c));

  // Connection 2: non-blocking; the client resets it.
  report("accept nonblocking listener",
         fcntl(3, F_SETFL, fcntl(3, F_GETFL) | O_NONBLOCK));
  int r;
  while ((r = accept4(3, NULL, NULL, SOCK_NONBLOCK)) < 0 && errno == EAGAIN)
    usleep(1000);
  report("accept4 nonblock", r >= 0 ? 0 : -1);
  c = r;
  fdstat("conn2", c);
  while ((r = (int)recv(c, buf, 1, 0)) < 0 && errno == EAGAIN)
    usleep(1000);
  report("recv before reset", r);
  // The client has reset the connection after its byte.
  while ((r = (int)recv(c, buf, 1, 0)) < 0 && errno == EAGAIN)
    usleep(1000);
  report("recv after reset", r);
  report("send after reset", send(c, "x", 1, 0));
  report("write after reset", write(c, "x", 1));
  close(c);

  // Connection 3: the client closes; writing must give EPIPE, not SIGPIPE.
  fcntl(3, F_SETFL, fcntl(3, F_GETFL) & ~O_NONBLOCK);
  c = accept(3, NULL, NULL);
  report("accept 3", c >= 0 ? 0 : -1);
  report("read eof", read(c, buf, sizeof buf));
  long total = 0;
  r = 0;
  for (int i = 0; i < 200 && r >= 0; ++i) {
    r = (int)write(c, buf, sizeof buf);
    if (r > 0)
      total += r;
    usleep(1000);
  }
  printf("write to closed peer: %s\n", strerror(errno));
  printf("alive\n");
  return 0;
}
