// Proves bench/guest/string-simd.c (the SIMD128 strlen, strcmp, strspn and
// strcspn the benchmarks link into their Wasm builds) agrees with glibc:
// random strings at every alignment, with bytes above 0x7f, sets of 0 to 9
// bytes, and strings that end on the last byte of memory (natively the
// last byte before a PROT_NONE page, in Wasm the last byte of linear
// memory), where reading a whole block past the terminator must not trap.
// The Wasm build calls the SIMD versions under simd_* names, so the test
// cannot pass by linking wasi-libc's.
// RUN: %clang -O2 %s -o %t.native
// clang-format off
// RUN: %wasi-cc -O2 -msimd128 %s %S/../../bench/guest/string-simd.c -Dstrlen=simd_strlen -Dstrcmp=simd_strcmp -Dstrspn=simd_strspn -Dstrcspn=simd_strcspn -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
// clang-format on
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm__
size_t simd_strlen(const char *);
int simd_strcmp(const char *, const char *);
size_t simd_strspn(const char *, const char *);
size_t simd_strcspn(const char *, const char *);
#else
#include <sys/mman.h>
#define simd_strlen strlen
#define simd_strcmp strcmp
#define simd_strspn strspn
#define simd_strcspn strcspn
#endif

static uint32_t state = 12345;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

// Mostly a small alphabet, so that spans and equal prefixes are long,
// with some bytes above 0x7f (the sign of a strcmp difference, the second
// half of the byte table).
static char random_byte(void) {
  static const char alphabet[] = "ab \n\x80\xff\x7f\x01";
  uint32_t r = next();
  if (r % 4)
    return alphabet[r / 4 % 8];
  char c = (char)(r / 4 % 255 + 1);
  return c;
}

static int sign(int x) { return (x > 0) - (x < 0); }

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u; }

// Sets: none, the tokenizer's " \n", and random ones of 1 to 9 bytes.
static void random_set(char *set) {
  uint32_t n = next() % 10;
  if (n == 9) {
    strcpy(set, " \n");
    return;
  }
  for (uint32_t i = 0; i < n; i++)
    set[i] = random_byte();
  set[n] = 0;
}

static uint32_t check(const char *s, const char *t, const char *set,
                      uint32_t h) {
  h = mix(h, (uint32_t)simd_strlen(s));
  h = mix(h, (uint32_t)simd_strspn(s, set));
  h = mix(h, (uint32_t)simd_strcspn(s, set));
  h = mix(h, (uint32_t)sign(simd_strcmp(s, t)) + 1);
  h = mix(h, (uint32_t)sign(simd_strcmp(t, s)) + 1);
  return h;
}

// Fills dst with a copy of s that differs from the byte at a random
// position on (or is equal, or a prefix, or longer).
static void variant(char *dst, const char *s) {
  size_t n = strlen(s);
  memcpy(dst, s, n + 1);
  uint32_t r = next() % 4;
  size_t at = n ? next() % (n + 1) : 0;
  if (r == 0)
    return;
  if (r == 1) {
    dst[at] = 0;
    return;
  }
  dst[at] = random_byte();
  if (r == 3 && at == n)
    dst[at + 1] = 0;
}

int main(void) {
  static char buf[256], other[256], set[16];
  uint32_t h = 2166136261u;
  for (int round = 0; round < 200000; round++) {
    size_t offset = next() % 32, len = next() % 100;
    char *s = buf + offset;
    for (size_t i = 0; i < len; i++)
      s[i] = random_byte();
    s[len] = 0;
    char *t = other + next() % 32;
    variant(t, s);
    random_set(set);
    h = check(s, t, set, h);
  }
  printf("random: %08x\n", h);

  // Strings whose terminator is the last byte of memory.
#ifdef __wasm__
  int32_t pages = __builtin_wasm_memory_grow(0, 1);
  if (pages < 0)
    return 1;
  char *end = (char *)((uintptr_t)(pages + 1) * 65536);
#else
  char *page = mmap(NULL, 2 * 65536, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED || mprotect(page + 65536, 65536, PROT_NONE))
    return 1;
  char *end = page + 65536;
#endif
  h = 2166136261u;
  for (size_t len = 0; len < 70; len++) {
    char *s = end - 1 - len;
    memset(end - 100, 'a', 100);
    for (size_t i = 0; i < len; i++)
      s[i] = (char)(i % 3 ? 'a' : ' ');
    end[-1] = 0;
    // t: the same string elsewhere, or it at the end and s elsewhere.
    memcpy(other, s, len + 1);
    for (int k = 0; k < 8; k++) {
      random_set(set);
      h = check(s, other, set, h);
      h = check(other, s, set, h);
      if (len) {
        other[next() % len] = random_byte();
        h = check(s, other, set, h);
        memcpy(other, s, len + 1);
      }
    }
    static const char *sets[] = {
        "", "a", " ", "a ", " a\n", "xyz a", "\x80\x90\xa0\xb0\xc0 a"};
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++)
      h = check(s, other, sets[k], h);
    printf("%zu%s", simd_strlen(s), len % 10 == 9 ? "\n" : " ");
  }
  printf("end of memory: %08x\n", h);
  return 0;
}
