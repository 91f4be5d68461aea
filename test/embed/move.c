// Proves that an instance may move between threads (issue 18, point 1): the
// main thread creates an instance `lib` and an instance `relay` that
// imports lib's functions; a first thread calls through relay into lib,
// overflows the stack and stores into lib's memory; a second thread, while
// the first is still alive (so their stacks differ), does the same and
// reads the first one's value back; a third frees both. Each thread's calls
// check the stack against that thread's own stack, for the imported
// instance too (lib's `fail`, which calls out, checks its limit: a limit
// left from another thread's stack would end it with "call stack
// exhausted" instead of the host function's trap). Also under ThreadSanitizer,
// with the runtime's sources.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/traps.wat -o %t/traps.wasm
// RUN: wat2wasm %S/Inputs/relay.wat -o %t/relay.wasm
// RUN: %wasm2native -c %t/traps.wasm --emit-header %t/traps.h -o %t/traps.a
// RUN: %wasm2native -c %t/relay.wasm --emit-header %t/relay.h -o %t/relay.a
// RUN: %clang -O2 -std=c11 -Wall -Wextra -Werror -pthread -I%w2n-include -I%t %s %t/traps.a %t/relay.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/prog
// RUN: %t/prog | FileCheck %s
// RUN: %clang -O1 -g -std=c11 -D_GNU_SOURCE -fsanitize=thread -pthread -I%w2n-include -I%w2n-include/.. -I%t %s %w2n-include/../core/*.c %w2n-include/../host/embed.c %w2n-include/../host/call_export.c %w2n-include/../wasi/*.c %t/traps.a %t/relay.a -lm -o %t/prog-tsan
// RUN: env TSAN_OPTIONS=halt_on_error=1:report_signal_unsafe=0 %t/prog-tsan | FileCheck %s
// CHECK: first: add 5 recurse 9 fail host function 'host.fail': 1 limit ok stored 1234
// CHECK-NEXT: second: add 7 recurse 9 fail host function 'host.fail': 2 limit ok found 1234
// CHECK-NEXT: third: freed
// clang-format on
#include "relay.h"
#include "traps.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>

static w2n_instance *lib, *relay;
static sem_t first_done, second_done;

/* Runs on the Wasm stack of the thread that called: its own frame tells
 * whether the caller's stack limit lies below it within that stack (an
 * instance's stack is at most 8 MiB here), whichever way the stacks of
 * the threads happen to be laid out. */
static void on_fail(w2n_caller *caller, int32_t id) {
  volatile char here;
  uintptr_t sp = (uintptr_t)&here;
  uintptr_t limit = w2n_caller_instance(caller)->stack_limit;
  int ok = limit < sp && sp - limit < (8u << 20);
  w2n_embed_trap_raise(caller, "%d limit %s", id, ok ? "ok" : "stale");
}

/* Serves relay's imports "lib".*: lib's exports of the same name. */
static int from_lib(void *user, w2n_instance *importer,
                    const w2n_import_desc *imp, w2n_extern *out) {
  (void)importer;
  return w2n_embed_export(user, imp->name, out);
}

static void *first(void *unused) {
  (void)unused;
  uint32_t t1, t2, t3;
  int32_t sum = relay_relay_add(relay, 2, 3, &t1);
  relay_relay_recurse(relay, &t2);
  printf("first: add %d recurse %u", t1 ? -1 : sum, t2);
  relay_relay_fail(relay, 1, &t1);
  printf(" fail %s", w2n_trap_text(t1));
  traps_store(lib, 64, 1234, &t3);
  printf(" stored %d\n", t3 ? -1 : 1234);
  fflush(stdout);
  sem_post(&first_done);
  sem_wait(&second_done); /* keeps this thread's stack mapped meanwhile */
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  uint32_t t1, t2, t3;
  int32_t sum = relay_relay_add(relay, 3, 4, &t1);
  relay_relay_recurse(relay, &t2);
  printf("second: add %d recurse %u", t1 ? -1 : sum, t2);
  relay_relay_fail(relay, 2, &t1);
  printf(" fail %s", w2n_trap_text(t1));
  int32_t v = traps_load(lib, 64, &t3);
  printf(" found %d\n", t3 ? -1 : v);
  fflush(stdout);
  sem_post(&second_done);
  return NULL;
}

static void *third(void *unused) {
  (void)unused;
  w2n_embed_free(relay);
  w2n_embed_free(lib);
  printf("third: freed\n");
  return NULL;
}

int main(void) {
  w2n_host_function funcs[] = {traps_import_host_fail(on_fail, NULL)};
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 1;
  char err[256];
  if (!(lib = traps_new(&opts, err, sizeof err))) {
    printf("lib: %s\n", err);
    return 1;
  }
  w2n_embed_options ropts = {0};
  ropts.resolve = from_lib;
  ropts.resolve_user = lib;
  if (!(relay = relay_new(&ropts, err, sizeof err))) {
    printf("relay: %s\n", err);
    return 1;
  }
  sem_init(&first_done, 0, 0);
  sem_init(&second_done, 0, 0);
  pthread_t a, b, c;
  pthread_create(&a, NULL, first, NULL);
  sem_wait(&first_done);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(b, NULL);
  pthread_join(a, NULL);
  pthread_create(&c, NULL, third, NULL);
  pthread_join(c, NULL);
  return 0;
}
