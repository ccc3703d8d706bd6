// Oracle: attribute and type aliases, used in types, attributes, other
// aliases and block arguments, and their re-creation by the printer.
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

#map = affine_map<(d0, d1) -> (d1, d0)>
#map_sym = affine_map<(d0)[s0] -> (d0 * s0)>
#int = 42 : i32
#str = "a string"
#arr = [#int, #str, 1.5 : f16]
#dict = {key = #arr, other = #map}
#enc = #t.encoding<"csr">
#strided = strided<[?, 1], offset: ?>
#dense = dense<[1, 2, 3]> : tensor<3xi32>
#loc_alias = loc("aliased.nir":4:2)

!f32t = tensor<4xf32>
!tt = tuple<!f32t, i32>
!m = memref<4x4xf32, #map>
!ms = memref<?x?xf32, #strided, 1>
!enc_t = tensor<8xf32, #enc>
!opaque = !t.thing<"x">
!vec = vector<[4]xf32>
!fn = (!f32t) -> !tt

"t.use_types"() : () -> (!f32t, !tt, !m, !ms, !enc_t, !opaque, !vec, !fn)
"t.use_attrs"() {m = #map, s = #map_sym, i = #int, a = #arr, d = #dict, e = #dense, t = !tt, l = #loc_alias} : () -> ()
"t.region"() ({
^bb0(%x: !f32t, %y: !m):
  %z = "t.op"(%x, %y) {attr = #dict} : (!f32t, !m) -> !tt
  "t.end"(%z) : (!tt) -> ()
}) : () -> ()
"t.many_uses"() {a = affine_map<(d0, d1) -> (d1, d0)>, b = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d1, d0)>]} : () -> (memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>)
"t.aliasloc"() : () -> () loc(#loc_alias)
