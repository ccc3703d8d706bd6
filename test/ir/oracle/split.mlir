// Oracle: --split-input-file on both sides; each chunk is its own module,
// with its own aliases and resources.
// RUN: null-opt --allow-unregistered-dialect --split-input-file %s | %mlir-opt --allow-unregistered-dialect --split-input-file --mlir-print-op-generic > %t.null
// RUN: %mlir-opt --allow-unregistered-dialect --split-input-file --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.null
// RUN: null-opt --allow-unregistered-dialect --split-input-file %s > %t.1
// RUN: null-opt --allow-unregistered-dialect --split-input-file %t.1 > %t.2
// RUN: diff %t.1 %t.2
// No debuginfo variant on purpose: null keeps the file's name and line
// numbers in the locations of a chunk, where mlir-opt-19 names each chunk
// "within split at FILE:LINE offset " and numbers its lines from 1.
// REQUIRES: mlir-opt

#map = affine_map<(d0) -> (d0 + 1)>
"t.first"() {m = #map} : () -> ()

// -----

// The same alias name with another meaning: chunks do not share aliases.
#map = affine_map<(d0, d1) -> (d1)>
"t.second"() {m = #map, r = dense_resource<blob> : tensor<2xi8>} : () -> ()
{-#
  dialect_resources: {
    builtin: {
      blob: "0x010000000102"
    }
  }
#-}

// -----

module @named {
  func.func @f(%a: i32) -> i32 {
    return %a : i32
  }
}

// -----

%x = "t.def"() : () -> i32
"t.use"(%x) : (i32) -> ()
