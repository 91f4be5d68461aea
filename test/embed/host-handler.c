// Proves that the runtime's fault handler passes faults that are not traps
// to the handler the host installed before it (issue 18, point 1): a Wasm
// out-of-bounds access is still a trap that the host's handler never sees;
// the host's own fault on a page it protected reaches its handler, which
// repairs the page so the access completes; a host read past a guest
// memory's end, outside any call into Wasm, reaches the host's handler
// too (before, it ended the process as an uncaught trap); the same holds
// on a second thread.
// clang-format off
// RUN: rm -rf %t && mkdir -p %t
// RUN: wat2wasm %S/Inputs/traps.wat -o %t/traps.wasm
// RUN: %wasm2native -c %t/traps.wasm --emit-header %t/traps.h -o %t/traps.a
// RUN: %clang -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread -I%w2n-include -I%t %s %t/traps.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/prog
// RUN: %t/prog | FileCheck %s
// CHECK: main: wasm trap 2, host handler saw 0
// CHECK-NEXT: main: own page 42, host handler saw 1
// CHECK-NEXT: main: guest guard read caught, host handler saw 2
// CHECK-NEXT: thread: wasm trap 2, host handler saw 2
// CHECK-NEXT: thread: own page 43, host handler saw 3
// CHECK-NEXT: thread: guest guard read caught, host handler saw 4
// clang-format on
#include "traps.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *page;
static long page_size;
static volatile int seen;
static _Thread_local sigjmp_buf *probe;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  seen++;
  char *addr = si->si_addr;
  if (addr >= page && addr < page + page_size) {
    mprotect(page, page_size, PROT_READ | PROT_WRITE);
    return;
  }
  if (probe)
    siglongjmp(*probe, 1);
  static const char msg[] = "unexpected fault\n";
  if (write(2, msg, sizeof msg - 1) < 0)
    _exit(3);
  _exit(3);
}

static void on_fail(w2n_caller *caller, int32_t id) {
  w2n_embed_trap_raise(caller, "%d", id);
}

static void exercise(const char *who, int value) {
  w2n_host_function funcs[] = {traps_import_host_fail(on_fail, NULL)};
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = 1;
  char err[256];
  w2n_instance *inst = traps_new(&opts, err, sizeof err);
  if (!inst) {
    printf("%s: %s\n", who, err);
    return;
  }
  uint32_t trap;
  traps_load(inst, 100000, &trap);
  printf("%s: wasm trap %u, host handler saw %d\n", who, trap, seen);

  mprotect(page, page_size, PROT_NONE);
  *(volatile int *)page = value; /* faults once; the handler repairs it */
  printf("%s: own page %d, host handler saw %d\n", who, *(volatile int *)page,
         seen);

  uint64_t size;
  volatile uint8_t *base = w2n_embed_memory(inst, &size);
  sigjmp_buf env;
  if (sigsetjmp(env, 1) == 0) {
    probe = &env;
    (void)base[size + 100]; /* in the memory's guard region */
    printf("%s: guest guard read not caught\n", who);
  } else {
    printf("%s: guest guard read caught, host handler saw %d\n", who, seen);
  }
  probe = NULL;
  w2n_embed_free(inst);
}

static void *thread_main(void *unused) {
  (void)unused;
  exercise("thread", 43);
  return NULL;
}

int main(void) {
  page_size = sysconf(_SC_PAGESIZE);
  page = mmap(NULL, page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);

  exercise("main", 42);
  fflush(stdout);
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
  return 0;
}
