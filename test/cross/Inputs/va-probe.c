// Reports the user virtual address space a process gets: how many guard
// reservations (8 GiB + 64 KiB, PROT_NONE, as runtime-lib/core/memory.c
// makes them) fit, up to a limit, and the highest address bit an 8 GiB
// mapping can be placed at. guard-va.test runs it under qemu-user.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv) {
  const uint64_t size = (8ull << 30) + 65536;
  int limit = argc > 1 ? atoi(argv[1]) : 8;
  int n = 0;
  for (; n < limit; n++)
    if (mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0) == MAP_FAILED)
      break;
  printf("guard reservations: %d of %d\n", n, limit);
  int top = 0;
  for (int bit = 36; bit < 57; bit++) {
    void *want = (void *)(1ull << bit);
    void *p = mmap(want, size, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == want)
      top = bit;
    if (p != MAP_FAILED)
      munmap(p, size);
  }
  printf("highest 8 GiB mapping at 2^%d: %d-bit address space\n", top, top + 1);
  return 0;
}
