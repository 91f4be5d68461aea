// Passes the call on to sink.
__attribute__((import_module("sink"), import_name("work"))) int sink_work(int);

__attribute__((export_name("run"))) int run(int trap) {
  return sink_work(trap) + 1;
}
