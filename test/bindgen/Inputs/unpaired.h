#include <stdint.h>
int32_t fill(uint8_t *out);
