/*
 * convert-graph-to-tensor: elementwise ops (arithmetic, activations,
 * comparisons, logic, Where, Cast, Clip) become one tensor.generic over the
 * result's shape with numpy broadcasting in the indexing maps; operands
 * that are splat constants become scalar arith.constant in the body.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

/* x[i]: the scalar of operand i, NULL when the operand is absent. */
typedef NlValue *(*ScalarFn)(NlG2T *g, NlBuilder *b, NlValue *const *x,
                             uint32_t n, NlType *out);

enum {
  T_FLOAT = 1, /* float elements */
  T_INT = 2,   /* integer elements (i8..i64) */
  T_BOOL = 4,  /* i1 */
  T_NUM = T_FLOAT | T_INT,
  T_ANY = T_FLOAT | T_INT | T_BOOL,
};

#define FP(x) ((x)->type->kind == NL_TYPE_FLOAT)

static NlValue *
cst(NlG2T *g, NlBuilder *b, NlValue *like, double v)
{
  return nl_g2t_scalar(g, b, like->type, v);
}

static NlValue *
bin(NlG2T *g, NlBuilder *b, const char *f, const char *i, NlValue *x,
    NlValue *y)
{
  return nl_g2t_op2(g, b, FP(x) ? f : i, x, y);
}

/* ---- arithmetic ---------------------------------------------------------- */

/* The ops that are a single arith op on two operands: its float and its
 * integer spelling (and, or and xor, on i1 only, have one). */
#define BINARY(fn, fop, iop)                                                   \
  static NlValue *fn(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n,    \
                     NlType *o)                                                \
  {                                                                            \
    (void)n, (void)o;                                                          \
    return bin(g, b, fop, iop, x[0], x[1]);                                    \
  }
BINARY(s_add, "arith.addf", "arith.addi")
BINARY(s_sub, "arith.subf", "arith.subi")
BINARY(s_mul, "arith.mulf", "arith.muli")
BINARY(s_div, "arith.divf", "arith.divsi")
BINARY(s_and, "arith.andi", "arith.andi")
BINARY(s_or, "arith.ori", "arith.ori")
BINARY(s_xor, "arith.xori", "arith.xori")
#undef BINARY

static NlValue *
s_pow(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n;
  if (FP(x[0])) {
    NlValue *y = nl_g2t_convert(g, b, x[1], x[0]->type, false);
    return nl_g2t_op2(g, b, "math.powf", x[0], y);
  }
  /* Integer base: in f64 (exact for results up to 2^53), then back. */
  NlType *f64 = nl_type_f64(g->ctx);
  NlValue *xf = nl_g2t_convert(g, b, x[0], f64, false);
  NlValue *yf = nl_g2t_convert(g, b, x[1], f64, false);
  NlValue *p = nl_g2t_op2(g, b, "math.powf", xf, yf);
  return nl_g2t_convert(g, b, p, o, false);
}
static NlValue *
s_mod(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  if (FP(x[0]))
    return nl_g2t_op2(g, b, "arith.remf", x[0], x[1]);
  NlValue *r = nl_g2t_op2(g, b, "arith.remsi", x[0], x[1]);
  if (nl_g2t_attr_int(g, "fmod", 0))
    return r;
  /* Python's modulo: the sign of the divisor. */
  NlValue *zero = cst(g, b, r, 0);
  NlValue *nz = nl_g2t_cmp(g, b, false, NL_G2T_NE, r, zero);
  NlValue *rn = nl_g2t_cmp(g, b, false, NL_G2T_SLT, r, zero);
  NlValue *bn = nl_g2t_cmp(g, b, false, NL_G2T_SLT, x[1], zero);
  NlValue *diff = nl_g2t_op2(g, b, "arith.xori", rn, bn);
  NlValue *fix = nl_g2t_op2(g, b, "arith.andi", nz, diff);
  return nl_g2t_select(g, b, fix, nl_g2t_op2(g, b, "arith.addi", r, x[1]), r);
}
static NlValue *
s_max(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)o;
  NlValue *r = x[0];
  for (uint32_t i = 1; i < n; i++)
    r = bin(g, b, "arith.maximumf", "arith.maxsi", r, x[i]);
  return r;
}
static NlValue *
s_min(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)o;
  NlValue *r = x[0];
  for (uint32_t i = 1; i < n; i++)
    r = bin(g, b, "arith.minimumf", "arith.minsi", r, x[i]);
  return r;
}
static NlValue *
s_sum(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)o;
  NlValue *r = x[0];
  for (uint32_t i = 1; i < n; i++)
    r = bin(g, b, "arith.addf", "arith.addi", r, x[i]);
  return r;
}
static NlValue *
s_mean(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  NlValue *r = s_sum(g, b, x, n, o);
  return nl_g2t_op2(g, b, "arith.divf", r, cst(g, b, r, n));
}

/* ---- unary math ---------------------------------------------------------- */

static NlValue *
s_neg(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  if (FP(x[0]))
    return nl_g2t_op1(g, b, "arith.negf", x[0]);
  return nl_g2t_op2(g, b, "arith.subi", cst(g, b, x[0], 0), x[0]);
}
static NlValue *
s_abs(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  return nl_g2t_op1(g, b, FP(x[0]) ? "math.absf" : "math.absi", x[0]);
}
static NlValue *
s_reciprocal(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  return nl_g2t_op2(g, b, "arith.divf", cst(g, b, x[0], 1), x[0]);
}
static NlValue *
s_sign(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  bool fp = FP(x[0]);
  NlValue *zero = cst(g, b, x[0], 0);
  NlValue *gt = nl_g2t_cmp(g, b, fp, fp ? NL_G2T_OGT : NL_G2T_SGT, x[0], zero);
  NlValue *lt = nl_g2t_cmp(g, b, fp, fp ? NL_G2T_OLT : NL_G2T_SLT, x[0], zero);
  NlValue *r = nl_g2t_select(g, b, lt, cst(g, b, x[0], -1), zero);
  r = nl_g2t_select(g, b, gt, cst(g, b, x[0], 1), r);
  return fp ? nl_g2t_select(
                  g, b, nl_g2t_cmp(g, b, true, NL_G2T_UNO, x[0], x[0]), x[0], r)
            : r;
}

/* Math dialect unary ops named like the graph op. */
static NlValue *
s_math(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  const char *k = nl_op_name(g->op) + strlen("graph.");
  char name[32];
  snprintf(name, sizeof name, "math.%s",
           strcmp(k, "round") == 0 ? "roundeven" : k);
  return nl_g2t_op1(g, b, name, x[0]);
}

/* ---- activations --------------------------------------------------------- */

NlValue *
nl_g2t_unary_scalar(NlG2T *g, NlBuilder *b, const char *k, NlValue *x,
                    double alpha)
{
  if (strcmp(k, "relu") == 0)
    return bin(g, b, "arith.maximumf", "arith.maxsi", x, cst(g, b, x, 0));
  if (strcmp(k, "sigmoid") == 0) {
    NlValue *e =
        nl_g2t_op1(g, b, "math.exp", nl_g2t_op1(g, b, "arith.negf", x));
    NlValue *one = cst(g, b, x, 1);
    return nl_g2t_op2(g, b, "arith.divf", one,
                      nl_g2t_op2(g, b, "arith.addf", one, e));
  }
  if (strcmp(k, "tanh") == 0)
    return nl_g2t_op1(g, b, "math.tanh", x);
  if (strcmp(k, "leaky_relu") == 0) {
    NlValue *lt = nl_g2t_cmp(g, b, true, NL_G2T_OLT, x, cst(g, b, x, 0));
    return nl_g2t_select(
        g, b, lt, nl_g2t_op2(g, b, "arith.mulf", x, cst(g, b, x, alpha)), x);
  }
  return NULL;
}

static NlValue *
s_act(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  const char *k = nl_op_name(g->op) + strlen("graph.");
  return nl_g2t_unary_scalar(g, b, k, x[0],
                             nl_g2t_attr_float(g, "alpha", 0.01));
}

static NlValue *
s_prelu(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  NlValue *lt = nl_g2t_cmp(g, b, true, NL_G2T_OLT, x[0], cst(g, b, x[0], 0));
  return nl_g2t_select(g, b, lt, nl_g2t_op2(g, b, "arith.mulf", x[0], x[1]),
                       x[0]);
}

static NlValue *
s_hard_sigmoid(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  bool swish = nl_op_is(g->op, "graph.hard_swish");
  double alpha = swish ? 1.0 / 6 : nl_g2t_attr_float(g, "alpha", 0.2);
  double beta = swish ? 0.5 : nl_g2t_attr_float(g, "beta", 0.5);
  NlValue *v = nl_g2t_op2(g, b, "arith.mulf", x[0], cst(g, b, x[0], alpha));
  v = nl_g2t_op2(g, b, "arith.addf", v, cst(g, b, x[0], beta));
  v = nl_g2t_op2(g, b, "arith.minimumf", v, cst(g, b, x[0], 1));
  v = nl_g2t_op2(g, b, "arith.maximumf", v, cst(g, b, x[0], 0));
  return swish ? nl_g2t_op2(g, b, "arith.mulf", x[0], v) : v;
}

/* x < 0 ? a * (exp(x / c) - 1) : x, times gamma (Elu, Selu, Celu). */
static NlValue *
s_elu(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  bool selu = nl_op_is(g->op, "graph.selu"),
       celu = nl_op_is(g->op, "graph.celu");
  double alpha = nl_g2t_attr_float(g, "alpha", selu ? 1.6732632 : 1.0);
  double gamma = selu ? nl_g2t_attr_float(g, "gamma", 1.050701) : 1.0;
  NlValue *v = x[0];
  if (celu)
    v = nl_g2t_op2(g, b, "arith.divf", v, cst(g, b, v, alpha));
  NlValue *e = nl_g2t_op1(g, b, "math.exp", v);
  e = nl_g2t_op2(g, b, "arith.subf", e, cst(g, b, v, 1));
  e = nl_g2t_op2(g, b, "arith.mulf", e, cst(g, b, v, alpha));
  NlValue *neg = nl_g2t_cmp(g, b, true, selu ? NL_G2T_OLE : NL_G2T_OLT, x[0],
                            cst(g, b, v, 0));
  NlValue *r = nl_g2t_select(g, b, neg, e, x[0]);
  return selu ? nl_g2t_op2(g, b, "arith.mulf", r, cst(g, b, v, gamma)) : r;
}

static NlValue *
s_softplus(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  NlValue *e = nl_g2t_op1(g, b, "math.exp", x[0]);
  return nl_g2t_op1(g, b, "math.log1p", e);
}

static NlValue *
s_softsign(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  NlValue *a = nl_g2t_op1(g, b, "math.absf", x[0]);
  a = nl_g2t_op2(g, b, "arith.addf", a, cst(g, b, x[0], 1));
  return nl_g2t_op2(g, b, "arith.divf", x[0], a);
}

static NlValue *
s_thresholded_relu(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n,
                   NlType *o)
{
  (void)n, (void)o;
  NlValue *a = cst(g, b, x[0], nl_g2t_attr_float(g, "alpha", 1.0));
  NlValue *gt = nl_g2t_cmp(g, b, true, NL_G2T_OGT, x[0], a);
  return nl_g2t_select(g, b, gt, x[0], cst(g, b, x[0], 0));
}

/* x < -lambd ? x + bias : x > lambd ? x - bias : 0 */
static NlValue *
s_shrink(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  double l = nl_g2t_attr_float(g, "lambd", 0.5),
         bias = nl_g2t_attr_float(g, "bias", 0.0);
  NlValue *lt = nl_g2t_cmp(g, b, true, NL_G2T_OLT, x[0], cst(g, b, x[0], -l));
  NlValue *gt = nl_g2t_cmp(g, b, true, NL_G2T_OGT, x[0], cst(g, b, x[0], l));
  NlValue *add = nl_g2t_op2(g, b, "arith.addf", x[0], cst(g, b, x[0], bias));
  NlValue *sub = nl_g2t_op2(g, b, "arith.subf", x[0], cst(g, b, x[0], bias));
  NlValue *r = nl_g2t_select(g, b, gt, sub, cst(g, b, x[0], 0));
  return nl_g2t_select(g, b, lt, add, r);
}

static NlValue *
s_clip(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)o;
  NlValue *v = x[0];
  if (n > 1 && x[1])
    v = bin(g, b, "arith.maximumf", "arith.maxsi", v, x[1]);
  if (n > 2 && x[2])
    v = bin(g, b, "arith.minimumf", "arith.minsi", v, x[2]);
  return v;
}

/* ---- comparisons and logic ----------------------------------------------- */

static NlValue *
compare(NlG2T *g, NlBuilder *b, NlValue *const *x, int fp, int si, int ui)
{
  if (FP(x[0]))
    return nl_g2t_cmp(g, b, true, fp, x[0], x[1]);
  return nl_g2t_cmp(g, b, false, nl_type_bitwidth(x[0]->type) == 1 ? ui : si,
                    x[0], x[1]);
}

/* The comparisons: cmpf's predicate, cmpi's for signed and for unsigned
 * (i1) operands. */
#define COMPARE(fn, fp, si, ui)                                                \
  static NlValue *fn(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n,    \
                     NlType *o)                                                \
  {                                                                            \
    (void)n, (void)o;                                                          \
    return compare(g, b, x, fp, si, ui);                                       \
  }
COMPARE(s_equal, NL_G2T_OEQ, NL_G2T_EQ, NL_G2T_EQ)
COMPARE(s_less, NL_G2T_OLT, NL_G2T_SLT, NL_G2T_ULT)
COMPARE(s_less_eq, NL_G2T_OLE, NL_G2T_SLE, NL_G2T_ULE)
COMPARE(s_greater, NL_G2T_OGT, NL_G2T_SGT, NL_G2T_UGT)
COMPARE(s_greater_eq, NL_G2T_OGE, NL_G2T_SGE, NL_G2T_UGE)
#undef COMPARE

static NlValue *
s_not(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  return nl_g2t_op2(g, b, "arith.xori", x[0], cst(g, b, x[0], 1));
}
static NlValue *
s_is_nan(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  return nl_g2t_cmp(g, b, true, NL_G2T_UNO, x[0], x[0]);
}
static NlValue *
s_is_inf(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  bool pos = nl_g2t_attr_int(g, "detect_positive", 1);
  bool neg = nl_g2t_attr_int(g, "detect_negative", 1);
  NlValue *p =
      nl_g2t_cmp(g, b, true, NL_G2T_OEQ, x[0], cst(g, b, x[0], INFINITY));
  NlValue *m =
      nl_g2t_cmp(g, b, true, NL_G2T_OEQ, x[0], cst(g, b, x[0], -INFINITY));
  if (pos && neg)
    return nl_g2t_op2(g, b, "arith.ori", p, m);
  if (pos)
    return p;
  if (neg)
    return m;
  return nl_g2t_scalar(g, b, nl_type_i1(g->ctx), 0);
}
static NlValue *
s_where(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n, (void)o;
  return nl_g2t_select(g, b, x[0], x[1], x[2]);
}
static NlValue *
s_cast(NlG2T *g, NlBuilder *b, NlValue *const *x, uint32_t n, NlType *o)
{
  (void)n;
  return nl_g2t_convert(g, b, x[0], o, false);
}

/* ---- the table ----------------------------------------------------------- */

typedef struct Elementwise {
  const char *name;
  uint8_t types; /* allowed element types of operand 0 */
  ScalarFn fn;
} Elementwise;

static const Elementwise table[] = {
    {"graph.add", T_NUM, s_add},
    {"graph.sub", T_NUM, s_sub},
    {"graph.mul", T_NUM, s_mul},
    {"graph.div", T_NUM, s_div},
    {"graph.pow", T_NUM, s_pow},
    {"graph.mod", T_NUM, s_mod},
    {"graph.max", T_NUM, s_max},
    {"graph.min", T_NUM, s_min},
    {"graph.sum", T_NUM, s_sum},
    {"graph.mean", T_FLOAT, s_mean},
    {"graph.neg", T_NUM, s_neg},
    {"graph.abs", T_NUM, s_abs},
    {"graph.reciprocal", T_FLOAT, s_reciprocal},
    {"graph.sign", T_NUM, s_sign},
    {"graph.exp", T_FLOAT, s_math},
    {"graph.log", T_FLOAT, s_math},
    {"graph.sqrt", T_FLOAT, s_math},
    {"graph.erf", T_FLOAT, s_math},
    {"graph.tanh", T_FLOAT, s_math},
    {"graph.sin", T_FLOAT, s_math},
    {"graph.cos", T_FLOAT, s_math},
    {"graph.tan", T_FLOAT, s_math},
    {"graph.asin", T_FLOAT, s_math},
    {"graph.acos", T_FLOAT, s_math},
    {"graph.atan", T_FLOAT, s_math},
    {"graph.sinh", T_FLOAT, s_math},
    {"graph.cosh", T_FLOAT, s_math},
    {"graph.asinh", T_FLOAT, s_math},
    {"graph.acosh", T_FLOAT, s_math},
    {"graph.atanh", T_FLOAT, s_math},
    {"graph.ceil", T_FLOAT, s_math},
    {"graph.floor", T_FLOAT, s_math},
    {"graph.round", T_FLOAT, s_math},
    {"graph.relu", T_NUM, s_act},
    {"graph.sigmoid", T_FLOAT, s_act},
    {"graph.leaky_relu", T_FLOAT, s_act},
    {"graph.prelu", T_FLOAT, s_prelu},
    {"graph.hard_sigmoid", T_FLOAT, s_hard_sigmoid},
    {"graph.hard_swish", T_FLOAT, s_hard_sigmoid},
    {"graph.elu", T_FLOAT, s_elu},
    {"graph.selu", T_FLOAT, s_elu},
    {"graph.celu", T_FLOAT, s_elu},
    {"graph.softplus", T_FLOAT, s_softplus},
    {"graph.softsign", T_FLOAT, s_softsign},
    {"graph.thresholded_relu", T_FLOAT, s_thresholded_relu},
    {"graph.clip", T_NUM, s_clip},
    {"graph.equal", T_ANY, s_equal},
    {"graph.less", T_ANY, s_less},
    {"graph.less_or_equal", T_ANY, s_less_eq},
    {"graph.greater", T_ANY, s_greater},
    {"graph.greater_or_equal", T_ANY, s_greater_eq},
    {"graph.not", T_BOOL, s_not},
    {"graph.and", T_BOOL, s_and},
    {"graph.or", T_BOOL, s_or},
    {"graph.xor", T_BOOL, s_xor},
    {"graph.is_nan", T_FLOAT, s_is_nan},
    {"graph.is_inf", T_FLOAT, s_is_inf},
    {"graph.where", T_BOOL, s_where},
    {"graph.cast", T_ANY, s_cast},
    {"graph.cast_like", T_ANY, s_cast},
    {"graph.shrink", T_FLOAT, s_shrink},
};

static const Elementwise *
lookup(const char *name)
{
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].name, name) == 0)
      return &table[i];
  return NULL;
}

bool
nl_g2t_is_elementwise(const char *name)
{
  return lookup(name) != NULL;
}

static uint8_t
type_class(NlType *e)
{
  if (e->kind == NL_TYPE_FLOAT)
    return T_FLOAT;
  if (e->kind == NL_TYPE_INTEGER)
    return e->integer.width == 1 ? T_BOOL : T_INT;
  return 0;
}

/* The generic's body: operands that are block arguments or constants. */
typedef struct Body {
  const Elementwise *ew;
  uint32_t n;        /* graph operands */
  int32_t *arg;      /* block argument of operand i, or -1 */
  NlAttr **constant; /* scalar constant of operand i, or NULL */
  NlType *out;
} Body;

static void
ew_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
        void *ud)
{
  Body *bd = ud;
  NlValue **x = nl_xcalloc(bd->n + 1, sizeof(NlValue *));
  for (uint32_t i = 0; i < bd->n; i++) {
    if (bd->arg[i] >= 0)
      x[i] = args[bd->arg[i]];
    else if (bd->constant[i])
      x[i] = nl_g2t_scalar_attr(g, b, bd->constant[i]);
  }
  yields[0] = bd->ew->fn(g, b, x, bd->n, bd->out);
  free(x);
}

NlResult
nl_g2t_lower_elementwise(NlG2T *g, NlValue **res)
{
  const Elementwise *ew = lookup(nl_op_name(g->op));
  NlValue *x0 = nl_g2t_operand(g, 0);
  if (!ew || !x0)
    return nl_g2t_error(g, "is not supported yet");
  NlType *e0 = nl_type_element(x0->type);
  uint32_t cls = nl_op_is(g->op, "graph.where")
                     ? type_class(nl_type_element(nl_g2t_operand(g, 1)->type))
                     : type_class(e0);
  if (nl_op_is(g->op, "graph.where") && type_class(e0) != T_BOOL)
    return nl_g2t_error(g, "condition must be i1");
  if (!nl_op_is(g->op, "graph.where") && !(cls & ew->types))
    return nl_g2t_error(g, "is not supported on elements of this type yet");
  if ((nl_op_is(g->op, "graph.cast") || nl_op_is(g->op, "graph.cast_like")) &&
      !type_class(nl_type_element(nl_op_result(g->op, 0)->type)))
    return nl_g2t_error(g, "is not supported to this element type yet");

  NlValue *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(r), n = g->op->noperands;
  if (nl_op_is(g->op, "graph.cast_like"))
    n = 1; /* operand 1 only gives the type */
  Body bd = {ew, n, nl_xcalloc(n + 1, sizeof(int32_t)),
             nl_xcalloc(n + 1, sizeof(NlAttr *)), nl_type_element(r->type)};
  NlValue **ins = nl_xcalloc(n + 1, sizeof(NlValue *));
  NlAffineMap **maps = nl_xcalloc(n + 2, sizeof(NlAffineMap *));
  uint32_t nins = 0;
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v = nl_g2t_operand(g, i);
    bd.arg[i] = -1;
    if (!v)
      continue;
    if ((bd.constant[i] = nl_g2t_const_scalar(v)))
      continue;
    bd.arg[i] = (int32_t)nins;
    ins[nins] = v;
    maps[nins++] = nl_g2t_map_broadcast(g, v->type, nl_g2t_dims(r), rank);
  }
  res[0] = nl_g2t_parallel_generic(g, r->type, ins, maps, nins, ew_body, &bd);
  free(bd.arg);
  free(bd.constant);
  free(ins);
  free(maps);
  return nl_success();
}

/* ---- fused activations --------------------------------------------------- */

typedef struct Act {
  const char *kind;
  double alpha;
} Act;

static void
act_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  Act *a = ud;
  yields[0] = nl_g2t_unary_scalar(g, b, a->kind, args[0], a->alpha);
}

NlResult
nl_g2t_activation(NlG2T *g, NlValue **v)
{
  const char *k = nl_g2t_attr_str(g, "activation", NULL);
  if (!k)
    return nl_success();
  if (strcmp(k, "relu") && strcmp(k, "sigmoid") && strcmp(k, "tanh") &&
      strcmp(k, "leaky_relu"))
    return nl_g2t_error(g, "fused activation \"%s\" is not supported yet", k);
  if (!nl_g2t_is_float(nl_type_element((*v)->type)) && strcmp(k, "relu"))
    return nl_g2t_error(g, "fused activation \"%s\" needs float elements", k);
  Act a = {k, nl_g2t_attr_float(g, "activation_alpha", 0.01)};
  uint32_t rank = nl_g2t_rank(*v);
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  *v = nl_g2t_parallel_generic(g, (*v)->type, v, &id, 1, act_body, &a);
  return nl_success();
}
