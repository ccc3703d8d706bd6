/*
 * Folders of the math ops, with MLIR 19's rules (MathOps.cpp): the
 * transcendental functions fold f32 through the float functions of libm
 * (expf, logf, ...) and f64 through the double ones, bit for bit as MLIR
 * does, and nothing else; log, log2, log10 and sqrt skip negative inputs
 * and log1p inputs below -1; absf, ceil, floor, roundeven and copysign
 * fold in every float format; the integer ops (absi, ctlz, cttz, ctpop,
 * ipowi) at any width up to 64 bits. cbrt, rsqrt, fma and fpowi do not
 * fold in MLIR 19 and do not here. Results become arith.constant.
 */
#include <math.h>
#include <string.h>

#include "arith/constfold.h"
#include "math/internal.h"

/* ---- float bits ---------------------------------------------------------- */

static float
as_float(uint64_t b)
{
  uint32_t w = (uint32_t)b;
  float f;
  memcpy(&f, &w, sizeof f);
  return f;
}

static uint64_t
float_bits(float f)
{
  uint32_t w;
  memcpy(&w, &f, sizeof w);
  return w;
}

static double
as_double(uint64_t b)
{
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static uint64_t
double_bits(double d)
{
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

/* ---- libm functions ------------------------------------------------------ */

enum { ANY, NONNEG, LOG1P };

typedef struct Libm {
  float (*f)(float);
  double (*d)(double);
  int domain; /* inputs folded */
} Libm;

static const Libm libm_fns[MATH_NOPS] = {
    [MATH_ACOS] = {acosf, acos, ANY},
    [MATH_ACOSH] = {acoshf, acosh, ANY},
    [MATH_ASIN] = {asinf, asin, ANY},
    [MATH_ASINH] = {asinhf, asinh, ANY},
    [MATH_ATAN] = {atanf, atan, ANY},
    [MATH_ATANH] = {atanhf, atanh, ANY},
    [MATH_COS] = {cosf, cos, ANY},
    [MATH_COSH] = {coshf, cosh, ANY},
    [MATH_ERF] = {erff, erf, ANY},
    [MATH_EXP] = {expf, exp, ANY},
    [MATH_EXP2] = {exp2f, exp2, ANY},
    [MATH_EXPM1] = {expm1f, expm1, ANY},
    [MATH_LOG] = {logf, log, NONNEG},
    [MATH_LOG10] = {log10f, log10, NONNEG},
    [MATH_LOG1P] = {log1pf, log1p, LOG1P},
    [MATH_LOG2] = {log2f, log2, NONNEG},
    [MATH_ROUND] = {roundf, round, ANY},
    [MATH_SIN] = {sinf, sin, ANY},
    [MATH_SINH] = {sinhf, sinh, ANY},
    [MATH_SQRT] = {sqrtf, sqrt, NONNEG},
    [MATH_TAN] = {tanf, tan, ANY},
    [MATH_TANH] = {tanhf, tanh, ANY},
    [MATH_TRUNC] = {truncf, trunc, ANY},
};

/* A libm function of f32 or f64 (other formats decline). */
static bool
k_libm(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  (void)out;
  const Libm *fn = &libm_fns[nl_math_kind(ud)];
  const NlCfElem *e = &in[0];
  if (e->fkind != NL_F32 && e->fkind != NL_F64)
    return false;
  bool f64 = e->fkind == NL_F64;
  if (fn->domain == NONNEG && nl_cf_signbit(e, x[0]))
    return false;
  if (fn->domain == LOG1P) {
    /* APFloat's check: (a + 1).isNegative() */
    bool neg = f64 ? signbit(as_double(x[0]) + 1.0)
                   : signbit((float)(as_float(x[0]) + 1.0f));
    if (neg)
      return false;
  }
  *r = f64 ? double_bits(fn->d(as_double(x[0])))
           : float_bits(fn->f(as_float(x[0])));
  return true;
}

/* absf, ceil, floor, roundeven: APFloat operations, in every format. */
static bool
k_apfloat(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
          uint64_t *r, void *ud)
{
  (void)out;
  const NlCfElem *e = &in[0];
  int kind = nl_math_kind(ud);
  if (kind == MATH_ABSF) {
    *r = nl_cf_abs(e, x[0]);
    return true;
  }
  if (nl_cf_isnan(e, x[0])) {
    *r = nl_cf_quiet(e, x[0]);
    return true;
  }
  double v = nl_cf_to_double(e, x[0]); /* integral results are exact */
  switch (kind) {
  case MATH_CEIL:
    v = ceil(v);
    break;
  case MATH_FLOOR:
    v = floor(v);
    break;
  default:
    v = nearbyint(v); /* ties to even in the default rounding mode */
    break;
  }
  *r = nl_cf_from_double(e, v);
  return true;
}

static bool
k_atan2(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  (void)out;
  (void)ud;
  const NlCfElem *e = &in[0];
  if (nl_cf_iszero(e, x[0]) && nl_cf_iszero(e, x[1])) {
    *r = nl_cf_qnan(e);
    return true;
  }
  if (e->fkind == NL_F64)
    *r = double_bits(atan2(as_double(x[0]), as_double(x[1])));
  else if (e->fkind == NL_F32)
    *r = float_bits(atan2f(as_float(x[0]), as_float(x[1])));
  else
    return false;
  return true;
}

static bool
k_powf(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  (void)out;
  (void)ud;
  if (in[0].fkind == NL_F64)
    *r = double_bits(pow(as_double(x[0]), as_double(x[1])));
  else if (in[0].fkind == NL_F32)
    *r = float_bits(powf(as_float(x[0]), as_float(x[1])));
  else
    return false;
  return true;
}

static bool
k_copysign(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
           uint64_t *r, void *ud)
{
  (void)out;
  (void)ud;
  const NlCfElem *e = &in[0];
  uint64_t mag = nl_cf_abs(e, x[0]);
  *r = nl_cf_signbit(e, x[1]) ? nl_cf_neg(e, mag) : mag;
  return true;
}

/* ---- integer kernels ----------------------------------------------------- */

static bool
k_int_unary(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
            uint64_t *r, void *ud)
{
  (void)out;
  uint32_t w = in[0].width;
  uint64_t a = x[0] & nl_cf_mask(w);
  switch (nl_math_kind(ud)) {
  case MATH_ABSI:
    *r = nl_cf_sext(a, w) < 0 ? (uint64_t)0 - a : a;
    return true;
  case MATH_CTLZ:
    *r = a ? (uint64_t)(__builtin_clzll(a) - (64 - (int)w)) : w;
    return true;
  case MATH_CTTZ:
    *r = a ? (uint64_t)__builtin_ctzll(a) : w;
    return true;
  default:
    *r = (uint64_t)__builtin_popcountll(a);
    return true;
  }
}

/* base ** power at width w; negative powers as MLIR 19 folds them. */
static bool
k_ipowi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  (void)out;
  (void)ud;
  uint32_t w = in[0].width;
  uint64_t mask = nl_cf_mask(w);
  uint64_t base = x[0] & mask, power = x[1] & mask;
  if (!power) {
    *r = 1;
    return true;
  }
  if (nl_cf_sext(power, w) < 0) {
    if (!base)
      return false; /* 0 ** negative stays */
    if (base == 1) {
      *r = 1;
    } else if (base != mask) { /* |base| > 1 */
      *r = 0;
    } else { /* -1: the parity of the power decides */
      *r = (power & 1) ? mask : 1;
    }
    return true;
  }
  uint64_t result = 1;
  while (power) {
    if (power & 1)
      result *= base;
    power >>= 1;
    base *= base;
  }
  *r = result;
  return true;
}

/* ---- dispatch ------------------------------------------------------------ */

NlResult
nl_math_fold(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlCfFn fn = NULL;
  int kind = nl_math_kind(op);
  switch (kind) {
  case MATH_ABSF:
  case MATH_CEIL:
  case MATH_FLOOR:
  case MATH_ROUNDEVEN:
    fn = k_apfloat;
    break;
  case MATH_ATAN2:
    fn = k_atan2;
    break;
  case MATH_POWF:
    fn = k_powf;
    break;
  case MATH_COPYSIGN:
    fn = k_copysign;
    break;
  case MATH_ABSI:
  case MATH_CTLZ:
  case MATH_CTTZ:
  case MATH_CTPOP:
    fn = k_int_unary;
    break;
  case MATH_IPOWI:
    fn = k_ipowi;
    break;
  case MATH_CBRT:
  case MATH_RSQRT:
  case MATH_FMA:
  case MATH_FPOWI:
    return nl_failure();
  default:
    if (kind >= 0 && libm_fns[kind].f)
      fn = k_libm;
    break;
  }
  if (!fn)
    return nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++)
    if (!c[i])
      return nl_failure();
  NlAttr *a = nl_cf_apply(nl_op_context(op), nl_op_result(op, 0)->type, c,
                          op->noperands, fn, op);
  if (!a)
    return nl_failure();
  out->attr = a;
  out->value = NULL;
  return nl_success();
}
