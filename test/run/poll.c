// Proves poll() (poll_oneoff with clock and descriptor subscriptions)
// behaves as natively: a pure timeout returns 0 after at least the time
// asked, a pipe on stdin with data is readable at once, stdout is
// writable, and a zero timeout on an empty pipe at end of file reports it.
// RUN: %clang -O2 %s -o %t.native
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: echo "some input" > %t.in
// RUN: %compare --stdin %t.in --native %t.native --wasm %t.guard --wasm %t.soft
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(void) {
  int64_t t0 = now_ms();
  int rc = poll(NULL, 0, 25);
  int64_t waited = now_ms() - t0;
  printf("poll(no fds, 25 ms) = %d, waited >= 24 ms: %d, < 2 s: %d\n", rc, waited >= 24,
         waited < 2000);
  struct pollfd in = {0, POLLIN, 0};
  rc = poll(&in, 1, 1000);
  printf("stdin with data: poll = %d, POLLIN %d\n", rc, !!(in.revents & POLLIN));
  char buf[64];
  ssize_t n = read(0, buf, sizeof buf);
  printf("read %zd bytes: %.*s", n, (int)(n > 0 ? n : 0), buf);
  struct pollfd out = {1, POLLOUT, 0};
  rc = poll(&out, 1, 1000);
  printf("stdout: poll = %d, POLLOUT %d\n", rc, !!(out.revents & POLLOUT));
  fflush(stdout);
  struct pollfd both[2] = {{1, POLLOUT, 0}, {2, POLLOUT, 0}};
  rc = poll(both, 2, 0);
  printf("stdout and stderr together: poll = %d, %d %d\n", rc, !!(both[0].revents & POLLOUT),
         !!(both[1].revents & POLLOUT));
  return 0;
}
