// Traps when asked to.
__attribute__((export_name("boom"))) int boom(int trap) {
  if (trap)
    __builtin_trap();
  return 0;
}
