// A small command for output-files.test.
#include <stdio.h>

int main(void) { puts("hello"); }
