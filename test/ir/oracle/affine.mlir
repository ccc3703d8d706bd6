// Oracle: affine maps with every operator, symbols, constants, empty and
// zero-result maps, MLIR's simplifications, and maps used as layouts.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// REQUIRES: mlir-opt

"t.basic"() {id = affine_map<(d0, d1) -> (d0, d1)>, perm = affine_map<(d0, d1, d2) -> (d2, d0, d1)>, empty = affine_map<() -> ()>, noresult = affine_map<(d0) -> ()>, const = affine_map<() -> (0)>, consts = affine_map<(d0) -> (1, -2, d0)>, sym = affine_map<()[s0] -> (s0)>, unused = affine_map<(d0, d1)[s0, s1] -> (d1)>} : () -> ()

"t.arith"() {add = affine_map<(d0, d1) -> (d0 + d1)>, sub = affine_map<(d0, d1) -> (d0 - d1)>, neg = affine_map<(d0) -> (-d0)>, mulc = affine_map<(d0) -> (d0 * 3)>, cmul = affine_map<(d0) -> (3 * d0)>, addc = affine_map<(d0) -> (d0 + 5)>, subc = affine_map<(d0) -> (d0 - 5)>, negc = affine_map<(d0) -> (-5 + d0)>, mix = affine_map<(d0, d1)[s0] -> (d0 * 2 + d1 * -3 + s0 - 7)>} : () -> ()

"t.div"() {fdiv = affine_map<(d0) -> (d0 floordiv 4)>, cdiv = affine_map<(d0) -> (d0 ceildiv 4)>, mod = affine_map<(d0) -> (d0 mod 8)>, nested = affine_map<(d0, d1) -> ((d0 + d1) floordiv 2, (d0 * 4) mod 3, (d0 floordiv 2) ceildiv 3)>, symdiv = affine_map<(d0)[s0] -> (d0 floordiv s0, d0 mod s0, d0 ceildiv s0)>, symmul = affine_map<(d0)[s0, s1] -> (d0 * s0, s0 * s1, (d0 + 1) * s1)>, negdiv = affine_map<(d0) -> (-(d0 floordiv 2), -(d0 mod 3))>} : () -> ()

"t.simplify"() {fold = affine_map<(d0) -> (d0 + 2 + 3)>, mulfold = affine_map<(d0) -> (d0 * 2 * 3)>, zero = affine_map<(d0) -> (d0 * 0)>, one = affine_map<(d0) -> (d0 * 1)>, modone = affine_map<(d0) -> (d0 mod 1)>, divone = affine_map<(d0) -> (d0 floordiv 1)>, cfold = affine_map<() -> (7 floordiv 2, 7 ceildiv 2, -7 floordiv 2, -7 mod 3, 2 * 3 + 1)>, dd = affine_map<(d0) -> (d0 + d0)>, cancel = affine_map<(d0) -> (d0 - d0)>, reorder = affine_map<(d0, d1) -> (5 + d1 + d0)>, paren = affine_map<(d0, d1, d2) -> (d0 - (d1 + d2))>, big = affine_map<(d0) -> (d0 + 9223372036854775807)>} : () -> ()

"t.many"() {m = affine_map<(d0, d1, d2, d3, d4, d5)[s0, s1, s2] -> (d0 + d1 + d2 + d3 + d4 + d5, s0 + s1 + s2, d5 floordiv s2, (d0 + s0) mod 16)>, arr = [affine_map<(d0) -> (d0)>, affine_map<(d0)[s0] -> (d0 + s0)>]} : () -> ()

// Maps as memref layouts, and strided layouts.
"t.layouts"() : () -> (memref<8x8xf32, affine_map<(d0, d1) -> (d0 floordiv 2, d1 mod 4, d0 * 8 + d1)>>, memref<4xf32, affine_map<(d0)[s0] -> (d0 + s0)>>, memref<4x?xf32, strided<[?, 2], offset: 16>>, memref<2x3x4xf32, strided<[12, 4, 1], offset: ?>>)
