// An event-loop server: one poll() over the listening socket (descriptor 3)
// and every open connection. Each connection's bytes are echoed back; the
// program ends once `argv[1]` connections were accepted and closed again.
//
// With `bench N` it instead accepts N connections and then times poll()
// over them with a zero timeout (nothing is ready), printing the cost per
// call; then it tells the client, whose byte on the first connection ends
// a blocking poll().
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX 4096

static struct pollfd fds[MAX + 1];

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench(int n) {
  for (int i = 0; i < n; ++i) {
    fds[i].fd = accept(3, NULL, NULL);
    fds[i].events = POLLIN;
    if (fds[i].fd < 0) {
      perror("accept");
      return 1;
    }
  }
  // Nothing is ready yet: every call looks at all n and times out at once.
  int calls = n >= 1000 ? 2000 : 20000;
  double t0 = now();
  for (int i = 0; i < calls; ++i)
    if (poll(fds, n, 0) != 0) {
      printf("unexpected event\n");
      return 1;
    }
  double per = (now() - t0) / calls * 1e6;
  // Then a blocking wait, woken by the byte the client sends when told.
  write(fds[0].fd, "r", 1);
  int r = poll(fds, n, 10000);
  char byte;
  if (r == 1 && read(fds[0].fd, &byte, 1) != 1)
    r = -1;
  printf("poll over %d sockets: %.2f us per call; woken: %d\n", n, per, r);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "bench") == 0)
    return bench(atoi(argv[2]));
  int want = argc > 1 ? atoi(argv[1]) : 1;
  int accepted = 0, closed = 0, n = 1, peak = 0, wakeups = 0;
  fcntl(3, F_SETFL, fcntl(3, F_GETFL) | O_NONBLOCK);
  fds[0].fd = 3;
  fds[0].events = POLLIN;
  while (closed < want) {
    // A clock timeout too: the loop must not hang if something goes wrong.
    int r = poll(fds, n, 20000);
    ++wakeups;
    if (r == 0) {
      printf("timeout with %d open\n", n - 1);
      return 1;
    }
    if (r < 0) {
      perror("poll");
      return 1;
    }
    if (fds[0].revents & POLLIN) {
      int c;
      while (n <= MAX && (c = accept4(3, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
        fds[n].fd = c;
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        ++n;
        ++accepted;
      }
      if (n > peak)
        peak = n;
    }
    for (int i = 1; i < n; ++i) {
      if (!fds[i].revents)
        continue;
      char buf[256];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        if (write(fds[i].fd, buf, (size_t)got) != got)
          perror("write");
        continue;
      }
      if (got < 0 && errno == EAGAIN)
        continue;
      close(fds[i].fd);
      fds[i--] = fds[--n];
      ++closed;
    }
  }
  printf("accepted %d, closed %d, at most %d open at once\n", accepted, closed,
         peak - 1);
  return 0;
}
