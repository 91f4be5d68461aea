/* Hashing: a 64-bit multiply-xorshift hash over a byte buffer in 8-byte
   words, then an open-addressing (linear probing) hash table with inserts,
   updates and lookups of integer keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n, uint64_t seed) {
  uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ULL);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ mix(w)) * 0x100000001b3ULL;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ULL;
  return mix(h);
}

int main(void) {
  enum { BUF = 1 << 20, CAP = 1 << 21 };
  unsigned char *buf = malloc(BUF);
  for (int i = 0; i < BUF; i++)
    buf[i] = (unsigned char)(i * 131 + (i >> 9));
  uint64_t acc = 0;
  for (int rep = 0; rep < 100; rep++)
    acc ^= hash_bytes(buf + rep, BUF - 128, acc + (uint64_t)rep);
  uint64_t *keys = calloc(CAP, sizeof(uint64_t));
  uint32_t *vals = calloc(CAP, sizeof(uint32_t));
  uint32_t inserted = 0, found = 0;
  for (uint32_t i = 0; i < 3000000; i++) {
    uint64_t k = mix(i % 1200000 + 1) | 1;
    uint32_t slot = (uint32_t)k & (CAP - 1);
    while (keys[slot] && keys[slot] != k)
      slot = (slot + 1) & (CAP - 1);
    if (!keys[slot]) {
      keys[slot] = k;
      inserted++;
    }
    vals[slot] += i;
  }
  for (uint32_t i = 0; i < 3000000; i++) {
    uint64_t k = mix(i * 3 + 1) | 1;
    uint32_t slot = (uint32_t)k & (CAP - 1);
    while (keys[slot] && keys[slot] != k)
      slot = (slot + 1) & (CAP - 1);
    if (keys[slot]) {
      found++;
      acc += vals[slot];
    }
  }
  printf("hash checksum %016llx inserted %u found %u\n",
         (unsigned long long)acc, inserted, found);
  free(buf);
  free(keys);
  free(vals);
  return 0;
}
