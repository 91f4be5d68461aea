// clang-format off
// Proves that WASI calls handed pointers and lengths an attacker chose are
// refused with EFAULT (21) before anything is read, written or done: a
// structure straddling the end of memory, a buffer one byte past it,
// lengths whose 32-bit products or sums wrap (an iovec count times 8, a
// subscription count times 48), and addresses near 4 GiB; while the same
// calls at the last valid bytes work. Then a host call that is refused a
// capability (proc_exit without `exit`) traps inside the host function with
// the exact message and status 134, the process still in control.
// RUN: %wasi-cc -O2 %s -o %t.wasm
// RUN: rm -rf %t.dir && mkdir -p %t.dir && echo data > %t.dir/f.txt
// RUN: %wasm2native -O2 %t.wasm --cap stdio --cap random --cap clock --cap dir:/d=%t.dir:rw -o %t
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm --cap stdio --cap random --cap clock --cap dir:/d=%t.dir:rw -o %t.soft
// RUN: sh -c '%t; echo "exit status $?"' 2>&1 | FileCheck %s
// RUN: sh -c '%t.soft; echo "exit status $?"' 2>&1 | FileCheck %s
// CHECK-NOT: FAIL
// CHECK-NOT: LEAK
// CHECK: all 19 refused
// CHECK-NEXT: wasm trap: capability not granted: exit
// CHECK: exit status 134
// clang-format on
#include <stdint.h>
#include <stdio.h>

#define WASI(name)                                                             \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
WASI(fd_write)
int32_t w_fd_write(int32_t fd, uint32_t iovs, uint32_t n, uint32_t ret);
WASI(random_get) int32_t w_random_get(uint32_t buf, uint32_t len);
WASI(args_sizes_get) int32_t w_args_sizes_get(uint32_t argc, uint32_t size);
WASI(clock_time_get)
int32_t w_clock_time_get(int32_t id, int64_t prec, uint32_t ret);
WASI(path_open)
int32_t w_path_open(int32_t fd, int32_t dirflags, uint32_t path, uint32_t len,
                    int32_t oflags, int64_t base, int64_t inh, int32_t fdflags,
                    uint32_t ret);
WASI(fd_prestat_dir_name)
int32_t w_prestat_dir_name(int32_t fd, uint32_t buf, uint32_t len);
WASI(poll_oneoff)
int32_t w_poll_oneoff(uint32_t in, uint32_t out, uint32_t n, uint32_t ret);
WASI(proc_exit) void w_proc_exit(int32_t code);

enum { EFAULT = 21 };
static int refused;

static void expect(const char *what, int32_t got, int32_t want) {
  if (got != want)
    printf("FAIL %s: errno %d, expected %d\n", what, got, want);
  else if (want == EFAULT)
    ++refused;
}

static uint32_t iov[4];
static uint32_t scratch[16];
static const char leak[] = "LEAK\n";

int main(void) {
  uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536;
  uint32_t p = (uint32_t)(uintptr_t)iov, s = (uint32_t)(uintptr_t)scratch;

  expect("random at the last 4 bytes", w_random_get(end - 4, 4), 0);
  expect("random straddling the end", w_random_get(end - 3, 4), EFAULT);
  expect("random one past the end", w_random_get(end, 1), EFAULT);
  expect("random wrapping past 4 GiB", w_random_get(0xfffffff0u, 0x20), EFAULT);
  expect("random of 4 GiB - 1", w_random_get(1, 0xffffffffu), EFAULT);

  iov[0] = (uint32_t)(uintptr_t)leak;
  iov[1] = 5;
  expect("fd_write iovec array straddling the end",
         w_fd_write(1, end - 4, 1, s), EFAULT);
  expect("fd_write iovec count * 8 wrapping to 0",
         w_fd_write(1, p, 0x20000000u, s), EFAULT);
  expect("fd_write iovec count * 8 wrapping to 8",
         w_fd_write(1, p, 0x20000001u, s), EFAULT);
  expect("fd_write result pointer past the end", w_fd_write(1, p, 1, end - 2),
         EFAULT);
  iov[0] = end - 2;
  iov[1] = 4;
  expect("fd_write buffer straddling the end", w_fd_write(1, p, 1, s), EFAULT);
  iov[0] = 0;
  iov[1] = 0x80000000u;
  iov[2] = 0;
  iov[3] = 0x80000000u;
  expect("fd_write buffers summing to 4 GiB", w_fd_write(1, p, 2, s), EFAULT);

  expect("args_sizes_get result past the end", w_args_sizes_get(s, end - 3),
         EFAULT);
  expect("clock_time_get result straddling the end",
         w_clock_time_get(1, 0, end - 4), EFAULT);
  expect("clock_time_get at the last 8 bytes", w_clock_time_get(1, 0, end - 8),
         0);
  expect("path_open path straddling the end",
         w_path_open(3, 0, end - 2, 5, 0, 2, 0, 0, s), EFAULT);
  expect("path_open path length near 4 GiB",
         w_path_open(3, 0, s, 0xfffffff0u, 0, 2, 0, 0, s), EFAULT);
  expect("path_open result past the end",
         w_path_open(3, 0, (uint32_t)(uintptr_t)"f.txt", 5, 0, 2, 0, 0, end),
         EFAULT);
  expect("prestat_dir_name buffer past the end",
         w_prestat_dir_name(3, end - 1, 2), EFAULT);
  expect("poll_oneoff count * 48 wrapping", w_poll_oneoff(s, s, 0x5555556u, s),
         EFAULT);
  expect("poll_oneoff events past the end", w_poll_oneoff(s, end - 8, 1, s),
         EFAULT);
  expect("poll_oneoff count near 4 GiB", w_poll_oneoff(s, s, 0xffffffffu, s),
         EFAULT);

  printf("all %d refused\n", refused);
  fflush(stdout);
  w_proc_exit(3);
  printf("survived proc_exit\n");
  return 0;
}
