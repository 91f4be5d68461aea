/* A small key-value store: the host library the test exposes to modules. */
#include <stdint.h>

/* Stores val under key; 0 on success, -1 when the store is full. */
int32_t kv_put(const uint8_t *key, uint32_t key_len, const uint8_t *val,
               uint32_t val_len);
/* Copies the value of key into out (at most out_len bytes); its length, or
 * -1 when key is absent. */
int32_t kv_get(const uint8_t *key, uint32_t key_len, uint8_t *out,
               uint32_t out_len);
/* Number of keys stored. */
uint32_t kv_count(void);

static inline int kv_helper_not_exported(void) { return 0; }
