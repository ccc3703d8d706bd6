"""Writes deeply nested IR for test/ir/nesting.nir: nest.py KIND DEPTH."""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
if kind == "types":
    print('"t.use"() {a = ' + "tuple<" * n + "i1" + ">" * n + "} : () -> ()")
elif kind == "attrs":
    print('"t.use"() {a = ' + "[" * n + "1" + "]" * n + "} : () -> ()")
elif kind == "regions":
    print('"t.op"() ({\n' * n + "}) : () -> ()\n" * n)
elif kind == "affine":
    print('"t.use"() {a = affine_map<(d0) -> (' + "(" * n + "d0" + ")" * n
          + ")>} : () -> ()")
elif kind == "dense":
    print('"t.use"() {a = dense<' + "[" * n + "1" + "]" * n
          + "> : tensor<1xi32>} : () -> ()")
elif kind == "locs":
    print('"t.use"() : () -> () loc(' + "fused[" * n + '"a"' + "]" * n + ")")
else:
    sys.exit("unknown kind " + kind)
