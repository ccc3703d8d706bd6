/*
 * Folders of the arith ops (MLIR's ArithOps.cpp `fold` methods), integer
 * part and dispatch: constant folding on scalars, splats and dense elements
 * with APInt's semantics (wrapping at the width, no fold for division by
 * zero, signed overflow or shifts past the width), algebraic identities
 * (x + 0, x * 1, x - x, ...), cmpi, select, integer cast chains, and two of
 * the trait folds MLIR tries when an op's own fold fails: idempotent
 * `andi`/`ori` and identity casts (the core moves the constants of
 * commutative ops to the right). Float ops are in fold_float.c. Folders
 * never create or erase ops; see rewrite.h for the contract.
 */
#include "arith/fold.h"

/* ---- integer kernels ----------------------------------------------------- */

#define W (in[0].width)
#define SX(v) nl_cf_sext((v), W)
#define SMIN(w) (-(int64_t)(nl_cf_mask((w) - 1)) - 1)

#define INT_KERNEL(name, expr)                                                 \
  static bool name(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, \
                   uint64_t *r, void *ud)                                      \
  {                                                                            \
    UNUSED_KERNEL_ARGS;                                                        \
    uint64_t a = x[0], b = x[1];                                               \
    (void)a;                                                                   \
    (void)b;                                                                   \
    *r = (expr);                                                               \
    return true;                                                               \
  }

INT_KERNEL(k_addi, a + b)
INT_KERNEL(k_subi, a - b)
INT_KERNEL(k_muli, a *b)
INT_KERNEL(k_andi, a &b)
INT_KERNEL(k_ori, a | b)
INT_KERNEL(k_xori, a ^ b)
INT_KERNEL(k_maxsi, SX(a) < SX(b) ? b : a)
INT_KERNEL(k_minsi, SX(a) < SX(b) ? a : b)
INT_KERNEL(k_maxui, a < b ? b : a)
INT_KERNEL(k_minui, a < b ? a : b)

static bool
k_divui(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (!x[1])
    return false;
  *r = x[0] / x[1];
  return true;
}

static bool
k_remui(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (!x[1])
    return false;
  *r = x[0] % x[1];
  return true;
}

static bool
k_ceildivui(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
            uint64_t *r, void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (!x[1])
    return false;
  *r = x[0] / x[1] + (x[0] % x[1] != 0);
  return true;
}

static bool
k_divsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  int64_t a = SX(x[0]), b = SX(x[1]);
  if (!b || (a == SMIN(W) && b == -1))
    return false; /* division by zero or signed overflow */
  *r = (uint64_t)(a / b);
  return true;
}

static bool
k_remsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  int64_t a = SX(x[0]), b = SX(x[1]);
  if (!b)
    return false;
  *r = b == -1 ? 0 : (uint64_t)(a % b);
  return true;
}

static bool
k_floordivsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
             uint64_t *r, void *ud)
{
  UNUSED_KERNEL_ARGS;
  int64_t a = SX(x[0]), b = SX(x[1]);
  if (!b || (a == SMIN(W) && b == -1))
    return false;
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;
  *r = (uint64_t)q;
  return true;
}

/* ceil(a / b) for a, b > 0: (a - 1) / b + 1, as APInt computes it. */
static int64_t
ceil_pos(int64_t a, int64_t b)
{
  return (a - 1) / b + 1;
}

/* MLIR's ceildivsi folder: no fold when negating an operand or the
 * quotient overflows (which excludes the minimum value on either side). */
static bool
k_ceildivsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
            uint64_t *r, void *ud)
{
  UNUSED_KERNEL_ARGS;
  int64_t a = SX(x[0]), b = SX(x[1]), min = SMIN(W);
  if (!b)
    return false;
  if (!a) {
    *r = 0;
    return true;
  }
  if (a > 0 && b > 0) {
    *r = (uint64_t)ceil_pos(a, b);
    return true;
  }
  if (a == min || b == min)
    return false;
  if (a < 0 && b < 0)
    *r = (uint64_t)ceil_pos(-a, -b);
  else if (a < 0)
    *r = (uint64_t)(-(-a / b));
  else
    *r = (uint64_t)(-(a / -b));
  return true;
}

static bool
k_shli(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (x[1] >= W)
    return false;
  *r = x[0] << x[1];
  return true;
}

static bool
k_shrui(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (x[1] >= W)
    return false;
  *r = x[0] >> x[1];
  return true;
}

static bool
k_shrsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  UNUSED_KERNEL_ARGS;
  if (x[1] >= W)
    return false;
  int64_t a = SX(x[0]);
  *r = a < 0 ? ~(~(uint64_t)a >> x[1]) : (uint64_t)a >> x[1];
  return true;
}

/* The full 128-bit product of two 64-bit values (hi:lo). */
static void
mul_wide(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
  uint64_t al = a & 0xffffffffu, ah = a >> 32;
  uint64_t bl = b & 0xffffffffu, bh = b >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  *lo = (ll & 0xffffffffu) | (mid << 32);
  *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* The high half (bits [w, 2w)) of the w-bit product, signed or not. */
static uint64_t
mul_high(uint64_t a, uint64_t b, uint32_t w, bool is_signed)
{
  if (is_signed) {
    a = (uint64_t)nl_cf_sext(a, w);
    b = (uint64_t)nl_cf_sext(b, w);
  }
  uint64_t lo, hi;
  mul_wide(a, b, &lo, &hi);
  if (is_signed) { /* two's complement correction of the unsigned product */
    if ((int64_t)a < 0)
      hi -= b;
    if ((int64_t)b < 0)
      hi -= a;
  }
  return w == 64 ? hi : (lo >> w) | (hi << (64 - w));
}

INT_KERNEL(k_mulhs, mul_high(a, b, W, true))
INT_KERNEL(k_mulhu, mul_high(a, b, W, false))
/* Carry of an unsigned addition: the sum is below an operand. */
INT_KERNEL(k_carry, ((a + b) & nl_cf_mask(W)) < a)

static bool
cmpi_holds(int pred, uint64_t a, uint64_t b, uint32_t w)
{
  int64_t sa = nl_cf_sext(a, w), sb = nl_cf_sext(b, w);
  switch (pred) {
  case NL_CMPI_EQ:
    return a == b;
  case NL_CMPI_NE:
    return a != b;
  case NL_CMPI_SLT:
    return sa < sb;
  case NL_CMPI_SLE:
    return sa <= sb;
  case NL_CMPI_SGT:
    return sa > sb;
  case NL_CMPI_SGE:
    return sa >= sb;
  case NL_CMPI_ULT:
    return a < b;
  case NL_CMPI_ULE:
    return a <= b;
  case NL_CMPI_UGT:
    return a > b;
  default:
    return a >= b;
  }
}

/* ud: the predicate (an int), read once per fold rather than per element. */
static bool
k_cmpi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  (void)out;
  *r = cmpi_holds(*(const int *)ud, x[0], x[1], W);
  return true;
}

/* ---- cast kernels -------------------------------------------------------- */

static bool
k_extsi(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
        void *ud)
{
  (void)ud;
  (void)out;
  *r = (uint64_t)nl_cf_sext(x[0], in[0].width);
  return true;
}

static bool
k_zext(const NlCfElem *in, const uint64_t *x, const NlCfElem *out, uint64_t *r,
       void *ud)
{
  UNUSED_KERNEL_ARGS;
  *r = x[0]; /* truncation is the map's masking */
  return true;
}

static bool
k_bitcast(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
          uint64_t *r, void *ud)
{
  UNUSED_KERNEL_ARGS;
  *r = x[0];
  return true;
}

static bool
k_select(const NlCfElem *in, const uint64_t *x, const NlCfElem *out,
         uint64_t *r, void *ud)
{
  UNUSED_KERNEL_ARGS;
  *r = x[0] ? x[1] : x[2];
  return true;
}

/* ---- matchers ------------------------------------------------------------ */

/* Width of an integer or vector-of-integer type, else 0 (MLIR's
 * getIntegerWidth, which ignores tensors). */
static uint32_t
int_or_vector_width(const NlType *t)
{
  if (t->kind == NL_TYPE_VECTOR)
    t = t->shaped.elem;
  return t->kind == NL_TYPE_INTEGER ? t->integer.width : 0;
}

static uint32_t
elem_width(NlType *t)
{
  return nl_type_bitwidth(nl_type_element(t));
}

/* ---- per-op folders ------------------------------------------------------ */

static NlResult
fold_addi(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (is_zero(c[1]))
    return to_value(out, lhs(op));
  NlOp *sub = def_of(lhs(op), ARITH_SUBI); /* (a - b) + b -> a */
  if (sub && rhs(op) == nl_op_operand(sub, 1))
    return to_value(out, nl_op_operand(sub, 0));
  sub = def_of(rhs(op), ARITH_SUBI); /* b + (a - b) -> a */
  if (sub && lhs(op) == nl_op_operand(sub, 1))
    return to_value(out, nl_op_operand(sub, 0));
  return to_attr(out, apply2(op, c, k_addi));
}

static NlResult
fold_subi(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (lhs(op) == rhs(op)) {
    NlAttr *z = nl_cf_splat_attr(nl_op_context(op), rtype(op), 0);
    if (z)
      return to_attr(out, z);
  }
  if (is_zero(c[1]))
    return to_value(out, lhs(op));
  NlOp *add = def_of(lhs(op), ARITH_ADDI);
  if (add && rhs(op) == nl_op_operand(add, 1)) /* (a + b) - b -> a */
    return to_value(out, nl_op_operand(add, 0));
  if (add && rhs(op) == nl_op_operand(add, 0)) /* (a + b) - a -> b */
    return to_value(out, nl_op_operand(add, 1));
  return to_attr(out, apply2(op, c, k_subi));
}

static NlResult
fold_muli(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (is_zero(c[1]))
    return to_value(out, rhs(op));
  if (is_one(c[1]))
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k_muli));
}

/* x / 1 -> x, then the constant fold of kernel k. */
static NlResult
fold_div(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  if (is_one(c[1]))
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k));
}

/* x % 1 -> 0, then the constant fold. */
static NlResult
fold_rem(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  if (is_one(c[1]))
    return to_attr(out, nl_cf_splat_attr(nl_op_context(op), rtype(op), 0));
  return to_attr(out, apply2(op, c, k));
}

/* Whether v is `xori x, -1` (not x). */
static bool
is_not_of(NlValue *v, NlValue *x)
{
  NlOp *n = def_of(v, ARITH_XORI);
  return n && nl_op_operand(n, 0) == x &&
         nl_cf_is_all_ones(nl_value_constant(nl_op_operand(n, 1)));
}

static NlResult
fold_andi(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (is_zero(c[1]))
    return to_value(out, rhs(op));
  if (nl_cf_is_all_ones(c[1]))
    return to_value(out, lhs(op));
  if (is_not_of(rhs(op), lhs(op)) || is_not_of(lhs(op), rhs(op))) {
    NlAttr *z = nl_cf_splat_attr(nl_op_context(op), rtype(op), 0);
    if (z)
      return to_attr(out, z);
  }
  /* and(a, and(a, b)) -> and(a, b), on either side */
  for (int side = 0; side < 2; side++) {
    NlOp *prev = def_of(nl_op_operand(op, (uint32_t)side), ARITH_ANDI);
    NlValue *other = nl_op_operand(op, (uint32_t)!side);
    if (prev &&
        (other == nl_op_operand(prev, 0) || other == nl_op_operand(prev, 1)))
      return to_value(out, nl_op_result(prev, 0));
  }
  return to_attr(out, apply2(op, c, k_andi));
}

static NlResult
fold_ori(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (is_zero(c[1]))
    return to_value(out, lhs(op));
  if (nl_cf_is_all_ones(c[1]))
    return to_attr(out, c[1]);
  /* or(x, not x) -> -1: the all-ones constant of the xori */
  if (is_not_of(rhs(op), lhs(op)))
    return to_value(out, nl_op_operand(nl_value_defining_op(rhs(op)), 1));
  if (is_not_of(lhs(op), rhs(op)))
    return to_value(out, nl_op_operand(nl_value_defining_op(lhs(op)), 1));
  return to_attr(out, apply2(op, c, k_ori));
}

static NlResult
fold_xori(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (is_zero(c[1]))
    return to_value(out, lhs(op));
  if (lhs(op) == rhs(op)) {
    NlAttr *z = nl_cf_splat_attr(nl_op_context(op), rtype(op), 0);
    if (z)
      return to_attr(out, z);
  }
  NlOp *prev = def_of(lhs(op), ARITH_XORI); /* (x ^ a) ^ a -> x */
  if (prev && nl_op_operand(prev, 1) == rhs(op))
    return to_value(out, nl_op_operand(prev, 0));
  if (prev && nl_op_operand(prev, 0) == rhs(op))
    return to_value(out, nl_op_operand(prev, 1));
  prev = def_of(rhs(op), ARITH_XORI); /* a ^ (x ^ a) -> x */
  if (prev && nl_op_operand(prev, 1) == lhs(op))
    return to_value(out, nl_op_operand(prev, 0));
  if (prev && nl_op_operand(prev, 0) == lhs(op))
    return to_value(out, nl_op_operand(prev, 1));
  return to_attr(out, apply2(op, c, k_xori));
}

static NlResult
fold_shift(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  if (is_zero(c[1]))
    return to_value(out, lhs(op));
  return to_attr(out, apply2(op, c, k));
}

/* max/min of integers: x op x -> x, saturating constants, then fold. */
static NlResult
fold_minmax_int(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  if (lhs(op) == rhs(op))
    return to_value(out, rhs(op));
  NlCfElem e;
  uint64_t v;
  if (nl_cf_splat_value(c[1], &e, &v) && !e.is_float) {
    uint32_t w = e.width;
    uint64_t smax = nl_cf_mask(w - 1), smin = smax + 1, umax = nl_cf_mask(w);
    uint64_t absorb, neutral; /* x op absorb = absorb; x op neutral = x */
    switch (nl_arith_kind(op)) {
    case ARITH_MAXSI:
      absorb = smax, neutral = smin;
      break;
    case ARITH_MINSI:
      absorb = smin, neutral = smax;
      break;
    case ARITH_MAXUI:
      absorb = umax, neutral = 0;
      break;
    default:
      absorb = 0, neutral = umax;
      break;
    }
    if (v == absorb)
      return to_value(out, rhs(op));
    if (v == neutral)
      return to_value(out, lhs(op));
  }
  return to_attr(out, apply2(op, c, k));
}

static NlResult
fold_addui_extended(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlContext *ctx = nl_op_context(op);
  NlType *oty = nl_op_result(op, 1)->type;
  if (is_zero(c[1])) { /* x + 0 -> x, no carry */
    NlAttr *f = nl_cf_splat_attr(ctx, oty, 0);
    if (!f)
      return nl_failure();
    to_value(&out[0], lhs(op));
    return to_attr(&out[1], f);
  }
  NlAttr *sum = apply2(op, c, k_addi);
  if (!sum)
    return nl_failure();
  NlAttr *carry = nl_cf_apply(ctx, oty, c, 2, k_carry, op);
  if (!carry)
    return nl_failure();
  to_attr(&out[0], sum);
  return to_attr(&out[1], carry);
}

static NlResult
fold_mul_extended(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  bool is_signed = nl_arith_kind(op) == ARITH_MULSI_EXTENDED;
  if (is_zero(c[1])) {
    to_attr(&out[0], c[1]);
    return to_attr(&out[1], c[1]);
  }
  if (!is_signed && is_one(c[1])) {
    NlAttr *z = nl_cf_splat_attr(nl_op_context(op), rtype(op), 0);
    if (!z)
      return nl_failure();
    to_value(&out[0], lhs(op));
    return to_attr(&out[1], z);
  }
  NlAttr *low = apply2(op, c, k_muli);
  NlAttr *high = apply2(op, c, is_signed ? k_mulhs : k_mulhu);
  if (!low || !high)
    return nl_failure();
  to_attr(&out[0], low);
  return to_attr(&out[1], high);
}

static bool
cmpi_on_equal(int pred)
{
  return pred == NL_CMPI_EQ || pred == NL_CMPI_SLE || pred == NL_CMPI_SGE ||
         pred == NL_CMPI_ULE || pred == NL_CMPI_UGE;
}

/* The predicate with its operands swapped (slt <-> sgt, ...). */
static int
cmpi_swapped(int pred)
{
  switch (pred) {
  case NL_CMPI_SLT:
    return NL_CMPI_SGT;
  case NL_CMPI_SGT:
    return NL_CMPI_SLT;
  case NL_CMPI_SLE:
    return NL_CMPI_SGE;
  case NL_CMPI_SGE:
    return NL_CMPI_SLE;
  case NL_CMPI_ULT:
    return NL_CMPI_UGT;
  case NL_CMPI_UGT:
    return NL_CMPI_ULT;
  case NL_CMPI_ULE:
    return NL_CMPI_UGE;
  case NL_CMPI_UGE:
    return NL_CMPI_ULE;
  default:
    return pred;
  }
}

static NlResult
fold_cmpi(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlContext *ctx = nl_op_context(op);
  int pred = nl_arith_predicate(op, NL_CMPI_COUNT);
  if (pred < 0)
    return nl_failure();
  if (lhs(op) == rhs(op))
    return to_attr(out, nl_cf_splat_attr(ctx, rtype(op), cmpi_on_equal(pred)));
  if (is_zero(c[1]) && pred == NL_CMPI_NE) {
    /* ext(%x : i1) != 0 -> %x */
    NlOp *ext = def_of(lhs(op), ARITH_EXTSI);
    if (!ext)
      ext = def_of(lhs(op), ARITH_EXTUI);
    if (ext && int_or_vector_width(nl_op_operand(ext, 0)->type) == 1)
      return to_value(out, nl_op_operand(ext, 0));
  }
  if (c[0] && !c[1]) { /* move the constant to the right */
    NlValue *a = lhs(op), *b = rhs(op);
    int swapped = cmpi_swapped(pred);
    if (swapped != pred)
      nl_arith_set_inherent(op, "predicate",
                            nl_attr_integer(ctx, nl_type_i64(ctx), swapped));
    nl_op_set_operand(op, 0, b);
    nl_op_set_operand(op, 1, a);
    return in_place(op, out);
  }
  if (!c[0] || !c[1])
    return nl_failure();
  return to_attr(out, nl_cf_apply(ctx, rtype(op), c, 2, k_cmpi, &pred));
}

static NlResult
fold_select(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlValue *cond = nl_op_operand(op, 0), *t = nl_op_operand(op, 1),
          *f = nl_op_operand(op, 2);
  if (t == f)
    return to_value(out, t);
  if (is_one(c[0]))
    return to_value(out, t);
  if (is_zero(c[0]))
    return to_value(out, f);
  /* select %c, true, false -> %c */
  if (nl_type_is_integer(rtype(op), 1) && is_one(c[1]) && is_zero(c[2]))
    return to_value(out, cond);
  NlOp *cmp = def_of(cond, ARITH_CMPI);
  if (cmp) {
    int pred = nl_arith_predicate(cmp, NL_CMPI_COUNT);
    NlValue *a = nl_op_operand(cmp, 0), *b = nl_op_operand(cmp, 1);
    if ((pred == NL_CMPI_EQ || pred == NL_CMPI_NE) &&
        ((a == t && b == f) || (b == t && a == f)))
      return to_value(out, pred == NL_CMPI_NE ? t : f);
  }
  if (c[0] && c[1] && c[2] && c[0]->kind == NL_ATTR_DENSE &&
      c[1]->kind == NL_ATTR_DENSE && c[2]->kind == NL_ATTR_DENSE)
    return to_attr(
        out, nl_cf_apply(nl_op_context(op), rtype(op), c, 3, k_select, op));
  return nl_failure();
}

/* ext(ext(x)) of one kind -> ext(x), in place; then the constant fold. */
static NlResult
fold_ext(NlOp *op, NlAttr *const *c, NlFoldResult *out, NlCfFn k)
{
  NlOp *inner = def_of(lhs(op), nl_arith_kind(op));
  if (inner) {
    nl_op_set_operand(op, 0, nl_op_operand(inner, 0));
    return in_place(op, out);
  }
  return to_attr(out, apply1(op, c, k));
}

static NlResult
fold_trunci(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  NlOp *ext = def_of(lhs(op), ARITH_EXTUI);
  if (!ext)
    ext = def_of(lhs(op), ARITH_EXTSI);
  if (ext) {
    NlValue *src = nl_op_operand(ext, 0);
    uint32_t ws = elem_width(src->type), wd = elem_width(rtype(op));
    if (ws > wd) { /* trunci(ext(a)) -> trunci(a) */
      nl_op_set_operand(op, 0, src);
      return in_place(op, out);
    }
    if (src->type == rtype(op)) /* trunci(ext(a)) -> a */
      return to_value(out, src);
  }
  NlOp *inner = def_of(lhs(op), ARITH_TRUNCI);
  if (inner) { /* trunci(trunci(a)) -> trunci(a) */
    nl_op_set_operand(op, 0, nl_op_operand(inner, 0));
    return in_place(op, out);
  }
  return to_attr(out, apply1(op, c, k_zext));
}

static NlResult
fold_bitcast(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  if (lhs(op)->type == rtype(op)) /* the CastOpInterface fold */
    return to_value(out, lhs(op));
  return to_attr(out, apply1(op, c, k_bitcast));
}

/* ---- dispatch ------------------------------------------------------------ */

static NlResult
fold_op(NlOp *op, NlAttr *const *c, NlFoldResult *out)
{
  switch (nl_arith_kind(op)) {
  case ARITH_CONSTANT:
    return to_attr(out, nl_arith_inherent(op, "value"));
  case ARITH_ADDI:
    return fold_addi(op, c, out);
  case ARITH_SUBI:
    return fold_subi(op, c, out);
  case ARITH_MULI:
    return fold_muli(op, c, out);
  case ARITH_DIVSI:
    return fold_div(op, c, out, k_divsi);
  case ARITH_DIVUI:
    return fold_div(op, c, out, k_divui);
  case ARITH_CEILDIVSI:
    return fold_div(op, c, out, k_ceildivsi);
  case ARITH_CEILDIVUI:
    return fold_div(op, c, out, k_ceildivui);
  case ARITH_FLOORDIVSI:
    return fold_div(op, c, out, k_floordivsi);
  case ARITH_REMSI:
    return fold_rem(op, c, out, k_remsi);
  case ARITH_REMUI:
    return fold_rem(op, c, out, k_remui);
  case ARITH_ANDI:
    return fold_andi(op, c, out);
  case ARITH_ORI:
    return fold_ori(op, c, out);
  case ARITH_XORI:
    return fold_xori(op, c, out);
  case ARITH_SHLI:
    return fold_shift(op, c, out, k_shli);
  case ARITH_SHRSI:
    return fold_shift(op, c, out, k_shrsi);
  case ARITH_SHRUI:
    return fold_shift(op, c, out, k_shrui);
  case ARITH_MAXSI:
    return fold_minmax_int(op, c, out, k_maxsi);
  case ARITH_MAXUI:
    return fold_minmax_int(op, c, out, k_maxui);
  case ARITH_MINSI:
    return fold_minmax_int(op, c, out, k_minsi);
  case ARITH_MINUI:
    return fold_minmax_int(op, c, out, k_minui);
  case ARITH_ADDUI_EXTENDED:
    return fold_addui_extended(op, c, out);
  case ARITH_MULSI_EXTENDED:
  case ARITH_MULUI_EXTENDED:
    return fold_mul_extended(op, c, out);
  case ARITH_CMPI:
    return fold_cmpi(op, c, out);
  case ARITH_SELECT:
    return fold_select(op, c, out);
  case ARITH_EXTSI:
    return fold_ext(op, c, out, k_extsi);
  case ARITH_EXTUI:
    return fold_ext(op, c, out, k_zext);
  case ARITH_TRUNCI:
    return fold_trunci(op, c, out);
  case ARITH_INDEX_CAST:
    return to_attr(out, apply1(op, c, k_extsi));
  case ARITH_INDEX_CASTUI:
    return to_attr(out, apply1(op, c, k_zext));
  case ARITH_BITCAST:
    return fold_bitcast(op, c, out);
  default:
    return nl_arith_fold_float(op, c, out);
  }
}

/* MLIR's Idempotent trait fold, tried when the op's own fold fails:
 * and(x, x) -> x, or(x, x) -> x. (The core moves the constants of
 * commutative ops to the right, MLIR's other trait fold.) */
static NlResult
fold_traits(NlOp *op, NlFoldResult *out)
{
  int kind = nl_arith_kind(op);
  if ((kind == ARITH_ANDI || kind == ARITH_ORI) && lhs(op) == rhs(op))
    return to_value(out, lhs(op));
  return nl_failure();
}

NlResult
nl_arith_fold(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  if (nl_succeeded(fold_op(op, consts, out)))
    return nl_success();
  return fold_traits(op, out);
}
