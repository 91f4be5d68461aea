import os
import lit.formats

config.name = "wasm2native"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".test", ".wat", ".c"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.w2n_obj_root, "test")
config.environment["PATH"] = os.pathsep.join(
    [config.w2n_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# A -DW2N_SANITIZE=ON build (docs/security.md, "Sanitizers"): UBSan's checks
# print and carry on by default, which a passing test would hide, so every
# report ends the tool with an error (ASan's reports already do). Options
# already in the environment are appended, so they win.
if config.w2n_sanitize.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("sanitize")
    given = config.environment.get("UBSAN_OPTIONS", "")
    config.environment["UBSAN_OPTIONS"] = (
        "halt_on_error=1:print_stacktrace=1" + (":" + given if given else ""))
# `%ulimit-v KIB` bounds a command's address space. ASan reserves terabytes
# of shadow memory at start-up, which any such bound refuses, so under the
# sanitizers it is a no-op (the time bound still applies).
if "sanitize" in config.available_features:
    config.substitutions.append(("%ulimit-v", "true"))
else:
    config.substitutions.append(("%ulimit-v", "ulimit -v"))
config.substitutions.append(("%wasm2native", os.path.join(config.w2n_tools_dir, "wasm2native")))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%w2n-build", config.w2n_obj_root))
config.substitutions.append(("%w2n-include", os.path.join(config.w2n_src_root, "runtime-lib", "include")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%wasi-cc", config.clang + " --target=wasm32-wasi --sysroot=/usr"))
for name, exe in (("qemu-aarch64", config.qemu_aarch64), ("qemu-riscv64", config.qemu_riscv64)):
    if exe and not exe.endswith("-NOTFOUND"):
        config.available_features.add(name)
        config.substitutions.append(("%" + name, exe))
import sys
config.substitutions.append(("%compare", '"%s" "%s"' % (
    sys.executable, os.path.join(config.test_source_root, "lit-helpers", "compare-run.py"))))
import shutil
if shutil.which("dpkg-deb"):
    config.available_features.add("dpkg-deb")
if shutil.which("lintian"):
    config.available_features.add("lintian")
if shutil.which("gdb"):
    config.available_features.add("gdb")
if shutil.which("strace"):
    config.available_features.add("strace")
if shutil.which("systemd-socket-activate"):
    config.available_features.add("systemd-socket-activate")
# The exception-handling tests need a wabt that knows try_table and exnref
# (third_party/wasm3-testsuite's, which tools/test.sh builds into
# <build>/wabt; W2N_WABT names another folder holding it). Debian's 1.0.32
# knows only the legacy form.
wabt_new = os.environ.get("W2N_WABT", os.path.join(config.w2n_obj_root, "wabt"))
if os.access(os.path.join(wabt_new, "wat2wasm"), os.X_OK):
    config.available_features.add("wabt-eh")
    config.substitutions.append(
        ("%wat2wasm-eh", os.path.join(wabt_new, "wat2wasm") + " --enable-exceptions"))
    config.substitutions.append(("%wabt-eh-dir", wabt_new))
if os.access(os.path.join(config.w2n_tools_dir, "w2n-spectest"), os.X_OK):
    config.available_features.add("w2n-spectest")
