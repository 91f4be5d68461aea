// Proves string.h, ctype.h and the string conversions behave as natively:
// copies, concatenation, comparisons (sign of the result), searches,
// tokenizing, overlapping memmove, memset/memcmp/memchr, strtol family
// with bases and errors, strtod, and strdup.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
  char buf[128];
  char *volatile src = "The quick brown fox jumps over the lazy dog";
  strcpy(buf, src);
  printf("strlen=%zu strcpy=\"%s\"\n", strlen(buf), buf);
  strcat(buf, "!!");
  strncat(buf, "???????", 3);
  printf("strcat=\"%s\"\n", buf);
  char small[8];
  memset(small, 'X', sizeof small);
  strncpy(small, "abc", sizeof small);
  printf("strncpy pads: %d %d %d\n", small[3], small[7], small[2]);
  printf("cmp: %d %d %d %d %d %d\n", sign(strcmp("abc", "abd")),
         sign(strcmp("abd", "abc")), sign(strcmp("abc", "abc")),
         sign(strncmp("abcX", "abcY", 3)), sign(strcmp("a", "\xff")),
         sign(memcmp("\x01\x80", "\x01\x7f", 2)));
  printf("strchr=%td strrchr=%td strstr=%td missing=%s\n",
         strchr(src, 'q') - src, strrchr(src, 'o') - src,
         strstr(src, "lazy") - src, strstr(src, "cat") ? "found" : "NULL");
  printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("aaabbbccc", "ab"),
         strcspn(src, "xyz"), strpbrk(src, "jz"));
  char toks[] = "  alpha, beta;;gamma ,delta  ";
  for (char *t = strtok(toks, " ,;"); t; t = strtok(NULL, " ,;"))
    printf("token <%s>\n", t);
  char ov[32] = "0123456789abcdef";
  memmove(ov + 4, ov, 10);
  printf("memmove forward: %s\n", ov);
  memmove(ov, ov + 6, 10);
  printf("memmove backward: %s\n", ov);
  unsigned char big[1000];
  for (int i = 0; i < 1000; i++)
    big[i] = (unsigned char)(i * 7);
  memset(big + 3, 0xEE, 517);
  unsigned sum = 0;
  for (int i = 0; i < 1000; i++)
    sum = sum * 33 + big[i];
  printf("memset region sum %u, memchr at %td\n", sum,
         (unsigned char *)memchr(big, 0xEE, 1000) - big);
  const char *nums[] = {"12345", "-0x1A", "0777", "  +42abc", "z", "99999999999999999999",
                        "-2147483649", "0b101", "101"};
  int bases[] = {10, 16, 0, 10, 36, 10, 10, 0, 2};
  for (int i = 0; i < 9; i++) {
    char *end;
    errno = 0;
    long long v = strtoll(nums[i], &end, bases[i]);
    printf("strtoll(\"%s\", %d) = %lld, consumed %td, ERANGE=%d\n", nums[i], bases[i], v,
           end - nums[i], errno == ERANGE);
  }
  errno = 0;
  unsigned long long u = strtoull("18446744073709551615", NULL, 10);
  printf("strtoull max=%llu ERANGE=%d\n", u, errno == ERANGE);
  printf("atoi=%d atol=%ld\n", atoi("-123xyz"), atol("  77"));
  const char *ds[] = {"3.14159", "-1e-5", "1e400", "0x1.8p3", "inf", "  -nan", ".5e1x"};
  for (int i = 0; i < 7; i++) {
    char *end;
    double d = strtod(ds[i], &end);
    /* NaN's sign from strtod("-nan") differs between C libraries */
    if (d != d)
      printf("strtod(\"%s\") = nan, consumed %td\n", ds[i], end - ds[i]);
    else
      printf("strtod(\"%s\") = %.17g, consumed %td\n", ds[i], d, end - ds[i]);
  }
  char *dup = strdup(src);
  for (char *p = dup; *p; p++)
    *p = islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p);
  printf("strdup+case: %s\n", dup);
  free(dup);
  int classes = 0;
  for (int c = 0; c < 128; c++)
    classes += !!isalpha(c) + 2 * !!isdigit(c) + 4 * !!isspace(c) + 8 * !!ispunct(c) +
               16 * !!isxdigit(c) + 32 * !!iscntrl(c) + 64 * !!isprint(c);
  printf("ctype class sum %d\n", classes);
  return 0;
}
