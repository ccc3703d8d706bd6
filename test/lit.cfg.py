# -*- Python -*-
# The lit configuration of null's test suite (test/). Build-specific paths
# come from the site configuration that CMake writes into <build>/test; see
# docs/testing.md for how the suite is organized and run.
#
# Running lit on the build tree (`lit.py build/test`) loads the site config,
# which loads this file. Running it on a source path (`lit.py test/ir/x.nir`)
# finds this file first: it then loads the site config of the build named by
# `--param build=DIR`, $NULL_BUILD_DIR or <source>/build, in that order.

import importlib.util
import os
import platform
import shutil
import sys

import lit.formats
import lit.util


def load_site_config():
    src_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = lit_config.params.get("build") or os.environ.get("NULL_BUILD_DIR")
    if not build:
        build = os.path.join(src_root, "build")
    site = os.path.join(os.path.abspath(build), "test", "lit.site.cfg.py")
    if not os.path.exists(site):
        lit_config.fatal(
            "no build found at %s: configure one (cmake -S . -B build -G "
            "Ninja) or pass --param build=DIR" % build)
    lit_config.load_config(config, site)


def find_mlir_opt():
    """mlir-opt from LLVM 19 (the oracle), or None."""
    candidates = [getattr(config, "mlir_opt", ""), "mlir-opt-19",
                  "/usr/lib/llvm-19/bin/mlir-opt"]
    for c in candidates:
        if not c or c.endswith("NOTFOUND"):
            continue
        path = shutil.which(c)
        if path:
            return path
    return None


def configure():
    config.name = "null"
    # bash runs the RUN lines (with pipefail), so tests may use any shell
    # construct; LLVM's `not` and `count` come from PATH like other tools.
    config.test_format = lit.formats.ShTest(execute_external=True)
    # A hung test fails after 10 minutes (`--param timeout=SECONDS`; 0 turns
    # it off) instead of hanging the run; lit needs psutil for this.
    timeout = int(lit_config.params.get("timeout", 600))
    if importlib.util.find_spec("psutil") is not None:
        lit_config.maxIndividualTestTime = timeout
    config.suffixes = [".nir", ".mlir", ".test"]
    config.excludes = ["lib", "Inputs", "CMakeLists.txt", "README.md",
                       "lit.cfg.py", "lit.site.cfg.py.in"]
    config.test_source_root = os.path.dirname(os.path.abspath(__file__))
    config.test_exec_root = os.path.join(config.null_obj_root, "test")

    # Our tools first, then FileCheck/not/count/split-file from LLVM 19.
    path = [config.null_tools_dir, config.llvm_tools_dir,
            config.environment.get("PATH", "")]
    config.environment["PATH"] = os.pathsep.join(p for p in path if p)
    config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
    config.environment["LC_ALL"] = "C"
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                "NULL_BUILD_DIR"):
        if var in os.environ:
            config.environment[var] = os.environ[var]

    sanitizers = [s.strip() for s in config.null_sanitize.split(",")
                  if s.strip()]
    if "address" in sanitizers:
        config.available_features.add("asan")
        config.environment.setdefault(
            "ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    if "undefined" in sanitizers:
        config.available_features.add("ubsan")
        config.environment.setdefault(
            "UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    if sanitizers:
        config.available_features.add("sanitizer")

    mlir_opt = find_mlir_opt()
    if mlir_opt:
        config.available_features.add("mlir-opt")
    else:
        lit_config.note("mlir-opt-19 not found: oracle tests are UNSUPPORTED")
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        config.available_features.add("x86_64")
    elif machine in ("aarch64", "arm64"):
        config.available_features.add("aarch64")
    if shutil.which("qemu-aarch64"):
        config.available_features.add("qemu-aarch64")
    # A cross compiler for the aarch64 link-and-run tests of the LLVM
    # backend (test/backends/llvm): %aarch64-cc links static executables.
    aarch64_cc = shutil.which("aarch64-linux-gnu-gcc")
    if aarch64_cc:
        config.available_features.add("aarch64-cc")
    config.substitutions.append(("%aarch64-cc",
                                 aarch64_cc or "aarch64-cc-not-found"))
    if importlib.util.find_spec("onnx") is not None:
        config.available_features.add("onnx")
    # Debian's libonnx-testdata (the ONNX import suite test).
    if os.path.isdir("/usr/share/libonnx-testdata/data"):
        config.available_features.add("onnx-testdata")

    # Substitutions. Longer names first where one is a prefix of another.
    config.substitutions.append(("%mlir-opt", mlir_opt or "mlir-opt-not-found"))
    config.substitutions.append(("%python", sys.executable))
    config.substitutions.append(("%lib", config.null_lib_dir))
    config.substitutions.append(("%bench",
                                 os.path.join(config.null_src_root, "bench")))
    config.substitutions.append(("%null_src", config.null_src_root))
    config.substitutions.append(("%cc", config.c_compiler))
    # For C programs that link the (instrumented) null libraries.
    config.substitutions.append((
        "%sanitize_flags",
        "-fsanitize=%s -fno-omit-frame-pointer" % ",".join(sanitizers)
        if sanitizers else ""))


if getattr(config, "null_obj_root", None) is None:
    load_site_config()
else:
    configure()
