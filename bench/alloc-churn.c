/* malloc/free churn: a sliding window of live blocks of mixed sizes, with
   occasional reallocs, touching each block so allocation is not elided. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  enum { LIVE = 4096 };
  static unsigned char *live[LIVE];
  static uint32_t sizes[LIVE];
  uint32_t s = 1;
  uint64_t sum = 0;
  for (uint32_t i = 0; i < 3000000; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    uint32_t slot = s % LIVE;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    if (live[slot]) {
      sum += live[slot][0] + live[slot][sizes[slot] - 1];
      if ((s & 15) == 0) {
        uint32_t n = sizes[slot] * 2 + 8;
        live[slot] = realloc(live[slot], n);
        memset(live[slot] + sizes[slot], (int)(s >> 24), n - sizes[slot]);
        sizes[slot] = n;
        continue;
      }
      free(live[slot]);
    }
    uint32_t n =
        (s >> 8) % 8 == 0 ? 1024 + (s >> 12) % 8192 : 8 + (s >> 12) % 120;
    live[slot] = malloc(n);
    live[slot][0] = (unsigned char)i;
    live[slot][n - 1] = (unsigned char)(i >> 8);
    sizes[slot] = n;
  }
  for (int i = 0; i < LIVE; i++)
    free(live[i]);
  printf("alloc-churn checksum %llu\n", (unsigned long long)sum);
  return 0;
}
