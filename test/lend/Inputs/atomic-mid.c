// Passes the file it was moved on to `sink`, beside a second descriptor
// parameter that cannot pass: a number it does not hold, or the moved
// number again.
__attribute__((import_module("sink"), import_name("take2"))) int
sink_take2(int moved, int lent);
__attribute__((import_module("sink"), import_name("take_dup"))) int
sink_take_dup(int a, int b);

__attribute__((export_name("run"))) int run(int fd, int other) {
  return sink_take2(fd, other);
}

__attribute__((export_name("run_dup"))) int run_dup(int fd) {
  return sink_take_dup(fd, fd);
}
