// Oracle: generic ops with operands, multiple results (%x:2, %x#1),
// properties, regions with several blocks, block arguments, successors
// with operands, nested regions, and forward references where MLIR allows
// them (graph regions of the module and of unregistered ops).
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

// Results and operands: single, multiple, named groups, `#` indexing.
%a = "t.def"() : () -> i32
%b:3 = "t.multi"() : () -> (i32, f32, index)
%c, %d:2 = "t.pair"() : () -> (i1, i8, i16)
"t.use"(%a, %b#0, %b#1, %b#2, %c, %d#0, %d#1) : (i32, i32, f32, index, i1, i8, i16) -> ()
%e = "t.same"(%a, %a, %b#2) : (i32, i32, index) -> i64
%named_value.1 = "t.named"() : () -> tensor<4xf32>
%42 = "t.numbered"(%named_value.1) : (tensor<4xf32>) -> tensor<4xf32>
%_x$y-z = "t.punct"() : () -> i8

// Properties, alone and with attributes.
"t.props"() <{p = 1 : i32}> : () -> ()
"t.props2"(%a) <{list = [1, 2], name = "n", flag}> {attr = 2 : i64} : (i32) -> ()
%f = "t.props3"() <{}> : () -> i1

// A region with several blocks, block arguments and successors with
// operands, the CFG shape of an unstructured loop.
"t.cfg"() ({
^entry(%arg: i32, %n: index):
  %zero = "t.const"() {value = 0 : index} : () -> index
  "t.br"(%zero)[^loop] : (index) -> ()
^loop(%i: index):
  %cond = "t.cmp"(%i, %n) : (index, index) -> i1
  "t.cond_br"(%cond, %i, %arg)[^body, ^exit] {operandSegmentSizes = array<i32: 1, 1, 1>} : (i1, index, i32) -> ()
^body(%j: index):
  %next = "t.inc"(%j) : (index) -> index
  "t.br"(%next)[^loop] : (index) -> ()
^exit(%r: i32):
  "t.return"(%r) : (i32) -> ()
}) : () -> ()

// Successors without operands, several to the same block, a self loop.
"t.jumps"() ({
  "t.switch"()[^a, ^b, ^a] : () -> ()
^a:
  "t.br"()[^a] : () -> ()
^b:
  "t.br"()[^c] : () -> ()
^c:
  "t.end"() : () -> ()
}) : () -> ()

// Several regions, empty regions, an empty block, nested regions using
// values from enclosing regions.
%g = "t.multiregion"(%a) ({
  "t.yield"(%a) : (i32) -> ()
}, {
}, {
^bb0:
}, {
^bb0(%x: f32):
  %inner = "t.nested"() ({
    %deep = "t.deep"(%x, %a) : (f32, i32) -> f32
    "t.yield"(%deep) : (f32) -> ()
  }) : () -> f32
  "t.yield"(%inner) : (f32) -> ()
}) : (i32) -> i32

// A region whose entry block has no label but later blocks do.
"t.unlabelled"() ({
  %v = "t.v"() : () -> i32
  "t.br"(%v)[^next] : (i32) -> ()
^next(%w: i32):
  "t.end"(%w) : (i32) -> ()
}) : () -> ()

// Forward references: the module body and unregistered ops' regions are
// graph regions in MLIR, so values may be used before their definition.
"t.fwduse"(%later) : (i64) -> ()
%later = "t.fwddef"() : () -> i64
"t.graph"() ({
  %p = "t.add"(%q, %q) : (i32, i32) -> i32
  %q = "t.add"(%p, %p) : (i32, i32) -> i32
  %s:2 = "t.two"(%s#1) : (i8) -> (i8, i8)
}) : () -> ()

// Block arguments shadowing nothing, unused arguments, many arguments.
"t.args"() ({
^bb0(%a0: i1, %a1: i2, %a2: i3, %a3: i4, %a4: i5, %a5: i6, %a6: i7, %a7: i8, %a8: i9, %a9: i10, %a10: i11):
  "t.use"(%a10, %a0) : (i11, i1) -> ()
}) : () -> ()

// Ops with no results and no operands inside a nested module.
module @inner attributes {t.attr = 1 : i32} {
  "t.nop"() : () -> ()
  module {
    "t.nop"() : () -> ()
  }
}
