/* The host of plugin.c, written as a user would: one context struct as
 * every host function's data, the header's typed helpers to register them,
 * guest strings through the checked helpers, a trap with a message when the
 * plug-in misbehaves, and unknown imports (host.telemetry) left to trap. */
#include "plugin.h"

#include <stdio.h>
#include <string.h>

struct host {
  const char *names[8];
  int32_t counts[8];
  int num;
  char last_reply[64];
};

/* The guest's (ptr, len) as a host string, or a trap naming the problem. */
static const char *guest_str(w2n_caller *c, int32_t p, uint32_t len) {
  const char *s = w2n_embed_range(w2n_caller_instance(c), (uint32_t)p, len);
  if (!s)
    w2n_embed_trap_raise(c, "string [%d, +%u) outside memory", p, len);
  return s;
}

static int slot(struct host *h, const char *key, uint32_t len) {
  for (int i = 0; i < h->num; ++i)
    if (strlen(h->names[i]) == len && memcmp(h->names[i], key, len) == 0)
      return i;
  return -1;
}

static void on_log(w2n_caller *c, int32_t p, int32_t len) {
  printf("plugin says: %.*s\n", len, guest_str(c, p, (uint32_t)len));
}

static int32_t on_kv_get(w2n_caller *c, int32_t p, int32_t len) {
  struct host *h = w2n_caller_data(c);
  int i = slot(h, guest_str(c, p, (uint32_t)len), (uint32_t)len);
  return i < 0 ? 0 : h->counts[i];
}

static void on_kv_put(w2n_caller *c, int32_t p, int32_t len, int32_t value) {
  struct host *h = w2n_caller_data(c);
  const char *key = guest_str(c, p, (uint32_t)len);
  int i = slot(h, key, (uint32_t)len);
  if (i < 0) {
    if (h->num == 8)
      w2n_embed_trap_raise(c, "store full");
    i = h->num++;
    h->names[i] = strndup(key, (size_t)len);
  }
  h->counts[i] = value;
}

static int64_t on_now_ms(w2n_caller *c) {
  (void)c;
  return 1700000000000;
}

static void on_reply(w2n_caller *c, int32_t p, int32_t len) {
  struct host *h = w2n_caller_data(c);
  snprintf(h->last_reply, sizeof h->last_reply, "%.*s", len,
           guest_str(c, p, (uint32_t)len));
}

static void on_abort(w2n_caller *c, int32_t p, int32_t len) {
  w2n_embed_trap_raise(c, "plugin aborted: %.*s", len,
                       guest_str(c, p, (uint32_t)len));
}

/* Copies name into the guest's request buffer and calls handle(). */
static int32_t request(w2n_instance *inst, struct host *h, const char *name,
                       uint32_t *trap) {
  int32_t buf = plugin_request_buffer(inst, trap);
  if (*trap || w2n_embed_write(inst, (uint32_t)buf, name, strlen(name) + 1))
    return -1;
  h->last_reply[0] = 0;
  return plugin_handle(inst, buf, trap);
}

int main(void) {
  struct host h = {0};
  w2n_host_function funcs[] = {
      plugin_import_host_log(on_log, &h),
      plugin_import_host_kv_get(on_kv_get, &h),
      plugin_import_host_kv_put(on_kv_put, &h),
      plugin_import_host_now_ms(on_now_ms, &h),
      plugin_import_host_reply(on_reply, &h),
      plugin_import_host_abort(on_abort, &h),
  };
  w2n_embed_options opts = {0};
  opts.funcs = funcs;
  opts.num_funcs = sizeof funcs / sizeof funcs[0];
  opts.unknown_imports_trap = 1; /* host.telemetry: not offered */

  char err[256];
  w2n_instance *inst = plugin_new(&opts, err, sizeof err);
  if (!inst) {
    fprintf(stderr, "plugin: %s\n", err);
    return 1;
  }
  const char *names[] = {"ada", "bob", "ada", "", "telemetry", "ada"};
  for (int i = 0; i < 6; ++i) {
    uint32_t trap;
    int32_t n = request(inst, &h, names[i], &trap);
    if (trap)
      printf("'%s': %s\n", names[i], w2n_trap_text(trap));
    else
      printf("'%s': %d, reply '%s'\n", names[i], n, h.last_reply);
  }
  w2n_embed_free(inst);
  return 0;
}
