/*
 * Canonicalization patterns of the arith ops: MLIR 19's
 * ArithCanonicalization.td and the C++ patterns of ArithOps.cpp (constant
 * reassociation of addi/subi/muli, ext/trunc/index_cast/bitcast chains,
 * select and cmpi simplifications, cmpf of an int-to-float against a
 * constant). Folds that need no new ops live in fold.c. Patterns change the
 * IR only through the rewriter; each opens with its before/after form.
 * The list of patterns is patterns.def.
 */
#include <math.h>
#include <string.h>

#include "arith/constfold.h"
#include "arith/internal.h"

/* ---- building ops -------------------------------------------------------- */

/* An op under construction: begin(), add operands, results and
 * attributes to b.st, then finish(). */
typedef struct Build {
  NlOpState st;
  NlRewriter *rw;
} Build;

static void
begin(Build *b, NlRewriter *rw, int kind, NlOp *at)
{
  NlContext *ctx = nl_rewriter_context(rw);
  const char *name = nl_arith_ops[kind].name;
  const NlOpDef *def = nl_context_lookup_op(ctx, name, strlen(name));
  nl_assert(def); /* patterns only run while the dialect is loaded */
  b->rw = rw;
  nl_op_state_init(&b->st, ctx, def, at->loc);
}

static NlOp *
finish(Build *b)
{
  NlOp *op = nl_rewriter_create(b->rw, &b->st);
  nl_op_state_fini(&b->st);
  return op;
}

/* A new `kind %a, %b : type(%a)` (or with one operand when b is NULL),
 * with optional overflow flags. */
static NlValue *
make(NlRewriter *rw, NlOp *at, int kind, NlType *type, NlValue *a, NlValue *b,
     uint32_t ovf)
{
  Build bd;
  begin(&bd, rw, kind, at);
  nl_op_state_add_operand(&bd.st, a);
  if (b)
    nl_op_state_add_operand(&bd.st, b);
  nl_op_state_add_result(&bd.st, type);
  NlAttr *flags = nl_arith_overflow_attr(nl_rewriter_context(rw), ovf);
  if (flags)
    nl_op_state_add_attr(&bd.st, "overflowFlags", flags);
  return nl_op_result(finish(&bd), 0);
}

static NlValue *
make_const(NlRewriter *rw, NlOp *at, NlAttr *value)
{
  Build bd;
  begin(&bd, rw, ARITH_CONSTANT, at);
  nl_op_state_add_attr(&bd.st, "value", value);
  nl_op_state_add_result(&bd.st, value->type);
  return nl_op_result(finish(&bd), 0);
}

static NlValue *
make_cmpi(NlRewriter *rw, NlOp *at, int pred, NlValue *a, NlValue *b)
{
  NlContext *ctx = nl_rewriter_context(rw);
  Build bd;
  begin(&bd, rw, ARITH_CMPI, at);
  nl_op_state_add_operand(&bd.st, a);
  nl_op_state_add_operand(&bd.st, b);
  nl_op_state_add_result(&bd.st,
                         nl_arith_with_elem(ctx, a->type, nl_type_i1(ctx)));
  nl_op_state_add_attr(&bd.st, "predicate",
                       nl_attr_integer(ctx, nl_type_i64(ctx), pred));
  return nl_op_result(finish(&bd), 0);
}

static NlValue *
make_select(NlRewriter *rw, NlOp *at, NlValue *c, NlValue *t, NlValue *f)
{
  Build bd;
  begin(&bd, rw, ARITH_SELECT, at);
  nl_op_state_add_operand(&bd.st, c);
  nl_op_state_add_operand(&bd.st, t);
  nl_op_state_add_operand(&bd.st, f);
  nl_op_state_add_result(&bd.st, t->type);
  return nl_op_result(finish(&bd), 0);
}

static NlResult
replace(NlRewriter *rw, NlOp *op, NlValue *v)
{
  nl_rewriter_replace_op(rw, op, &v, 1);
  return nl_success();
}

/* ---- matching ------------------------------------------------------------ */

static NlValue *
opd(NlOp *op, uint32_t i)
{
  return nl_op_operand(op, i);
}

static NlType *
rtype(NlOp *op)
{
  return nl_op_result(op, 0)->type;
}

/* The defining op of v when it is an arith op of `kind`. */
static NlOp *
def_of(NlValue *v, int kind)
{
  NlOp *d = nl_value_defining_op(v);
  return nl_arith_kind(d) == kind ? d : NULL;
}

/* A scalar integer constant (DRR's `ConstantLikeMatcher APIntAttr`) of at
 * most 64 bits: its value. */
static bool
int_const(NlValue *v, uint64_t *out)
{
  NlAttr *a = nl_value_constant(v);
  NlCfElem e;
  if (!a || a->kind != NL_ATTR_INTEGER || !nl_cf_splat_value(a, &e, out))
    return false;
  return true;
}

/* `type` (scalar integer or index) holding v, as a new constant. */
static NlValue *
int_const_of(NlRewriter *rw, NlOp *at, NlType *type, uint64_t v)
{
  return make_const(rw, at,
                    nl_attr_integer(nl_rewriter_context(rw), type, (int64_t)v));
}

static uint32_t
elem_width(NlType *t)
{
  return nl_type_bitwidth(nl_type_element(t));
}

/* ---- addi ---------------------------------------------------------------- */

/* addi(addi(x, c0), c1) -> addi(x, c0 + c1) */
static NlResult
addi_add_constant(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_ADDI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 + c1);
  return replace(rw, op,
                 make(rw, op, ARITH_ADDI, rtype(op), opd(in, 0), c,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* addi(subi(x, c0), c1) -> addi(x, c1 - c0) */
static NlResult
addi_sub_constant_rhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c1 - c0);
  return replace(rw, op,
                 make(rw, op, ARITH_ADDI, rtype(op), opd(in, 0), c,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* addi(subi(c0, x), c1) -> subi(c0 + c1, x) */
static NlResult
addi_sub_constant_lhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 0), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 + c1);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), c, opd(in, 1),
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* Whether v is `muli(x, -1)` (scalar or splat -1); sets *x. */
static bool
is_mul_neg_one(NlValue *v, NlValue **x)
{
  NlOp *m = def_of(v, ARITH_MULI);
  if (!m || !nl_cf_is_all_ones(nl_value_constant(opd(m, 1))))
    return false;
  *x = opd(m, 0);
  return true;
}

/* addi(x, muli(y, -1)) -> subi(x, y) */
static NlResult
addi_mul_neg_one_rhs(NlOp *op, NlRewriter *rw)
{
  NlValue *y;
  if (!is_mul_neg_one(opd(op, 1), &y))
    return nl_failure();
  return replace(rw, op, make(rw, op, ARITH_SUBI, rtype(op), opd(op, 0), y, 0));
}

/* addi(muli(x, -1), y) -> subi(y, x) */
static NlResult
addi_mul_neg_one_lhs(NlOp *op, NlRewriter *rw)
{
  NlValue *x;
  if (!is_mul_neg_one(opd(op, 0), &x))
    return nl_failure();
  return replace(rw, op, make(rw, op, ARITH_SUBI, rtype(op), opd(op, 1), x, 0));
}

/* ---- subi ---------------------------------------------------------------- */

/* subi(addi(x, c0), c1) -> addi(x, c0 - c1) (flags dropped, as in MLIR) */
static NlResult
subi_rhs_add_constant(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_ADDI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 - c1);
  return replace(rw, op, make(rw, op, ARITH_ADDI, rtype(op), opd(in, 0), c, 0));
}

/* subi(c1, addi(x, c0)) -> subi(c1 - c0, x) */
static NlResult
subi_lhs_add_constant(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 1), ARITH_ADDI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 0), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c1 - c0);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), c, opd(in, 0),
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* subi(subi(x, c0), c1) -> subi(x, c0 + c1) */
static NlResult
subi_rhs_sub_constant_rhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 + c1);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), opd(in, 0), c,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* subi(subi(c0, x), c1) -> subi(c0 - c1, x) */
static NlResult
subi_rhs_sub_constant_lhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 0), &c0) || !int_const(opd(op, 1), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 - c1);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), c, opd(in, 1),
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* subi(c1, subi(x, c0)) -> subi(c0 + c1, x) */
static NlResult
subi_lhs_sub_constant_rhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 1), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 0), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 + c1);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), c, opd(in, 0),
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* subi(c1, subi(c0, x)) -> addi(x, c1 - c0) */
static NlResult
subi_lhs_sub_constant_lhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 1), ARITH_SUBI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 0), &c0) || !int_const(opd(op, 0), &c1))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c1 - c0);
  return replace(rw, op,
                 make(rw, op, ARITH_ADDI, rtype(op), opd(in, 1), c,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* subi(subi(x, y), x) -> subi(0, y) */
static NlResult
subi_sub_lhs_rhs_lhs(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_SUBI);
  if (!in || opd(in, 0) != opd(op, 1))
    return nl_failure();
  NlValue *y = opd(in, 1);
  NlAttr *zero = nl_cf_splat_attr(nl_rewriter_context(rw), y->type, 0);
  if (!zero)
    return nl_failure();
  NlValue *c = make_const(rw, op, zero);
  return replace(rw, op,
                 make(rw, op, ARITH_SUBI, rtype(op), c, y,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* muli(muli(x, c0), c1) -> muli(x, c0 * c1) */
static NlResult
muli_muli_constant(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), ARITH_MULI);
  uint64_t c0, c1;
  if (!in || !int_const(opd(in, 1), &c0) || !int_const(opd(op, 1), &c1) ||
      opd(in, 1)->type != rtype(op) || opd(op, 1)->type != rtype(op))
    return nl_failure();
  NlValue *c = int_const_of(rw, op, rtype(op), c0 * c1);
  return replace(rw, op,
                 make(rw, op, ARITH_MULI, rtype(op), opd(in, 0), c,
                      nl_arith_overflow(in) & nl_arith_overflow(op)));
}

/* ---- extended arithmetic ------------------------------------------------- */

/* An extended op whose second result is unused becomes the plain op; the
 * unused result is replaced by x (any value would do). */
static NlResult
extended_to_plain(NlOp *op, NlRewriter *rw, int kind)
{
  if (nl_value_has_uses(nl_op_result(op, 1)))
    return nl_failure();
  NlValue *vals[2] = {make(rw, op, kind, rtype(op), opd(op, 0), opd(op, 1), 0),
                      opd(op, 0)};
  nl_rewriter_replace_op(rw, op, vals, 2);
  return nl_success();
}

/* addui_extended(x, y) -> [addi(x, y), x] when the overflow is unused */
static NlResult
addui_extended_to_addi(NlOp *op, NlRewriter *rw)
{
  return extended_to_plain(op, rw, ARITH_ADDI);
}

/* mulsi_extended(x, y) -> [muli(x, y), x] when the high half is unused */
static NlResult
mulsi_extended_to_muli(NlOp *op, NlRewriter *rw)
{
  return extended_to_plain(op, rw, ARITH_MULI);
}

/* mului_extended(x, y) -> [muli(x, y), x] when the high half is unused */
static NlResult
mului_extended_to_muli(NlOp *op, NlRewriter *rw)
{
  return extended_to_plain(op, rw, ARITH_MULI);
}

/* mulsi_extended(x, 1) -> [x, extsi(cmpi slt, x, 0)] */
static NlResult
mulsi_extended_rhs_one(NlOp *op, NlRewriter *rw)
{
  NlValue *x = opd(op, 0);
  if (elem_width(x->type) < 2 ||
      !nl_cf_is_int(nl_value_constant(opd(op, 1)), 1))
    return nl_failure();
  NlAttr *zero = nl_cf_splat_attr(nl_rewriter_context(rw), x->type, 0);
  if (!zero)
    return nl_failure();
  NlValue *neg = make_cmpi(rw, op, NL_CMPI_SLT, x, make_const(rw, op, zero));
  NlValue *vals[2] = {x, make(rw, op, ARITH_EXTSI, x->type, neg, NULL, 0)};
  nl_rewriter_replace_op(rw, op, vals, 2);
  return nl_success();
}

/* ---- bitwise ops --------------------------------------------------------- */

static int
invert_cmpi(int pred)
{
  static const int inv[NL_CMPI_COUNT] = {
      [NL_CMPI_EQ] = NL_CMPI_NE,   [NL_CMPI_NE] = NL_CMPI_EQ,
      [NL_CMPI_SLT] = NL_CMPI_SGE, [NL_CMPI_SLE] = NL_CMPI_SGT,
      [NL_CMPI_SGT] = NL_CMPI_SLE, [NL_CMPI_SGE] = NL_CMPI_SLT,
      [NL_CMPI_ULT] = NL_CMPI_UGE, [NL_CMPI_ULE] = NL_CMPI_UGT,
      [NL_CMPI_UGT] = NL_CMPI_ULE, [NL_CMPI_UGE] = NL_CMPI_ULT,
  };
  return inv[pred];
}

/* xori(cmpi(pred, a, b), true) -> cmpi(!pred, a, b) */
static NlResult
xori_not_cmpi(NlOp *op, NlRewriter *rw)
{
  NlOp *cmp = def_of(opd(op, 0), ARITH_CMPI);
  NlAttr *t = nl_value_constant(opd(op, 1));
  if (!cmp || !t || t->kind != NL_ATTR_INTEGER || !nl_cf_is_int(t, 1) ||
      !nl_type_is_integer(t->type, 1))
    return nl_failure();
  int pred = nl_arith_predicate(cmp, NL_CMPI_COUNT);
  if (pred < 0)
    return nl_failure();
  return replace(
      rw, op, make_cmpi(rw, op, invert_cmpi(pred), opd(cmp, 0), opd(cmp, 1)));
}

/* op(ext(x), ext(y)) -> ext(op(x, y)) for andi, ori and xori and
 * ext in {extui, extsi}, when x and y have one type. */
static NlResult
bitwise_of_ext(NlOp *op, NlRewriter *rw)
{
  static const int exts[2] = {ARITH_EXTUI, ARITH_EXTSI};
  for (int i = 0; i < 2; i++) {
    NlOp *a = def_of(opd(op, 0), exts[i]), *b = def_of(opd(op, 1), exts[i]);
    if (!a || !b || opd(a, 0)->type != opd(b, 0)->type)
      continue;
    NlValue *x = opd(a, 0), *y = opd(b, 0);
    NlValue *inner = make(rw, op, nl_arith_kind(op), x->type, x, y, 0);
    return replace(rw, op, make(rw, op, exts[i], rtype(op), inner, NULL, 0));
  }
  return nl_failure();
}

/* xori(ext(x), ext(y)) -> ext(xori(x, y)) */
static NlResult
xori_of_ext(NlOp *op, NlRewriter *rw)
{
  return bitwise_of_ext(op, rw);
}

/* andi(ext(x), ext(y)) -> ext(andi(x, y)) */
static NlResult
andi_of_ext(NlOp *op, NlRewriter *rw)
{
  return bitwise_of_ext(op, rw);
}

/* ori(ext(x), ext(y)) -> ext(ori(x, y)) */
static NlResult
ori_of_ext(NlOp *op, NlRewriter *rw)
{
  return bitwise_of_ext(op, rw);
}

/* ---- comparisons --------------------------------------------------------- */

/* cmpi(eq|ne, ext(a), ext(b)) -> cmpi(eq|ne, a, b), one ext kind, a and b
 * of one type */
static NlResult
cmpi_of_ext(NlOp *op, NlRewriter *rw)
{
  int pred = nl_arith_predicate(op, NL_CMPI_COUNT);
  if (pred != NL_CMPI_EQ && pred != NL_CMPI_NE)
    return nl_failure();
  static const int exts[2] = {ARITH_EXTSI, ARITH_EXTUI};
  for (int i = 0; i < 2; i++) {
    NlOp *a = def_of(opd(op, 0), exts[i]), *b = def_of(opd(op, 1), exts[i]);
    if (a && b && opd(a, 0)->type == opd(b, 0)->type)
      return replace(rw, op, make_cmpi(rw, op, pred, opd(a, 0), opd(b, 0)));
  }
  return nl_failure();
}

/* The bits of the significand, implicit bit included (getFPMantissaWidth). */
static int
mantissa_width(const NlCfElem *e)
{
  switch ((NlFloatKind)e->fkind) {
  case NL_F16:
    return 11;
  case NL_BF16:
    return 8;
  case NL_F32:
    return 24;
  default:
    return 53;
  }
}

/* The exponent of the largest finite value (ilogb(getLargest())). */
static int
max_exponent(const NlCfElem *e)
{
  switch ((NlFloatKind)e->fkind) {
  case NL_F16:
    return 15;
  case NL_BF16:
  case NL_F32:
    return 127;
  default:
    return 1023;
  }
}

static int
cmpf_to_cmpi(int pred, bool is_unsigned)
{
  switch (pred) {
  case NL_CMPF_OEQ:
  case NL_CMPF_UEQ:
    return NL_CMPI_EQ;
  case NL_CMPF_OGT:
  case NL_CMPF_UGT:
    return is_unsigned ? NL_CMPI_UGT : NL_CMPI_SGT;
  case NL_CMPF_OGE:
  case NL_CMPF_UGE:
    return is_unsigned ? NL_CMPI_UGE : NL_CMPI_SGE;
  case NL_CMPF_OLT:
  case NL_CMPF_ULT:
    return is_unsigned ? NL_CMPI_ULT : NL_CMPI_SLT;
  case NL_CMPF_OLE:
  case NL_CMPF_ULE:
    return is_unsigned ? NL_CMPI_ULE : NL_CMPI_SLE;
  default: /* one, une */
    return NL_CMPI_NE;
  }
}

static NlResult
replace_bool(NlRewriter *rw, NlOp *op, bool v)
{
  NlContext *ctx = nl_rewriter_context(rw);
  return replace(rw, op, make_const(rw, op, nl_attr_bool(ctx, v)));
}

/* cmpf(pred, [su]itofp(x), c) -> cmpi(pred', x, int(c)), or a constant,
 * when the conversion cannot affect the comparison (InstCombine's rule,
 * as MLIR's CmpFIntToFPConst). E.g.
 *   %f = arith.sitofp %x : i8 to f32
 *   %r = arith.cmpf olt, %f, %c4.5 : f32   ->   arith.cmpi sle, %x, %c4 */
static NlResult
cmpf_int_to_fp_const(NlOp *op, NlRewriter *rw)
{
  NlAttr *c = nl_value_constant(opd(op, 1));
  NlCfElem fe;
  uint64_t bits;
  if (!c || c->kind != NL_ATTR_FLOAT || !nl_cf_splat_value(c, &fe, &bits) ||
      nl_cf_isnan(&fe, bits))
    return nl_failure();
  double rhs = nl_cf_to_double(&fe, bits);
  int mwidth = mantissa_width(&fe);
  NlOp *conv = def_of(opd(op, 0), ARITH_SITOFP);
  bool is_unsigned = false;
  if (!conv) {
    conv = def_of(opd(op, 0), ARITH_UITOFP);
    is_unsigned = true;
  }
  if (!conv)
    return nl_failure();
  NlValue *x = opd(conv, 0);
  if (x->type->kind != NL_TYPE_INTEGER)
    return nl_failure();
  uint32_t w = x->type->integer.width;
  int value_bits = (int)(is_unsigned ? w : w - 1);
  if ((int)w > mwidth) { /* the conversion may round: can that matter? */
    if (isinf(rhs)) {
      if (max_exponent(&fe) < value_bits)
        return nl_failure();
    } else if (rhs != 0) {
      int ex = ilogb(rhs);
      if (mwidth <= ex && ex <= value_bits)
        return nl_failure();
    }
  }
  int fpred = nl_arith_predicate(op, NL_CMPF_COUNT);
  if (fpred < 0 || fpred == NL_CMPF_FALSE || fpred == NL_CMPF_TRUE)
    return nl_failure();
  if (fpred == NL_CMPF_ORD) /* an int converted to float is never NaN */
    return replace_bool(rw, op, true);
  if (fpred == NL_CMPF_UNO)
    return replace_bool(rw, op, false);
  int pred = cmpf_to_cmpi(fpred, is_unsigned);
  /* Constants beyond the integer range decide the comparison. */
  uint64_t maxv = is_unsigned ? nl_cf_mask(w) : nl_cf_mask(w - 1);
  double fmax = nl_cf_to_double(&fe, nl_cf_from_int(&fe, maxv, w, false));
  if (fmax < rhs)
    return replace_bool(rw, op,
                        pred == NL_CMPI_NE || pred == NL_CMPI_SLT ||
                            pred == NL_CMPI_SLE || pred == NL_CMPI_ULT ||
                            pred == NL_CMPI_ULE);
  uint64_t minv = is_unsigned ? 0 : nl_cf_mask(w - 1) + 1;
  double fmin =
      nl_cf_to_double(&fe, nl_cf_from_int(&fe, minv, w, !is_unsigned));
  if (fmin > rhs)
    return replace_bool(rw, op,
                        pred == NL_CMPI_NE || pred == NL_CMPI_SGT ||
                            pred == NL_CMPI_SGE || pred == NL_CMPI_UGT ||
                            pred == NL_CMPI_UGE);
  uint64_t ival;
  if (!nl_cf_to_int(&fe, bits, w, !is_unsigned, &ival))
    return nl_failure();
  if (rhs != 0) {
    double back =
        nl_cf_to_double(&fe, nl_cf_from_int(&fe, ival, w, !is_unsigned));
    if (back != rhs) { /* a fractional constant: adjust the predicate */
      bool neg = rhs < 0;
      switch (pred) {
      case NL_CMPI_NE:
        return replace_bool(rw, op, true);
      case NL_CMPI_EQ:
        return replace_bool(rw, op, false);
      case NL_CMPI_ULE:
        if (neg)
          return replace_bool(rw, op, false);
        break;
      case NL_CMPI_SLE:
        if (neg)
          pred = NL_CMPI_SLT;
        break;
      case NL_CMPI_ULT:
        if (neg)
          return replace_bool(rw, op, false);
        pred = NL_CMPI_ULE;
        break;
      case NL_CMPI_SLT:
        if (!neg)
          pred = NL_CMPI_SLE;
        break;
      case NL_CMPI_UGT:
        if (neg)
          return replace_bool(rw, op, true);
        break;
      case NL_CMPI_SGT:
        if (neg)
          pred = NL_CMPI_SGE;
        break;
      case NL_CMPI_UGE:
        if (neg)
          return replace_bool(rw, op, true);
        pred = NL_CMPI_UGT;
        break;
      case NL_CMPI_SGE:
        if (!neg)
          pred = NL_CMPI_SGT;
        break;
      }
    }
  }
  NlValue *k = int_const_of(rw, op, x->type, ival);
  return replace(rw, op, make_cmpi(rw, op, pred, x, k));
}

/* ---- select -------------------------------------------------------------- */

/* select(p, select(p, a, b), c) -> select(p, a, c) */
static NlResult
select_redundant_true(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 1), ARITH_SELECT);
  if (!in || opd(in, 0) != opd(op, 0))
    return nl_failure();
  return replace(rw, op,
                 make_select(rw, op, opd(op, 0), opd(in, 1), opd(op, 2)));
}

/* select(p, a, select(p, b, c)) -> select(p, a, c) */
static NlResult
select_redundant_false(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 2), ARITH_SELECT);
  if (!in || opd(in, 0) != opd(op, 0))
    return nl_failure();
  return replace(rw, op,
                 make_select(rw, op, opd(op, 0), opd(op, 1), opd(in, 2)));
}

/* select(xori(p, -1), a, b) -> select(p, b, a) (scalar -1 constant) */
static NlResult
select_not_cond(NlOp *op, NlRewriter *rw)
{
  NlOp *n = def_of(opd(op, 0), ARITH_XORI);
  NlAttr *ones = n ? nl_value_constant(opd(n, 1)) : NULL;
  if (!ones || ones->kind != NL_ATTR_INTEGER || !nl_cf_is_all_ones(ones))
    return nl_failure();
  return replace(rw, op,
                 make_select(rw, op, opd(n, 0), opd(op, 2), opd(op, 1)));
}

/* A scalar i1 constant equal to v. */
static bool
is_i1_const(NlValue *v, bool want)
{
  NlAttr *a = nl_value_constant(v);
  return a && a->kind == NL_ATTR_INTEGER && nl_type_is_integer(a->type, 1) &&
         nl_cf_is_int(a, want);
}

/* select(p, false, true) -> xori(p, true) */
static NlResult
select_i1_to_not(NlOp *op, NlRewriter *rw)
{
  if (!is_i1_const(opd(op, 1), false) || !is_i1_const(opd(op, 2), true))
    return nl_failure();
  NlContext *ctx = nl_rewriter_context(rw);
  NlValue *t = make_const(rw, op, nl_attr_bool(ctx, true));
  return replace(rw, op, make(rw, op, ARITH_XORI, rtype(op), opd(op, 0), t, 0));
}

/* select(p, 1, 0) -> extui(p); select(p, 0, 1) -> extui(xori(p, true)),
 * for scalar integers wider than i1 */
static NlResult
select_to_extui(NlOp *op, NlRewriter *rw)
{
  NlType *t = rtype(op);
  if (t->kind != NL_TYPE_INTEGER || t->integer.width == 1)
    return nl_failure();
  NlAttr *a = nl_value_constant(opd(op, 1)), *b = nl_value_constant(opd(op, 2));
  NlValue *cond = opd(op, 0);
  if (nl_cf_is_int(a, 1) && nl_cf_is_int(b, 0))
    return replace(rw, op, make(rw, op, ARITH_EXTUI, t, cond, NULL, 0));
  if (nl_cf_is_int(a, 0) && nl_cf_is_int(b, 1)) {
    NlContext *ctx = nl_rewriter_context(rw);
    NlValue *one = make_const(rw, op, nl_attr_bool(ctx, true));
    NlValue *not = make(rw, op, ARITH_XORI, cond->type, cond, one, 0);
    return replace(rw, op, make(rw, op, ARITH_EXTUI, t, not, NULL, 0));
  }
  return nl_failure();
}

/* ---- casts --------------------------------------------------------------- */

/* The bit width index_cast uses for t: its integer width, or 64 for
 * index. */
static uint32_t
cast_width(NlType *t)
{
  NlType *e = nl_type_element(t);
  return e->kind == NL_TYPE_INTEGER ? e->integer.width : 64;
}

/* cast(cast(x : A) : B) : A -> x, when B is at least as wide as A (MLIR 19
 * also folds narrowing round trips, which lose bits). */
static NlResult
cast_round_trip(NlOp *op, NlRewriter *rw)
{
  NlOp *in = def_of(opd(op, 0), nl_arith_kind(op));
  if (!in)
    return nl_failure();
  NlValue *x = opd(in, 0);
  if (x->type != rtype(op) || cast_width(rtype(in)) < cast_width(x->type))
    return nl_failure();
  return replace(rw, op, x);
}

/* index_cast(index_cast(x : A) : B) : A -> x */
static NlResult
index_cast_of_index_cast(NlOp *op, NlRewriter *rw)
{
  return cast_round_trip(op, rw);
}

/* index_castui(index_castui(x : A) : B) : A -> x */
static NlResult
index_castui_of_index_castui(NlOp *op, NlRewriter *rw)
{
  return cast_round_trip(op, rw);
}

/* cast(ext(x)) -> cast(x) where ext is the matching extension */
static NlResult
cast_of_ext(NlOp *op, NlRewriter *rw, int ext_kind)
{
  NlOp *ext = def_of(opd(op, 0), ext_kind);
  if (!ext)
    return nl_failure();
  return replace(
      rw, op, make(rw, op, nl_arith_kind(op), rtype(op), opd(ext, 0), NULL, 0));
}

/* index_cast(extsi(x)) -> index_cast(x) */
static NlResult
index_cast_of_ext(NlOp *op, NlRewriter *rw)
{
  return cast_of_ext(op, rw, ARITH_EXTSI);
}

/* index_castui(extui(x)) -> index_castui(x) */
static NlResult
index_castui_of_ext(NlOp *op, NlRewriter *rw)
{
  return cast_of_ext(op, rw, ARITH_EXTUI);
}

/* bitcast(bitcast(x)) -> bitcast(x) */
static NlResult
bitcast_of_bitcast(NlOp *op, NlRewriter *rw)
{
  return cast_of_ext(op, rw, ARITH_BITCAST);
}

/* extsi(extui(x)) -> extui(x) */
static NlResult
extsi_of_extui(NlOp *op, NlRewriter *rw)
{
  NlOp *ext = def_of(opd(op, 0), ARITH_EXTUI);
  if (!ext)
    return nl_failure();
  return replace(rw, op,
                 make(rw, op, ARITH_EXTUI, rtype(op), opd(ext, 0), NULL, 0));
}

/* trunci(ext(x)) -> ext(x) when only extension bits are truncated:
 * width(ext) > width(trunci) > width(x) */
static NlResult
trunci_of_ext(NlOp *op, NlRewriter *rw)
{
  static const int exts[2] = {ARITH_EXTSI, ARITH_EXTUI};
  for (int i = 0; i < 2; i++) {
    NlOp *ext = def_of(opd(op, 0), exts[i]);
    if (!ext)
      continue;
    uint32_t we = elem_width(rtype(ext)), wt = elem_width(rtype(op)),
             wx = elem_width(opd(ext, 0)->type);
    if (we > wt && wt > wx && wx > 0)
      return replace(rw, op,
                     make(rw, op, exts[i], rtype(op), opd(ext, 0), NULL, 0));
  }
  return nl_failure();
}

/* trunci(shrsi(x, c)) -> trunci(shrui(x, c)) when c is exactly the number
 * of truncated bits, so that the sign bits shifted in are all dropped */
static NlResult
trunci_shrsi_to_shrui(NlOp *op, NlRewriter *rw)
{
  NlOp *sh = def_of(opd(op, 0), ARITH_SHRSI);
  NlAttr *c = sh ? nl_value_constant(opd(sh, 1)) : NULL;
  NlCfElem e;
  uint64_t v;
  if (!c || !nl_cf_splat_value(c, &e, &v) || e.is_float)
    return nl_failure();
  NlValue *x = opd(sh, 0);
  if (v != elem_width(x->type) - elem_width(rtype(op)))
    return nl_failure();
  NlValue *shr =
      make(rw, op, ARITH_SHRUI, x->type, x, make_const(rw, op, c), 0);
  return replace(rw, op, make(rw, op, ARITH_TRUNCI, rtype(op), shr, NULL, 0));
}

/* ---- float ops ----------------------------------------------------------- */

/* op(negf(x), negf(y)) -> op(x, y) for mulf and divf, keeping op's
 * fastmath flags */
static NlResult
float_of_negs(NlOp *op, NlRewriter *rw)
{
  NlOp *a = def_of(opd(op, 0), ARITH_NEGF), *b = def_of(opd(op, 1), ARITH_NEGF);
  if (!a || !b || opd(a, 0)->type != opd(b, 0)->type)
    return nl_failure();
  Build bd;
  begin(&bd, rw, nl_arith_kind(op), op);
  nl_op_state_add_operand(&bd.st, opd(a, 0));
  nl_op_state_add_operand(&bd.st, opd(b, 0));
  nl_op_state_add_result(&bd.st, rtype(op));
  NlAttr *fm = nl_arith_inherent(op, "fastmath");
  if (fm)
    nl_op_state_add_attr(&bd.st, "fastmath", fm);
  return replace(rw, op, nl_op_result(finish(&bd), 0));
}

/* mulf(negf(x), negf(y)) -> mulf(x, y) */
static NlResult
mulf_of_negf(NlOp *op, NlRewriter *rw)
{
  return float_of_negs(op, rw);
}

/* divf(negf(x), negf(y)) -> divf(x, y) */
static NlResult
divf_of_negf(NlOp *op, NlRewriter *rw)
{
  return float_of_negs(op, rw);
}

/* ---- the table ----------------------------------------------------------- */

const NlPattern nl_arith_patterns[ARITH_NPATTERNS] = {
#define PAT(fn, root, benefit) [ARITH_PAT_##fn] = {root, benefit, #fn, fn},
#include "arith/patterns.def"
#undef PAT
};
