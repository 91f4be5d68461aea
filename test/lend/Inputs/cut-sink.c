// Counts its calls in its memory, around the call to leaf: a trap in leaf
// leaves the count it was updating half done.
__attribute__((import_module("leaf"), import_name("boom"))) int leaf_boom(int);

static int calls, done;

__attribute__((export_name("work"))) int work(int trap) {
  ++calls;
  int r = leaf_boom(trap);
  ++done;
  return r + 10 * calls + 100 * done;
}
