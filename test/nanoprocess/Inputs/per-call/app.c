// Calls a per-call child and the same module as a shared child: the
// per-call one starts from its initial state on every call and keeps no
// descriptor, whatever it opened.
#include <fcntl.h>
#include <stdio.h>

#define IMPORT(mod, name)                                                      \
  __attribute__((import_module(#mod), import_name(#name)))
IMPORT(fresh, bump) int fresh_bump(void);
IMPORT(fresh, keep_open) int fresh_keep_open(int dir);
IMPORT(fresh, keep_own) int fresh_keep_own(void);
IMPORT(shared, bump) int shared_bump(void);
IMPORT(shared, keep_own) int shared_keep_own(void);

// Opens N times; every result equals the first, or the first that differs.
static void repeat(const char *what, int (*f)(int), int arg) {
  int first = f(arg), r = first;
  for (int i = 0; i < 200 && r == first; i++)
    r = f(arg);
  printf("%s: first %d, %s\n", what, first,
         r == first ? "the same 200 times" : "then differs");
  if (r != first)
    printf("%s: got %d\n", what, r);
}
static int keep_open(int d) { return fresh_keep_open(d); }
static int keep_own(int d) {
  (void)d;
  return fresh_keep_own();
}
static int shared_own(int d) {
  (void)d;
  return shared_keep_own();
}

int main(void) {
  for (int i = 0; i < 3; i++)
    printf("fresh bump: %d\n", fresh_bump());
  for (int i = 0; i < 3; i++)
    printf("shared bump: %d\n", shared_bump());
  int d = open("/data", O_RDONLY | O_DIRECTORY);
  repeat("fresh keep_open", keep_open, d);
  repeat("fresh keep_own", keep_own, 0);
  repeat("shared keep_own", shared_own, 0);
  return 0;
}
