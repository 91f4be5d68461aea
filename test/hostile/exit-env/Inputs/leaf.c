// A reactor with one export and no imports (manifest.test's siblings).
__attribute__((export_name("f"))) int f(int x) { return x; }
