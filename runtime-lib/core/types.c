/*===- core/types.c - Canonical function type ids ------------------------===*
 *
 * Signature text ("ii:i") -> dense id starting at 1, so a zeroed w2n_func
 * never matches a real type. Every id also remembers an invoke thunk for
 * its signature (thunks of equal signatures are interchangeable), which is
 * how w2n_call reaches functions of any module, and host functions. One
 * table serves every thread, under a lock.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct type_entry {
  char *sig;
  w2n_invoke_fn invoke;
};

static struct type_entry *entries; /* by id; entries[0] unused */
static uint32_t num_entries, cap_entries;
static uint32_t *slots; /* open addressing: id, or 0 when empty */
static uint32_t num_slots;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) {
    fprintf(stderr, "%s: error: out of memory\n", w2n_program_name());
    _exit(1);
  }
  return q;
}

static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

static void rehash(void) {
  uint32_t n = num_slots ? num_slots * 2 : 64;
  uint32_t *s = xrealloc(NULL, n * sizeof *s);
  memset(s, 0, n * sizeof *s);
  for (uint32_t id = 1; id < num_entries; id++) {
    uint32_t i = hash(entries[id].sig) & (n - 1);
    while (s[i])
      i = (i + 1) & (n - 1);
    s[i] = id;
  }
  free(slots);
  slots = s;
  num_slots = n;
}

static uint32_t intern(const char *sig) {
  if (num_entries == 0)
    num_entries = 1;
  if ((num_entries + 1) * 2 > num_slots)
    rehash();
  uint32_t i = hash(sig) & (num_slots - 1);
  for (; slots[i]; i = (i + 1) & (num_slots - 1))
    if (strcmp(entries[slots[i]].sig, sig) == 0)
      return slots[i];
  if (num_entries >= cap_entries) {
    cap_entries = cap_entries ? cap_entries * 2 : 64;
    entries = xrealloc(entries, cap_entries * sizeof *entries);
  }
  uint32_t id = num_entries++;
  size_t len = strlen(sig) + 1;
  entries[id].sig = memcpy(xrealloc(NULL, len), sig, len);
  entries[id].invoke = NULL;
  slots[i] = id;
  return id;
}

uint32_t w2n_intern_type(const char *sig) {
  pthread_mutex_lock(&lock);
  uint32_t id = intern(sig);
  pthread_mutex_unlock(&lock);
  return id;
}

void w2n_type_set_invoke(uint32_t id, w2n_invoke_fn invoke) {
  pthread_mutex_lock(&lock);
  if (id && id < num_entries && !entries[id].invoke)
    entries[id].invoke = invoke;
  pthread_mutex_unlock(&lock);
}

w2n_invoke_fn w2n_type_invoke(uint32_t id) {
  pthread_mutex_lock(&lock);
  w2n_invoke_fn invoke = id && id < num_entries ? entries[id].invoke : NULL;
  pthread_mutex_unlock(&lock);
  return invoke;
}
