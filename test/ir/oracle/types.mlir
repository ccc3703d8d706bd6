// Oracle: every builtin type form, compared with mlir-opt-19.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// REQUIRES: mlir-opt

// Integers: signless, signed, unsigned, odd and very wide widths.
"t.int"() : () -> (i1, i2, i3, i7, i8, i16, i17, i32, i33, i64, i65, i128, i1024, i16777215)
"t.sint"() : () -> (si1, si8, si13, si64, si128, ui1, ui8, ui31, ui64, ui256)
"t.index"() : () -> index

// Floats of every kind we support, none.
"t.float"() : () -> (f16, bf16, f32, f64, tf32, f80, f128, f8E5M2, f8E4M3FN)
"t.none"() : () -> none

// Complex and tuples, nested.
"t.complex"() : () -> (complex<f32>, complex<f64>, complex<i32>, complex<bf16>, complex<si8>)
"t.tuple"() : () -> (tuple<>, tuple<i32>, tuple<i32, f32>, tuple<tuple<>, tuple<i1, tuple<index>>>, tuple<tensor<4xf32>, memref<2xi8>>)

// Function types as values and attributes.
"t.fn"() : () -> (() -> (), (i32) -> i32, (i32, f32) -> (i1, index), () -> (() -> i32), ((i8) -> i8) -> ())
"t.fnattr"() {a = () -> (), b = (i32, f32) -> (i1, i1), c = (tensor<?xf32>) -> memref<4xf32>} : () -> ()

// Ranked, 0-d, dynamic, zero-sized and unranked tensors; encodings.
"t.tensor"() : () -> (tensor<f32>, tensor<4xf32>, tensor<4x8xf32>, tensor<?xi8>, tensor<?x?x3xf16>, tensor<0xi32>, tensor<2x0x?xbf16>, tensor<1x2x3x4x5x6x7xi1>)
"t.tensor_elem"() : () -> (tensor<4xcomplex<f32>>, tensor<4xindex>, tensor<4x!t.opaque>, tensor<2xvector<4xf32>>, tensor<4xsi8>, tensor<4xui16>)
"t.unranked"() : () -> (tensor<*xf32>, tensor<*xi1>, tensor<*xcomplex<f64>>, tensor<*x!t.elem>)
"t.encoding"() : () -> (tensor<4xf32, "sparse">, tensor<?x4xf32, #t.enc>, tensor<4xf32, {a = 1 : i64}>, tensor<8xi8, #t<enc[1, 2]>>, tensor<2x2xf32, [1, 2]>, tensor<4xf32, 7 : i32>)

// Memrefs: identity, strided, affine layouts, memory spaces, unranked.
"t.memref"() : () -> (memref<f32>, memref<4xf32>, memref<4x?xf32>, memref<?x?x?xi8>, memref<0xf32>, memref<4xvector<8xf32>>, memref<4xcomplex<f32>>, memref<2xmemref<4xf32>>, memref<4xindex>)
"t.strided"() : () -> (memref<4x4xf32, strided<[4, 1]>>, memref<4x4xf32, strided<[8, 1], offset: 2>>, memref<?x?xf32, strided<[?, 1], offset: ?>>, memref<4xf32, strided<[?]>>, memref<f32, strided<[], offset: 5>>, memref<4x4xf32, strided<[1, 4], offset: 0>>)
"t.affine_layout"() : () -> (memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>, memref<16xf32, affine_map<(d0) -> (d0 floordiv 4, d0 mod 4)>>, memref<4x4xf32, affine_map<(d0, d1)[s0] -> (d0 * 4 + d1 + s0)>>, memref<4xf32, affine_map<(d0) -> (d0)>>)
"t.space"() : () -> (memref<4xf32, 1>, memref<4xf32, 3 : i32>, memref<4x4xf32, strided<[4, 1]>, 2>, memref<4xf32, affine_map<(d0) -> (d0 + 1)>, 5 : i64>, memref<4xf32, {x = 1}>)
"t.unranked_memref"() : () -> (memref<*xf32>, memref<*xi8, 1>)

// Vectors: fixed, multi-dim, scalable dims.
"t.vector"() : () -> (vector<4xf32>, vector<1xi1>, vector<2x3x4xi8>, vector<4xindex>, vector<8xbf16>, vector<[4]xf32>, vector<2x[4]xf32>, vector<[2]x[8]xi8>, vector<4x[1]x2xf16>)

// Opaque dialect types: pretty and angle forms with nested punctuation.
"t.opaque"() : () -> (!t.foo, !t.foo.bar, !t<"x">, !t<foo<bar, [1, 2]>, {a = (b)}>, !t.foo<"with \"quotes\" and > in it">, !t.x<i32>)

// Types used as operands and block arguments, and as type attributes.
"t.typeattrs"() {i = i32, t = tensor<?x4xf32>, m = memref<4xf32, 1>, v = vector<[4]xf32>, f = (i32) -> i1, o = !t.foo, tu = tuple<>, n = none} : () -> ()
"t.region"() ({
^bb0(%a: tensor<*xf32>, %b: memref<?xf32, strided<[?], offset: ?>>, %c: vector<[4]xi1>, %d: complex<f64>, %e: tuple<i32, f32>, %f: (i32) -> i32, %g: !t.opaque<1>):
  "t.use"(%a, %b, %c, %d, %e, %f, %g) : (tensor<*xf32>, memref<?xf32, strided<[?], offset: ?>>, vector<[4]xi1>, complex<f64>, tuple<i32, f32>, (i32) -> i32, !t.opaque<1>) -> ()
}) : () -> ()
