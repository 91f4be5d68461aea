/* The host functions of kv.h as a WebAssembly module imports them. */
#include <stdint.h>

#define KV_IMPORT(name) __attribute__((import_module("kv"), import_name(#name)))
KV_IMPORT(kv_put)
int32_t kv_put(const void *key, uint32_t key_len, const void *val,
               uint32_t val_len);
KV_IMPORT(kv_get)
int32_t kv_get(const void *key, uint32_t key_len, void *out, uint32_t out_len);
KV_IMPORT(kv_count) uint32_t kv_count(void);
