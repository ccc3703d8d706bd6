#loc5 = loc("arg":1:1)
#loc9 = loc("attr")
module {
  "t.a"() : () -> () loc(#loc1)
  "t.b"() : () -> () loc(#loc12)
  "t.c"() ({
  ^bb0(%arg0: i32 loc("arg":1:1)):
    "t.d"(%arg0) : (i32) -> () loc(#loc11)
  }) : () -> () loc(#loc4)
  "t.e"() {l = #loc9} : () -> () loc(#loc8)
} loc(#loc)
#loc = loc("mlir-src.mlir":0:0)
#loc1 = loc("mlir-src.mlir":1:1)
#loc2 = loc("a.py":1:2)
#loc3 = loc("c":3:4)
#loc4 = loc("mlir-src.mlir":3:1)
#loc6 = loc("f")
#loc7 = loc("g":5:6)
#loc8 = loc("mlir-src.mlir":7:1)
#loc10 = loc("b"(#loc3))
#loc11 = loc(callsite(#loc6 at #loc7))
#loc12 = loc(fused[#loc2, #loc10])

