/* Integer and bit manipulation: xorshift streams folded through popcount,
   bit reversal, rotates, leading/trailing zero counts and a CRC-32 loop. */
#include <stdint.h>
#include <stdio.h>

static uint32_t reverse_bits(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  return __builtin_bswap32(x);
}

static uint32_t crc32_byte(uint32_t crc, uint8_t b) {
  crc ^= b;
  for (int k = 0; k < 8; k++)
    crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  return crc;
}

int main(void) {
  uint64_t s = 0x9E3779B97F4A7C15ULL, acc = 0;
  uint32_t crc = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < 40000000; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    uint32_t lo = (uint32_t)s, hi = (uint32_t)(s >> 32);
    uint32_t r = reverse_bits(lo) ^ ((hi << (i & 31)) | (hi >> (-i & 31)));
    acc +=
        (uint64_t)__builtin_popcount(r) * (uint64_t)(__builtin_clz(r | 1) + 1);
    acc ^= (uint64_t)__builtin_ctzll(s | (1ULL << 63)) << (i & 15);
    if ((i & 7) == 0)
      crc = crc32_byte(crc, (uint8_t)r);
  }
  printf("bitops checksum %016llx crc %08x\n", (unsigned long long)acc,
         crc ^ 0xFFFFFFFFu);
  return 0;
}
