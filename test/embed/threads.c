// Proves that instances work from many threads at once (issue 18, point 1):
// 8 threads, each with instances of its own, trap (unreachable, out of
// bounds, stack overflow, a host function's trap with a message naming the
// thread) and recover in a loop; after each trap the thread's own trap text
// is read back, its memory still holds what it stored, and an instance is
// freed and created anew now and then. The TSAN run compiles the runtime's
// sources with the test under ThreadSanitizer (software bounds checks, so
// no 8 GiB reservations).
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/traps.wat -o %t/traps.wasm
// RUN: %wasm2native -c %t/traps.wasm --emit-header %t/traps.h -o %t/traps.a
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -pthread -I%w2n-include -I%t %s %t/traps.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/prog
// RUN: %t/prog | FileCheck %s
// RUN: %wasm2native -c --bounds-checks=software %t/traps.wasm --emit-header %t/traps.h -o %t/traps-sw.a
// RUN: %clang -O1 -g -std=c11 -D_GNU_SOURCE -fsanitize=thread -pthread -I%w2n-include -I%w2n-include/.. -I%t %s %w2n-include/../core/*.c %w2n-include/../host/embed.c %w2n-include/../host/call_export.c %w2n-include/../wasi/*.c %t/traps-sw.a -lm -o %t/prog-tsan
// RUN: env TSAN_OPTIONS=halt_on_error=1:report_signal_unsafe=0 %t/prog-tsan | FileCheck %s
// CHECK: 8 threads: 0 failures
// clang-format on
#include "traps.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { THREADS = 8, ROUNDS = 240 };

struct worker {
  pthread_t thread;
  int id;
  int failures;
  char first[200];
};

static void on_fail(w2n_caller *caller, int32_t id) {
  w2n_embed_trap_raise(caller, "thread %d", id);
}

static void expect(struct worker *w, int ok, const char *what, int round) {
  if (ok)
    return;
  if (!w->failures++)
    snprintf(w->first, sizeof w->first, "thread %d round %d: %s", w->id, round,
             what);
}

static w2n_instance *make(struct worker *w) {
  w2n_host_function funcs[] = {traps_import_host_fail(on_fail, NULL)};
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 1;
  char err[256];
  w2n_instance *inst = traps_new(&opts, err, sizeof err);
  expect(w, inst != NULL, err, -1);
  return inst;
}

static void *work(void *p) {
  struct worker *w = p;
  w2n_instance *a = make(w), *b = make(w);
  if (!a || !b)
    return NULL;
  char want[64];
  for (int i = 0; i < ROUNDS; i++) {
    uint32_t trap;
    int32_t v = w->id * 100000 + i;
    traps_store(a, 16, v, &trap);
    traps_store(b, 16, -v, &trap);
    switch (i % 4) {
    case 0:
      traps_unreachable(a, &trap);
      expect(w, trap == W2N_TRAP_UNREACHABLE, "unreachable", i);
      break;
    case 1:
      traps_load(b, 70000 + i, &trap);
      expect(w, trap == W2N_TRAP_OOB_MEMORY, "out of bounds", i);
      expect(w, !strcmp(w2n_trap_text(trap), "out of bounds memory access"),
             "out of bounds text", i);
      break;
    case 2:
      traps_recurse(a, 0, &trap);
      expect(w, trap == W2N_TRAP_STACK_EXHAUSTED, "stack overflow", i);
      break;
    case 3:
      traps_fail(b, w->id, &trap);
      snprintf(want, sizeof want, "host function 'host.fail': thread %d",
               w->id);
      expect(w, trap == W2N_TRAP_HOST && !strcmp(w2n_trap_text(trap), want),
             w2n_trap_text(trap), i);
      break;
    }
    expect(w, traps_load(a, 16, &trap) == v && trap == 0, "a's memory", i);
    expect(w, traps_load(b, 16, &trap) == -v && trap == 0, "b's memory", i);
    expect(w, traps_add(a, i, w->id, &trap) == i + w->id, "add", i);
    if (i % 60 == 59) {
      w2n_embed_free(b);
      if (!(b = make(w)))
        break;
    }
  }
  w2n_embed_free(a);
  w2n_embed_free(b);
  return NULL;
}

int main(void) {
  struct worker workers[THREADS];
  memset(workers, 0, sizeof workers);
  for (int i = 0; i < THREADS; i++) {
    workers[i].id = i + 1;
    pthread_create(&workers[i].thread, NULL, work, &workers[i]);
  }
  int failures = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(workers[i].thread, NULL);
    failures += workers[i].failures;
    if (workers[i].failures)
      printf("%s\n", workers[i].first);
  }
  printf("%d threads: %d failures\n", THREADS, failures);
  return failures != 0;
}
