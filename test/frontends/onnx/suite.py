#!/usr/bin/env python3
"""Imports every model.onnx of libonnx-testdata with null-translate and
re-parses and verifies the output with null-opt.

    suite.py XFAIL_LIST [DATA_DIR]

Prints one line per model that failed (with the first diagnostic) and the
counts. Fails (exit 1) when a model fails that is not in XFAIL_LIST, or
when a model of XFAIL_LIST now passes (remove it from the list: it only
shrinks). XFAIL_LIST lines are `<set>/<dir> <reason>`, or
`diag:"<text>" <reason>` for every model whose import fails with a
diagnostic containing <text> (a whole class, e.g. opsets null does not
support); # starts a comment.
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

SETS = ("node", "pytorch-converted", "pytorch-operator", "simple")


def run_one(model, tmp):
    out = os.path.join(tmp, model.replace("/", "_") + ".nir")
    path = os.path.join(DATA, model, "model.onnx")
    try:
        r = subprocess.run(["null-translate", "--import-onnx", path, "-o", out],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            return model, "import: " + (r.stderr.strip().splitlines() or
                                        ["exit %d" % r.returncode])[0]
        r = subprocess.run(["null-opt", out, "-o", os.devnull],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            return model, "re-parse: " + (r.stderr.strip().splitlines() or
                                          ["exit %d" % r.returncode])[0]
    except subprocess.TimeoutExpired:
        return model, "timeout"
    finally:
        if os.path.exists(out):
            os.unlink(out)
    return model, None


def main():
    global DATA
    xfail_path = sys.argv[1]
    DATA = sys.argv[2] if len(sys.argv) > 2 else \
        "/usr/share/libonnx-testdata/data"
    xfail = {}
    diags = []
    with open(xfail_path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith('diag:"'):
                diags.append(line[6:line.index('"', 6)])
            elif line:
                name, _, reason = line.partition(" ")
                xfail[name] = reason.strip()
    models = sorted(os.path.join(s, d) for s in SETS
                    if os.path.isdir(os.path.join(DATA, s))
                    for d in os.listdir(os.path.join(DATA, s))
                    if os.path.exists(os.path.join(DATA, s, d, "model.onnx")))
    if not models:
        print("no models under %s" % DATA)
        return 1
    failed = {}
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for model, err in ex.map(lambda m: run_one(m, tmp), models):
            if err:
                failed[model] = err
                if any(d in err for d in diags):
                    xfail.setdefault(model, "class")
    unexpected = sorted(m for m in failed if m not in xfail)
    fixed = sorted(m for m in xfail if m in models and m not in failed)
    for m in sorted(failed):
        print("%s %s: %s" % ("XFAIL" if m in xfail else "FAIL", m, failed[m]))
    for m in fixed:
        print("XPASS %s (remove it from %s)" % (m, os.path.basename(xfail_path)))
    print("suite: %d models, %d imported and verified, %d expected failures, "
          "%d unexpected failures, %d unexpected passes"
          % (len(models), len(models) - len(failed),
             len([m for m in failed if m in xfail]), len(unexpected),
             len(fixed)))
    return 1 if unexpected or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
