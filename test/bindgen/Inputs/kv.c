#include "kv.h"

#include <string.h>

#define KV_MAX 16
#define KV_LEN 32

static struct {
  uint32_t klen, vlen;
  uint8_t key[KV_LEN], val[KV_LEN];
} kv[KV_MAX];
static uint32_t used;

static int find(const uint8_t *key, uint32_t key_len) {
  for (uint32_t i = 0; i < used; i++)
    if (kv[i].klen == key_len && !memcmp(kv[i].key, key, key_len))
      return (int)i;
  return -1;
}

int32_t kv_put(const uint8_t *key, uint32_t key_len, const uint8_t *val,
               uint32_t val_len) {
  if (key_len > KV_LEN || val_len > KV_LEN)
    return -1;
  int i = find(key, key_len);
  if (i < 0) {
    if (used == KV_MAX)
      return -1;
    i = (int)used++;
  }
  kv[i].klen = key_len;
  kv[i].vlen = val_len;
  memcpy(kv[i].key, key, key_len);
  memcpy(kv[i].val, val, val_len);
  return 0;
}

int32_t kv_get(const uint8_t *key, uint32_t key_len, uint8_t *out,
               uint32_t out_len) {
  int i = find(key, key_len);
  if (i < 0)
    return -1;
  uint32_t n = kv[i].vlen < out_len ? kv[i].vlen : out_len;
  memcpy(out, kv[i].val, n);
  return (int32_t)kv[i].vlen;
}

uint32_t kv_count(void) { return used; }
