// Oracle: scalar, string, collection, symbol and opaque attributes.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// REQUIRES: mlir-opt

// Unit and booleans.
"t.unit"() {u, v = unit, t = true, f = false} : () -> ()

// Integers: default i64, explicit widths, signed/unsigned, index, extremes.
"t.ints"() {a = 0, b = -1, c = 42 : i32, d = -128 : i8, e = 255 : ui8, f = -8 : si4, g = 7 : ui3, h = 1 : i1, i = 123 : index, j = -9223372036854775808, k = 9223372036854775807 : i64, l = 18446744073709551615 : ui64, m = 0x7F : i8, n = 0xFFFF : ui16, o = -1 : i3} : () -> ()

// Wide integers whose values need more than 64 bits.
"t.wide"() {a = 170141183460469231731687303715884105727 : i128, b = -170141183460469231731687303715884105728 : i128, c = 340282366920938463463374607431768211455 : ui128, d = 18446744073709551616 : i65, e = -18446744073709551616 : i66, f = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF : ui128, g = 1 : i1024, h = 12345678901234567890123456789012345678901234567890 : i200, i = 0 : i128} : () -> ()

// Floats: default f64, each float type, exponents.
"t.floats"() {a = 1.0, b = -2.5 : f32, c = 0.1 : f32, d = 1.0e10 : f64, e = 6.5e-5 : f16, f = 3.0 : bf16, g = 1.5 : tf32, h = 2.25 : f80, i = 1.0e100 : f128, j = 0.75 : f8E5M2, k = 0.5 : f8E4M3FN, l = 1.0e-300, m = 123456789.0 : f64, n = 0.0 : f32, o = 3. : f32} : () -> ()

// Strings: escapes, non-ASCII bytes, typed strings.
"t.strings"() {a = "", b = "plain", c = "quote \" backslash \\ newline \n tab \t", d = "hex \00\01\7F\FF", e = "utf8 \C3\A9t\C3\A9", f = "typed" : i32, g = "{}[]<>()", h = "\"", i = "x" : tensor<4xi8>} : () -> ()

// Arrays and dictionaries, nested and empty, quoted keys.
"t.collections"() {a = [], b = [1, 2, 3], c = [[1 : i32], [], ["s", @sym]], d = {}, e = {x = 1, y = "s", z}, f = {"quoted key" = 1 : i8, "0digit" = unit, "with.dot" = 2}, g = [{a = [{b = {}}]}], h = [i32, f32, tensor<4xf32>, unit, true]} : () -> ()

// Attribute names needing quotes, and sorted output.
"t.names"() {"a b" = 2, "$x" = 3, zz = 4, a_b.c$d = 5, "\22q" = 6} : () -> ()

// Symbol references, flat and nested, quoted.
"t.symbols"() {a = @f, b = @m::@f, c = @a::@b::@c::@d, d = @"quoted sym", e = @"with\"quote"::@"x y", f = [@x, @y::@z], g = @_under.dot$dollar} : () -> ()

// Type attributes.
"t.types"() {a = i32, b = index, c = tensor<?xf32>, d = !t.opaque, e = (i1) -> (), f = complex<f32>} : () -> ()

// Opaque dialect attributes, with and without a type.
"t.opaque"() {a = #t.foo, b = #t.foo.bar, c = #t<"x">, d = #t<foo[1, {a = <b>}]>, e = #t.x<"in \" >">, f = #t.typed : i32, g = #t<bar> : tensor<4xf32>} : () -> ()

// Location attributes.
"t.locattr"() {a = loc(unknown), b = loc("f.nir":1:2), c = loc("name"), d = loc(fused["a", "b"])} : () -> ()
