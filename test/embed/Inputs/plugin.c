/* A plug-in built as a WASI reactor: it imports its host's services from
 * module "host" and exports `handle`, which the host calls per request. */
#include <stdint.h>
#include <string.h>

#define HOST(name) __attribute__((import_module("host"), import_name(name)))
HOST("log") void host_log(const char *msg, uint32_t len);
HOST("kv_get") int32_t host_kv_get(const char *key, uint32_t len);
HOST("kv_put") void host_kv_put(const char *key, uint32_t len, int32_t value);
HOST("now_ms") int64_t host_now_ms(void);
HOST("reply") void host_reply(const char *text, uint32_t len);
HOST("abort") void host_abort(const char *why, uint32_t len);
HOST("telemetry") void host_telemetry(int32_t event); /* optional */

static void say(void (*f)(const char *, uint32_t), const char *s) {
  f(s, (uint32_t)strlen(s));
}

/* Counts visits per name in the host's store and replies with the count. */
__attribute__((export_name("handle"))) int32_t handle(const char *name) {
  if (!*name)
    say(host_abort, "empty name");
  if (strcmp(name, "telemetry") == 0)
    host_telemetry(1);
  int32_t n = host_kv_get(name, (uint32_t)strlen(name)) + 1;
  host_kv_put(name, (uint32_t)strlen(name), n);
  char text[64] = "hello ";
  strncat(text, name, 40);
  say(host_reply, text);
  if (host_now_ms() < 0)
    say(host_log, "clock before 1970");
  return n;
}

/* Guest memory the host writes a request into. */
static char request[64];
__attribute__((export_name("request_buffer"))) char *request_buffer(void) {
  return request;
}
