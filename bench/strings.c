/* String processing: generates text, splits it into words, counts word
   frequencies in a small chained hash table keyed by strcmp, and builds
   output lines with strcpy/strcat/snprintf/strstr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *syllables[] = {"ka", "lo", "mi", "ne",  "ru",
                                  "sa", "to", "vi", "zen", "qua"};

struct entry {
  char word[24];
  uint32_t count;
  struct entry *next;
};

int main(void) {
  enum { TEXT = 4 << 20, BUCKETS = 4096 };
  char *text = malloc(TEXT + 32);
  size_t len = 0;
  uint32_t s = 7;
  while (len < TEXT) {
    int syl = 1 + (s >> 28) % 3;
    for (int k = 0; k < syl; k++) {
      s = s * 1664525u + 1013904223u;
      const char *p = syllables[(s >> 20) % 10];
      size_t n = strlen(p);
      memcpy(text + len, p, n);
      len += n;
    }
    text[len++] = (s & 0x300) ? ' ' : '\n';
  }
  text[len] = 0;
  static struct entry *table[BUCKETS];
  struct entry *pool = calloc(65536, sizeof(struct entry));
  int used = 0;
  uint64_t words = 0;
  for (int pass = 0; pass < 3; pass++) {
    char *copy = strdup(text);
    for (char *w = strtok(copy, " \n"); w; w = strtok(NULL, " \n")) {
      uint32_t h = 5381;
      for (const char *c = w; *c; c++)
        h = h * 33 + (unsigned char)*c;
      struct entry **e = &table[h % BUCKETS];
      while (*e && strcmp((*e)->word, w) != 0)
        e = &(*e)->next;
      if (!*e) {
        *e = &pool[used++];
        strncpy((*e)->word, w, sizeof(*e)->word - 1);
      }
      (*e)->count++;
      words++;
    }
    free(copy);
  }
  char line[256];
  uint64_t hits = 0, total = 0;
  for (int b = 0; b < BUCKETS; b++)
    for (struct entry *e = table[b]; e; e = e->next) {
      strcpy(line, "word=");
      strcat(line, e->word);
      snprintf(line + strlen(line), sizeof line - strlen(line), " count=%u",
               e->count);
      hits += strstr(line, "zen") != NULL;
      total += strlen(line);
    }
  printf("strings: %llu words, %d distinct, %llu with zen, %llu line bytes\n",
         (unsigned long long)words, used, (unsigned long long)hits,
         (unsigned long long)total);
  free(text);
  free(pool);
  return 0;
}
