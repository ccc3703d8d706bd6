/*
 * math ops to LLVM IR (docs/llvm-backend.md): LLVM intrinsics where LLVM
 * has them (llvm.exp, llvm.sqrt, llvm.fma, ...; the backend may still turn
 * them into libm calls), libm calls otherwise (erff/erf, tanhf/tanh,
 * expm1f/expm1, ...; f16 and bf16 through f32), vectors lane by lane for
 * the calls, rsqrt as 1 / sqrt, and ipowi as a small internal helper.
 */
#include <string.h>

#include "backends/llvm/internal.h"

typedef enum Kind { K_INTR, K_INTR_ZP, K_LIBM, K_RSQRT, K_FPOWI, K_IPOWI } Kind;

typedef struct MathOp {
  const char *name;
  Kind kind;
  const char *fn; /* intrinsic, or the f64 libm name ("f" appended: f32) */
} MathOp;

static const MathOp math_ops[] = {
    {"math.absf", K_INTR, "llvm.fabs"},
    {"math.absi", K_INTR_ZP, "llvm.abs"},
    {"math.acos", K_LIBM, "acos"},
    {"math.acosh", K_LIBM, "acosh"},
    {"math.asin", K_LIBM, "asin"},
    {"math.asinh", K_LIBM, "asinh"},
    {"math.atan", K_LIBM, "atan"},
    {"math.atan2", K_LIBM, "atan2"},
    {"math.atanh", K_LIBM, "atanh"},
    {"math.cbrt", K_LIBM, "cbrt"},
    {"math.ceil", K_INTR, "llvm.ceil"},
    {"math.copysign", K_INTR, "llvm.copysign"},
    {"math.cos", K_INTR, "llvm.cos"},
    {"math.cosh", K_LIBM, "cosh"},
    {"math.ctlz", K_INTR_ZP, "llvm.ctlz"},
    {"math.ctpop", K_INTR, "llvm.ctpop"},
    {"math.cttz", K_INTR_ZP, "llvm.cttz"},
    {"math.erf", K_LIBM, "erf"},
    {"math.exp", K_INTR, "llvm.exp"},
    {"math.exp2", K_INTR, "llvm.exp2"},
    {"math.expm1", K_LIBM, "expm1"},
    {"math.floor", K_INTR, "llvm.floor"},
    {"math.fma", K_INTR, "llvm.fma"},
    {"math.fpowi", K_FPOWI, "llvm.powi"},
    {"math.ipowi", K_IPOWI, NULL},
    {"math.log", K_INTR, "llvm.log"},
    {"math.log10", K_INTR, "llvm.log10"},
    {"math.log1p", K_LIBM, "log1p"},
    {"math.log2", K_INTR, "llvm.log2"},
    {"math.powf", K_INTR, "llvm.pow"},
    {"math.round", K_INTR, "llvm.round"},
    {"math.roundeven", K_INTR, "llvm.roundeven"},
    {"math.rsqrt", K_RSQRT, "llvm.sqrt"},
    {"math.sin", K_INTR, "llvm.sin"},
    {"math.sinh", K_LIBM, "sinh"},
    {"math.sqrt", K_INTR, "llvm.sqrt"},
    {"math.tan", K_LIBM, "tan"},
    {"math.tanh", K_LIBM, "tanh"},
    {"math.trunc", K_INTR, "llvm.trunc"},
};

static const MathOp *
find(const char *name)
{
  for (size_t i = 0; i < sizeof math_ops / sizeof math_ops[0]; i++)
    if (!strcmp(math_ops[i].name, name))
      return &math_ops[i];
  return NULL;
}

/* The libm function `name`, or NULL when the module defines a function
 * of that name itself (a model named `erff`). */
static LLVMValueRef
declare(NlLlvmTr *t, const char *name, LLVMTypeRef ft)
{
  LLVMValueRef f = LLVMGetNamedFunction(t->mod, name);
  if (f && (!LLVMIsDeclaration(f) || LLVMGlobalGetValueType(f) != ft))
    return NULL;
  if (!f) {
    f = LLVMAddFunction(t->mod, name, ft);
    unsigned kind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(t->lctx, kind, 0));
  }
  return f;
}

/* A libm call on scalars; f16/bf16 go through the f32 function. */
static LLVMValueRef
libm_call(NlLlvmTr *t, const MathOp *m, LLVMValueRef *args, unsigned n)
{
  LLVMTypeRef ty = LLVMTypeOf(args[0]);
  LLVMTypeKind k = LLVMGetTypeKind(ty);
  bool dbl = k == LLVMDoubleTypeKind;
  LLVMTypeRef ct = dbl ? ty : LLVMFloatTypeInContext(t->lctx);
  LLVMValueRef cargs[2];
  for (unsigned i = 0; i < n; i++)
    cargs[i] = ct == ty ? args[i] : LLVMBuildFPExt(t->b, args[i], ct, "");
  char name[32];
  snprintf(name, sizeof name, "%s%s", m->fn, dbl ? "" : "f");
  LLVMTypeRef ps[2] = {ct, ct};
  LLVMTypeRef ft = LLVMFunctionType(ct, ps, n, 0);
  LLVMValueRef f = declare(t, name, ft);
  if (!f) {
    nl_op_emit_error(t->op, "needs the libm function '%s', but the module "
                            "defines a function of that name", name);
    return NULL;
  }
  LLVMValueRef r = LLVMBuildCall2(t->b, ft, f, cargs, n, "");
  return ct == ty ? r : LLVMBuildFPTrunc(t->b, r, ty, "");
}

/* math.fpowi on scalars: llvm.powi overloaded on the float and the
 * exponent type. */
static LLVMValueRef
powi_call(NlLlvmTr *t, const MathOp *m, LLVMValueRef *args, unsigned n)
{
  LLVMTypeRef tys[2] = {LLVMTypeOf(args[0]), LLVMTypeOf(args[1])}, ft;
  LLVMValueRef f = nl_llvm_intrinsic(t, m->fn, tys, 2, &ft);
  return LLVMBuildCall2(t->b, ft, f, args, n, "");
}

/* The helper `iN __nl_ipowi_iN(iN b, iN e)`: b^e by squaring; a negative
 * exponent gives 1 / b^-e in integers (0 unless |b| = 1), as MLIR's
 * expansion of math.ipowi. */
static LLVMValueRef
ipowi_helper(NlLlvmTr *t, LLVMTypeRef ty)
{
  char name[40];
  snprintf(name, sizeof name, "__nl_ipowi_i%u", LLVMGetIntTypeWidth(ty));
  LLVMValueRef f = LLVMGetNamedFunction(t->mod, name);
  if (f)
    return f;
  LLVMTypeRef ps[2] = {ty, ty};
  f = LLVMAddFunction(t->mod, name, LLVMFunctionType(ty, ps, 2, 0));
  LLVMSetLinkage(f, LLVMInternalLinkage);
  LLVMBuilderRef B = LLVMCreateBuilderInContext(t->lctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(t->lctx, f, "entry");
  LLVMBasicBlockRef neg = LLVMAppendBasicBlockInContext(t->lctx, f, "neg");
  LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(t->lctx, f, "loop");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(t->lctx, f, "done");
  LLVMValueRef base = LLVMGetParam(f, 0), e = LLVMGetParam(f, 1);
  LLVMValueRef zero = LLVMConstInt(ty, 0, 0), one = LLVMConstInt(ty, 1, 0);
  LLVMValueRef mone = LLVMConstAllOnes(ty);
  LLVMPositionBuilderAtEnd(B, entry);
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntSLT, e, zero, ""), neg, loop);
  /* Negative exponent: 1 for b = 1, (-1)^e for b = -1, 0 otherwise
   * (division by zero for b = 0 is undefined; give 0). */
  LLVMPositionBuilderAtEnd(B, neg);
  LLVMValueRef odd = LLVMBuildTrunc(B, e, LLVMInt1TypeInContext(t->lctx), "");
  LLVMValueRef m1 = LLVMBuildSelect(B, odd, mone, one, "");
  LLVMValueRef isone = LLVMBuildICmp(B, LLVMIntEQ, base, one, "");
  LLVMValueRef ismone = LLVMBuildICmp(B, LLVMIntEQ, base, mone, "");
  LLVMValueRef nr = LLVMBuildSelect(
      B, isone, one, LLVMBuildSelect(B, ismone, m1, zero, ""), "");
  LLVMBuildRet(B, nr);
  /* Non-negative: square and multiply. */
  LLVMPositionBuilderAtEnd(B, loop);
  LLVMValueRef acc = LLVMBuildPhi(B, ty, "acc");
  LLVMValueRef bb = LLVMBuildPhi(B, ty, "b");
  LLVMValueRef ee = LLVMBuildPhi(B, ty, "e");
  LLVMValueRef bit = LLVMBuildTrunc(B, ee, LLVMInt1TypeInContext(t->lctx), "");
  LLVMValueRef acc2 =
      LLVMBuildSelect(B, bit, LLVMBuildMul(B, acc, bb, ""), acc, "");
  LLVMValueRef b2 = LLVMBuildMul(B, bb, bb, "");
  LLVMValueRef e2 = LLVMBuildLShr(B, ee, one, "");
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntEQ, e2, zero, ""), done, loop);
  LLVMValueRef inv[2] = {one, acc2}, inb[2] = {base, b2}, ine[2] = {e, e2};
  LLVMBasicBlockRef from[2] = {entry, loop};
  LLVMAddIncoming(acc, inv, from, 2);
  LLVMAddIncoming(bb, inb, from, 2);
  LLVMAddIncoming(ee, ine, from, 2);
  LLVMPositionBuilderAtEnd(B, done);
  LLVMBuildRet(B, acc2);
  LLVMDisposeBuilder(B);
  return f;
}

static LLVMValueRef
ipowi_call(NlLlvmTr *t, const MathOp *m, LLVMValueRef *args, unsigned n)
{
  (void)m;
  LLVMValueRef f = ipowi_helper(t, LLVMTypeOf(args[0]));
  return LLVMBuildCall2(t->b, LLVMGlobalGetValueType(f), f, args, n, "");
}

/* 1.0 of a float or float vector type. */
static LLVMValueRef
float_one(LLVMTypeRef ty)
{
  if (LLVMGetTypeKind(ty) != LLVMVectorTypeKind)
    return LLVMConstReal(ty, 1.0);
  unsigned n = LLVMGetVectorSize(ty);
  LLVMValueRef one = LLVMConstReal(LLVMGetElementType(ty), 1.0);
  LLVMValueRef *es = nl_xmalloc(n * sizeof *es);
  for (unsigned i = 0; i < n; i++)
    es[i] = one;
  LLVMValueRef r = LLVMConstVector(es, n);
  free(es);
  return r;
}

typedef LLVMValueRef (*ScalarFn)(NlLlvmTr *t, const MathOp *m,
                                 LLVMValueRef *args, unsigned n);

/* fn on scalars, or lane by lane on vectors. */
static LLVMValueRef
per_lane(NlLlvmTr *t, const MathOp *m, ScalarFn fn, LLVMValueRef *args,
         unsigned n)
{
  LLVMTypeRef ty = LLVMTypeOf(args[0]);
  if (LLVMGetTypeKind(ty) != LLVMVectorTypeKind)
    return fn(t, m, args, n);
  LLVMValueRef r = LLVMGetPoison(ty);
  for (unsigned i = 0; i < LLVMGetVectorSize(ty); i++) {
    LLVMValueRef idx = LLVMConstInt(t->i64, i, 0), lane[3];
    for (unsigned k = 0; k < n; k++)
      lane[k] = LLVMBuildExtractElement(t->b, args[k], idx, "");
    LLVMValueRef v = fn(t, m, lane, n);
    if (!v)
      return NULL;
    r = LLVMBuildInsertElement(t->b, r, v, idx, "");
  }
  return r;
}

NlResult
nl_llvm_translate_math(NlLlvmTr *t, NlOp *op, bool *handled)
{
  const MathOp *m = find(nl_op_name(op));
  if (!m) {
    *handled = false;
    return nl_failure();
  }
  *handled = true;
  t->op = op;
  if (op->nresults != 1 || op->noperands < 1 || op->noperands > 3 ||
      !nl_llvm_type(t, nl_op_result(op, 0)->type, op))
    return nl_failure();
  LLVMValueRef args[4];
  unsigned n = op->noperands;
  for (unsigned i = 0; i < n; i++)
    args[i] = nl_llvm_get(t, nl_op_operand(op, i));
  LLVMValueRef r = NULL;
  switch (m->kind) {
  case K_INTR:
    r = nl_llvm_call_intrinsic(t, m->fn, args, n);
    break;
  case K_INTR_ZP: /* abs, ctlz, cttz: defined for INT_MIN and 0 */
    args[n++] = LLVMConstInt(t->i1, 0, 0);
    r = nl_llvm_call_intrinsic(t, m->fn, args, n);
    break;
  case K_LIBM:
    r = per_lane(t, m, libm_call, args, n);
    break;
  case K_RSQRT: {
    LLVMValueRef s = nl_llvm_call_intrinsic(t, m->fn, args, 1);
    nl_llvm_fastmath(t, op, s);
    r = LLVMBuildFDiv(t->b, float_one(LLVMTypeOf(s)), s, "");
    break;
  }
  case K_FPOWI:
    r = per_lane(t, m, powi_call, args, n);
    break;
  case K_IPOWI:
    r = per_lane(t, m, ipowi_call, args, n);
    break;
  }
  if (!r)
    return nl_failure();
  nl_llvm_fastmath(t, op, r);
  nl_llvm_set(t, nl_op_result(op, 0), r);
  return nl_success();
}
