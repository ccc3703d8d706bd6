// Oracle: locations of every kind, printed with --mlir-print-debuginfo on
// both sides, including the implicit file:line:col locations of ops and
// block arguments that carry no loc(...).
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo --mlir-print-op-generic %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo > %t.gen
// RUN: diff %t.ref %t.gen
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo %s > %t.1
// RUN: null-opt --allow-unregistered-dialect --mlir-print-debuginfo %t.1 > %t.2
// RUN: diff %t.1 %t.2
// Without debuginfo, explicit locations are dropped from the output.
// RUN: null-opt --allow-unregistered-dialect %s | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic > %t.nodbg.null
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic %s > %t.nodbg.ref
// RUN: diff %t.nodbg.ref %t.nodbg.null
// REQUIRES: mlir-opt

#fused_loc = loc(fused["alias-a", "alias-b"])

module {
  // Implicit locations: the op's own position.
  "t.implicit"() : () -> ()
  %0 = "t.result"() : () -> i32
  %1:2 = "t.results"() : () -> (i32, f32)

  // Explicit locations of every kind.
  "t.unknown"() : () -> () loc(unknown)
  "t.file"() : () -> () loc("model.onnx":12:3)
  "t.file0"() : () -> () loc("dir/with space/f.nir":0:0)
  "t.escaped"() : () -> () loc("we\"ird\\name\n":1:1)
  "t.name"() : () -> () loc("Conv_12")
  "t.namechild"() : () -> () loc("Conv_12"("model.onnx":3:4))
  "t.namenested"() : () -> () loc("outer"("inner"(unknown)))
  "t.callsite"() : () -> () loc(callsite("callee.nir":1:2 at "caller.nir":3:4))
  "t.callsite2"() : () -> () loc(callsite("f"("a.nir":1:1) at callsite("g" at "main.nir":9:9)))
  "t.fused"() : () -> () loc(fused["a.nir":1:1, "b.nir":2:2])
  "t.fusedmeta"() : () -> () loc(fused<"meta">["a.nir":1:1, "n"])
  "t.fuseddict"() : () -> () loc(fused<{k = 1 : i32}>["x", unknown, callsite("c" at "d")])
  "t.fusedone"() : () -> () loc(fused["only.nir":5:6])
  "t.fusedempty"() : () -> () loc(fused[])
  "t.alias"() : () -> () loc(#fused_loc)
  "t.shared1"() : () -> () loc("shared.nir":7:7)
  "t.shared2"() : () -> () loc("shared.nir":7:7)

  // Locations of results, block arguments and nested ops.
  %2 = "t.withloc"(%0) : (i32) -> i32 loc("r.nir":1:1)
  "t.region"() ({
  ^bb0(%a: i32 loc("arg.nir":1:2), %b: f32, %c: i1 loc(unknown)):
    "t.inner"(%a, %b) : (i32, f32) -> () loc("inner.nir":4:4)
    "t.innerimplicit"(%c) : (i1) -> ()
  ^bb1(%d: index loc(fused["x.nir":1:1, "y"])):
    "t.term"(%d) : (index) -> ()
  }) : () -> () loc("region.nir":10:1)

  // Locations as attribute values.
  "t.locattrs"() {l = loc("attr.nir":3:3), m = [loc(unknown), loc("n")]} : () -> ()
} loc("module.nir":1:1)
