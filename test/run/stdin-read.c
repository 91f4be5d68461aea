// Proves standard input arrives complete and in order through every read
// path: scanf of numbers, fgets of lines (including one longer than the
// buffer), getchar to EOF, and read(0) of a large binary stream, both from
// a pipe and from a file opened as stdin; and that stdin, stdout and stderr
// report what they are (isatty, whether lseek works) as natively, for a
// pipe, a regular file and /dev/null.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --stdin %S/Inputs/stdin-text.txt --native %t.native --wasm %t.guard --wasm %t.soft -- text
// RUN: %clang -O2 %S/Inputs/make-bytes.c -o %t.make-bytes && %t.make-bytes 300000 > %t.bin
// RUN: %compare --stdin %t.bin --native %t.native --wasm %t.guard --wasm %t.soft -- binary
// RUN: %compare --stdin-file %t.bin --native %t.native --wasm %t.guard --wasm %t.soft -- binary
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft -- text
// RUN: %compare --stdin %t.bin --native %t.native --wasm %t.guard --wasm %t.soft -- probe
// RUN: %compare --stdin-file %t.bin --native %t.native --wasm %t.guard --wasm %t.soft -- probe
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft -- probe
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int text(void) {
  int count;
  if (scanf("%d", &count) != 1) {
    printf("no count on stdin\n");
    return 2;
  }
  long long total = 0;
  double dsum = 0;
  for (int i = 0; i < count; i++) {
    long long v;
    double d;
    if (scanf("%lld %lf", &v, &d) != 2) {
      printf("short input at pair %d\n", i);
      return 3;
    }
    total += v;
    dsum += d;
  }
  printf("%d pairs: integer total %lld, double total %.6f\n", count, total, dsum);
  int c = getchar(); /* the newline after the numbers */
  char line[16];
  int lines = 0, pieces = 0;
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strlen(line);
    pieces++;
    if (n && line[n - 1] == '\n') {
      lines++;
      line[n - 1] = 0;
    }
    printf("piece %d: [%s]\n", pieces, line);
    if (lines == 4)
      break;
  }
  long chars = 0, words = 0, inword = 0;
  while ((c = getchar()) != EOF) {
    chars++;
    if (c == ' ' || c == '\n' || c == '\t')
      inword = 0;
    else if (!inword) {
      inword = 1;
      words++;
    }
  }
  printf("rest: %ld chars, %ld words, eof=%d\n", chars, words, feof(stdin) != 0);
  return 0;
}

static int binary(void) {
  static unsigned char buf[7919];
  uint64_t h = 1469598103934665603ULL, total = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    total += (uint64_t)n;
    for (ssize_t i = 0; i < n; i++)
      h = (h ^ buf[i]) * 1099511628211ULL;
  }
  printf("read %llu bytes, last read %zd, fnv1a %016llx\n", (unsigned long long)total, n,
         (unsigned long long)h);
  return 0;
}

static int probe(void) {
  printf("isatty: stdin %d stdout %d stderr %d\n", isatty(0), isatty(1), isatty(2));
  errno = 0;
  off_t end = lseek(0, 0, SEEK_END);
  printf("lseek(stdin, 0, SEEK_END) = %lld%s\n", (long long)end,
         end < 0 ? (errno == ESPIPE ? " ESPIPE" : " other error") : "");
  if (end > 0) {
    unsigned char c;
    printf("seek back to 100: %lld, read %zd\n", (long long)lseek(0, 100, SEEK_SET),
           read(0, &c, 1));
    printf("byte 100 = %u\n", c);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "probe") == 0)
    return probe();
  return argc > 1 && strcmp(argv[1], "binary") == 0 ? binary() : text();
}
