#!/usr/bin/env python3
"""Runs null-run on every ONNX backend node test of libonnx-testdata
(model.onnx + test_data_set_0) with the backend tests' tolerance
(--atol 1e-7, --rtol 1e-3).

    onnx_node.py PASS_LIST [DATA_DIR]

A model may fail with a diagnostic (an operator or type not supported yet:
exit 1 without a MISMATCH line). The run fails (exit 1) when
  * a model's outputs differ from the reference (a miscompile),
  * null-run crashes or times out on a model,
  * a model of PASS_LIST (one directory name per line, # comments) does not
    pass: the list records what works, so it may only grow.
Models that pass but are not listed are printed as `new pass:` lines (add
them to the list).
"""
import concurrent.futures
import os
import subprocess
import sys


def run_one(data, name):
    d = os.path.join(data, name)
    cmd = ["null-run", os.path.join(d, "model.onnx"), "--data",
           os.path.join(d, "test_data_set_0"), "--atol", "1e-7",
           "--rtol", "1e-3"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return name, "timeout", ""
    out = r.stdout + r.stderr
    first = (out.strip().splitlines() or [""])[0]
    if r.returncode == 0:
        return name, "pass", ""
    if "MISMATCH" in r.stdout:
        lines = [l for l in r.stdout.splitlines() if "MISMATCH" in l]
        return name, "mismatch", lines[0]
    if r.returncode == 1:
        diags = [l for l in out.splitlines() if "error:" in l] or [first]
        return name, "unsupported", diags[0]
    return name, "crash", "exit %d: %s" % (r.returncode, first)


def main():
    pass_list = set()
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                pass_list.add(line)
    data = (sys.argv[2] if len(sys.argv) > 2 else
            "/usr/share/libonnx-testdata/data") + "/node"
    names = sorted(n for n in os.listdir(data)
                   if os.path.isfile(os.path.join(data, n, "model.onnx")))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name, kind, msg in pool.map(lambda n: run_one(data, n), names):
            results[name] = (kind, msg)
    bad = 0
    counts = {}
    for name in names:
        kind, msg = results[name]
        counts[kind] = counts.get(kind, 0) + 1
        if kind in ("mismatch", "crash", "timeout"):
            print("%s: %s: %s" % (kind, name, msg))
            bad += 1
        elif kind == "pass" and name not in pass_list:
            print("new pass: %s (add it to the pass list)" % name)
        elif kind != "pass" and name in pass_list:
            print("regression: %s: %s" % (name, msg))
            bad += 1
    for name in sorted(pass_list - set(names)):
        print("missing: %s is in the pass list but not in %s" % (name, data))
        bad += 1
    print("onnx-node: %d models, %d pass, %d unsupported, %d mismatch, "
          "%d crash, %d timeout" % (len(names), counts.get("pass", 0),
                                    counts.get("unsupported", 0),
                                    counts.get("mismatch", 0),
                                    counts.get("crash", 0),
                                    counts.get("timeout", 0)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
