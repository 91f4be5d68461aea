// The interpreter of the wrappers cross-run.py writes for cross executables:
//
//   #!/path/to/qemu-run
//   /usr/bin/qemu-riscv64 [QEMU ARGS...]
//
// Run as `WRAPPER ARGS...`, the kernel calls `qemu-run WRAPPER ARGS...`; this
// runs `QEMU [QEMU ARGS...] WRAPPER.bin ARGS...`. It hands qemu the
// environment in reverse order, because qemu-user gives the guest its
// environment reversed (its envlist prepends): so the guest sees the order
// the caller passed, as a native program would. A shell script could not do
// this (the shell itself reorders exported variables).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp) {
  if (argc < 2) {
    fprintf(stderr, "usage: qemu-run WRAPPER [ARGS...]\n");
    return 127;
  }
  FILE *f = fopen(argv[1], "r");
  char line[4096];
  if (!f || !fgets(line, sizeof line, f) || !fgets(line, sizeof line, f)) {
    perror(argv[1]);
    return 127;
  }
  fclose(f);
  line[strcspn(line, "\n")] = 0;
  char **args = calloc(argc + 64, sizeof *args);
  int n = 0;
  for (char *tok = strtok(line, " "); tok && n < 60; tok = strtok(NULL, " "))
    args[n++] = tok;
  size_t len = strlen(argv[1]);
  char *bin = malloc(len + 5);
  memcpy(bin, argv[1], len);
  memcpy(bin + len, ".bin", 5);
  args[n++] = bin;
  for (int i = 2; i < argc; i++)
    args[n++] = argv[i];
  int envc = 0;
  while (envp[envc])
    envc++;
  char **rev = calloc(envc + 1, sizeof *rev);
  for (int i = 0; i < envc; i++)
    rev[i] = envp[envc - 1 - i];
  execve(args[0], args, rev);
  perror(args[0]);
  return 127;
}
