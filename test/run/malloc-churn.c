// Proves the heap survives allocation churn: thousands of malloc/calloc/
// realloc/free calls of mixed sizes (some megabytes, so linear memory must
// grow), with every block's contents verified after moves and neighbours'
// frees. Prints a checksum of all data seen.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256

static uint32_t rng = 12345;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

struct slot {
  unsigned char *p;
  size_t n;
  unsigned char tag;
};

static int check(const struct slot *s) {
  for (size_t i = 0; i < s->n; i++)
    if (s->p[i] != (unsigned char)(s->tag + i))
      return 0;
  return 1;
}

static void fill(struct slot *s) {
  for (size_t i = 0; i < s->n; i++)
    s->p[i] = (unsigned char)(s->tag + i);
}

static size_t pick_size(void) {
  uint32_t r = next();
  switch (r % 8) {
  case 0: return 0;
  case 1: return 1 + r % 16;
  case 7: return 100000 + r % 3000000; /* forces memory growth */
  default: return 1 + r % 2000;
  }
}

int main(void) {
  static struct slot slots[SLOTS];
  uint64_t checksum = 0;
  int bad = 0, grows = 0, shrinks = 0;
  for (int step = 0; step < 6000; step++) {
    struct slot *s = &slots[next() % SLOTS];
    if (s->p && !check(s))
      bad++;
    for (size_t i = 0; i < s->n; i += 97)
      checksum = checksum * 31 + s->p[i];
    switch (next() % 4) {
    case 0:
      free(s->p);
      s->p = NULL;
      s->n = 0;
      break;
    case 1: {
      size_t n = pick_size();
      unsigned char *q = realloc(s->p, n ? n : 1);
      if (!q) {
        printf("realloc(%zu) failed\n", n);
        return 1;
      }
      size_t keep = n < s->n ? n : s->n;
      for (size_t i = 0; i < keep; i++)
        if (q[i] != (unsigned char)(s->tag + i)) {
          bad++;
          break;
        }
      n > s->n ? grows++ : shrinks++;
      s->p = q;
      s->n = n;
      fill(s);
      break;
    }
    case 2: {
      free(s->p);
      s->n = pick_size();
      s->p = calloc(s->n ? s->n : 1, 1);
      for (size_t i = 0; i < s->n; i++)
        if (s->p[i]) {
          bad++;
          break;
        }
      s->tag = (unsigned char)next();
      fill(s);
      break;
    }
    default:
      free(s->p);
      s->n = pick_size();
      s->p = malloc(s->n ? s->n : 1);
      s->tag = (unsigned char)next();
      fill(s);
    }
  }
  for (int i = 0; i < SLOTS; i++) {
    if (slots[i].p && !check(&slots[i]))
      bad++;
    free(slots[i].p);
  }
  char *big = malloc(64 << 20);
  if (!big) {
    printf("64 MiB malloc failed\n");
    return 1;
  }
  memset(big, 0x5a, 64 << 20);
  printf("last byte of 64 MiB block: %#x\n", (unsigned char)big[(64 << 20) - 1]);
  free(big);
  printf("checksum %llu, corrupted blocks %d, grows %d, shrinks %d\n",
         (unsigned long long)checksum, bad, grows, shrinks);
  return bad != 0;
}
