#!/usr/bin/env python3
"""Writes a large, deterministic IR file for the parse benchmark.

The file is MLIR's generic syntax over an unregistered dialect `bench`, so
both `null-opt --allow-unregistered-dialect` and `mlir-opt-19
--allow-unregistered-dialect` read it. It has functions (`bench.func`)
whose bodies are multi-block CFGs with block arguments and successors,
structured ops with nested regions (`bench.loop`, `bench.if`) up to a few
levels deep, multi-result ops, and attributes of many kinds (integers,
floats, strings, arrays, dictionaries, dense elements, dense arrays, affine
maps, symbol references, types), over scalar, tensor, memref and vector
types. Values are used only where they dominate the use, so the IR is also
valid SSA.

Usage: gen.py [--ops N] [--seed S] [-o FILE]   (default: 200000 ops, stdout)
Every op counts (functions, terminators, nested ops); the file has N ops or
slightly more, and the exact count is reported on stderr.
"""

import argparse
import random
import sys

TYPES = [
    "i32", "i64", "index", "f32", "f16",
    "tensor<16x16xf32>", "tensor<?x64xf32>", "tensor<4x?x8xbf16>",
    "memref<8x8xf32, strided<[8, 1]>>", "memref<?xi8>",
    "vector<4xf32>", "vector<[8]xi32>",
]
# The element type of each shaped type, for dense attributes.
ELEMENTS = {"tensor<16x16xf32>": "f32", "vector<4xf32>": "f32"}
NAMES = ["add", "mul", "sub", "max", "conv", "matmul", "relu", "cast",
         "load", "store", "reduce", "transpose", "pad", "slice", "fma"]
MAPS = [
    "affine_map<(d0, d1) -> (d1, d0)>",
    "affine_map<(d0, d1)[s0] -> (d0 * 4 + d1 floordiv 2, s0 mod 8)>",
    "affine_map<(d0) -> (d0 ceildiv 3)>",
]


class Gen:
    def __init__(self, seed, out):
        self.rnd = random.Random(seed)
        self.seed = seed
        self.out = out
        self.next_value = 0
        self.next_func = 0
        self.ops = 0  # ops written so far

    def value(self):
        name = "%%%d" % self.next_value
        self.next_value += 1
        return name

    def attr(self):
        r = self.rnd.randrange(12)
        if r == 0:
            return "%d : i32" % self.rnd.randrange(-1000, 1000)
        if r == 1:
            return "%d" % self.rnd.randrange(1 << 40)
        if r == 2:
            return "%.6e : f32" % self.rnd.uniform(-10, 10)
        if r == 3:
            return '"%s_%d"' % (self.rnd.choice(NAMES), self.rnd.randrange(99))
        if r == 4:
            return "[%s]" % ", ".join(str(self.rnd.randrange(64))
                                      for _ in range(self.rnd.randrange(1, 5)))
        if r == 5:
            return "{axis = %d : i64, keep = %s}" % (
                self.rnd.randrange(4), self.rnd.choice(["true", "false"]))
        if r == 6:
            vals = ", ".join("%.1f" % self.rnd.uniform(-4, 4) for _ in range(4))
            return "dense<[%s]> : tensor<4xf32>" % vals
        if r == 7:
            return "dense<%d> : tensor<16x16xi32>" % self.rnd.randrange(8)
        if r == 8:
            return "array<i64: %s>" % ", ".join(
                str(self.rnd.randrange(-8, 8)) for _ in range(3))
        if r == 9:
            return self.rnd.choice(MAPS)
        if r == 10:
            return "@f%d" % self.rnd.randrange(max(1, self.next_func))
        return self.rnd.choice(TYPES)

    def attr_dict(self):
        n = self.rnd.choice([0, 1, 1, 2, 3])
        if n == 0:
            return ""
        keys = self.rnd.sample(["value", "kind", "axis", "map", "layout",
                                "name", "callee", "shape", "pad", "stride"], n)
        return " {%s}" % ", ".join("%s = %s" % (k, self.attr()) for k in keys)

    def pick(self, scope, ty):
        """A value of type ty visible in scope, or None."""
        vals = scope.get(ty)
        return self.rnd.choice(vals) if vals else None

    def operands(self, scope, n):
        ops, tys = [], []
        for _ in range(n):
            ty = self.rnd.choice(TYPES)
            v = self.pick(scope, ty)
            if v is None:
                continue
            ops.append(v)
            tys.append(ty)
        return ops, tys

    def emit(self, indent, text):
        self.out.write("  " * indent + text + "\n")
        self.ops += 1

    def simple_op(self, scope, indent):
        ops, tys = self.operands(scope, self.rnd.randrange(4))
        nres = self.rnd.choice([1, 1, 1, 1, 2, 0])
        rtys = [self.rnd.choice(TYPES) for _ in range(nres)]
        name = "bench.%s" % self.rnd.choice(NAMES)
        lhs = ""
        if nres == 1:
            lhs = self.value() + " = "
            scope.setdefault(rtys[0], []).append(lhs[:-3])
        elif nres > 1:
            base = self.value()
            lhs = "%s:%d = " % (base, nres)
            for i, t in enumerate(rtys):
                scope.setdefault(t, []).append("%s#%d" % (base, i))
        props = ""
        if self.rnd.randrange(8) == 0:
            props = " <{mode = %d : i32}>" % self.rnd.randrange(4)
        self.emit(indent, '%s"%s"(%s)%s%s : (%s) -> %s' % (
            lhs, name, ", ".join(ops), props, self.attr_dict(), ", ".join(tys),
            self.result_types(rtys)))

    @staticmethod
    def result_types(rtys):
        if len(rtys) == 1 and not rtys[0].startswith("("):
            return rtys[0]
        return "(%s)" % ", ".join(rtys)

    def region_op(self, scope, indent, depth, budget):
        """A structured op with one or two single-block regions."""
        kind = self.rnd.choice(["loop", "if"])
        lb = self.pick(scope, "index")
        opnds, otys = ([lb], ["index"]) if lb else ([], [])
        rty = self.rnd.choice(["f32", "tensor<16x16xf32>", "index"])
        res = self.value()
        nregions = 2 if kind == "if" else 1
        self.out.write("  " * indent + '%s = "bench.%s"(%s) ({\n' % (
            res, kind, ", ".join(opnds)))
        self.ops += 1
        for r in range(nregions):
            if r:
                self.out.write("  " * indent + "}, {\n")
            inner = {t: list(v) for t, v in scope.items()}
            if kind == "loop":
                iv = "%%iv%d" % self.next_value
                acc = "%%acc%d" % self.next_value
                self.next_value += 1
                self.out.write("  " * indent + "^bb0(%s: index, %s: %s):\n" %
                               (iv, acc, rty))
                inner.setdefault("index", []).append(iv)
                inner.setdefault(rty, []).append(acc)
            self.body(inner, indent + 1, depth + 1, budget // nregions)
            y = self.pick(inner, rty)
            if y is None:
                y = self.value()
                self.emit(indent + 1, '%s = "bench.zero"() : () -> %s' % (y, rty))
            self.emit(indent + 1, '"bench.yield"(%s) : (%s) -> ()' % (y, rty))
        self.out.write("  " * indent + "})%s : (%s) -> %s\n" % (
            self.attr_dict(), ", ".join(otys), rty))
        scope.setdefault(rty, []).append(res)

    def body(self, scope, indent, depth, budget):
        """Straight-line ops (some with regions) worth about budget ops."""
        start = self.ops
        while self.ops - start < budget:
            if depth < 3 and budget >= 12 and self.rnd.randrange(10) == 0:
                self.region_op(scope, indent, depth,
                               min(budget // 2, self.rnd.randrange(4, 24)))
            else:
                self.simple_op(scope, indent)

    def func(self, budget):
        """A CFG of a few blocks: entry -> loop header <-> body -> exit."""
        name = "f%d" % self.next_func
        self.next_func += 1
        args = [("%%arg%d" % i, t) for i, t in enumerate(
            ["tensor<16x16xf32>", "memref<8x8xf32, strided<[8, 1]>>",
             "index", "f32"])]
        self.out.write('"bench.func"() <{sym_name = "%s", function_type = '
                       '(%s) -> f32}> ({\n' % (name, ", ".join(t for _, t in args)))
        self.ops += 1
        self.out.write("^bb0(%s):\n" % ", ".join("%s: %s" % a for a in args))
        entry = {}
        for v, t in args:
            entry.setdefault(t, []).append(v)
        per_block = max(1, (budget - 5) // 4)

        self.body(entry, 1, 0, per_block)
        i0 = self.value()
        self.emit(1, '%s = "bench.const"() {value = 0 : index} : () -> index' % i0)
        self.emit(1, '"bench.br"(%s)[^bb1] : (index) -> ()' % i0)

        # ^bb1(%i): the loop header.
        iv = "%%i%d" % self.next_value
        self.next_value += 1
        self.out.write("^bb1(%s: index):\n" % iv)
        header = {t: list(v) for t, v in entry.items()}
        header.setdefault("index", []).append(iv)
        self.body(header, 1, 0, per_block)
        cond = self.value()
        self.emit(1, '%s = "bench.cmp"(%s, %%arg2) {predicate = "slt"} : '
                  "(index, index) -> i1" % (cond, iv))
        self.emit(1, '"bench.cond_br"(%s, %s)[^bb2, ^bb3] : (i1, index) -> ()'
                  % (cond, iv))

        # ^bb2(%j): the loop body, back to the header.
        j = "%%j%d" % self.next_value
        self.next_value += 1
        self.out.write("^bb2(%s: index):\n" % j)
        body = {t: list(v) for t, v in entry.items()}
        body.setdefault("index", []).append(j)
        self.body(body, 1, 0, per_block)
        nxt = self.value()
        self.emit(1, '%s = "bench.inc"(%s) : (index) -> index' % (nxt, j))
        self.emit(1, '"bench.br"(%s)[^bb1] : (index) -> ()' % nxt)

        # ^bb3: the exit.
        self.out.write("^bb3:\n")
        exit_scope = {t: list(v) for t, v in entry.items()}
        self.body(exit_scope, 1, 0, per_block)
        r = self.pick(exit_scope, "f32") or "%arg3"
        self.emit(1, '"bench.return"(%s) : (f32) -> ()' % r)
        self.out.write("}) : () -> ()\n")

    def module(self, total):
        self.out.write("// Generated by bench/parse/gen.py --ops %d --seed %d\n"
                       % (total, self.seed))
        self.out.write('"builtin.module"() ({\n')
        self.ops += 1
        while self.ops < total:
            left = total - self.ops
            # A function needs at least 11 ops (4 blocks + branches).
            if left < 24:
                while self.ops < total:
                    self.emit(0, '"bench.global"() {value = %s} : () -> ()'
                              % self.attr())
                break
            self.func(min(left, self.rnd.randrange(150, 450)))
        self.out.write("}) : () -> ()\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ops", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    g = Gen(args.seed, out)
    g.module(args.ops)
    if out is not sys.stdout:
        out.close()
    print("gen.py: wrote %d ops" % g.ops, file=sys.stderr)


if __name__ == "__main__":
    main()
