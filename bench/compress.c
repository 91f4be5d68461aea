/* Compression: an LZ77 compressor with a hash-chain match finder (the kind
   in deflate's fast levels) over a generated text of 1 MiB with repeats,
   then the decompressor, which must give the input back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N (1 << 20)
#define WINDOW (1 << 15)
#define HASH_BITS 15
#define MIN_MATCH 4
#define MAX_MATCH 258
#define MAX_CHAIN 32

static uint32_t rng = 12345;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static void make_text(unsigned char *t, size_t n) {
  static const char *words[] = {"sandbox ", "memory ", "linear ", "native ",
                                "compile ", "module ", "table ",  "guard ",
                                "bounds ",  "check ",  "the ",    "a ",
                                "of ",      "and ",    "to ",     "in "};
  size_t i = 0;
  while (i < n) {
    uint32_t r = next();
    if ((r & 31) == 0 && i > 4096) {
      /* Repeat an earlier stretch, as real text does. */
      size_t len = 16 + (r >> 8) % 200, from = i - 1 - (r >> 16) % 4000;
      for (size_t k = 0; k < len && i < n; k++)
        t[i++] = t[from + k];
      continue;
    }
    const char *w = words[(r >> 5) & 15];
    while (*w && i < n)
      t[i++] = (unsigned char)*w++;
    if ((r & 0x700) == 0 && i < n)
      t[i++] = '0' + (r >> 24) % 10;
  }
}

static uint32_t hash4(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Output: a flag byte per 8 items; a literal is one byte, a match is a
   16-bit distance and a length byte (length - MIN_MATCH). */
static size_t compress(const unsigned char *in, size_t n, unsigned char *out,
                       int32_t *head, int32_t *prev) {
  for (size_t i = 0; i < (1u << HASH_BITS); i++)
    head[i] = -1;
  size_t o = 0, flag_at = 0, i = 0;
  int items = 8;
  while (i < n) {
    if (items == 8) {
      flag_at = o++;
      out[flag_at] = 0;
      items = 0;
    }
    size_t best_len = 0, best_dist = 0;
    if (i + MIN_MATCH <= n) {
      uint32_t h = hash4(in + i);
      int32_t cand = head[h];
      size_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
      for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++) {
        size_t dist = i - (size_t)cand;
        if (dist > WINDOW - 1)
          break;
        if (in[cand + best_len] == in[i + best_len]) {
          size_t len = 0;
          while (len < limit && in[cand + len] == in[i + len])
            len++;
          if (len > best_len) {
            best_len = len;
            best_dist = dist;
            if (len == limit)
              break;
          }
        }
        cand = prev[cand & (WINDOW - 1)];
      }
      prev[i & (WINDOW - 1)] = head[h];
      head[h] = (int32_t)i;
    }
    if (best_len >= MIN_MATCH) {
      out[flag_at] |= (unsigned char)(1 << items);
      out[o++] = (unsigned char)best_dist;
      out[o++] = (unsigned char)(best_dist >> 8);
      out[o++] = (unsigned char)(best_len - MIN_MATCH);
      for (size_t k = 1; k < best_len; k++) {
        size_t j = i + k;
        if (j + MIN_MATCH <= n) {
          uint32_t h = hash4(in + j);
          prev[j & (WINDOW - 1)] = head[h];
          head[h] = (int32_t)j;
        }
      }
      i += best_len;
    } else {
      out[o++] = in[i++];
    }
    items++;
  }
  return o;
}

static size_t decompress(const unsigned char *in, size_t n,
                         unsigned char *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned flags = in[i++];
    for (int k = 0; k < 8 && i < n; k++) {
      if (flags & (1u << k)) {
        size_t dist = in[i] | (size_t)in[i + 1] << 8;
        size_t len = in[i + 2] + (size_t)MIN_MATCH;
        i += 3;
        for (size_t m = 0; m < len; m++, o++)
          out[o] = out[o - dist];
      } else {
        out[o++] = in[i++];
      }
    }
  }
  return o;
}

int main(void) {
  unsigned char *text = malloc(N), *packed = malloc(N + N / 8 + 16),
                *back = malloc(N);
  int32_t *head = malloc(sizeof(int32_t) << HASH_BITS),
          *prev = malloc(sizeof(int32_t) * WINDOW);
  make_text(text, N);
  size_t packed_len = 0, back_len = 0;
  uint32_t sum = 0;
  for (int rep = 0; rep < 2; rep++) {
    text[rep * 1000] ^= (unsigned char)rep;
    packed_len = compress(text, N, packed, head, prev);
    back_len = decompress(packed, packed_len, back);
    if (back_len != N || memcmp(back, text, N) != 0) {
      printf("compress round trip failed\n");
      return 1;
    }
    for (size_t i = 0; i < packed_len; i++)
      sum = sum * 31 + packed[i];
  }
  printf("compress %zu -> %zu bytes, sum %u\n", (size_t)N, packed_len, sum);
  return 0;
}
