// The entry of the mission's example: a parent with two children, `parser`
// (a read-only directory, stdout) and `rng` (randomness only). It calls
// their exports through the trampolines, and asks each child to overreach.
// argv[1] picks a fatal scenario instead of the demo.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMPORT(mod, name)                                                      \
  __attribute__((import_module(#mod), import_name(#name)))

IMPORT(parser, parse) int parser_parse(const char *buf, int len, int k);
IMPORT(parser, render)
int parser_render(const char *in, int in_len, char *out, int out_len);
IMPORT(parser, load) int parser_load(char *out, int len);
IMPORT(parser, say) int parser_say(const char *msg, int len);
IMPORT(parser, probe_clock) int parser_probe_clock(void);
IMPORT(parser, probe_random) int parser_probe_random(void);
IMPORT(parser, probe_stderr) int parser_probe_stderr(void);
IMPORT(parser, probe_fd3_name) int parser_probe_fd3_name(char *out, int len);
IMPORT(parser, probe_fd) int parser_probe_fd(int fd);
IMPORT(parser, probe_outside) int parser_probe_outside(void);
IMPORT(parser, probe_escape) int parser_probe_escape(void);
IMPORT(parser, probe_write) int parser_probe_write(void);
IMPORT(parser, probe_env) int parser_probe_env(void);
IMPORT(parser, leave) void parser_leave(void);
IMPORT(parser, crash) int parser_crash(int x);
IMPORT(parser, deep) int parser_deep(int n);
IMPORT(rng, roll) int rng_roll(uint8_t *out, int len);
IMPORT(rng, probe_clock) int rng_probe_clock(void);
IMPORT(rng, probe_stdout) int rng_probe_stdout(void);
IMPORT(rng, probe_dir) int rng_probe_dir(void);
IMPORT(rng, probe_args) int rng_probe_args(void);

__attribute__((noinline)) static int deep_rec(int n) {
  if (n == 0)
    return 0;
  return deep_rec(n - 1) * 3 + n;
}

static int fatal_scenario(const char *what) {
  fflush(stdout);
  if (!strcmp(what, "crash"))
    return parser_crash(1);
  if (!strcmp(what, "exit"))
    parser_leave();
  if (!strcmp(what, "deep-parser"))
    return printf("parser deep: %d\n", parser_deep(200000));
  if (!strcmp(what, "deep-app"))
    return printf("app deep: %d\n", deep_rec(200000) != 0) < 0;
  if (!strcmp(what, "bad-buffer"))
    return parser_parse((const char *)0xfffff000u, 0x2000, 0);
  if (!strcmp(what, "app-exit"))
    exit(7);
  return printf("unknown scenario %s\n", what);
}

int main(int argc, char **argv) {
  if (argc > 1)
    return fatal_scenario(argv[1]);

  const char *text = "the quick brown fox";
  printf("parse: %d\n", parser_parse(text, (int)strlen(text), 100));
  char out[64] = {0};
  int n = parser_render(text, (int)strlen(text), out, sizeof out);
  printf("render: %d '%.*s'\n", n, n, out);
  n = parser_load(out, sizeof out);
  printf("load: %d '%.*s'\n", n, n > 0 ? n : 0, out);
  fflush(stdout);
  parser_say("hi", 2);

  uint8_t r1[16] = {0}, r2[16] = {0};
  int e1 = rng_roll(r1, sizeof r1), e2 = rng_roll(r2, sizeof r2);
  printf("rng roll: %d %d, draws differ: %d\n", e1, e2,
         memcmp(r1, r2, sizeof r1) != 0);

  printf("parser clock_time_get: %d\n", parser_probe_clock());
  printf("parser random_get: %d\n", parser_probe_random());
  printf("parser fd_write(2): %d\n", parser_probe_stderr());
  n = parser_probe_fd3_name(out, sizeof out);
  printf("parser fd 3 is '%.*s'\n", n > 0 ? n : 0, out);
  int mine = open("/data/secret.txt", O_RDONLY);
  printf("app opened /data/secret.txt: %s\n", mine >= 0 ? "yes" : "no");
  printf("parser fd_fdstat_get(%d): %d\n", mine, parser_probe_fd(mine));
  printf("parser open /data/secret.txt: errno %d\n", parser_probe_outside());
  printf("parser path_open ../secret.txt: %d\n", parser_probe_escape());
  printf("parser open /data/in/new.txt for writing: errno %d\n",
         parser_probe_write());
  printf("parser environment variables: %d\n", parser_probe_env());
  printf("rng clock_time_get: %d\n", rng_probe_clock());
  printf("rng fd_write(1): %d\n", rng_probe_stdout());
  printf("rng fd_prestat_get(3): %d\n", rng_probe_dir());
  printf("rng arguments: %d\n", rng_probe_args());

  const char *lang = getenv("LANG"), *home = getenv("HOME");
  printf("app LANG=%s HOME=%s\n", lang ? lang : "(unset)",
         home ? home : "(unset)");
  int w = open("/data/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  printf("app writes /data/out.txt: %s\n",
         w >= 0 && write(w, "ok\n", 3) == 3 ? "yes" : "no");
  return 0;
}
