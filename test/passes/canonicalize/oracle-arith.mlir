// Oracle: on arith/func IR, `null-opt --canonicalize --cse` leaves the same
// ops, in the same order, as `mlir-opt-19 --canonicalize --cse`, and its
// output (custom and generic forms) parses in mlir-opt. Both results are
// normalized by printing them through mlir-opt in the generic form. The
// input avoids the few places where null deliberately differs from MLIR 19
// (maxnumf/minnumf on NaN and infinities, narrowing index_cast round trips,
// folding integers wider than 64 bits).
// REQUIRES: mlir-opt
// RUN: null-opt --canonicalize --cse %s > %t.null
// RUN: %mlir-opt --mlir-print-op-generic %t.null > %t.got
// RUN: %mlir-opt --canonicalize --cse --mlir-print-op-generic %s > %t.ref
// RUN: diff %t.ref %t.got
// RUN: null-opt --canonicalize --cse --mlir-print-op-generic %s | %mlir-opt --mlir-print-op-generic > %t.generic
// RUN: diff %t.ref %t.generic

func.func @addi_add_cst(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %0 = arith.addi %x, %c1 overflow<nsw> : i32
  %1 = arith.addi %0, %c2 overflow<nsw, nuw> : i32
  return %1 : i32
}
func.func @addi_sub_cst_rhs(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c5 = arith.constant 5 : i32
  %0 = arith.subi %x, %c1 : i32
  %1 = arith.addi %0, %c5 : i32
  return %1 : i32
}
func.func @addi_sub_cst_lhs(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c5 = arith.constant 5 : i32
  %0 = arith.subi %c1, %x : i32
  %1 = arith.addi %0, %c5 : i32
  return %1 : i32
}
func.func @addi_mul_neg1(%x: i32, %y: i32) -> (i32, i32) {
  %m = arith.constant -1 : i32
  %0 = arith.muli %y, %m : i32
  %1 = arith.addi %x, %0 : i32
  %2 = arith.muli %x, %m : i32
  %3 = arith.addi %2, %y : i32
  return %1, %3 : i32, i32
}
func.func @muli_muli_cst(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %c5 = arith.constant 5 : i32
  %0 = arith.muli %x, %c3 : i32
  %1 = arith.muli %0, %c5 : i32
  return %1 : i32
}
func.func @addi_subi_fold(%a: i32, %b: i32) -> (i32, i32) {
  %0 = arith.subi %a, %b : i32
  %1 = arith.addi %0, %b : i32
  %2 = arith.addi %b, %0 : i32
  return %1, %2 : i32, i32
}
func.func @subi_addi_fold(%a: i32, %b: i32) -> (i32, i32) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.subi %0, %b : i32
  %2 = arith.subi %0, %a : i32
  return %1, %2 : i32, i32
}
func.func @subi_patterns(%x: i32) -> (i32, i32, i32, i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c7 = arith.constant 7 : i32
  %a = arith.addi %x, %c1 : i32
  %0 = arith.subi %a, %c7 : i32
  %1 = arith.subi %c7, %a : i32
  %s = arith.subi %x, %c1 : i32
  %2 = arith.subi %s, %c7 : i32
  %t = arith.subi %c1, %x : i32
  %3 = arith.subi %t, %c7 : i32
  %4 = arith.subi %c7, %s : i32
  %5 = arith.subi %c7, %t : i32
  return %0, %1, %2, %3, %4, %5 : i32, i32, i32, i32, i32, i32
}
func.func @subi_subi_lhs(%a: i32, %b: i32) -> i32 {
  %0 = arith.subi %a, %b : i32
  %1 = arith.subi %0, %a : i32
  return %1 : i32
}
func.func @divui_mul(%a: i32, %b: i32) -> (i32, i32) {
  %0 = arith.muli %a, %b overflow<nuw> : i32
  %1 = arith.divui %0, %b : i32
  %2 = arith.muli %a, %b overflow<nsw> : i32
  %3 = arith.divsi %2, %b : i32
  return %1, %3 : i32, i32
}
func.func @andi_folds(%a: i32, %b: i32) -> (i32, i32, i32) {
  %m = arith.constant -1 : i32
  %n = arith.xori %a, %m : i32
  %0 = arith.andi %a, %n : i32
  %1 = arith.andi %a, %b : i32
  %2 = arith.andi %a, %1 : i32
  return %0, %2, %2 : i32, i32, i32
}
func.func @ori_folds(%a: i32) -> (i32, i32, i32) {
  %m = arith.constant -1 : i32
  %n = arith.xori %a, %m : i32
  %0 = arith.ori %a, %n : i32
  %1 = arith.ori %a, %a : i32
  %2 = arith.andi %a, %a : i32
  return %0, %1, %2 : i32, i32, i32
}
func.func @xori_folds(%a: i32, %b: i32) -> (i32, i32) {
  %0 = arith.xori %a, %b : i32
  %1 = arith.xori %0, %b : i32
  %2 = arith.xori %b, %0 : i32
  return %1, %2 : i32, i32
}
func.func @mulf_zero(%a: f32) -> (f32, f32) {
  %z = arith.constant 0.0 : f32
  %0 = arith.mulf %a, %z fastmath<nnan,nsz> : f32
  %1 = arith.mulf %a, %z : f32
  return %0, %1 : f32, f32
}
func.func @extf_truncf(%a: f32, %h: f16) -> (f32, f32, f16) {
  %0 = arith.truncf %a fastmath<contract> : f32 to f16
  %1 = arith.extf %0 fastmath<contract> : f16 to f32
  %2 = arith.truncf %a : f32 to f16
  %3 = arith.extf %2 : f16 to f32
  %4 = arith.extf %h : f16 to f32
  %5 = arith.truncf %4 : f32 to f16
  return %1, %3, %5 : f32, f32, f16
}
func.func @truncf_cst() -> (f32, f32, f16) {
  %c = arith.constant 0.1 : f64
  %0 = arith.truncf %c : f64 to f32
  %d = arith.constant 0.5 : f64
  %1 = arith.truncf %d : f64 to f32
  %e = arith.constant 65536.0 : f32
  %2 = arith.truncf %e : f32 to f16
  return %0, %1, %2 : f32, f32, f16
}
func.func @index_cast_chain(%a: i32, %b: i8) -> (i32, index, i32, index) {
  %0 = arith.index_cast %a : i32 to index
  %1 = arith.index_cast %0 : index to i32
  %e = arith.extsi %b : i8 to i32
  %2 = arith.index_cast %e : i32 to index
  %3 = arith.index_castui %a : i32 to index
  %4 = arith.index_castui %3 : index to i32
  %f = arith.extui %b : i8 to i32
  %5 = arith.index_castui %f : i32 to index
  return %1, %2, %4, %5 : i32, index, i32, index
}
func.func @bitcast_chain(%a: f32) -> (f32, i32) {
  %0 = arith.bitcast %a : f32 to i32
  %1 = arith.bitcast %0 : i32 to f32
  %2 = arith.bitcast %1 : f32 to i32
  return %1, %2 : f32, i32
}
func.func @ext_chains(%a: i8) -> (i64, i64, i64) {
  %0 = arith.extui %a : i8 to i16
  %1 = arith.extsi %0 : i16 to i64
  %2 = arith.extsi %a : i8 to i16
  %3 = arith.extsi %2 : i16 to i64
  %4 = arith.extui %0 : i16 to i64
  return %1, %3, %4 : i64, i64, i64
}
func.func @trunc_chains(%a: i8, %b: i64) -> (i16, i8, i8, i16, i16) {
  %0 = arith.extsi %a : i8 to i32
  %1 = arith.trunci %0 : i32 to i16
  %2 = arith.trunci %0 : i32 to i8
  %3 = arith.trunci %b : i64 to i32
  %4 = arith.trunci %3 : i32 to i8
  %5 = arith.extui %a : i8 to i32
  %6 = arith.trunci %5 : i32 to i16
  %7 = arith.extui %3 : i32 to i64
  %8 = arith.trunci %7 : i64 to i16
  return %1, %2, %4, %6, %8 : i16, i8, i8, i16, i16
}
func.func @trunci_shrsi(%a: i64) -> i32 {
  %c = arith.constant 32 : i64
  %0 = arith.shrsi %a, %c : i64
  %1 = arith.trunci %0 : i64 to i32
  return %1 : i32
}
func.func @bitwise_ext(%a: i8, %b: i8) -> (i32, i32, i32, i32, i32, i32) {
  %0 = arith.extui %a : i8 to i32
  %1 = arith.extui %b : i8 to i32
  %2 = arith.andi %0, %1 : i32
  %3 = arith.ori %0, %1 : i32
  %4 = arith.xori %0, %1 : i32
  %5 = arith.extsi %a : i8 to i32
  %6 = arith.extsi %b : i8 to i32
  %7 = arith.andi %5, %6 : i32
  %8 = arith.ori %5, %6 : i32
  %9 = arith.xori %5, %6 : i32
  return %2, %3, %4, %7, %8, %9 : i32, i32, i32, i32, i32, i32
}
func.func @xori_not_cmpi(%a: i32, %b: i32) -> i1 {
  %t = arith.constant true
  %0 = arith.cmpi slt, %a, %b : i32
  %1 = arith.xori %0, %t : i1
  return %1 : i1
}
func.func @cmpi_ext(%a: i8, %b: i8) -> (i1, i1, i1) {
  %0 = arith.extsi %a : i8 to i32
  %1 = arith.extsi %b : i8 to i32
  %2 = arith.cmpi eq, %0, %1 : i32
  %3 = arith.extui %a : i8 to i32
  %4 = arith.extui %b : i8 to i32
  %5 = arith.cmpi ne, %3, %4 : i32
  %6 = arith.cmpi slt, %0, %1 : i32
  return %2, %5, %6 : i1, i1, i1
}
func.func @cmpi_i1(%a: i1, %x: i1) -> (i1, i1, i1, i1) {
  %z = arith.constant 0 : i32
  %e = arith.extui %a : i1 to i32
  %0 = arith.cmpi ne, %e, %z : i32
  %s = arith.extsi %a : i1 to i32
  %1 = arith.cmpi ne, %s, %z : i32
  %f = arith.constant false
  %t = arith.constant true
  %2 = arith.cmpi ne, %x, %f : i1
  %3 = arith.cmpi eq, %x, %t : i1
  return %0, %1, %2, %3 : i1, i1, i1, i1
}
func.func @cmpi_swap(%a: i32) -> (i1, i1) {
  %c = arith.constant 5 : i32
  %0 = arith.cmpi slt, %c, %a : i32
  %1 = arith.cmpi eq, %c, %a : i32
  return %0, %1 : i1, i1
}
func.func @cmpi_same(%a: i32, %v: vector<4xi32>) -> (i1, i1, vector<4xi1>) {
  %0 = arith.cmpi sle, %a, %a : i32
  %1 = arith.cmpi ugt, %a, %a : i32
  %2 = arith.cmpi eq, %v, %v : vector<4xi32>
  return %0, %1, %2 : i1, i1, vector<4xi1>
}
func.func @select_patterns(%c: i1, %d: i1, %a: i32, %b: i32, %e: i32) -> (i32, i32, i32, i1, i32, i32, i1) {
  %t = arith.constant true
  %f = arith.constant false
  %n = arith.xori %c, %t : i1
  %0 = arith.select %n, %a, %b : i32
  %s = arith.select %c, %a, %b : i32
  %1 = arith.select %c, %s, %e : i32
  %2 = arith.select %c, %e, %s : i32
  %3 = arith.select %c, %f, %t : i1
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  %4 = arith.select %c, %one, %zero : i32
  %5 = arith.select %c, %zero, %one : i32
  %6 = arith.select %c, %t, %f : i1
  return %0, %1, %2, %3, %4, %5, %6 : i32, i32, i32, i1, i32, i32, i1
}
func.func @select_cmp(%a: i32, %b: i32) -> (i32, i32) {
  %0 = arith.cmpi eq, %a, %b : i32
  %1 = arith.select %0, %a, %b : i32
  %2 = arith.cmpi ne, %a, %b : i32
  %3 = arith.select %2, %a, %b : i32
  return %1, %3 : i32, i32
}
func.func @mulf_negf(%a: f32, %b: f32) -> (f32, f32) {
  %0 = arith.negf %a : f32
  %1 = arith.negf %b : f32
  %2 = arith.mulf %0, %1 : f32
  %3 = arith.divf %0, %1 : f32
  return %2, %3 : f32, f32
}
func.func @truncf_sitofp(%a: i32) -> (f16, f16) {
  %0 = arith.sitofp %a : i32 to f32
  %1 = arith.truncf %0 : f32 to f16
  %2 = arith.uitofp %a : i32 to f32
  %3 = arith.truncf %2 : f32 to f16
  return %1, %3 : f16, f16
}
func.func @itofp_ext(%a: i8) -> (f32, f32, f32) {
  %0 = arith.extsi %a : i8 to i32
  %1 = arith.sitofp %0 : i32 to f32
  %2 = arith.extui %a : i8 to i32
  %3 = arith.uitofp %2 : i32 to f32
  %4 = arith.sitofp %2 : i32 to f32
  return %1, %3, %4 : f32, f32, f32
}
func.func @cmpf_int(%a: i8) -> (i1, i1, i1) {
  %0 = arith.sitofp %a : i8 to f32
  %c = arith.constant 4.5 : f32
  %1 = arith.cmpf olt, %0, %c : f32
  %d = arith.constant 1000.0 : f32
  %2 = arith.cmpf ogt, %0, %d : f32
  %e = arith.constant 3.0 : f32
  %3 = arith.cmpf oeq, %0, %e : f32
  return %1, %2, %3 : i1, i1, i1
}
func.func @ext_extended(%a: i32, %b: i32) -> (i32, i32, i32, i32, i32) {
  %0:2 = arith.addui_extended %a, %b : i32, i1
  %1:2 = arith.mulsi_extended %a, %b : i32
  %2:2 = arith.mului_extended %a, %b : i32
  %c1 = arith.constant 1 : i32
  %3:2 = arith.mulsi_extended %a, %c1 : i32
  return %0#0, %1#0, %2#0, %3#0, %3#1 : i32, i32, i32, i32, i32
}
func.func @commute(%a: i32, %f: f32) -> (i32, f32, i32) {
  %c = arith.constant 5 : i32
  %0 = arith.muli %c, %a : i32
  %g = arith.constant 2.0 : f32
  %1 = arith.addf %g, %f : f32
  %2 = arith.subi %c, %a : i32
  return %0, %1, %2 : i32, f32, i32
}
func.func @index_math(%i: index, %j: index, %n: index) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %0 = arith.muli %i, %c16 : index
  %1 = arith.addi %0, %j : index
  %2 = arith.addi %1, %c0 : index
  %3 = arith.muli %2, %c1 : index
  %4 = arith.addi %i, %c4 : index
  %5 = arith.addi %4, %c4 : index
  %6 = arith.subi %5, %c1 : index
  %7 = arith.muli %i, %c16 : index
  %8 = arith.addi %7, %j : index
  %9 = arith.divui %n, %c1 : index
  %10 = arith.remui %n, %c1 : index
  %11 = arith.addi %9, %10 : index
  %dead = arith.muli %n, %n : index
  return %3, %6, %11 : index, index, index
}
func.func @clamp(%x: i32, %lo: i32, %hi: i32) -> (i32, i32) {
  %0 = arith.cmpi slt, %x, %lo : i32
  %1 = arith.select %0, %lo, %x : i32
  %2 = arith.cmpi sgt, %1, %hi : i32
  %3 = arith.select %2, %hi, %1 : i32
  %4 = arith.cmpi slt, %x, %lo : i32
  %5 = arith.select %4, %lo, %x : i32
  %6 = arith.maxsi %5, %5 : i32
  return %3, %6 : i32, i32
}
func.func @floats(%x: f32, %y: f32) -> (f32, f32, f32, i1) {
  %one = arith.constant 1.0 : f32
  %nz = arith.constant -0.0 : f32
  %half = arith.constant 0.5 : f32
  %two = arith.constant 2.0 : f32
  %0 = arith.mulf %x, %one : f32
  %1 = arith.addf %0, %nz : f32
  %2 = arith.mulf %half, %two : f32
  %3 = arith.mulf %1, %2 : f32
  %4 = arith.negf %y : f32
  %5 = arith.negf %x : f32
  %6 = arith.mulf %4, %5 fastmath<fast> : f32
  %7 = arith.divf %y, %one : f32
  %8 = arith.subf %7, %nz : f32
  %9 = arith.cmpf oeq, %3, %3 : f32
  %10 = arith.maximumf %8, %8 : f32
  return %3, %6, %10, %9 : f32, f32, f32, i1
}
func.func @constants() -> (i32, i64, f32, f64, i1, vector<4xi32>, f16) {
  %a = arith.constant 123456 : i32
  %b = arith.constant -7 : i32
  %0 = arith.muli %a, %b : i32
  %1 = arith.extsi %0 : i32 to i64
  %c = arith.constant 3 : i64
  %2 = arith.shli %1, %c : i64
  %3 = arith.sitofp %0 : i32 to f32
  %4 = arith.extf %3 : f32 to f64
  %d = arith.constant 2.5 : f64
  %5 = arith.divf %4, %d : f64
  %6 = arith.cmpf olt, %5, %d : f64
  %v = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
  %w = arith.constant dense<3> : vector<4xi32>
  %7 = arith.muli %v, %w : vector<4xi32>
  %8 = arith.addi %7, %v : vector<4xi32>
  %h = arith.constant 0.1 : f16
  %k = arith.constant 3.0 : f16
  %9 = arith.mulf %h, %k : f16
  return %0, %2, %3, %5, %6, %8, %9 : i32, i64, f32, f64, i1, vector<4xi32>, f16
}
func.func private @callee(i32) -> i32
func.func @calls(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %0 = arith.addi %x, %c0 : i32
  %1 = func.call @callee(%0) : (i32) -> i32
  %2 = func.call @callee(%0) : (i32) -> i32
  %3 = arith.subi %1, %1 : i32
  %4 = arith.addi %2, %3 : i32
  return %4 : i32
}
func.func @bools(%a: i1, %b: i1, %x: i32, %y: i32) -> (i1, i1, i32) {
  %t = arith.constant true
  %f = arith.constant false
  %0 = arith.andi %a, %t : i1
  %1 = arith.ori %0, %f : i1
  %2 = arith.xori %1, %t : i1
  %3 = arith.xori %2, %t : i1
  %4 = arith.select %b, %t, %f : i1
  %5 = arith.cmpi eq, %x, %y : i32
  %6 = arith.xori %5, %t : i1
  %7 = arith.select %6, %x, %y : i32
  return %3, %4, %7 : i1, i1, i32
}
