/*
 * arith ops to LLVM IR (docs/llvm-backend.md): constants (scalars, vector
 * splats and dense vectors), integer and float arithmetic, comparisons,
 * select, min/max (maximumf/minimumf propagate NaN: llvm.maximum), the
 * extended ops and every cast, on scalars and 1-D vectors alike.
 */
#include <string.h>

#include "backends/llvm/internal.h"

/* ---- constants ------------------------------------------------------------- */

/* An element of type elem stored at p (the dense layout of attrs.h). */
static LLVMValueRef
elem_const(NlLlvmTr *t, NlType *elem, LLVMTypeRef lt, const unsigned char *p)
{
  size_t n = nl_dense_elem_size(elem);
  uint64_t bits = 0;
  memcpy(&bits, p, n < 8 ? n : 8); /* little-endian hosts */
  if (nl_type_is_float(elem)) {
    LLVMTypeRef it = LLVMIntTypeInContext(t->lctx, (unsigned)(n * 8));
    return LLVMConstBitCast(LLVMConstInt(it, bits, 0), lt);
  }
  return LLVMConstInt(lt, bits, 0);
}

LLVMValueRef
nl_llvm_const(NlLlvmTr *t, NlAttr *a, NlType *ty, NlOp *op)
{
  LLVMTypeRef lt = nl_llvm_type(t, ty, op);
  if (!lt)
    return NULL;
  if (a->kind == NL_ATTR_INTEGER && nl_type_is_int_or_index(ty))
    return LLVMConstIntOfArbitraryPrecision(lt, a->integer.nwords,
                                            a->integer.words);
  if (a->kind == NL_ATTR_FLOAT && nl_type_is_float(ty)) {
    uint32_t w = nl_type_bitwidth(ty);
    if (w > 64) {
      nl_op_emit_error(op, "float constants wider than 64 bits are not "
                           "supported by the LLVM backend");
      return NULL;
    }
    LLVMTypeRef it = LLVMIntTypeInContext(t->lctx, w);
    return LLVMConstBitCast(LLVMConstInt(it, a->flt.bits[0], 0), lt);
  }
  if (a->kind == NL_ATTR_DENSE && ty->kind == NL_TYPE_VECTOR) {
    NlType *elem = ty->shaped.elem;
    LLVMTypeRef et = LLVMGetElementType(lt);
    unsigned n = LLVMGetVectorSize(lt);
    size_t es = nl_dense_elem_size(elem);
    LLVMValueRef *elems = nl_xmalloc(n * sizeof *elems);
    const unsigned char *d = a->dense.data;
    for (unsigned i = 0; i < n; i++)
      elems[i] = elem_const(t, elem, et, d + (a->dense.splat ? 0 : i * es));
    LLVMValueRef r = LLVMConstVector(elems, n);
    free(elems);
    return r;
  }
  if (ty->kind == NL_TYPE_TENSOR || ty->kind == NL_TYPE_MEMREF)
    nl_op_emit_error(op, "tensor constants must be bufferized (loop.global) "
                         "before the translation to LLVM IR");
  else
    nl_op_emit_error(op, "constant value is not supported by the LLVM "
                         "backend");
  return NULL;
}

/* ---- op table ---------------------------------------------------------------- */

typedef enum Kind {
  K_CONST, K_BIN, K_DIVCEIL_S, K_DIVCEIL_U, K_DIVFLOOR_S, K_MINMAX, K_NEGF,
  K_CMPI, K_CMPF, K_SELECT, K_CAST, K_INDEX_CAST, K_INDEX_CASTUI,
  K_ADDUI_EXT, K_MULSI_EXT, K_MULUI_EXT,
} Kind;

typedef struct ArithOp {
  const char *name;
  Kind kind;
  LLVMOpcode opc;        /* K_BIN, K_CAST */
  const char *intrinsic; /* K_MINMAX */
} ArithOp;

static const ArithOp arith_ops[] = {
    {"arith.constant", K_CONST, 0, NULL},
    {"arith.addi", K_BIN, LLVMAdd, NULL},
    {"arith.subi", K_BIN, LLVMSub, NULL},
    {"arith.muli", K_BIN, LLVMMul, NULL},
    {"arith.divsi", K_BIN, LLVMSDiv, NULL},
    {"arith.divui", K_BIN, LLVMUDiv, NULL},
    {"arith.remsi", K_BIN, LLVMSRem, NULL},
    {"arith.remui", K_BIN, LLVMURem, NULL},
    {"arith.ceildivsi", K_DIVCEIL_S, 0, NULL},
    {"arith.ceildivui", K_DIVCEIL_U, 0, NULL},
    {"arith.floordivsi", K_DIVFLOOR_S, 0, NULL},
    {"arith.andi", K_BIN, LLVMAnd, NULL},
    {"arith.ori", K_BIN, LLVMOr, NULL},
    {"arith.xori", K_BIN, LLVMXor, NULL},
    {"arith.shli", K_BIN, LLVMShl, NULL},
    {"arith.shrsi", K_BIN, LLVMAShr, NULL},
    {"arith.shrui", K_BIN, LLVMLShr, NULL},
    {"arith.maxsi", K_MINMAX, 0, "llvm.smax"},
    {"arith.maxui", K_MINMAX, 0, "llvm.umax"},
    {"arith.minsi", K_MINMAX, 0, "llvm.smin"},
    {"arith.minui", K_MINMAX, 0, "llvm.umin"},
    {"arith.addui_extended", K_ADDUI_EXT, 0, NULL},
    {"arith.mulsi_extended", K_MULSI_EXT, 0, NULL},
    {"arith.mului_extended", K_MULUI_EXT, 0, NULL},
    {"arith.addf", K_BIN, LLVMFAdd, NULL},
    {"arith.subf", K_BIN, LLVMFSub, NULL},
    {"arith.mulf", K_BIN, LLVMFMul, NULL},
    {"arith.divf", K_BIN, LLVMFDiv, NULL},
    {"arith.remf", K_BIN, LLVMFRem, NULL},
    {"arith.negf", K_NEGF, 0, NULL},
    /* maximumf/minimumf: NaN in either operand gives NaN, -0 < +0. */
    {"arith.maximumf", K_MINMAX, 0, "llvm.maximum"},
    {"arith.minimumf", K_MINMAX, 0, "llvm.minimum"},
    /* maxnumf/minnumf: the other operand when one is NaN. */
    {"arith.maxnumf", K_MINMAX, 0, "llvm.maxnum"},
    {"arith.minnumf", K_MINMAX, 0, "llvm.minnum"},
    {"arith.cmpi", K_CMPI, 0, NULL},
    {"arith.cmpf", K_CMPF, 0, NULL},
    {"arith.select", K_SELECT, 0, NULL},
    {"arith.extsi", K_CAST, LLVMSExt, NULL},
    {"arith.extui", K_CAST, LLVMZExt, NULL},
    {"arith.trunci", K_CAST, LLVMTrunc, NULL},
    {"arith.extf", K_CAST, LLVMFPExt, NULL},
    {"arith.truncf", K_CAST, LLVMFPTrunc, NULL},
    {"arith.sitofp", K_CAST, LLVMSIToFP, NULL},
    {"arith.uitofp", K_CAST, LLVMUIToFP, NULL},
    {"arith.fptosi", K_CAST, LLVMFPToSI, NULL},
    {"arith.fptoui", K_CAST, LLVMFPToUI, NULL},
    {"arith.index_cast", K_INDEX_CAST, 0, NULL},
    {"arith.index_castui", K_INDEX_CASTUI, 0, NULL},
    {"arith.bitcast", K_CAST, LLVMBitCast, NULL},
};

/* MLIR's cmpi and cmpf predicate numbers to LLVM's. */
static const LLVMIntPredicate int_preds[] = {
    LLVMIntEQ,  LLVMIntNE,  LLVMIntSLT, LLVMIntSLE, LLVMIntSGT,
    LLVMIntSGE, LLVMIntULT, LLVMIntULE, LLVMIntUGT, LLVMIntUGE,
};
static const LLVMRealPredicate real_preds[] = {
    LLVMRealPredicateFalse, LLVMRealOEQ, LLVMRealOGT, LLVMRealOGE,
    LLVMRealOLT,            LLVMRealOLE, LLVMRealONE, LLVMRealORD,
    LLVMRealUEQ,            LLVMRealUGT, LLVMRealUGE, LLVMRealULT,
    LLVMRealULE,            LLVMRealUNE, LLVMRealUNO, LLVMRealPredicateTrue,
};

static const ArithOp *
find(const char *name)
{
  for (size_t i = 0; i < sizeof arith_ops / sizeof arith_ops[0]; i++)
    if (!strcmp(arith_ops[i].name, name))
      return &arith_ops[i];
  return NULL;
}

/* A constant of type ty (scalar or vector) with every element v. */
static LLVMValueRef
splat_int(LLVMTypeRef ty, long long v)
{
  if (LLVMGetTypeKind(ty) != LLVMVectorTypeKind)
    return LLVMConstInt(ty, (unsigned long long)v, 1);
  unsigned n = LLVMGetVectorSize(ty);
  LLVMValueRef e = LLVMConstInt(LLVMGetElementType(ty), (unsigned long long)v,
                                1);
  LLVMValueRef *es = nl_xmalloc(n * sizeof *es);
  for (unsigned i = 0; i < n; i++)
    es[i] = e;
  LLVMValueRef r = LLVMConstVector(es, n);
  free(es);
  return r;
}

/* ceil/floor divisions (MLIR's definitions; division by zero is UB). */
static LLVMValueRef
div_round(NlLlvmTr *t, Kind k, LLVMValueRef a, LLVMValueRef b)
{
  LLVMBuilderRef B = t->b;
  LLVMTypeRef ty = LLVMTypeOf(a);
  LLVMValueRef zero = LLVMConstNull(ty);
  bool u = k == K_DIVCEIL_U;
  LLVMValueRef q = LLVMBuildBinOp(B, u ? LLVMUDiv : LLVMSDiv, a, b, "");
  LLVMValueRef r = LLVMBuildBinOp(B, u ? LLVMURem : LLVMSRem, a, b, "");
  LLVMValueRef nz = LLVMBuildICmp(B, LLVMIntNE, r, zero, "");
  if (u)
    return LLVMBuildAdd(B, q, LLVMBuildZExt(B, nz, ty, ""), "");
  /* The remainder has a's sign: r ^ b >= 0 when a and b agree. */
  LLVMValueRef x = LLVMBuildXor(B, r, b, "");
  if (k == K_DIVCEIL_S) {
    LLVMValueRef same = LLVMBuildICmp(B, LLVMIntSGE, x, zero, "");
    LLVMValueRef adj = LLVMBuildAnd(B, nz, same, "");
    return LLVMBuildAdd(B, q, LLVMBuildZExt(B, adj, ty, ""), "");
  }
  LLVMValueRef diff = LLVMBuildICmp(B, LLVMIntSLT, x, zero, "");
  LLVMValueRef adj = LLVMBuildAnd(B, nz, diff, "");
  return LLVMBuildSub(B, q, LLVMBuildZExt(B, adj, ty, ""), "");
}

/* The integer type twice as wide as ty (elementwise for vectors). */
static LLVMTypeRef
widen(NlLlvmTr *t, LLVMTypeRef ty)
{
  bool vec = LLVMGetTypeKind(ty) == LLVMVectorTypeKind;
  LLVMTypeRef e = vec ? LLVMGetElementType(ty) : ty;
  LLVMTypeRef w = LLVMIntTypeInContext(t->lctx, 2 * LLVMGetIntTypeWidth(e));
  return vec ? LLVMVectorType(w, LLVMGetVectorSize(ty)) : w;
}

static unsigned
scalar_bits(LLVMTypeRef ty)
{
  if (LLVMGetTypeKind(ty) == LLVMVectorTypeKind)
    ty = LLVMGetElementType(ty);
  return LLVMGetIntTypeWidth(ty);
}

/* `#arith.overflow<nsw, nuw>` of addi/subi/muli/shli as LLVM's flags. */
static void
overflow_flags(NlOp *op, LLVMValueRef inst)
{
  NlAttr *a = nl_llvm_attr(op, "overflowFlags");
  if (!a || a->kind != NL_ATTR_OPAQUE || !LLVMIsAInstruction(inst))
    return;
  LLVMOpcode opc = LLVMGetInstructionOpcode(inst);
  if (opc != LLVMAdd && opc != LLVMSub && opc != LLVMMul && opc != LLVMShl)
    return;
  const char *body = a->opaque.body->str;
  if (strncmp(body, "overflow<", 9))
    return;
  if (strstr(body, "nsw"))
    LLVMSetNSW(inst, 1);
  if (strstr(body, "nuw"))
    LLVMSetNUW(inst, 1);
}

NlResult
nl_llvm_translate_arith(NlLlvmTr *t, NlOp *op, bool *handled)
{
  const ArithOp *d = find(nl_op_name(op));
  if (!d) {
    *handled = false;
    return nl_failure();
  }
  *handled = true;
  LLVMBuilderRef B = t->b;
  LLVMTypeRef rt = NULL;
  for (uint32_t i = 0; i < op->nresults; i++) {
    LLVMTypeRef ty = nl_llvm_type(t, nl_op_result(op, i)->type, op);
    if (!ty)
      return nl_failure();
    if (i == 0)
      rt = ty;
  }
  LLVMValueRef a = op->noperands > 0 ? nl_llvm_get(t, nl_op_operand(op, 0))
                                     : NULL;
  LLVMValueRef b = op->noperands > 1 ? nl_llvm_get(t, nl_op_operand(op, 1))
                                     : NULL;
  LLVMValueRef r = NULL;
  switch (d->kind) {
  case K_CONST: {
    NlAttr *v = nl_llvm_attr(op, "value");
    if (!v) {
      nl_op_emit_error(op, "requires attribute 'value'");
      return nl_failure();
    }
    r = nl_llvm_const(t, v, nl_op_result(op, 0)->type, op);
    if (!r)
      return nl_failure();
    break;
  }
  case K_BIN:
    r = LLVMBuildBinOp(B, d->opc, a, b, "");
    nl_llvm_fastmath(t, op, r);
    overflow_flags(op, r);
    break;
  case K_DIVCEIL_S:
  case K_DIVCEIL_U:
  case K_DIVFLOOR_S:
    r = div_round(t, d->kind, a, b);
    break;
  case K_MINMAX: {
    LLVMValueRef args[2] = {a, b};
    r = nl_llvm_call_intrinsic(t, d->intrinsic, args, 2);
    nl_llvm_fastmath(t, op, r);
    break;
  }
  case K_NEGF:
    r = LLVMBuildFNeg(B, a, "");
    nl_llvm_fastmath(t, op, r);
    break;
  case K_CMPI:
  case K_CMPF: {
    int64_t p;
    int n = d->kind == K_CMPI ? 10 : 16;
    if (!nl_llvm_int_attr(op, "predicate", &p) || p < 0 || p >= n) {
      nl_op_emit_error(op, "requires a valid attribute 'predicate'");
      return nl_failure();
    }
    if (d->kind == K_CMPI) {
      r = LLVMBuildICmp(B, int_preds[p], a, b, "");
    } else {
      r = LLVMBuildFCmp(B, real_preds[p], a, b, "");
      nl_llvm_fastmath(t, op, r);
    }
    break;
  }
  case K_SELECT:
    r = LLVMBuildSelect(B, a, b, nl_llvm_get(t, nl_op_operand(op, 2)), "");
    break;
  case K_CAST: {
    int64_t rm;
    if (nl_llvm_int_attr(op, "roundingmode", &rm) && rm != 0) {
      nl_op_emit_error(op, "rounding modes other than to_nearest_even are not "
                           "supported by the LLVM backend");
      return nl_failure();
    }
    r = LLVMBuildCast(B, d->opc, a, rt, "");
    break;
  }
  case K_INDEX_CAST:
  case K_INDEX_CASTUI: {
    unsigned from = scalar_bits(LLVMTypeOf(a)), to = scalar_bits(rt);
    if (from == to)
      r = a;
    else if (from > to)
      r = LLVMBuildTrunc(B, a, rt, "");
    else if (d->kind == K_INDEX_CAST)
      r = LLVMBuildSExt(B, a, rt, "");
    else
      r = LLVMBuildZExt(B, a, rt, "");
    break;
  }
  case K_ADDUI_EXT: {
    r = LLVMBuildAdd(B, a, b, "");
    nl_llvm_set(t, nl_op_result(op, 1), LLVMBuildICmp(B, LLVMIntULT, r, a, ""));
    break;
  }
  case K_MULSI_EXT:
  case K_MULUI_EXT: {
    LLVMTypeRef wt = widen(t, rt);
    LLVMOpcode ext = d->kind == K_MULSI_EXT ? LLVMSExt : LLVMZExt;
    LLVMValueRef wa = LLVMBuildCast(B, ext, a, wt, "");
    LLVMValueRef wb = LLVMBuildCast(B, ext, b, wt, "");
    LLVMValueRef p = LLVMBuildMul(B, wa, wb, "");
    r = LLVMBuildTrunc(B, p, rt, "");
    LLVMValueRef hi = LLVMBuildLShr(B, p, splat_int(wt, scalar_bits(rt)), "");
    nl_llvm_set(t, nl_op_result(op, 1), LLVMBuildTrunc(B, hi, rt, ""));
    break;
  }
  }
  nl_llvm_set(t, nl_op_result(op, 0), r);
  return nl_success();
}
