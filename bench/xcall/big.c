// A child with 1 MiB of initialised data (one 1 MiB data segment), for the
// cost of a fresh instance. Built without libc: nothing but the segment.
#define SIZE (1 << 20)
static unsigned char table[SIZE] = {[0 ... SIZE - 1] = 7};
static int calls;

// Reads the table and counts calls: 8 from every fresh instance.
__attribute__((export_name("touch"))) int touch(int i) {
  return table[i & (SIZE - 1)] + ++calls;
}
