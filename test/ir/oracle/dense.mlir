// Oracle: dense elements (splat, nested, hex, bool, complex, empty, every
// element type), dense arrays and dense_resource with a blob section.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// With locations: the parser's implicit op and block argument locations.
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo > %t.dbg.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s > %t.dbg.ref
// RUN: diff %t.dbg.ref %t.dbg.null
// REQUIRES: mlir-opt

// Splats, including a 0-d tensor and a splat written as a full list.
"t.splat"() {a = dense<1.0> : tensor<4xf32>, b = dense<0> : tensor<2x3xi32>, c = dense<true> : tensor<8xi1>, d = dense<-1> : vector<4xi8>, e = dense<7> : tensor<i64>, f = dense<[2, 2, 2]> : tensor<3xi16>, g = dense<5> : tensor<1xindex>, h = dense<0.5> : tensor<2x2xbf16>} : () -> ()

// Nested lists of every rank, integer and float element types.
"t.nested"() {a = dense<[1, 2, 3, 4]> : tensor<4xi32>, b = dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>, c = dense<[[[1.5], [2.5]], [[-3.5], [4.0]]]> : tensor<2x2x1xf32>, d = dense<[0.1, 0.2]> : tensor<2xf64>, e = dense<[1, -1, 127, -128]> : tensor<4xi8>, f = dense<[255, 0]> : tensor<2xui8>, g = dense<[-2, 1]> : tensor<2xsi2>, h = dense<[1, 2]> : tensor<2xindex>, i = dense<[1.0, 2.0, 3.0]> : vector<3xf16>, j = dense<[[1, 2, 3]]> : vector<1x3xi32>, l = dense<[65535, 1]> : tensor<2xi16>, m = dense<[1, 0]> : tensor<2xi5>} : () -> ()

// Booleans, complex values, special floats inside dense.
"t.bools"() {a = dense<[true, false, true]> : tensor<3xi1>, b = dense<[[true], [false]]> : tensor<2x1xi1>, c = dense<false> : vector<2xi1>} : () -> ()
"t.complex"() {a = dense<(1.0, 2.0)> : tensor<2xcomplex<f32>>, b = dense<[(1.0, -1.0), (0.0, 0.5)]> : tensor<2xcomplex<f64>>, c = dense<[(1, 2), (3, 4)]> : tensor<2xcomplex<i32>>, d = dense<(0.5, 0.25)> : tensor<complex<f16>>} : () -> ()
"t.specials"() {a = dense<[0x7F800000, 0xFF800000, 0x7FC00000, -0.0]> : tensor<4xf32>, b = dense<0x7E00> : tensor<2xf16>, c = dense<[1.0e-40, 3.4e38]> : tensor<2xf32>} : () -> ()

// Raw hex data: little-endian element bytes (a splat when one element).
"t.hex"() {a = dense<"0x0000803F00000040"> : tensor<2xf32>, b = dense<"0x01020304"> : tensor<4xi8>, c = dense<"0x0000803F"> : tensor<4xf32>, d = dense<"0xFFFF"> : tensor<2x1xi8>, e = dense<"0x0100000000000000"> : tensor<1xi64>, f = dense<"0x0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"> : tensor<20xf32>} : () -> ()

// Empty elements.
"t.empty"() {a = dense<> : tensor<0xf32>, b = dense<> : tensor<2x0xi32>, c = dense<[]> : tensor<0xi8>, d = dense<> : tensor<0x4xi1>} : () -> ()

// Large enough that MLIR prints hex without elision.
"t.large"() {a = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]> : tensor<32xi32>, b = dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0], [17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0]]> : tensor<3x8xf32>} : () -> ()

// Dense arrays of every element type, empty ones.
"t.arrays"() {a = array<i1: true, false>, b = array<i8: -1, 2>, c = array<i16: 300, -300>, d = array<i32: 1, 2, 3>, e = array<i64: -9223372036854775808, 9223372036854775807>, f = array<f32: 1.5, -0.0>, g = array<f64: 1.0e100, 0.1>, h = array<i32>, i = array<f32>, j = array<i64: 0>, k = array<i1>} : () -> ()

// dense_resource handles, resolved by the blob section below; one blob is
// shared by two attributes.
"t.resources"() {a = dense_resource<blob1> : tensor<3xf32>, b = dense_resource<blob2> : tensor<2x2xi16>, c = dense_resource<blob1> : tensor<3xf32>, d = dense_resource<key.with.dots_1> : tensor<1xi8>} : () -> ()

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F0000004000004040",
      blob2: "0x020000000100020003000400",
      key.with.dots_1: "0x0100000007"
    }
  }
#-}
