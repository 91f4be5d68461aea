/*===- wasi/poll.c - poll_oneoff, sched_yield ------------------------------===*
 *
 * poll_oneoff waits with one ppoll(2) for the descriptors that can block
 * (stdio, pipes, devices) until the earliest clock subscription's deadline.
 * Regular files are always ready, as the spec says. Clock deadlines are kept
 * on the monotonic clock; an absolute realtime deadline is converted once.
 *
 * Sleeping (a relative clock subscription) does not need W2N_CAP_CLOCK, as
 * it reveals no time; an absolute one does (its timing would tell the
 * time), and without the capability its event carries ENOTCAPABLE.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct sub {
  uint64_t userdata;
  uint64_t deadline; /* clock: monotonic ns */
  uint64_t nbytes;   /* event payload once ready */
  int pfd;           /* index in the pollfd array, or -1 */
  uint16_t error;    /* answered at once with this error */
  uint16_t rwflags;
  uint8_t type;
  uint8_t ready; /* answered at once */
  uint8_t count; /* a read's nbytes is asked of the kernel (not a socket) */
} sub;

static uint64_t mono_now(void) {
  int32_t err;
  return w2n_wasi_clock_now(WASI_CLOCK_MONOTONIC, &err);
}

/* Parses a clock subscription; WASI errno for the whole call on failure. */
static int32_t parse_clock(w2n_instance *ctx, const uint8_t *in, sub *s,
                           uint64_t now) {
  uint32_t id = wasi_get32(in + WASI_SUB_CLOCK_ID);
  uint64_t timeout = wasi_get64(in + WASI_SUB_CLOCK_TIMEOUT);
  int abs = wasi_get16(in + WASI_SUB_CLOCK_FLAGS) & WASI_SUBCLOCK_ABSTIME;
  if (id != WASI_CLOCK_MONOTONIC && id != WASI_CLOCK_REALTIME)
    return WASI_EINVAL; /* as Wasmtime, cputime clocks cannot be waited on */
  const wasi_state *st = wasi_state_of(ctx);
  if (abs && !(st && (st->caps & W2N_CAP_CLOCK))) {
    s->error = WASI_ENOTCAPABLE;
    s->ready = 1;
    return WASI_ESUCCESS;
  }
  if (abs && id == WASI_CLOCK_REALTIME) {
    int32_t err;
    uint64_t real = w2n_wasi_clock_now(WASI_CLOCK_REALTIME, &err);
    timeout = timeout > real ? timeout - real : 0;
    abs = 0;
  }
  if (abs)
    s->deadline = timeout;
  else
    s->deadline = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
  return WASI_ESUCCESS;
}

/* Parses an fd_read/fd_write subscription, adding a pollfd when the
 * descriptor can block. */
static void parse_fd(w2n_instance *ctx, const uint8_t *in, sub *s,
                     struct pollfd *pfds, int *npfds) {
  int reading = s->type == WASI_EVENTTYPE_FD_READ;
  wasi_fd *e = w2n_fd_get(ctx, (int32_t)wasi_get32(in + WASI_SUB_FD));
  if (!e || e->kind == WASI_FD_DIR ||
      (e->kind == WASI_FD_STDIO && (reading ? !e->readable : !e->writable))) {
    s->error = WASI_EBADF;
    s->ready = 1;
    return;
  }
  /* Sockets are never regular files: no fstat per socket per call, which
   * an event loop over many connections would pay on every wait. */
  struct stat st;
  if (e->kind != WASI_FD_LISTENER && e->kind != WASI_FD_SOCKET &&
      fstat(e->host, &st) == 0 && S_ISREG(st.st_mode)) {
    s->ready = 1;
    if (reading) {
      off_t pos = lseek(e->host, 0, SEEK_CUR);
      s->nbytes =
          pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    }
    return;
  }
  s->count = e->kind != WASI_FD_LISTENER && e->kind != WASI_FD_SOCKET;
  s->pfd = *npfds;
  pfds[*npfds].fd = e->host;
  pfds[*npfds].events = reading ? POLLIN : POLLOUT;
  pfds[*npfds].revents = 0;
  ++*npfds;
}

/* Fills in the events of fd subscriptions that ppoll reported. */
static void collect_fd(sub *s, const struct pollfd *p) {
  if (!p->revents)
    return;
  s->ready = 1;
  if (p->revents & POLLNVAL) {
    s->error = WASI_EBADF;
    return;
  }
  if (p->revents & POLLHUP)
    s->rwflags = WASI_EVENT_FD_READWRITE_HANGUP;
  /* A socket's nbytes is 1, as Wasmtime reports for every descriptor but a
   * file: wasi-libc's poll() never reads it, and asking the kernel would be
   * one more system call per request in an event loop. After a hang-up the
   * kernel is asked all the same, since 1 could claim data that is not
   * there. Pipes and devices report what FIONREAD says. */
  s->nbytes = 1;
  if (s->type == WASI_EVENTTYPE_FD_READ &&
      (s->count || (p->revents & POLLHUP))) {
    int avail = 0;
    if (ioctl(p->fd, FIONREAD, &avail) == 0)
      s->nbytes = (uint64_t)(avail > 0 ? avail : 0);
    if ((p->revents & POLLHUP) && !avail)
      s->nbytes = 0;
  }
}

/* An event loop polls on every turn, and allocating its tables each time
 * cost as much as the rest of the call: they are kept, per thread (each
 * instance runs on one), and only ever grow, to the most subscriptions
 * one call has had. No guest code runs during a call, so no call can
 * nest in another. */
static _Thread_local struct {
  sub *subs;
  struct pollfd *pfds;
  uint32_t cap;
} scratch;

/* Zeroed tables for n subscriptions, or ENOMEM. */
static int32_t scratch_for(uint32_t n, sub **s, struct pollfd **pfds) {
  if (n > scratch.cap) {
    sub *ns = realloc(scratch.subs, n * sizeof *ns);
    if (ns)
      scratch.subs = ns;
    struct pollfd *np = realloc(scratch.pfds, n * sizeof *np);
    if (np)
      scratch.pfds = np;
    if (!ns || !np)
      return WASI_ENOMEM;
    scratch.cap = n;
  }
  memset(scratch.subs, 0, n * sizeof *scratch.subs);
  memset(scratch.pfds, 0, n * sizeof *scratch.pfds);
  *s = scratch.subs;
  *pfds = scratch.pfds;
  return WASI_ESUCCESS;
}

int32_t w2n_wasi_poll_oneoff(w2n_instance *ctx, int32_t in, int32_t out,
                             int32_t nsubscriptions, int32_t nevents) {
  uint32_t n = (uint32_t)nsubscriptions;
  if (n == 0)
    return WASI_EINVAL; /* as Wasmtime: waiting for nothing would hang */
  const uint8_t *subs =
      wasi_mem(ctx, (uint32_t)in, (uint64_t)n * WASI_SUBSCRIPTION_SIZE);
  uint8_t *evs = wasi_mem(ctx, (uint32_t)out, (uint64_t)n * WASI_EVENT_SIZE);
  uint8_t *count_out = wasi_mem(ctx, (uint32_t)nevents, 4);
  if (!subs || !evs || !count_out)
    return WASI_EFAULT;
  sub *s;
  struct pollfd *pfds;
  int32_t err = scratch_for(n, &s, &pfds);
  int npfds = 0;
  uint64_t now = mono_now();
  /* Everything is read before any event is written: the guest may pass
   * overlapping arrays. */
  for (uint32_t i = 0; !err && i < n; ++i) {
    const uint8_t *p = subs + (uint64_t)i * WASI_SUBSCRIPTION_SIZE;
    s[i].userdata = wasi_get64(p + WASI_SUB_USERDATA);
    s[i].type = p[WASI_SUB_TAG];
    s[i].pfd = -1;
    if (s[i].type == WASI_EVENTTYPE_CLOCK)
      err = parse_clock(ctx, p, &s[i], now);
    else if (s[i].type == WASI_EVENTTYPE_FD_READ ||
             s[i].type == WASI_EVENTTYPE_FD_WRITE)
      parse_fd(ctx, p, &s[i], pfds, &npfds);
    else
      err = WASI_EINVAL;
  }
  uint32_t ready = 0;
  while (!err && !ready) {
    int immediate = 0, timed = 0;
    uint64_t deadline = UINT64_MAX;
    for (uint32_t i = 0; i < n; ++i) {
      immediate |= s[i].ready;
      if (s[i].type == WASI_EVENTTYPE_CLOCK && !s[i].ready) {
        timed = 1;
        if (s[i].deadline < deadline)
          deadline = s[i].deadline;
      }
    }
    struct timespec ts = {0, 0};
    if (!immediate && timed && deadline > now) {
      uint64_t wait = deadline - now;
      ts.tv_sec = (time_t)(wait / 1000000000u);
      ts.tv_nsec = (long)(wait % 1000000000u);
    }
    int r = ppoll(pfds, (nfds_t)npfds, immediate || timed ? &ts : NULL, NULL);
    if (r < 0 && errno != EINTR) {
      err = w2n_wasi_errno(errno);
      break;
    }
    now = mono_now();
    for (uint32_t i = 0; i < n; ++i) {
      if (s[i].pfd >= 0 && r > 0)
        collect_fd(&s[i], &pfds[s[i].pfd]);
      else if (s[i].type == WASI_EVENTTYPE_CLOCK && s[i].deadline <= now)
        s[i].ready = 1;
      ready += s[i].ready;
    }
  }
  if (!err) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (!s[i].ready)
        continue;
      uint8_t b[WASI_EVENT_SIZE] = {0};
      wasi_put64(b + WASI_EVENT_USERDATA, s[i].userdata);
      wasi_put16(b + WASI_EVENT_ERROR, s[i].error);
      b[WASI_EVENT_TYPE] = s[i].type;
      if (s[i].type != WASI_EVENTTYPE_CLOCK) {
        wasi_put64(b + WASI_EVENT_NBYTES, s[i].nbytes);
        wasi_put16(b + WASI_EVENT_FLAGS, s[i].rwflags);
      }
      memcpy(evs + (uint64_t)k++ * WASI_EVENT_SIZE, b, sizeof b);
    }
    wasi_put32(count_out, k);
  }
  return err;
}

int32_t w2n_wasi_sched_yield(w2n_instance *ctx) {
  sched_yield();
  return WASI_ESUCCESS;
}
