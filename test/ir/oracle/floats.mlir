// Oracle: float attribute values that need long decimal or hex forms:
// -0.0, infinities and NaNs (with payloads) as hex bit patterns, subnormals,
// extremes and values that do not round trip through 6 digits, in every
// float type we support.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// REQUIRES: mlir-opt

"t.f64"() {zero = 0.0, negzero = -0.0, one = 1.0, third = 0.33333333333333331, pi = 3.1415926535897931, big = 1.7976931348623157e308, tiny = 2.2250738585072014e-308, denorm = 4.9406564584124654e-324, inf = 0x7FF0000000000000 : f64, ninf = 0xFFF0000000000000 : f64, nan = 0x7FF8000000000000 : f64, nanpayload = 0x7FF0000000000001 : f64, negnan = 0xFFF8000000000000 : f64, long = 123456789.0, e20 = 1.0e20, hexone = 0x3FF0000000000000 : f64} : () -> ()

"t.f32"() {zero = 0.0 : f32, negzero = -0.0 : f32, third = 0.333333343 : f32, max = 3.40282347e38 : f32, min = 1.17549435e-38 : f32, denorm = 1.40129846e-45 : f32, inf = 0x7F800000 : f32, ninf = 0xFF800000 : f32, nan = 0x7FC00000 : f32, snan = 0x7F800001 : f32, negnan = 0xFFC00000 : f32, long = 16777217.0 : f32, pointone = 0.1 : f32, rounded = 1.00000012 : f32} : () -> ()

"t.f16"() {zero = 0.0 : f16, negzero = -0.0 : f16, max = 65504.0 : f16, min = 6.103515625e-05 : f16, denorm = 5.9604644775390625e-08 : f16, inf = 0x7C00 : f16, ninf = 0xFC00 : f16, nan = 0x7E00 : f16, nanpayload = 0x7C01 : f16, third = 0.333251953 : f16, tenth = 0.0999755859 : f16, onep = 1.0009765625 : f16, hexv = 0x3C01 : f16} : () -> ()

"t.bf16"() {zero = 0.0 : bf16, negzero = -0.0 : bf16, max = 3.38953139e38 : bf16, min = 1.17549435e-38 : bf16, denorm = 9.18354962e-41 : bf16, inf = 0x7F80 : bf16, ninf = 0xFF80 : bf16, nan = 0x7FC0 : bf16, third = 0.333984375 : bf16, onep = 1.0078125 : bf16, hexv = 0x3F81 : bf16, big = 1.0e30 : bf16} : () -> ()

"t.tf32"() {one = 1.0 : tf32, negzero = -0.0 : tf32, third = 0.333333 : tf32, inf = 0x3FC00 : tf32, nan = 0x3FE00 : tf32, max = 0x3FBFF : tf32} : () -> ()

"t.f80"() {one = 1.0 : f80, negzero = -0.0 : f80, third = 0.333333333333333333342 : f80, inf = 0x7FFF8000000000000000 : f80, nan = 0x7FFFC000000000000000 : f80} : () -> ()

"t.f128"() {one = 1.0 : f128, negzero = -0.0 : f128, third = 0.333333333333333333333333333333333317 : f128, inf = 0x7FFF0000000000000000000000000000 : f128, nan = 0x7FFF8000000000000000000000000000 : f128} : () -> ()

"t.f8"() {a = 1.0 : f8E5M2, b = -0.0 : f8E5M2, c = 57344.0 : f8E5M2, d = 0x7C : f8E5M2, e = 0x7E : f8E5M2, f = 1.0 : f8E4M3FN, g = 448.0 : f8E4M3FN, h = 0x7F : f8E4M3FN, i = -0.0 : f8E4M3FN, j = 0.001953125 : f8E4M3FN} : () -> ()

"t.inarray"() {a = [1.5 : f16, -0.0 : bf16, 0x7FC00000 : f32], b = {x = 0xFFF0000000000000 : f64}} : () -> ()
