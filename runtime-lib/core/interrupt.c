/*===- core/interrupt.c - Interrupting running calls ---------------------===*
 *
 * Code compiled with --interruptible reads ctx->interrupt at every function
 * entry and loop iteration and traps with W2N_TRAP_INTERRUPTED when it is
 * set (w2n_trap clears it). Setting it is one relaxed store, so any thread
 * or a signal handler may do it. Deadlines are served by one thread,
 * started on the first, that sleeps until the earliest and sets the flag of
 * each instance whose deadline has passed.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct deadline {
  w2n_instance *inst;
  struct timespec when; /* CLOCK_MONOTONIC */
  const char *why;
  struct deadline *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static struct deadline *deadlines; /* sorted, earliest first */
static int thread_started;

void w2n_instance_interrupt(w2n_instance *inst) {
  __atomic_store_n(&inst->interrupt, 1, __ATOMIC_RELAXED);
}

static int before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec ||
         (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Removes inst's deadline, if any; with the lock held. */
static void unlink_deadline(w2n_instance *inst) {
  for (struct deadline **p = &deadlines; *p; p = &(*p)->next)
    if ((*p)->inst == inst) {
      struct deadline *d = *p;
      *p = d->next;
      free(d);
      return;
    }
}

static void *serve(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  for (;;) {
    if (!deadlines) {
      pthread_cond_wait(&changed, &lock);
      continue;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (before(&now, &deadlines->when)) {
      pthread_cond_timedwait(&changed, &lock, &deadlines->when);
      continue;
    }
    struct deadline *d = deadlines;
    deadlines = d->next;
    w2n_set_interrupt_reason(d->inst, d->why);
    w2n_instance_interrupt(d->inst);
    free(d);
  }
  return NULL;
}

static int start_thread(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&changed, &attr);
  pthread_condattr_destroy(&attr);
  pthread_t t;
  pthread_attr_t ta;
  pthread_attr_init(&ta);
  pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&t, &ta, serve, NULL);
  pthread_attr_destroy(&ta);
  return rc;
}

int w2n_deadline_set(w2n_instance *inst, uint64_t timeout_ns, const char *why) {
  pthread_mutex_lock(&lock);
  unlink_deadline(inst);
  int rc = 0;
  if (timeout_ns) {
    if (!thread_started && (rc = start_thread()) == 0)
      thread_started = 1;
    struct deadline *d = rc == 0 ? malloc(sizeof *d) : NULL;
    if (d) {
      clock_gettime(CLOCK_MONOTONIC, &d->when);
      uint64_t ns = (uint64_t)d->when.tv_nsec + timeout_ns % 1000000000u;
      d->when.tv_sec += (time_t)(timeout_ns / 1000000000u + ns / 1000000000u);
      d->when.tv_nsec = (long)(ns % 1000000000u);
      d->inst = inst;
      d->why = why;
      struct deadline **p = &deadlines;
      while (*p && !before(&d->when, &(*p)->when))
        p = &(*p)->next;
      d->next = *p;
      *p = d;
      pthread_cond_signal(&changed);
    } else {
      rc = -1;
    }
  }
  pthread_mutex_unlock(&lock);
  return rc;
}

int w2n_instance_set_deadline(w2n_instance *inst, uint64_t timeout_ns) {
  return w2n_deadline_set(inst, timeout_ns, NULL);
}

void w2n_deadline_forget(w2n_instance *inst) {
  pthread_mutex_lock(&lock);
  unlink_deadline(inst);
  pthread_mutex_unlock(&lock);
}
