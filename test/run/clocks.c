// Proves the clocks work (printing only derived facts, which are the same
// on every run): time() is a plausible present-day date and agrees with
// CLOCK_REALTIME and gettimeofday, CLOCK_MONOTONIC never goes backwards, and
// nanosleep/usleep (poll_oneoff) sleep at least as long as asked, measured
// on the monotonic clock.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
  time_t now = time(NULL);
  printf("time() after 2020 and before 2100: %d\n", now > 1577836800 && now < 4102444800);
  struct timespec rt;
  printf("clock_gettime(REALTIME) ok: %d\n", clock_gettime(CLOCK_REALTIME, &rt) == 0);
  printf("realtime within 2 s of time(): %d, nsec in range: %d\n",
         rt.tv_sec - now >= -2 && rt.tv_sec - now <= 2, rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday within 2 s: %d, usec in range: %d\n",
         tv.tv_sec - now >= -2 && tv.tv_sec - now <= 2, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  struct timespec res;
  printf("monotonic resolution <= 1 ms: %d\n",
         clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec <= 1000000);
  int64_t prev = mono_ns(), first = prev;
  int backwards = 0;
  for (int i = 0; i < 10000; i++) {
    int64_t t = mono_ns();
    backwards += t < prev;
    prev = t;
  }
  printf("monotonic went backwards: %d times, advanced: %d\n", backwards, prev >= first);
  int64_t t0 = mono_ns();
  struct timespec req = {0, 30 * 1000000}, rem = {9, 9};
  int rc = nanosleep(&req, &rem);
  int64_t slept = mono_ns() - t0;
  printf("nanosleep 30 ms: rc %d, slept >= 30 ms: %d, under 2 s: %d\n", rc, slept >= 30000000,
         slept < 2000000000);
  t0 = mono_ns();
  usleep(15000);
  slept = mono_ns() - t0;
  printf("usleep 15 ms slept >= 15 ms: %d\n", slept >= 15000000);
  struct timespec zero = {0, 0};
  printf("nanosleep 0 returns 0: %d\n", nanosleep(&zero, NULL) == 0);
  struct tm tm;
  time_t fixed = 1234567890;
  gmtime_r(&fixed, &tm);
  char text[64];
  strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %a %j", &tm);
  printf("gmtime(1234567890) = %s\n", text);
  return 0;
}
