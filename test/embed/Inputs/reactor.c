/* A C reactor: wasi-libc runs its constructor from _initialize. */
#include <stdio.h>
#include <stdlib.h>
static int *counter;
__attribute__((constructor)) static void init(void) { counter = calloc(1, sizeof *counter); *counter = 10; }
__attribute__((export_name("next"))) int next(void) { return ++*counter; }
__attribute__((export_name("greet"))) void greet(int n) { printf("hello %d\n", n); fflush(stdout); }
