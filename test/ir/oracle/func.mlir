// Oracle: builtin.module and func ops in their custom forms (module names
// and attributes, func.func with argument/result attributes, visibility,
// declarations, func.call and func.return) next to unregistered ops.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect %s > %t.1
// RUN: null-opt --allow-unregistered-dialect %t.1 > %t.2
// RUN: diff %t.1 %t.2
// The custom form printed by null-opt must also read back in mlir-opt
// as the same custom form.
// RUN: %mlir-opt --allow-unregistered-dialect %s > %t.custom.ref
// RUN: %mlir-opt --allow-unregistered-dialect %t.1 > %t.custom.null
// RUN: diff %t.custom.ref %t.custom.null
// With locations: the parser's implicit op and block argument locations.
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo > %t.dbg.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s > %t.dbg.ref
// RUN: diff %t.dbg.ref %t.dbg.null
// REQUIRES: mlir-opt

module @top attributes {t.version = "1.0", t.flag} {
  func.func private @decl(i32, f32) -> i64
  func.func nested @nested_decl(tensor<?xf32>) -> (tensor<?xf32>, i1)
  func.func public @empty() {
    return
  }
  func.func @identity(%arg0: tensor<4xf32>) -> tensor<4xf32> {
    return %arg0 : tensor<4xf32>
  }
  func.func @attrs(%x: i32 {t.arg = 1 : i32}, %y: f32, %z: i1 {t.a, t.b = "s"}) -> (i32 {t.res}, f32) attributes {t.fn = [1, 2]} {
    func.return %x, %y : i32, f32
  }
  func.func @calls(%a: i32, %b: f32) -> i64 {
    %0 = func.call @decl(%a, %b) : (i32, f32) -> i64
    %1 = call @decl(%a, %b) : (i32, f32) -> i64
    func.call @empty() : () -> ()
    %2 = "t.add"(%0, %1) : (i64, i64) -> i64
    return %2 : i64
  }
  func.func @cfg(%c: i1, %v: i32) -> i32 {
    "t.cond_br"(%c, %v)[^bb1, ^bb2] : (i1, i32) -> ()
  ^bb1:
    %w = "t.neg"(%v) : (i32) -> i32
    "t.br"(%w)[^bb2] : (i32) -> ()
  ^bb2:
    %r = "t.phi"() : () -> i32
    return %r : i32
  }
  func.func @multi() -> (i32, i32) {
    %p:2 = "t.pair"() : () -> (i32, i32)
    return %p#1, %p#0 : i32, i32
  }
  func.func @"quoted name"() attributes {t.x} {
    return
  }
  module @nested {
    func.func @inner() {
      return
    }
  }
  "t.symbol_user"() {callee = @nested::@inner, f = @decl} : () -> ()
}
