// Proves interruptible calls (issue 18, point 2): with --interruptible, a
// loop that would run for hours and a loop-free recursion that would too
// are ended by w2n_instance_interrupt from another thread, by a deadline
// and by a signal handler, each with W2N_TRAP_INTERRUPTED ("interrupted");
// the instance then computes as before. Without the flag the request has
// no effect: the same loop runs to its end and returns its sum.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/traps.wat -o %t/traps.wasm
// RUN: %wasm2native -c --interruptible %t/traps.wasm --emit-header %t/traps.h -o %t/traps.a
// RUN: %clang -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread -I%w2n-include -I%t %s %t/traps.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/prog
// RUN: %t/prog | FileCheck %s
// RUN: %wasm2native -c %t/traps.wasm --emit-header %t/traps.h -o %t/plain.a
// RUN: %clang -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread -DPLAIN -I%w2n-include -I%t %s %t/plain.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/plain
// RUN: %t/plain | FileCheck %s --check-prefix=PLAIN
// CHECK: thread: loop trap 17 interrupted
// CHECK-NEXT: after: spin 55 fib 55
// CHECK-NEXT: deadline: loop trap 17 interrupted
// CHECK-NEXT: deadline: recursion trap 17 interrupted
// CHECK-NEXT: signal: recursion trap 17 interrupted
// CHECK-NEXT: after: spin 5050 add 7
// PLAIN: plain: spin 500000500000 trap 0
// clang-format on
#include "traps.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static w2n_instance *inst;

static void on_fail(w2n_caller *caller, int32_t id) {
  w2n_embed_trap_raise(caller, "%d", id);
}

#ifndef PLAIN
static void *interrupter(void *unused) {
  (void)unused;
  struct timespec ts = {0, 100 * 1000000};
  nanosleep(&ts, NULL);
  w2n_instance_interrupt(inst);
  return NULL;
}

static void on_alarm(int sig) {
  (void)sig;
  w2n_instance_interrupt(inst);
}
#endif

int main(void) {
  w2n_host_function funcs[] = {traps_import_host_fail(on_fail, NULL)};
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 1;
  char err[256];
  if (!(inst = traps_new(&opts, err, sizeof err))) {
    printf("%s\n", err);
    return 1;
  }
  uint32_t trap;
#ifdef PLAIN
  w2n_instance_interrupt(inst);
  int64_t sum = traps_spin(inst, 1000000, &trap);
  printf("plain: spin %lld trap %u\n", (long long)sum, trap);
  return 0;
#else
  pthread_t t;
  pthread_create(&t, NULL, interrupter, NULL);
  traps_spin(inst, INT64_MAX, &trap);
  pthread_join(t, NULL);
  printf("thread: loop trap %u %s\n", trap, w2n_trap_text(trap));
  int64_t s = traps_spin(inst, 10, &trap);
  int64_t f = traps_fib(inst, 10, &trap);
  printf("after: spin %lld fib %lld\n", (long long)s, (long long)f);

  w2n_instance_set_deadline(inst, 50 * 1000000ull);
  traps_spin(inst, INT64_MAX, &trap);
  printf("deadline: loop trap %u %s\n", trap, w2n_trap_text(trap));
  w2n_instance_set_deadline(inst, 50 * 1000000ull);
  traps_fib(inst, 60, &trap);
  printf("deadline: recursion trap %u %s\n", trap, w2n_trap_text(trap));

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  traps_fib(inst, 60, &trap);
  printf("signal: recursion trap %u %s\n", trap, w2n_trap_text(trap));

  s = traps_spin(inst, 100, &trap);
  int32_t a = traps_add(inst, 3, 4, &trap);
  printf("after: spin %lld add %d\n", (long long)s, a);
  w2n_embed_free(inst);
  return 0;
#endif
}
