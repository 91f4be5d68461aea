// A server to tell worker processes apart: it accepts on descriptor 3 one
// connection at a time and answers each line the client sends, until the
// client closes. While a worker holds a connection it accepts no other, so
// N connections held open at once are served only by N workers.
//   id    the worker's identity: 64 random bits drawn at start-up (a Wasm
//         program cannot see its host pid; each worker instantiates the
//         program itself, so each draws its own)
//   trap  traps (an unreachable instruction)
//   exit N  exits with status N
// With the argument `trap-at-start` it traps before accepting anything.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

static void serve(int c, uint64_t id) {
  char line[64];
  size_t len = 0;
  for (;;) {
    char ch;
    if (read(c, &ch, 1) != 1)
      return;
    if (ch != '\n') {
      if (len + 1 < sizeof line)
        line[len++] = ch;
      continue;
    }
    line[len] = 0;
    len = 0;
    char out[32];
    int n;
    if (strcmp(line, "id") == 0)
      n = snprintf(out, sizeof out, "%016llx\n", (unsigned long long)id);
    else if (strcmp(line, "trap") == 0)
      __builtin_trap();
    else if (strncmp(line, "exit ", 5) == 0)
      exit(atoi(line + 5));
    else
      n = snprintf(out, sizeof out, "?\n");
    if (write(c, out, (size_t)n) != n)
      return;
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "trap-at-start") == 0)
    __builtin_trap();
  uint64_t id;
  if (getentropy(&id, sizeof id) != 0) {
    perror("getentropy");
    return 1;
  }
  for (;;) {
    int c = accept(3, NULL, NULL);
    if (c < 0) {
      perror("accept");
      return 1;
    }
    serve(c, id);
    close(c);
  }
}
