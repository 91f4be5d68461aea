"""The lit test format of test/cross (see lit.local.cfg).

It lives in a module of its own because lit pickles the format to send tests
to its worker processes."""
import os
import sys

import lit.formats
import lit.Test
import lit.util

CROSS_TARGETS = [
    # (directory name, triple, lit feature / substitution, extra qemu args)
    ("aarch64", "aarch64-linux-gnu", "qemu-aarch64", []),
    ("riscv64", "riscv64-linux-gnu", "qemu-riscv64", []),
]


class CrossRunFormat(lit.formats.ShTest):
    def __init__(self):
        super().__init__(execute_external=True)

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig, localConfig):
        yield from super().getTestsInDirectory(testSuite, path_in_suite, litConfig, localConfig)
        if path_in_suite != ("cross",):
            return
        run_dir = os.path.join(testSuite.source_root, "run")
        sources = []
        for sub in ("", "traps"):
            d = os.path.join(run_dir, sub)
            for name in sorted(os.listdir(d)):
                if name.endswith(".c") and "RUN:" in open(os.path.join(d, name), encoding="utf-8").read():
                    sources.append((sub, name))
        for arch, triple, feature, qemu_args in CROSS_TARGETS:
            for sub, name in sources:
                label = name if not sub else sub + "-" + name
                t = lit.Test.Test(testSuite, path_in_suite + (arch, label), localConfig,
                                  file_path=os.path.join(run_dir, sub, name))
                t.cross = (triple, feature, qemu_args, os.path.join(run_dir, sub, name))
                yield t

    def execute(self, test, litConfig):
        if not hasattr(test, "cross"):
            return super().execute(test, litConfig)
        triple, feature, qemu_args, source = test.cross
        cfg = test.config
        if feature not in cfg.available_features:
            return lit.Test.UNSUPPORTED, feature + " not found"
        qemu = cfg.qemu_aarch64 if feature == "qemu-aarch64" else cfg.qemu_riscv64
        tmp = test.getExecPath()
        os.makedirs(os.path.dirname(tmp), exist_ok=True)
        cmd = [sys.executable, os.path.join(cfg.test_source_root, "cross", "cross-run.py"),
               "--target", triple, "--qemu", qemu,
               "--wasm2native", os.path.join(cfg.w2n_tools_dir, "wasm2native"),
               "--clang", cfg.clang,
               "--compare", '"%s" "%s"' % (sys.executable, os.path.join(
                   cfg.test_source_root, "lit-helpers", "compare-run.py")),
               "--tmp", tmp + ".tmp"]
        for a in qemu_args:
            cmd += ["--qemu-arg", a]
        cmd.append(source)
        try:
            out, err, rc = lit.util.executeCommand(
                cmd, env=cfg.environment, timeout=600)
        except lit.util.ExecuteCommandTimeoutException as e:
            return lit.Test.TIMEOUT, "timed out after 600 s\n" + (e.out or "") + (e.err or "")
        return (lit.Test.PASS if rc == 0 else lit.Test.FAIL), out + err

