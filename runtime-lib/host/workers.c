/*===- host/workers.c - A server's worker processes and their supervisor ---===*
 *
 * A server compiled with --workers=N (manifest: workers = N) runs as one
 * supervisor and N worker processes. The supervisor opens the listening
 * sockets of every grant once (wasi/listen.c keeps them for the process),
 * then forks the workers; each instantiates the program's whole tree of
 * nanoprocesses itself, so workers share the listening sockets and
 * nothing else: memories, descriptor tables and directory handles are
 * their own, and a trap or a crash in one cannot touch another. The
 * supervisor runs no Wasm code.
 *
 * Processes rather than threads: the kernel isolates a crashed worker, the
 * runtime needs no locks (its trap recovery and WASI state are per
 * process), and the cost of fork is paid once per worker, not per request.
 *
 * What the supervisor does when a worker ends:
 *  - killed by a signal, or trapped (exit status 134): one line on stderr
 *    naming the worker and the cause, and a new worker in its place; one
 *    that dies within a second of its start waits before its replacement,
 *    twice as long each time in a row (up to 10 s), so a program that traps
 *    at start-up cannot fork without end;
 *  - exited with status 0: it is done and not replaced;
 *  - exited with another status (proc_exit(n), a link error): the program
 *    reported a failure no new copy would avoid, so the supervisor stops
 *    the others and exits with that status.
 * SIGTERM, SIGINT and SIGHUP are passed on to every worker; once all have
 * ended the supervisor ends as the signal would have ended it. With no
 * signal it exits when the last worker has, with the first non-zero status
 * of a worker or 0. Workers get SIGTERM if the supervisor itself dies.
 *===----------------------------------------------------------------------===*/
#include "host/host.h"
#include "wasi/wasi.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* w2n_exit_status_for's status after a trap. */
#define TRAP_STATUS 134
#define MAX_BACKOFF_NS (10 * 1000000000ll)
#define FIRST_BACKOFF_NS (100 * 1000000ll)
#define SHORT_LIFE_NS (1000000000ll)

typedef struct worker {
  pid_t pid;       /* 0: not running */
  int64_t started; /* CLOCK_MONOTONIC ns */
  int64_t respawn; /* when not running: start a new one at this time; <0:
                      never (the worker is done) */
  int64_t backoff; /* the next wait after a short life */
} worker;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static uint32_t cpu_count(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return (uint32_t)CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (uint32_t)n : 1;
}

static sigset_t handled_signals(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

/* Forks worker w; 0 in the new worker, 1 in the supervisor, -1 on error. */
static int spawn(worker *ws, uint32_t w, const sigset_t *old_mask,
                 pid_t supervisor) {
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "wasm2native: error: cannot start worker %u: %s\n",
            (unsigned)w, strerror(errno));
    return -1;
  }
  if (pid == 0) {
    /* A supervisor killed with SIGKILL leaves no worker behind; the check
     * after prctl closes the window in which it died before the call. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != supervisor)
      _exit(0);
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    free(ws);
    return 0;
  }
  ws[w].pid = pid;
  ws[w].started = now_ns();
  return 1;
}

static void describe_end(int status, char *buf, size_t len) {
  if (WIFSIGNALED(status))
    snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
  else if (WEXITSTATUS(status) == TRAP_STATUS)
    snprintf(buf, len, "trapped (exit status %d)", TRAP_STATUS);
  else
    snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

static void signal_all(const worker *ws, uint32_t n, int sig) {
  for (uint32_t i = 0; i < n; ++i)
    if (ws[i].pid > 0)
      kill(ws[i].pid, sig);
}

int w2n_workers_start(const w2n_config *top, const w2n_config *const *cfgs,
                      uint32_t num_cfgs) {
  if (top->workers == 0)
    return -1;
  /* Open every listening socket now, once, for all workers to share. */
  for (uint32_t i = 0; i < num_cfgs; ++i) {
    uint32_t n;
    int *fds = w2n_wasi_listen_fds(cfgs[i], &n);
    if (!fds)
      return 1;
    for (uint32_t k = 0; k < n; ++k)
      close(fds[k]);
    free(fds);
  }
  uint32_t n =
      top->workers == W2N_WORKERS_PER_CORE ? cpu_count() : top->workers;
  worker *ws = calloc(n, sizeof *ws);
  if (!ws) {
    fprintf(stderr, "wasm2native: error: %s\n", strerror(ENOMEM));
    return 1;
  }
  /* Signals are taken with sigtimedwait, so none is lost between checks. */
  sigset_t set = handled_signals(), old_mask;
  sigprocmask(SIG_BLOCK, &set, &old_mask);
  /* Inherited SIG_IGN would reap workers before waitpid saw them. */
  signal(SIGCHLD, SIG_DFL);
  pid_t self = getpid();
  fflush(NULL);
  for (uint32_t w = 0; w < n; ++w) {
    int rc = spawn(ws, w, &old_mask, self);
    if (rc == 0)
      return -1;
    if (rc < 0) {
      signal_all(ws, n, SIGTERM);
      for (uint32_t i = 0; i < n; ++i)
        if (ws[i].pid > 0)
          waitpid(ws[i].pid, NULL, 0);
      free(ws);
      return 1;
    }
  }

  int stop_signal = 0, status = 0;
  for (;;) {
    uint32_t running = 0;
    int64_t next = -1, t = now_ns();
    for (uint32_t w = 0; w < n; ++w) {
      if (ws[w].pid > 0) {
        ++running;
        continue;
      }
      if (stop_signal || status || ws[w].respawn < 0)
        continue;
      if (ws[w].respawn <= t) {
        fflush(NULL);
        int rc = spawn(ws, w, &old_mask, self);
        if (rc == 0)
          return -1;
        if (rc > 0) {
          ++running;
          continue;
        }
        ws[w].respawn = t + MAX_BACKOFF_NS;
      }
      if (next < 0 || ws[w].respawn < next)
        next = ws[w].respawn;
    }
    if (!running && next < 0)
      break;

    struct timespec timeout = {60, 0};
    if (next >= 0) {
      int64_t d = next > t ? next - t : 0;
      timeout.tv_sec = d / 1000000000ll;
      timeout.tv_nsec = d % 1000000000ll;
    }
    siginfo_t info;
    int sig = sigtimedwait(&set, &info, &timeout);
    if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) {
      stop_signal = sig;
      signal_all(ws, n, sig);
      continue;
    }
    if (sig != SIGCHLD)
      continue;
    int ws_status;
    pid_t pid;
    while ((pid = waitpid(-1, &ws_status, WNOHANG)) > 0) {
      uint32_t w = 0;
      while (w < n && ws[w].pid != pid)
        ++w;
      if (w == n)
        continue;
      ws[w].pid = 0;
      int64_t ended = now_ns();
      int crashed =
          WIFSIGNALED(ws_status) || WEXITSTATUS(ws_status) == TRAP_STATUS;
      if (stop_signal) {
        /* Ended as asked; its own way of ending is no news. */
        ws[w].respawn = -1;
        continue;
      }
      if (!crashed) {
        ws[w].respawn = -1;
        if (WEXITSTATUS(ws_status) != 0 && !status) {
          status = WEXITSTATUS(ws_status);
          signal_all(ws, n, SIGTERM);
        }
        continue;
      }
      char cause[96];
      describe_end(ws_status, cause, sizeof cause);
      if (ended - ws[w].started < SHORT_LIFE_NS) {
        ws[w].backoff = ws[w].backoff ? ws[w].backoff * 2 : FIRST_BACKOFF_NS;
        if (ws[w].backoff > MAX_BACKOFF_NS)
          ws[w].backoff = MAX_BACKOFF_NS;
      } else {
        ws[w].backoff = 0;
      }
      ws[w].respawn = ended + ws[w].backoff;
      if (status)
        fprintf(stderr, "wasm2native: worker %u (pid %d) %s\n", (unsigned)w,
                (int)pid, cause);
      else if (ws[w].backoff)
        fprintf(stderr,
                "wasm2native: worker %u (pid %d) %s; replacing it in %lld "
                "ms\n",
                (unsigned)w, (int)pid, cause,
                (long long)(ws[w].backoff / 1000000));
      else
        fprintf(stderr, "wasm2native: worker %u (pid %d) %s; replacing it\n",
                (unsigned)w, (int)pid, cause);
    }
  }
  free(ws);
  if (stop_signal) {
    fflush(NULL);
    signal(stop_signal, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, stop_signal);
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    raise(stop_signal);
    return 128 + stop_signal;
  }
  return status;
}
