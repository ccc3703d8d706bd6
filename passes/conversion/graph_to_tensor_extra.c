/*
 * convert-graph-to-tensor: ops that are one generic with index arithmetic.
 *  - Einsum (no ellipsis): loop dims are the output letters then the
 *    summed ones; each operand's map names its letters; the body
 *    accumulates the product into a zero-filled out.
 *  - CumSum: a generic with an extra reduction dim j over the axis adding
 *    x[j] where j <= i (exclusive: <; reverse: >= / >).
 *  - OneHot: a generic over the result comparing the axis index with the
 *    (wrapped) index; off/on values extracted from the captured values.
 *  - Range: a generic over the result computing start + i * delta (start
 *    and delta extracted from the captured rank-0 operands).
 *  - LRN: channels padded with 0, a generic reduction of x^2 over the
 *    window, then x / (bias + alpha / size * sum)^beta.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

static NlValue *
add(NlG2T *g, NlBuilder *b, NlValue *x, NlValue *y)
{
  return nl_g2t_op2(
      g, b, nl_g2t_is_float(x->type) ? "arith.addf" : "arith.addi", x, y);
}

static NlValue *
mul(NlG2T *g, NlBuilder *b, NlValue *x, NlValue *y)
{
  return nl_g2t_op2(
      g, b, nl_g2t_is_float(x->type) ? "arith.mulf" : "arith.muli", x, y);
}

/* ---- Einsum -------------------------------------------------------------- */

typedef struct Einsum {
  uint32_t nins;
} Einsum;

static void
einsum_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
            void *ud)
{
  Einsum *es = ud;
  NlValue *p = args[0];
  for (uint32_t i = 1; i < es->nins; i++)
    p = mul(g, b, p, args[i]);
  yields[0] = add(g, b, args[es->nins], p);
}

NlResult
nl_g2t_lower_einsum(NlG2T *g, NlValue **res)
{
  NlValue *r = nl_op_result(g->op, 0);
  const char *eq = nl_g2t_attr_str(g, "equation", NULL);
  uint32_t n = g->op->noperands;
  if (!eq || n == 0 || n > 8)
    return nl_g2t_error(g, "needs an equation and 1 to 8 operands");
  char terms[9][NL_G2T_MAX_RANK + 1];
  uint32_t len[9] = {0}, t = 0;
  bool arrow = false;
  for (const char *c = eq; *c; c++) {
    if (*c == ' ')
      continue;
    if (*c == '.')
      return nl_g2t_error(g, "with an ellipsis is not supported yet");
    if (*c == ',' && !arrow) {
      if (++t >= n)
        return nl_g2t_error(g, "equation has more terms than operands");
    } else if (c[0] == '-' && c[1] == '>' && !arrow) {
      arrow = true;
      t = n;
      c++;
    } else if (((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) &&
               len[t] < NL_G2T_MAX_RANK) {
      terms[t][len[t]++] = *c;
    } else {
      return nl_g2t_error(g, "has a malformed equation \"%s\"", eq);
    }
  }
  if (!arrow && t + 1 != n)
    return nl_g2t_error(g, "equation terms do not match the operands");
  /* Letter sizes and counts. */
  int64_t size[128];
  int count[128] = {0};
  for (int i = 0; i < 128; i++)
    size[i] = -1;
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v = nl_g2t_operand(g, i);
    if (!v || nl_g2t_rank(v) != len[i])
      return nl_g2t_error(g, "operand #%u does not match its term", i);
    for (uint32_t k = 0; k < len[i]; k++) {
      int c = terms[i][k];
      int64_t d = nl_g2t_dims(v)[k];
      if (size[c] >= 0 && size[c] != d)
        return nl_g2t_error(g, "letter '%c' has sizes %lld and %lld", c,
                            (long long)size[c], (long long)d);
      size[c] = d;
      count[c]++;
    }
  }
  if (!arrow) { /* implicit output: letters seen once, sorted */
    len[n] = 0;
    for (int c = 'A'; c <= 'z'; c++)
      if (count[c] == 1 && len[n] < NL_G2T_MAX_RANK)
        terms[n][len[n]++] = (char)c;
  }
  /* Loop dims: the output letters, then the summed ones. */
  char loops[NL_G2T_MAX_RANK];
  uint32_t nl = 0, nout = len[n];
  for (uint32_t k = 0; k < nout; k++) {
    int c = terms[n][k];
    if (size[c] < 0 || memchr(loops, c, nl))
      return nl_g2t_error(g, "output letter '%c' is unknown or repeated", c);
    loops[nl++] = (char)c;
  }
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < len[i]; k++)
      if (!memchr(loops, terms[i][k], nl)) {
        if (nl == NL_G2T_MAX_RANK)
          return nl_g2t_error(g, "has too many letters");
        loops[nl++] = terms[i][k];
      }
  if (nl_g2t_rank(r) != nout)
    return nl_g2t_error(g, "result rank does not match the equation");
  for (uint32_t k = 0; k < nout; k++)
    if (nl_g2t_dims(r)[k] != size[(int)terms[n][k]])
      return nl_g2t_error(g, "result type does not match the equation");
  NlAffineMap *maps[9];
  NlValue *ins[8];
  for (uint32_t i = 0; i <= n; i++) {
    NlAffineExpr *e[NL_G2T_MAX_RANK];
    for (uint32_t k = 0; k < len[i]; k++)
      e[k] = nl_affine_dim(
          g->ctx,
          (uint32_t)((const char *)memchr(loops, terms[i][k], nl) - loops));
    maps[i] = nl_affine_map(g->ctx, nl, 0, e, len[i]);
    if (i < n)
      ins[i] = nl_g2t_operand(g, i);
  }
  NlType *e = nl_type_element(r->type);
  NlValue *out = nl_g2t_fill(g, r->type, nl_g2t_scalar(g, NULL, e, 0));
  NlG2TGeneric gen = {.ndims = nl,
                      .nins = n,
                      .nouts = 1,
                      .ins = ins,
                      .in_maps = maps,
                      .outs = &out,
                      .out_maps = maps + n};
  for (uint32_t k = nout; k < nl; k++)
    gen.reduction[k] = true;
  Einsum es = {n};
  res[0] = nl_op_result(nl_g2t_generic(g, &gen, einsum_body, &es), 0);
  return nl_success();
}

/* ---- CumSum -------------------------------------------------------------- */

typedef struct CumSum {
  uint32_t axis, j;
  bool exclusive, reverse;
} CumSum;

static void
cumsum_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
            void *ud)
{
  CumSum *cs = ud;
  NlValue *i = nl_g2t_index(g, b, cs->axis), *j = nl_g2t_index(g, b, cs->j);
  int pred = cs->reverse ? (cs->exclusive ? NL_G2T_SGT : NL_G2T_SGE)
                         : (cs->exclusive ? NL_G2T_SLT : NL_G2T_SLE);
  NlValue *in = nl_g2t_cmp(g, b, false, pred, j, i);
  NlValue *v =
      nl_g2t_select(g, b, in, args[0], nl_g2t_scalar(g, b, args[0]->type, 0));
  yields[0] = add(g, b, args[1], v);
}

NlResult
nl_g2t_lower_cumsum(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *av = nl_g2t_operand(g, 1);
  uint32_t rank = nl_g2t_rank(x);
  NlAttr *aa = av ? nl_g2t_const_scalar(av) : NULL;
  if (!aa || aa->kind != NL_ATTR_INTEGER)
    return nl_g2t_error(g, "needs a constant axis");
  int64_t axis = nl_attr_integer_value(aa, NULL);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank || rank >= NL_G2T_MAX_RANK)
    return nl_g2t_error(g, "axis is out of range");
  if (nl_type_bitwidth(nl_type_element(x->type)) == 1)
    return nl_g2t_error(g, "needs numeric elements");
  NlAffineExpr *e[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    e[d] = nl_affine_dim(g->ctx, d == axis ? rank : d);
  NlAffineMap *maps[2] = {nl_affine_map(g->ctx, rank + 1, 0, e, rank), NULL};
  for (uint32_t d = 0; d < rank; d++)
    e[d] = nl_affine_dim(g->ctx, d);
  maps[1] = nl_affine_map(g->ctx, rank + 1, 0, e, rank);
  NlValue *out = nl_g2t_fill(
      g, x->type, nl_g2t_scalar(g, NULL, nl_type_element(x->type), 0));
  NlG2TGeneric gen = {.ndims = rank + 1,
                      .nins = 1,
                      .nouts = 1,
                      .ins = &x,
                      .in_maps = maps,
                      .outs = &out,
                      .out_maps = maps + 1};
  gen.reduction[rank] = true;
  CumSum cs = {(uint32_t)axis, rank, nl_g2t_attr_int(g, "exclusive", 0) != 0,
               nl_g2t_attr_int(g, "reverse", 0) != 0};
  res[0] = nl_op_result(nl_g2t_generic(g, &gen, cumsum_body, &cs), 0);
  return nl_success();
}

/* ---- OneHot -------------------------------------------------------------- */

typedef struct OneHot {
  uint32_t axis;
  NlValue *values;
  NlAttr *depth;
} OneHot;

static void
one_hot_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
             void *ud)
{
  OneHot *oh = ud;
  NlType *i64 = nl_type_i64(g->ctx);
  NlValue *idx = nl_g2t_convert(g, b, args[0], i64, false);
  NlValue *depth = nl_g2t_scalar_attr(g, b, oh->depth);
  NlValue *neg =
      nl_g2t_cmp(g, b, false, NL_G2T_SLT, idx, nl_g2t_scalar(g, b, i64, 0));
  idx =
      nl_g2t_select(g, b, neg, nl_g2t_op2(g, b, "arith.addi", idx, depth), idx);
  NlValue *i = nl_g2t_cast_op(g, b, "arith.index_cast",
                              nl_g2t_index(g, b, oh->axis), i64);
  NlValue *eq = nl_g2t_cmp(g, b, false, NL_G2T_EQ, i, idx);
  NlType *ix = nl_type_index(g->ctx);
  NlValue *c0 = nl_g2t_scalar(g, b, ix, 0), *c1 = nl_g2t_scalar(g, b, ix, 1);
  NlValue *off = nl_g2t_extract(g, b, oh->values, &c0, 1);
  NlValue *on = nl_g2t_extract(g, b, oh->values, &c1, 1);
  yields[0] = nl_g2t_select(g, b, eq, on, off);
}

NlResult
nl_g2t_lower_one_hot(NlG2T *g, NlValue **res)
{
  NlValue *idx = nl_g2t_operand(g, 0), *dv = nl_g2t_operand(g, 1);
  NlValue *vals = nl_g2t_operand(g, 2), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(r);
  int64_t axis = nl_g2t_attr_int(g, "axis", -1);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank || nl_g2t_rank(idx) + 1 != rank)
    return nl_g2t_error(g, "axis is out of range");
  NlAttr *d = dv ? nl_g2t_const_scalar(dv) : NULL;
  int64_t depth;
  if (d && d->kind == NL_ATTR_INTEGER)
    depth = nl_attr_integer_value(d, NULL);
  else if (d && d->kind == NL_ATTR_FLOAT)
    depth = (int64_t)d->flt.value;
  else
    return nl_g2t_error(g, "needs a constant depth");
  if (depth != nl_g2t_dims(r)[axis] || !vals || nl_g2t_rank(vals) != 1 ||
      nl_g2t_dims(vals)[0] != 2 ||
      nl_type_element(vals->type) != nl_type_element(r->type))
    return nl_g2t_error(g, "needs depth matching the result and two values");
  bool keep[NL_G2T_MAX_RANK];
  for (uint32_t i = 0; i < rank; i++)
    keep[i] = i != axis;
  NlAffineMap *map = nl_g2t_map_select(g, rank, keep);
  OneHot oh = {(uint32_t)axis, vals,
               nl_attr_integer(g->ctx, nl_type_i64(g->ctx), depth)};
  res[0] =
      nl_g2t_parallel_generic(g, r->type, &idx, &map, 1, one_hot_body, &oh);
  return nl_success();
}

/* ---- Range --------------------------------------------------------------- */

typedef struct Range {
  NlValue *start, *delta;
} Range;

static void
range_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
           void *ud)
{
  Range *rg = ud;
  NlType *e = args[0]->type;
  NlValue *i = nl_g2t_cast_op(g, b, "arith.index_cast", nl_g2t_index(g, b, 0),
                              nl_type_i64(g->ctx));
  i = nl_g2t_convert(g, b, i, e, false);
  NlValue *s = nl_g2t_extract(g, b, rg->start, NULL, 0);
  NlValue *d = nl_g2t_extract(g, b, rg->delta, NULL, 0);
  yields[0] = add(g, b, s, mul(g, b, i, d));
}

NlResult
nl_g2t_lower_range(NlG2T *g, NlValue **res)
{
  NlValue *r = nl_op_result(g->op, 0);
  Range rg = {nl_g2t_operand(g, 0), nl_g2t_operand(g, 2)};
  if (!rg.start || !rg.delta || nl_g2t_rank(rg.start) ||
      nl_g2t_rank(rg.delta) || nl_g2t_rank(r) != 1)
    return nl_g2t_error(g, "needs scalar start, limit and delta");
  NlAffineMap *id = nl_g2t_map_identity(g, 1);
  NlValue *out = nl_g2t_empty(g, r->type);
  NlG2TGeneric gen = {
      .ndims = 1, .nins = 0, .nouts = 1, .outs = &out, .out_maps = &id};
  res[0] = nl_op_result(nl_g2t_generic(g, &gen, range_body, &rg), 0);
  return nl_success();
}

/* ---- LRN ----------------------------------------------------------------- */

typedef struct Lrn {
  double alpha, beta, bias;
  int64_t size;
} Lrn;

static void
square_sum_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
                void *ud)
{
  (void)ud; /* args: xp, the window helper, the sum */
  yields[0] = nl_g2t_op2(g, b, "arith.addf", args[2],
                         nl_g2t_op2(g, b, "arith.mulf", args[0], args[0]));
}

static void
lrn_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  Lrn *l = ud;
  NlType *t = args[0]->type;
  NlValue *v = nl_g2t_op2(g, b, "arith.mulf", args[1],
                          nl_g2t_scalar(g, b, t, l->alpha / (double)l->size));
  v = nl_g2t_op2(g, b, "arith.addf", v, nl_g2t_scalar(g, b, t, l->bias));
  v = nl_g2t_op2(g, b, "math.powf", v, nl_g2t_scalar(g, b, t, l->beta));
  yields[0] = nl_g2t_op2(g, b, "arith.divf", args[0], v);
}

NlResult
nl_g2t_lower_lrn(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  Lrn l = {nl_g2t_attr_float(g, "alpha", 1e-4),
           nl_g2t_attr_float(g, "beta", 0.75),
           nl_g2t_attr_float(g, "bias", 1.0), nl_g2t_attr_int(g, "size", 0)};
  if (rank < 3 || rank >= NL_G2T_MAX_RANK || l.size < 1 ||
      !nl_g2t_is_float(nl_type_element(x->type)))
    return nl_g2t_error(g, "needs float elements, rank 3 or more and a size");
  int64_t lo[NL_G2T_MAX_RANK] = {0}, hi[NL_G2T_MAX_RANK] = {0};
  lo[1] = (l.size - 1) / 2;
  hi[1] = l.size - 1 - lo[1];
  NlType *e = nl_type_element(x->type);
  NlValue *zero = nl_g2t_scalar(g, NULL, e, 0);
  NlValue *xp = nl_g2t_pad(g, x, lo, hi, zero);
  /* sum[n, c, ...] = sum over k < size of xp[n, c + k, ...]^2 */
  NlAffineExpr *ex[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    ex[d] = nl_affine_dim(g->ctx, d);
  ex[1] = nl_affine_add(g->ctx, ex[1], nl_affine_dim(g->ctx, rank));
  NlAffineMap *maps[2] = {nl_affine_map(g->ctx, rank + 1, 0, ex, rank), NULL};
  ex[1] = nl_affine_dim(g->ctx, 1);
  maps[1] = nl_affine_map(g->ctx, rank + 1, 0, ex, rank);
  NlValue *sum = nl_g2t_fill(g, x->type, zero);
  /* The window dim appears in no map as a plain dim: a helper in of shape
   * [size] gives its range. */
  NlValue *win = nl_g2t_fill(g, nl_g2t_tensor(g, &l.size, 1, e), zero);
  NlAffineExpr *k = nl_affine_dim(g->ctx, rank);
  NlAffineMap *all[3] = {maps[0], nl_affine_map(g->ctx, rank + 1, 0, &k, 1),
                         maps[1]};
  NlValue *ins[2] = {xp, win};
  NlG2TGeneric gen = {.ndims = rank + 1,
                      .nins = 2,
                      .nouts = 1,
                      .ins = ins,
                      .in_maps = all,
                      .outs = &sum,
                      .out_maps = all + 2};
  gen.reduction[rank] = true;
  sum = nl_op_result(nl_g2t_generic(g, &gen, square_sum_body, NULL), 0);
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  NlAffineMap *em[3] = {id, id, id};
  NlValue *eins[2] = {x, sum};
  NlValue *out = nl_g2t_empty(g, x->type);
  NlG2TGeneric eg = {.ndims = rank,
                     .nins = 2,
                     .nouts = 1,
                     .ins = eins,
                     .in_maps = em,
                     .outs = &out,
                     .out_maps = em + 2};
  res[0] = nl_op_result(nl_g2t_generic(g, &eg, lrn_body, &l), 0);
  return nl_success();
}
