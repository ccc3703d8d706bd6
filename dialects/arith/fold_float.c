/*
 * Folders of the arith float ops, float comparisons and the casts to, from
 * and between floats, with APFloat's semantics: f32 computed in float and
 * f64 in double, f16/bf16 computed in float and rounded once (exact for
 * +, -, *, / and remainder), the first NaN operand propagated quieted,
 * invalid operations giving the default NaN, conversions folded
 * only when exact (truncf) or rounded to nearest even (sitofp), and
 * float-to-int casts only in range. The integer side and the dispatch are
 * in fold.c.
 */
#include <math.h>

#include "arith/fold.h"

/* ---- float kernels ------------------------------------------------------- */

/* APFloat's rule for arithmetic on NaNs: the first NaN operand, quieted. */
static bool
nan_operand(const NlCfElem *e, const uint64_t *x, uint32_t n, uint64_t *r)
{
  for (uint32_t i = 0; i < n; i++) {
    if (nl_cf_isnan(e, x[i])) {
      *r = nl_cf_quiet(e, x[i]);
      return true;
    }
  }
  return false;
}

/* A binary float kernel computing in double for f64 and in float
 * otherwise (exact for f16/bf16 inputs, then rounded once); a NaN result
 * of an invalid operation becomes the default quiet NaN. */
#define FLOAT_KERNEL(name, dexpr, fexpr)                                       \
  static bool name(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, \
                   uint64_t *r, void *ud)                                      \
  {                                                                            \
    (void)out;                                                                 \
    (void)ud;                                                                  \
    if (nan_operand(&in[0], x, 2, r))                                          \
      return true;                                                             \
    double a = nl_cf_to_double(&in[0], x[0]);                                  \
    double b = nl_cf_to_double(&in[0], x[1]);                                  \
    double v;                                                                  \
    if (nl_cf_is_f64(&in[0])) {                                                \
      v = (dexpr);                                                             \
    } else {                                                                   \
      float fa = (float)a, fb = (float)b;                                      \
      float fv = (fexpr);                                                      \
      (void)fa;                                                                \
      (void)fb;                                                                \
      v = fv;                                                                  \
    }                                                                          \
    *r = nl_cf_from_double(&in[0], v);                                         \
    return true;                                                               \
  }

FLOAT_KERNEL(k_addf, a + b, fa + fb)
FLOAT_KERNEL(k_subf, a - b, fa - fb)
FLOAT_KERNEL(k_mulf, a *b, fa *fb)
FLOAT_KERNEL(k_divf, a / b, fa / fb)
FLOAT_KERNEL(k_remf, fmod(a, b), fmodf(fa, fb))

/* llvm::maximum/minimum: NaN operands propagate unchanged, -0 < +0. */
static bool
k_maximum(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
          uint64_t *r, void *ud)
{
  (void)out;
  bool max = nl_arith_kind(ud) == ARITH_MAXIMUMF;
  const NlCfElem *e = &in[0];
  if (nl_cf_isnan(e, x[0]) || nl_cf_isnan(e, x[1])) {
    *r = nl_cf_isnan(e, x[0]) ? x[0] : x[1];
    return true;
  }
  if (nl_cf_iszero(e, x[0]) && nl_cf_iszero(e, x[1]) &&
      nl_cf_signbit(e, x[0]) != nl_cf_signbit(e, x[1])) {
    *r = (nl_cf_signbit(e, x[0]) == max) ? x[1] : x[0];
    return true;
  }
  double a = nl_cf_to_double(e, x[0]), b = nl_cf_to_double(e, x[1]);
  *r = (a < b) == max ? x[1] : x[0];
  return true;
}

/* llvm::maxnum/minnum: a NaN operand yields the other one, -0 < +0. */
static bool
k_maxnum(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
         uint64_t *r, void *ud)
{
  (void)out;
  bool max = nl_arith_kind(ud) == ARITH_MAXNUMF;
  const NlCfElem *e = &in[0];
  if (nl_cf_isnan(e, x[0]) || nl_cf_isnan(e, x[1])) {
    *r = nl_cf_isnan(e, x[0]) ? x[1] : x[0];
    return true;
  }
  if (nl_cf_iszero(e, x[0]) && nl_cf_iszero(e, x[1]) &&
      nl_cf_signbit(e, x[0]) != nl_cf_signbit(e, x[1])) {
    *r = (nl_cf_signbit(e, x[0]) == max) ? x[1] : x[0];
    return true;
  }
  double a = nl_cf_to_double(e, x[0]), b = nl_cf_to_double(e, x[1]);
  *r = (a < b) == max ? x[1] : x[0];
  return true;
}

static bool
k_negf(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  UNUSED_KERNEL_ARGS;
  *r = nl_cf_neg(&in[0], x[0]);
  return true;
}

static bool
cmpf_holds(int pred, double a, double b)
{
  bool uno = isnan(a) || isnan(b);
  bool lt = !uno && a < b, gt = !uno && a > b, eq = !uno && a == b;
  switch (pred) {
  case NL_CMPF_FALSE:
    return false;
  case NL_CMPF_OEQ:
    return eq;
  case NL_CMPF_OGT:
    return gt;
  case NL_CMPF_OGE:
    return gt || eq;
  case NL_CMPF_OLT:
    return lt;
  case NL_CMPF_OLE:
    return lt || eq;
  case NL_CMPF_ONE:
    return lt || gt;
  case NL_CMPF_ORD:
    return !uno;
  case NL_CMPF_UEQ:
    return uno || eq;
  case NL_CMPF_UGT:
    return uno || gt;
  case NL_CMPF_UGE:
    return uno || gt || eq;
  case NL_CMPF_ULT:
    return uno || lt;
  case NL_CMPF_ULE:
    return uno || lt || eq;
  case NL_CMPF_UNE:
    return uno || !eq;
  case NL_CMPF_UNO:
    return uno;
  default:
    return true;
  }
}

/* ud: the predicate (an int). */
static bool
k_cmpf(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  (void)out;
  *r = cmpf_holds(*(const int *)ud, nl_cf_to_double(&in[0], x[0]),
                  nl_cf_to_double(&in[1], x[1]));
  return true;
}

/* ---- cast kernels -------------------------------------------------------- */

static bool
k_float_convert(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
                uint64_t *r, void *ud)
{
  (void)ud;
  return nl_cf_convert_exact(&in[0], x[0], out, r);
}

/* Integer to float, rounded once to nearest even. */
static bool
k_itofp(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  *r =
      nl_cf_from_int(out, x[0], in[0].width, nl_arith_kind(ud) == ARITH_SITOFP);
  return true;
}

/* Float to integer, truncated toward zero; no fold for NaN, infinities and
 * values out of range (APFloat's opInvalidOp). */
static bool
k_fptoi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  return nl_cf_to_int(&in[0], x[0], out->width,
                      nl_arith_kind(ud) == ARITH_FPTOSI, r);
}

/* ---- per-op folders ------------------------------------------------------ */

static NlResult
fold_addf(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (nl_cf_is_float(c[1], NL_CF_NEG_ZERO)) /* x + -0.0 -> x */
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k_addf));
}

static NlResult
fold_subf(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (nl_cf_is_float(c[1], NL_CF_POS_ZERO)) /* x - +0.0 -> x */
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k_subf));
}

/* x * 1.0 -> x and x / 1.0 -> x, then the constant fold. */
static NlResult
fold_mul_div_f(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  if (nl_cf_is_float(c[1], NL_CF_ONE))
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k));
}

static NlResult
fold_minmax_f(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  int kind = nl_arith_kind(op);
  if (lhs(op) == rhs(op))
    return to_value(out, rhs(op));
  /* The neutral operand: -inf for maximumf, +inf for minimumf, NaN for
   * maxnumf/minnumf (the MLIR 20 folds; MLIR 19's maxnumf(x, -inf) is
   * wrong for a NaN x). */
  int neutral = kind == ARITH_MAXIMUMF   ? NL_CF_NEG_INF
                : kind == ARITH_MINIMUMF ? NL_CF_POS_INF
                                         : NL_CF_NAN;
  if (nl_cf_is_float(c[1], neutral))
    return to_value(out, lhs(op));
  bool num = kind == ARITH_MAXNUMF || kind == ARITH_MINNUMF;
  return to_attr(out, apply2(op, c, num ? k_maxnum : k_maximum));
}

static NlResult
fold_negf(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlOp *inner = def_of(lhs(op), ARITH_NEGF); /* -(-x) -> x */
  if (inner)
    return to_value(out, nl_op_operand(inner, 0));
  return to_attr(out, apply1(op, c, k_negf));
}

static NlResult
fold_cmpf(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlAttr *a = c[0], *b = c[1];
  int pred = nl_arith_predicate(op, NL_CMPF_COUNT);
  if (pred < 0)
    return nl_failure();
  /* One NaN operand decides every predicate: compare it with itself. */
  if (a && a->kind == NL_ATTR_FLOAT && nl_cf_is_float(a, NL_CF_NAN))
    b = a;
  if (b && b->kind == NL_ATTR_FLOAT && nl_cf_is_float(b, NL_CF_NAN))
    a = b;
  if (!a || !b || a->kind != NL_ATTR_FLOAT || b->kind != NL_ATTR_FLOAT)
    return nl_failure();
  NlAttr *ab[2] = {a, b};
  return to_attr(
      out, nl_cf_apply(nl_op_context(op), rtype(op), ab, 2, k_cmpf, &pred));
}

static NlResult
fold_extf(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  /* extf(truncf(a)) -> a when both may contract */
  NlOp *tr = def_of(lhs(op), ARITH_TRUNCF);
  if (tr && nl_op_operand(tr, 0)->type == rtype(op) &&
      (nl_arith_fastmath(tr) & NL_FASTMATH_CONTRACT) &&
      (nl_arith_fastmath(op) & NL_FASTMATH_CONTRACT))
    return to_value(out, nl_op_operand(tr, 0));
  return to_attr(out, apply1(op, c, k_float_convert));
}

NlResult
nl_arith_fold_float(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  switch (nl_arith_kind(op)) {
  case ARITH_ADDF:
    return fold_addf(op, c, out);
  case ARITH_SUBF:
    return fold_subf(op, c, out);
  case ARITH_MULF:
    return fold_mul_div_f(op, c, out, k_mulf);
  case ARITH_DIVF:
    return fold_mul_div_f(op, c, out, k_divf);
  case ARITH_REMF:
    return to_attr(out, apply2(op, c, k_remf));
  case ARITH_NEGF:
    return fold_negf(op, c, out);
  case ARITH_MAXIMUMF:
  case ARITH_MINIMUMF:
  case ARITH_MAXNUMF:
  case ARITH_MINNUMF:
    return fold_minmax_f(op, c, out);
  case ARITH_CMPF:
    return fold_cmpf(op, c, out);
  case ARITH_EXTF:
    return fold_extf(op, c, out);
  case ARITH_TRUNCF:
    return to_attr(out, apply1(op, c, k_float_convert));
  case ARITH_SITOFP:
  case ARITH_UITOFP:
    return to_attr(out, apply1(op, c, k_itofp));
  case ARITH_FPTOSI:
  case ARITH_FPTOUI:
    return to_attr(out, apply1(op, c, k_fptoi));
  default:
    return nl_failure();
  }
}
