// Proves the process-level functions and their capabilities: the import
// resolver binds known names with their exact signature and refuses
// anything else; args need W2N_CAP_ARGS; only the listed environment
// variables pass (all with W2N_CAP_ENV); clocks and random need their
// capabilities; poll_oneoff sleeps (relative and absolute), wakes on a
// ready descriptor, reports bad descriptors in the event; proc_exit exits
// with its status and traps without W2N_CAP_EXIT; sockets are refused.
// RUN: sh %S/Inputs/build.sh %clang %t %s
// RUN: %t | FileCheck %s
// CHECK: ok test_resolver
// CHECK: ok test_args
// CHECK: ok test_environ
// CHECK: ok test_clock
// CHECK: ok test_random
// CHECK: ok test_poll_clock
// CHECK: ok test_poll_fds
// CHECK: ok test_proc_exit
// CHECK: ok test_misc
// CHECK-NOT: FAIL
#include "harness.h"

#include <time.h>

static void invoke_i_(void *code, w2n_instance *ctx, w2n_val *args) {
  ((void (*)(w2n_instance *, int32_t))code)(ctx, args[0].i32);
}

static const w2n_type_desc types[] = {
    {"i:", invoke_i_}, {"iiii:i", NULL}, {"ii:i", NULL}};
static const uint32_t func_types[] = {0, 1};

/* A module importing proc_exit and `name` with type index `type`. */
static int instantiate_importing(const char *module, const char *name,
                                 uint32_t type, w2n_instance **out) {
  w2n_import_desc imports[2] = {
      {.module = "wasi_snapshot_preview1",
       .name = "proc_exit",
       .kind = W2N_EXTERN_FUNC,
       .index = 0,
       .module_len = 22,
       .name_len = 9},
      {.module = module,
       .name = name,
       .kind = W2N_EXTERN_FUNC,
       .index = type,
       .module_len = (uint32_t)strlen(module),
       .name_len = (uint32_t)strlen(name)},
  };
  w2n_module m = test_module;
  m.num_types = 3;
  m.types = types;
  m.num_imports = 2;
  m.imports = imports;
  m.num_imported_funcs = 2;
  m.num_funcs = 2;
  m.func_types = func_types;
  char err[256];
  return w2n_instantiate(&m, w2n_wasi_resolve, NULL, out, err, sizeof err);
}

static w2n_instance *importer;

static void test_resolver(void) {
  CHECK_EQ(
      instantiate_importing("wasi_snapshot_preview1", "fd_write", 1, &importer),
      0);
  CHECK(importer->funcs[0]->code == (void *)w2n_wasi_proc_exit);
  CHECK(importer->funcs[1]->code == (void *)w2n_wasi_fd_write);
  CHECK(importer->funcs[1]->ctx == importer);
  CHECK_EQ(importer->funcs[1]->type_id, w2n_intern_type("iiii:i"));
  w2n_instance *bad = NULL;
  CHECK(instantiate_importing("wasi_snapshot_preview1", "fd_write", 2, &bad));
  CHECK(instantiate_importing("wasi_snapshot_preview1", "fd_frobnicate", 1,
                              &bad));
  CHECK(instantiate_importing("wasi_unstable", "fd_write", 1, &bad));
  CHECK(instantiate_importing("env", "fd_write", 1, &bad));
}

static void test_args(void) {
  char *argv[] = {"prog", "a b", "", NULL};
  w2n_config cfg = {.caps = W2N_CAP_ARGS};
  w2n_instance *in = make_instance(&cfg, 3, argv, NULL);
  CHECK_EQ(w2n_wasi_args_sizes_get(in, RET, RET2), 0);
  CHECK_EQ(get32(in, RET), 3);
  CHECK_EQ(get32(in, RET2), 5 + 4 + 1);
  CHECK_EQ(w2n_wasi_args_get(in, IOV, BUF), 0);
  CHECK_EQ(get32(in, IOV), BUF);
  CHECK_EQ(get32(in, IOV + 4), BUF + 5);
  CHECK_EQ(get32(in, IOV + 8), BUF + 9);
  CHECK_EQ(memcmp(mem(in) + BUF, "prog\0a b\0", 10), 0);
  CHECK_EQ(w2n_wasi_args_get(in, MEM_SIZE - 8, BUF), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_args_get(in, IOV, MEM_SIZE - 9), WASI_EFAULT);
  w2n_instance_free(in);
  cfg.caps = 0;
  in = make_instance(&cfg, 3, argv, NULL);
  CHECK_EQ(w2n_wasi_args_sizes_get(in, RET, RET2), 0);
  CHECK_EQ(get32(in, RET), 0);
  CHECK_EQ(get32(in, RET2), 0);
  CHECK_EQ(w2n_wasi_args_get(in, IOV, BUF), 0);
  w2n_instance_free(in);
}

/* The environment the instance sees, as "A=1,B=2,". */
static void environ_of(w2n_instance *in, char *out) {
  out[0] = 0;
  CHECK_EQ(w2n_wasi_environ_sizes_get(in, RET, RET2), 0);
  uint32_t n = get32(in, RET);
  CHECK_EQ(w2n_wasi_environ_get(in, IOV, BUF), 0);
  for (uint32_t i = 0; i < n; ++i) {
    strcat(out, (const char *)mem(in) + get32(in, IOV + 4 * i));
    strcat(out, ",");
  }
}

static void test_environ(void) {
  char *envp[] = {"HOME=/root", "A=1", "SECRET=x", "NOEQ", "AB=2", "B=", NULL};
  const char *names[] = {"A", "B", "NOEQ", "MISSING"};
  w2n_config cfg = {.caps = 0, .num_env = 4, .env = names};
  w2n_instance *in = make_instance(&cfg, 0, NULL, envp);
  char got[256];
  environ_of(in, got);
  CHECK_EQ(strcmp(got, "A=1,B=,"), 0);
  CHECK_EQ(get32(in, RET2), 7);
  w2n_instance_free(in);
  cfg.caps = W2N_CAP_ENV;
  in = make_instance(&cfg, 0, NULL, envp);
  environ_of(in, got);
  CHECK_EQ(strcmp(got, "HOME=/root,A=1,SECRET=x,AB=2,B=,"), 0);
  w2n_instance_free(in);
  cfg.num_env = 0;
  cfg.caps = 0;
  in = make_instance(&cfg, 0, NULL, envp);
  environ_of(in, got);
  CHECK_EQ(strcmp(got, ""), 0);
  w2n_instance_free(in);
}

static uint64_t now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void test_clock(void) {
  w2n_config cfg = {.caps = W2N_CAP_CLOCK};
  w2n_instance *in = make_instance(&cfg, 0, NULL, NULL);
  uint64_t before = now_ns(CLOCK_REALTIME);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_REALTIME, 0, RET), 0);
  uint64_t t = get64(in, RET);
  CHECK(t >= before && t - before < 1000000000u);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_MONOTONIC, 0, RET), 0);
  uint64_t m1 = get64(in, RET);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_MONOTONIC, 0, RET), 0);
  CHECK(get64(in, RET) >= m1);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_PROCESS_CPUTIME, 0, RET), 0);
  CHECK(get64(in, RET) > 0);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_THREAD_CPUTIME, 0, RET), 0);
  CHECK_EQ(w2n_wasi_clock_time_get(in, 4, 0, RET), WASI_EINVAL);
  for (int32_t id = 0; id < 4; ++id) {
    CHECK_EQ(w2n_wasi_clock_res_get(in, id, RET), 0);
    CHECK(get64(in, RET) > 0);
  }
  CHECK_EQ(w2n_wasi_clock_res_get(in, 9, RET), WASI_EINVAL);
  w2n_instance_free(in);
  cfg.caps = W2N_CAP_DEFAULT & ~W2N_CAP_CLOCK;
  in = make_instance(&cfg, 0, NULL, NULL);
  mem(in)[RET] = 0x55;
  for (int32_t id = 0; id < 4; ++id) {
    CHECK_EQ(w2n_wasi_clock_time_get(in, id, 0, RET), WASI_ENOTCAPABLE);
    CHECK_EQ(w2n_wasi_clock_res_get(in, id, RET), WASI_ENOTCAPABLE);
  }
  CHECK_EQ(mem(in)[RET], 0x55);
  w2n_instance_free(in);
}

static void test_random(void) {
  w2n_config cfg = {.caps = W2N_CAP_RANDOM};
  w2n_instance *in = make_instance(&cfg, 0, NULL, NULL);
  CHECK_EQ(w2n_wasi_random_get(in, BUF, 4096), 0);
  int nonzero = 0;
  for (int i = 0; i < 4096; ++i)
    nonzero += mem(in)[BUF + i] != 0;
  CHECK(nonzero > 3000);
  CHECK_EQ(w2n_wasi_random_get(in, MEM_SIZE, 0), 0);
  CHECK_EQ(w2n_wasi_random_get(in, BUF, MEM_SIZE), WASI_EFAULT);
  w2n_instance_free(in);
  cfg.caps = W2N_CAP_DEFAULT & ~W2N_CAP_RANDOM;
  in = make_instance(&cfg, 0, NULL, NULL);
  CHECK_EQ(w2n_wasi_random_get(in, BUF, 16), WASI_ENOTCAPABLE);
  CHECK_EQ(mem(in)[BUF], 0);
  w2n_instance_free(in);
}

/* Writes subscription i at BUF. */
static void sub_clock(w2n_instance *in, int i, uint64_t userdata, uint32_t id,
                      uint64_t timeout, uint16_t flags) {
  uint8_t *p = mem(in) + BUF + i * WASI_SUBSCRIPTION_SIZE;
  memset(p, 0, WASI_SUBSCRIPTION_SIZE);
  wasi_put64(p + WASI_SUB_USERDATA, userdata);
  p[WASI_SUB_TAG] = WASI_EVENTTYPE_CLOCK;
  wasi_put32(p + WASI_SUB_CLOCK_ID, id);
  wasi_put64(p + WASI_SUB_CLOCK_TIMEOUT, timeout);
  wasi_put16(p + WASI_SUB_CLOCK_FLAGS, flags);
}

static void sub_fd(w2n_instance *in, int i, uint64_t userdata, uint8_t type,
                   int32_t fd) {
  uint8_t *p = mem(in) + BUF + i * WASI_SUBSCRIPTION_SIZE;
  memset(p, 0, WASI_SUBSCRIPTION_SIZE);
  wasi_put64(p + WASI_SUB_USERDATA, userdata);
  p[WASI_SUB_TAG] = type;
  wasi_put32(p + WASI_SUB_FD, (uint32_t)fd);
}

enum { EVENTS = 0x8000 };
static uint64_t ev_userdata(w2n_instance *in, int i) {
  return get64(in, EVENTS + i * WASI_EVENT_SIZE + WASI_EVENT_USERDATA);
}
static uint16_t ev_error(w2n_instance *in, int i) {
  return wasi_get16(mem(in) + EVENTS + i * WASI_EVENT_SIZE + WASI_EVENT_ERROR);
}
static uint8_t ev_type(w2n_instance *in, int i) {
  return mem(in)[EVENTS + i * WASI_EVENT_SIZE + WASI_EVENT_TYPE];
}

static void test_poll_clock(void) {
  w2n_config cfg = {.caps = W2N_CAP_CLOCK};
  w2n_instance *in = make_instance(&cfg, 0, NULL, NULL);
  uint64_t t0 = now_ns(CLOCK_MONOTONIC);
  sub_clock(in, 0, 42, WASI_CLOCK_MONOTONIC, 50000000, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000);
  CHECK_EQ(get32(in, RET), 1);
  CHECK_EQ(ev_userdata(in, 0), 42);
  CHECK_EQ(ev_type(in, 0), WASI_EVENTTYPE_CLOCK);
  CHECK_EQ(ev_error(in, 0), 0);
  /* The earlier of two deadlines ends the wait; absolute ones work too. */
  t0 = now_ns(CLOCK_MONOTONIC);
  sub_clock(in, 0, 1, WASI_CLOCK_MONOTONIC, 5000000000u, 0);
  sub_clock(in, 1, 2, WASI_CLOCK_MONOTONIC, t0 + 30000000,
            WASI_SUBCLOCK_ABSTIME);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 2, RET), 0);
  uint64_t waited = now_ns(CLOCK_MONOTONIC) - t0;
  CHECK(waited >= 30000000 && waited < 2000000000u);
  CHECK_EQ(get32(in, RET), 1);
  CHECK_EQ(ev_userdata(in, 0), 2);
  t0 = now_ns(CLOCK_MONOTONIC);
  sub_clock(in, 0, 3, WASI_CLOCK_REALTIME, now_ns(CLOCK_REALTIME) + 20000000,
            WASI_SUBCLOCK_ABSTIME);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 15000000);
  CHECK_EQ(ev_userdata(in, 0), 3);
  /* A deadline in the past is ready at once. */
  sub_clock(in, 0, 4, WASI_CLOCK_MONOTONIC, 1, WASI_SUBCLOCK_ABSTIME);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK_EQ(get32(in, RET), 1);
  sub_clock(in, 0, 5, WASI_CLOCK_PROCESS_CPUTIME, 1, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 0, RET), WASI_EINVAL);
  w2n_instance_free(in);
  /* Without the clock: sleeping works, an absolute deadline does not. */
  cfg.caps = 0;
  in = make_instance(&cfg, 0, NULL, NULL);
  sub_clock(in, 0, 6, WASI_CLOCK_MONOTONIC, 1000000, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK_EQ(ev_error(in, 0), 0);
  sub_clock(in, 0, 7, WASI_CLOCK_REALTIME, 1, WASI_SUBCLOCK_ABSTIME);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK_EQ(get32(in, RET), 1);
  CHECK_EQ(ev_error(in, 0), WASI_ENOTCAPABLE);
  w2n_instance_free(in);
}

static void test_poll_fds(void) {
  /* Host stdin becomes a pipe we control. */
  int p[2];
  CHECK_EQ(pipe(p), 0);
  int saved = dup(0);
  dup2(p[0], 0);
  w2n_config cfg = {.caps = W2N_CAP_STDIN | W2N_CAP_STDOUT};
  w2n_instance *in = make_instance(&cfg, 0, NULL, NULL);
  /* Nothing to read: the clock fires. */
  sub_fd(in, 0, 10, WASI_EVENTTYPE_FD_READ, 0);
  sub_clock(in, 1, 11, WASI_CLOCK_MONOTONIC, 20000000, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 2, RET), 0);
  CHECK_EQ(get32(in, RET), 1);
  CHECK_EQ(ev_userdata(in, 0), 11);
  /* Data ready: the read event, with the byte count. */
  CHECK_EQ(write(p[1], "abc", 3), 3);
  uint64_t t0 = now_ns(CLOCK_MONOTONIC);
  sub_clock(in, 1, 11, WASI_CLOCK_MONOTONIC, 5000000000u, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 2, RET), 0);
  CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 1000000000u);
  CHECK_EQ(get32(in, RET), 1);
  CHECK_EQ(ev_userdata(in, 0), 10);
  CHECK_EQ(ev_type(in, 0), WASI_EVENTTYPE_FD_READ);
  CHECK_EQ(get64(in, EVENTS + WASI_EVENT_NBYTES), 3);
  /* Hang-up once the writer is gone and the data read. */
  char got[8];
  CHECK_EQ(read_str(in, 0, got, sizeof got), 0);
  close(p[1]);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), 0);
  CHECK_EQ(wasi_get16(mem(in) + EVENTS + WASI_EVENT_FLAGS),
           WASI_EVENT_FD_READWRITE_HANGUP);
  /* Unknown and wrong-direction descriptors: an event with EBADF. */
  sub_fd(in, 0, 20, WASI_EVENTTYPE_FD_READ, 99);
  sub_fd(in, 1, 21, WASI_EVENTTYPE_FD_WRITE, 0);
  sub_fd(in, 2, 22, WASI_EVENTTYPE_FD_READ, 2);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 3, RET), 0);
  CHECK_EQ(get32(in, RET), 3);
  for (int i = 0; i < 3; ++i) {
    CHECK_EQ(ev_userdata(in, i), 20 + i);
    CHECK_EQ(ev_error(in, i), WASI_EBADF);
  }
  /* Subscription kinds that do not exist fail the call. */
  sub_fd(in, 0, 23, 9, 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, EVENTS, 1, RET), WASI_EINVAL);
  w2n_instance_free(in);
  dup2(saved, 0);
  close(saved);
  close(p[0]);
}

static void test_proc_exit(void) {
  w2n_config cfg = {.caps = W2N_CAP_EXIT};
  CHECK_EQ(w2n_wasi_setup(importer, &cfg, 0, NULL, NULL), 0);
  w2n_val args[1] = {{.i32 = 7}};
  CHECK_EQ(w2n_call(importer->funcs[0], args), W2N_TRAP_EXIT);
  CHECK_EQ(w2n_exit_status(), 7);
  w2n_instance_free(importer);
  w2n_instance *no_exit;
  CHECK_EQ(
      instantiate_importing("wasi_snapshot_preview1", "fd_write", 1, &no_exit),
      0);
  cfg.caps = W2N_CAP_DEFAULT & ~W2N_CAP_EXIT;
  CHECK_EQ(w2n_wasi_setup(no_exit, &cfg, 0, NULL, NULL), 0);
  CHECK_EQ(w2n_call(no_exit->funcs[0], args), W2N_TRAP_CAPABILITY);
  w2n_instance_free(no_exit);
}

static void test_misc(void) {
  w2n_config cfg = {.caps = W2N_CAP_DEFAULT};
  w2n_instance *in = make_instance(&cfg, 0, NULL, NULL);
  CHECK_EQ(w2n_wasi_sched_yield(in), 0);
  CHECK_EQ(w2n_wasi_proc_raise(in, 9), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_sock_accept(in, 1, 0, RET), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_sock_recv(in, 0, IOV, 1, 0, RET, RET2), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_sock_send(in, 1, IOV, 1, 0, RET), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_sock_shutdown(in, 2, 3), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_sock_accept(in, 9, 0, RET), WASI_EBADF);
  /* Host errno values are translated by name. */
  CHECK_EQ(w2n_wasi_errno(ENOENT), WASI_ENOENT);
  CHECK_EQ(w2n_wasi_errno(EEXIST), WASI_EEXIST);
  CHECK_EQ(w2n_wasi_errno(EOPNOTSUPP), WASI_ENOTSUP);
  CHECK_EQ(w2n_wasi_errno(EWOULDBLOCK), WASI_EAGAIN);
  CHECK_EQ(w2n_wasi_errno(EXDEV), WASI_EXDEV);
  CHECK_EQ(w2n_wasi_errno(ENOTEMPTY), WASI_ENOTEMPTY);
  CHECK_EQ(w2n_wasi_errno(EHWPOISON), WASI_EIO);
  w2n_instance_free(in);
}

int main(void) {
  RUN_TEST(test_resolver);
  RUN_TEST(test_args);
  RUN_TEST(test_environ);
  RUN_TEST(test_clock);
  RUN_TEST(test_random);
  RUN_TEST(test_poll_clock);
  RUN_TEST(test_poll_fds);
  RUN_TEST(test_proc_exit);
  RUN_TEST(test_misc);
  return failures != 0;
}
