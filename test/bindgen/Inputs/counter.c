/* Child nanoprocess (a reactor) holding host:kv, granted by its parent. */
#include "kv-imports.h"

__attribute__((export_name("bump"))) int32_t bump(void) {
  kv_put("bumped", 6, "yes", 3);
  return (int32_t)kv_count();
}
