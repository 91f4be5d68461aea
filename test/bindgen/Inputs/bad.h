#include <stdint.h>
int32_t sum(const int32_t *values, uint32_t n);
