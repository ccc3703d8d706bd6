/*
 * convert-graph-to-tensor: reductions and normalizations.
 *  - Reduce*: tensor.reduce over the axes into a filled init (generic
 *    reductions when the elements are mapped first: SumSquare, L1,
 *    LogSumExp), then an elementwise generic for Mean, L2, LogSum*, and a
 *    tensor.reshape for keepdims.
 *  - Softmax / LogSoftmax over one axis (opset >= 13) or the trailing axes
 *    from `axis` (opset < 13): max, exp(x - max), sum, divide (or
 *    x - max - log(sum)).
 *  - LayerNormalization: sum -> mean, a generic reduction of (x - mean)^2
 *    -> 1 / sqrt(var + eps), then (x - mean) * rstd * scale + bias; the
 *    optional Mean and InvStdDev results are reshapes of the two.
 *  - BatchNormalization (inference): x * a + c per channel, with a and c
 *    computed now when the parameters are f32 constants.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

static NlNamedAttr
named(NlG2T *g, const char *name, NlAttr *a)
{
  return (NlNamedAttr){nl_ident_cstr(g->ctx, name), a};
}

/* X's shape without the dims in `red`. */
static NlType *
reduced_type(NlG2T *g, NlValue *x, const bool *red)
{
  int64_t d[NL_G2T_MAX_RANK];
  uint32_t n = 0;
  for (uint32_t i = 0; i < nl_g2t_rank(x); i++)
    if (!red[i])
      d[n++] = nl_g2t_dims(x)[i];
  return nl_g2t_tensor(g, d, n, nl_type_element(x->type));
}

/* tensor.reduce of x over `red` with kind into a tensor filled with init. */
static NlValue *
reduce(NlG2T *g, NlValue *x, const bool *red, const char *kind, NlValue *init)
{
  int64_t dims[NL_G2T_MAX_RANK];
  uint32_t n = 0;
  for (uint32_t i = 0; i < nl_g2t_rank(x); i++)
    if (red[i])
      dims[n++] = i;
  NlValue *out = nl_g2t_fill(g, reduced_type(g, x, red), init);
  NlNamedAttr attrs[2] = {named(g, "dimensions", nl_g2t_i64_array(g, dims, n)),
                          named(g, "kind", nl_attr_string_cstr(g->ctx, kind))};
  return nl_g2t_structured(g, "tensor.reduce", &x, 1, out, attrs, 2);
}

/* A generic over x's iteration space (rank of x) with reduction dims
 * `red`: ins are x (identity) and the extra operands (maps given), out is
 * reduced (filled with init). */
static NlValue *
generic_reduce(NlG2T *g, NlValue *x, const bool *red, NlValue *const *extra,
               NlAffineMap *const *extra_maps, uint32_t nextra, NlValue *init,
               NlG2TBodyFn body, void *ud)
{
  uint32_t r = nl_g2t_rank(x);
  bool keep[NL_G2T_MAX_RANK];
  for (uint32_t i = 0; i < r; i++)
    keep[i] = !red[i];
  NlValue *ins[4] = {x};
  NlAffineMap *maps[5] = {nl_g2t_map_identity(g, r)};
  for (uint32_t i = 0; i < nextra; i++)
    ins[1 + i] = extra[i], maps[1 + i] = extra_maps[i];
  maps[1 + nextra] = nl_g2t_map_select(g, r, keep);
  NlValue *out = nl_g2t_fill(g, reduced_type(g, x, red), init);
  NlG2TGeneric gen = {.ndims = r,
                      .nins = 1 + nextra,
                      .nouts = 1,
                      .ins = ins,
                      .in_maps = maps,
                      .outs = &out,
                      .out_maps = maps + 1 + nextra};
  for (uint32_t i = 0; i < r; i++)
    gen.reduction[i] = red[i];
  return nl_op_result(nl_g2t_generic(g, &gen, body, ud), 0);
}

/* ---- Reduce* ------------------------------------------------------------- */

typedef struct Red {
  const char *k; /* the op name without "graph.reduce_" */
  double count;
} Red;

/* Element map before summing. */
static void
red_pre_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
             void *ud)
{
  Red *rd = ud;
  NlValue *x = args[0], *acc = args[1];
  if (strcmp(rd->k, "sum_square") == 0 || strcmp(rd->k, "l2") == 0)
    x = nl_g2t_op2(g, b, "arith.mulf", x, x);
  else if (strcmp(rd->k, "l1") == 0)
    x = nl_g2t_op1(g, b, "math.absf", x);
  else if (strcmp(rd->k, "log_sum_exp") == 0)
    x = nl_g2t_op1(g, b, "math.exp", x);
  yields[0] = nl_g2t_op2(g, b, "arith.addf", acc, x);
}

/* Map after reducing. */
static void
red_post_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
              void *ud)
{
  Red *rd = ud;
  NlValue *x = args[0];
  if (strcmp(rd->k, "mean") == 0)
    x = nl_g2t_op2(g, b, "arith.divf", x,
                   nl_g2t_scalar(g, b, x->type, rd->count));
  else if (strcmp(rd->k, "l2") == 0)
    x = nl_g2t_op1(g, b, "math.sqrt", x);
  else
    x = nl_g2t_op1(g, b, "math.log", x);
  yields[0] = x;
}

NlResult
nl_g2t_lower_reduce(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  Red rd = {nl_op_name(g->op) + strlen("graph.reduce_"), 1};
  bool is_int_ok = strcmp(rd.k, "sum") == 0 || strcmp(rd.k, "max") == 0 ||
                   strcmp(rd.k, "min") == 0 || strcmp(rd.k, "prod") == 0;
  if (!nl_g2t_is_float(e) && (!is_int_ok || nl_type_bitwidth(e) == 1))
    return nl_g2t_error(g, "needs float elements");
  int64_t axes[NL_G2T_MAX_RANK];
  int64_t n = -1;
  if (nl_op_is(g->op, "graph.reduce_sum") || g->op->noperands > 1) {
    if (nl_g2t_operand(g, 1)) {
      int64_t *p = nl_g2t_const_ints(nl_g2t_operand(g, 1), &n);
      if (!p)
        return nl_g2t_error(g, "needs constant axes");
      if (n > (int64_t)rank) {
        free(p);
        return nl_g2t_error(g, "has too many axes");
      }
      memcpy(axes, p, (size_t)n * sizeof(int64_t));
      free(p);
    }
  } else {
    n = nl_g2t_attr_ints(g, "axes", axes, NL_G2T_MAX_RANK);
    if (n == -2)
      return nl_g2t_error(g, "has malformed axes");
  }
  bool red[NL_G2T_MAX_RANK] = {0};
  if (n <= 0) {
    if (nl_g2t_attr_int(g, "noop_with_empty_axes", 0)) {
      res[0] = nl_g2t_reshape(g, x, r->type);
      return nl_success();
    }
    for (uint32_t i = 0; i < rank; i++)
      red[i] = true;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (a < 0 || a >= rank)
      return nl_g2t_error(g, "axis %lld is out of range", (long long)axes[i]);
    red[a] = true;
  }
  for (uint32_t i = 0; i < rank; i++)
    if (red[i])
      rd.count *= (double)nl_g2t_dims(x)[i];
  NlValue *y;
  if (strcmp(rd.k, "sum_square") == 0 || strcmp(rd.k, "l1") == 0 ||
      strcmp(rd.k, "l2") == 0 || strcmp(rd.k, "log_sum_exp") == 0) {
    y = generic_reduce(g, x, red, NULL, NULL, 0, nl_g2t_scalar(g, NULL, e, 0),
                       red_pre_body, &rd);
  } else if (strcmp(rd.k, "max") == 0) {
    y = reduce(g, x, red, "max", nl_g2t_lowest(g, NULL, e));
  } else if (strcmp(rd.k, "min") == 0) {
    y = reduce(g, x, red, "min", nl_g2t_highest(g, NULL, e));
  } else if (strcmp(rd.k, "prod") == 0) {
    y = reduce(g, x, red, "mul", nl_g2t_scalar(g, NULL, e, 1));
  } else {
    y = reduce(g, x, red, "add", nl_g2t_scalar(g, NULL, e, 0));
  }
  if (strcmp(rd.k, "mean") == 0 || strcmp(rd.k, "l2") == 0 ||
      strcmp(rd.k, "log_sum") == 0 || strcmp(rd.k, "log_sum_exp") == 0) {
    NlAffineMap *m = nl_g2t_map_identity(g, nl_g2t_rank(y));
    y = nl_g2t_parallel_generic(g, y->type, &y, &m, 1, red_post_body, &rd);
  }
  if (nl_type_num_elements(y->type) != nl_type_num_elements(r->type))
    return nl_g2t_error(g, "result type does not match the axes");
  res[0] = nl_g2t_reshape(g, y, r->type);
  return nl_success();
}

/* ---- Softmax ------------------------------------------------------------- */

static void
exp_sub_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
             void *ud)
{
  (void)ud;
  yields[0] = nl_g2t_op1(g, b, "math.exp",
                         nl_g2t_op2(g, b, "arith.subf", args[0], args[1]));
}

static void
div_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  (void)ud;
  yields[0] = nl_g2t_op2(g, b, "arith.divf", args[0], args[1]);
}

/* (x - m) - log(s) */
static void
log_softmax_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
                 void *ud)
{
  (void)ud;
  NlValue *d = nl_g2t_op2(g, b, "arith.subf", args[0], args[1]);
  yields[0] =
      nl_g2t_op2(g, b, "arith.subf", d, nl_g2t_op1(g, b, "math.log", args[2]));
}

NlResult
nl_g2t_lower_softmax(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  if (!nl_g2t_is_float(e))
    return nl_g2t_error(g, "needs float elements");
  if (rank == 0)
    return nl_g2t_error(g, "needs an input of rank 1 or more");
  bool old = g->opset < 13;
  int64_t axis = nl_g2t_attr_int(g, "axis", old ? 1 : -1);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  bool red[NL_G2T_MAX_RANK] = {0}, keep[NL_G2T_MAX_RANK];
  for (uint32_t i = 0; i < rank; i++) {
    red[i] = old ? i >= axis : i == axis;
    keep[i] = !red[i];
  }
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  NlAffineMap *sel = nl_g2t_map_select(g, rank, keep);
  NlValue *m = reduce(g, x, red, "max", nl_g2t_lowest(g, NULL, e));
  NlValue *ins[3] = {x, m};
  NlAffineMap *maps[3] = {id, sel, sel};
  NlValue *ex =
      nl_g2t_parallel_generic(g, x->type, ins, maps, 2, exp_sub_body, NULL);
  NlValue *s = reduce(g, ex, red, "add", nl_g2t_scalar(g, NULL, e, 0));
  if (nl_op_is(g->op, "graph.log_softmax")) {
    ins[2] = s;
    res[0] = nl_g2t_parallel_generic(g, x->type, ins, maps, 3, log_softmax_body,
                                     NULL);
  } else {
    ins[0] = ex, ins[1] = s;
    res[0] = nl_g2t_parallel_generic(g, x->type, ins, maps, 2, div_body, NULL);
  }
  return nl_success();
}

/* ---- LayerNormalization -------------------------------------------------- */

typedef struct Ln {
  double n, eps;
  bool has_bias;
  bool eps_outside; /* 1 / (sqrt(var) + eps), as MVN */
} Ln;

static void
scale_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
           void *ud)
{
  Ln *ln = ud;
  yields[0] = nl_g2t_op2(g, b, "arith.divf", args[0],
                         nl_g2t_scalar(g, b, args[0]->type, ln->n));
}

static void
var_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  (void)ud;
  NlValue *d = nl_g2t_op2(g, b, "arith.subf", args[0], args[1]);
  yields[0] = nl_g2t_op2(g, b, "arith.addf", args[2],
                         nl_g2t_op2(g, b, "arith.mulf", d, d));
}

static void
rstd_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
          void *ud)
{
  Ln *ln = ud;
  NlType *t = args[0]->type;
  NlValue *v =
      nl_g2t_op2(g, b, "arith.divf", args[0], nl_g2t_scalar(g, b, t, ln->n));
  if (ln->eps_outside) {
    v = nl_g2t_op1(g, b, "math.sqrt", v);
    v = nl_g2t_op2(g, b, "arith.addf", v, nl_g2t_scalar(g, b, t, ln->eps));
  } else {
    v = nl_g2t_op2(g, b, "arith.addf", v, nl_g2t_scalar(g, b, t, ln->eps));
    v = nl_g2t_op1(g, b, "math.sqrt", v);
  }
  yields[0] = nl_g2t_op2(g, b, "arith.divf", nl_g2t_scalar(g, b, t, 1.0), v);
}

static void
norm_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
          void *ud)
{
  Ln *ln = ud;
  NlValue *v = nl_g2t_op2(g, b, "arith.subf", args[0], args[1]);
  v = nl_g2t_op2(g, b, "arith.mulf", v, args[2]);
  v = nl_g2t_op2(g, b, "arith.mulf", v, args[3]);
  if (ln->has_bias)
    v = nl_g2t_op2(g, b, "arith.addf", v, args[4]);
  yields[0] = v;
}

/* Normalizes x over the dims `red` ((x - mean) * rstd * scale + bias,
 * scale and bias read through smap/bmap); returns the result and sets the
 * mean and 1/stddev (x's shape without `red`). */
static NlValue *
normalize(NlG2T *g, NlValue *x, const bool *red, NlValue *scale,
          NlAffineMap *smap, NlValue *bias, NlAffineMap *bmap, double eps,
          bool eps_outside, NlValue **mean_out, NlValue **rstd_out)
{
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  Ln ln = {1, eps, bias != NULL, eps_outside};
  bool keep[NL_G2T_MAX_RANK];
  for (uint32_t i = 0; i < rank; i++) {
    keep[i] = !red[i];
    if (red[i])
      ln.n *= (double)nl_g2t_dims(x)[i];
  }
  NlAffineMap *sel = nl_g2t_map_select(g, rank, keep);
  NlValue *sum = reduce(g, x, red, "add", nl_g2t_scalar(g, NULL, e, 0));
  NlAffineMap *sid = nl_g2t_map_identity(g, nl_g2t_rank(sum));
  NlValue *mean =
      nl_g2t_parallel_generic(g, sum->type, &sum, &sid, 1, scale_body, &ln);
  NlValue *var = generic_reduce(g, x, red, &mean, &sel, 1,
                                nl_g2t_scalar(g, NULL, e, 0), var_body, NULL);
  NlValue *rstd =
      nl_g2t_parallel_generic(g, var->type, &var, &sid, 1, rstd_body, &ln);
  NlValue *ins[5] = {x, mean, rstd, scale, bias};
  NlAffineMap *maps[5] = {nl_g2t_map_identity(g, rank), sel, sel, smap, bmap};
  *mean_out = mean;
  *rstd_out = rstd;
  return nl_g2t_parallel_generic(g, x->type, ins, maps, bias ? 5 : 4, norm_body,
                                 &ln);
}

NlResult
nl_g2t_lower_layer_norm(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *scale = nl_g2t_operand(g, 1);
  NlValue *bias = nl_g2t_operand(g, 2);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  if (!nl_g2t_is_float(e) || !scale)
    return nl_g2t_error(g, "needs float elements and a scale");
  int64_t axis = nl_g2t_attr_int(g, "axis", -1);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  if (nl_g2t_rank(scale) > rank - axis ||
      (bias && nl_g2t_rank(bias) > rank - axis))
    return nl_g2t_error(g, "scale and bias must broadcast to the normalized "
                           "dims");
  bool red[NL_G2T_MAX_RANK] = {0};
  for (uint32_t i = 0; i < rank; i++)
    red[i] = i >= axis;
  NlValue *mean, *rstd;
  res[0] = normalize(
      g, x, red, scale,
      nl_g2t_map_broadcast(g, scale->type, nl_g2t_dims(x), rank), bias,
      bias ? nl_g2t_map_broadcast(g, bias->type, nl_g2t_dims(x), rank) : NULL,
      nl_g2t_attr_float(g, "epsilon", 1e-5), false, &mean, &rstd);
  for (uint32_t i = 1; i < g->op->nresults && i < 3; i++) {
    NlValue *ri = nl_op_result(g->op, i);
    if (!nl_value_has_uses(ri))
      continue;
    NlValue *v = i == 1 ? mean : rstd;
    if (nl_type_num_elements(ri->type) != nl_type_num_elements(v->type) ||
        nl_type_element(ri->type) != e)
      return nl_g2t_error(g, "result #%u has an unexpected type", i);
    res[i] = nl_g2t_reshape(g, v, ri->type);
  }
  return nl_success();
}

/* InstanceNormalization: over the spatial dims of each (n, c), scale and
 * bias per channel. */
NlResult
nl_g2t_lower_instance_norm(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *scale = nl_g2t_operand(g, 1);
  NlValue *bias = nl_g2t_operand(g, 2);
  uint32_t rank = nl_g2t_rank(x);
  if (!nl_g2t_is_float(nl_type_element(x->type)) || rank < 3 || !scale || !bias)
    return nl_g2t_error(g, "needs float elements, rank 3 or more, scale and "
                           "bias");
  int64_t C = nl_g2t_dims(x)[1];
  if (nl_g2t_rank(scale) != 1 || nl_g2t_dims(scale)[0] != C ||
      nl_g2t_rank(bias) != 1 || nl_g2t_dims(bias)[0] != C)
    return nl_g2t_error(g, "needs scale and bias of shape [%lld]",
                        (long long)C);
  bool red[NL_G2T_MAX_RANK] = {0}, ch[NL_G2T_MAX_RANK] = {false, true};
  for (uint32_t i = 2; i < rank; i++)
    red[i] = true;
  NlAffineMap *cmap = nl_g2t_map_select(g, rank, ch);
  NlValue *mean, *rstd;
  res[0] =
      normalize(g, x, red, scale, cmap, bias, cmap,
                nl_g2t_attr_float(g, "epsilon", 1e-5), false, &mean, &rstd);
  return nl_success();
}

/* MeanVarianceNormalization: (x - mean) / (sqrt(var) + 1e-9) over `axes`
 * (default 0, 2, 3), as ONNX's function body. */
NlResult
nl_g2t_lower_mvn(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  if (!nl_g2t_is_float(e))
    return nl_g2t_error(g, "needs float elements");
  int64_t axes[NL_G2T_MAX_RANK] = {0, 2, 3};
  int n = nl_g2t_attr_ints(g, "axes", axes, NL_G2T_MAX_RANK);
  if (n == -2)
    return nl_g2t_error(g, "has malformed axes");
  if (n < 0)
    n = 3;
  bool red[NL_G2T_MAX_RANK] = {0};
  for (int i = 0; i < n; i++) {
    int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (a < 0 || a >= rank)
      return nl_g2t_error(g, "axis %lld is out of range", (long long)axes[i]);
    red[a] = true;
  }
  if (e != nl_type_f32(g->ctx))
    return nl_g2t_error(g, "needs f32 elements");
  float f1 = 1.0f;
  NlValue *one = nl_g2t_scalar_attr(
      g, NULL,
      nl_attr_dense(g->ctx, nl_g2t_tensor(g, NULL, 0, e), true, &f1, 4));
  NlAffineMap *smap = nl_affine_map(g->ctx, rank, 0, NULL, 0);
  NlValue *mean, *rstd;
  res[0] =
      normalize(g, x, red, one, smap, NULL, NULL, 1e-9, true, &mean, &rstd);
  return nl_success();
}

/* ---- BatchNormalization -------------------------------------------------- */

static void
bn_affine_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
               void *ud)
{
  (void)ud;
  NlValue *v = nl_g2t_op2(g, b, "arith.mulf", args[0], args[1]);
  yields[0] = nl_g2t_op2(g, b, "arith.addf", v, args[2]);
}

/* (x - mean) * scale / sqrt(var + eps) + bias */
static void
bn_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
        void *ud)
{
  Ln *ln = ud;
  NlValue *v = nl_g2t_op2(g, b, "arith.addf", args[4],
                          nl_g2t_scalar(g, b, args[4]->type, ln->eps));
  v = nl_g2t_op2(g, b, "arith.divf", args[1], nl_g2t_op1(g, b, "math.sqrt", v));
  NlValue *d = nl_g2t_op2(g, b, "arith.subf", args[0], args[3]);
  d = nl_g2t_op2(g, b, "arith.mulf", d, v);
  yields[0] = nl_g2t_op2(g, b, "arith.addf", d, args[2]);
}

NlResult
nl_g2t_lower_batch_norm(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  if (!nl_g2t_is_float(e) || rank < 2)
    return nl_g2t_error(g, "needs float elements and rank 2 or more");
  if (nl_g2t_attr_int(g, "training_mode", 0))
    return nl_g2t_error(g, "training mode is not supported");
  for (uint32_t i = 1; i < g->op->nresults; i++)
    if (nl_value_has_uses(nl_op_result(g->op, i)))
      return nl_g2t_error(
          g, "result #%u (training statistics) is not supported", i);
  int64_t C = nl_g2t_dims(x)[1];
  NlValue *p[4];
  for (uint32_t i = 0; i < 4; i++) {
    p[i] = nl_g2t_operand(g, 1 + i);
    if (!p[i] || nl_g2t_rank(p[i]) != 1 || nl_g2t_dims(p[i])[0] != C ||
        nl_type_element(p[i]->type) != e)
      return nl_g2t_error(g, "operand #%u must have shape [%lld]", 1 + i,
                          (long long)C);
  }
  Ln ln = {1, nl_g2t_attr_float(g, "epsilon", 1e-5), true, false};
  bool keep[NL_G2T_MAX_RANK] = {false, true};
  NlAffineMap *ch = nl_g2t_map_select(g, rank, keep);
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  bool sp[4];
  const float *d[4];
  bool consts = e == nl_type_f32(g->ctx);
  for (uint32_t i = 0; i < 4 && consts; i++)
    consts = (d[i] = nl_g2t_const_f32(p[i], &sp[i])) != NULL;
  if (consts) {
    float *a = nl_xmalloc((size_t)C * 8 + 8), *c = a + C;
    for (int64_t k = 0; k < C; k++) {
      float v[4];
      for (int i = 0; i < 4; i++)
        memcpy(&v[i], d[i] + (sp[i] ? 0 : k), 4);
      double s = v[0] / sqrt((double)v[3] + ln.eps);
      a[k] = (float)s;
      c[k] = (float)(v[1] - v[2] * s);
    }
    NlType *t = p[0]->type;
    NlValue *ins[3] = {x, NULL, NULL};
    ins[1] = nl_g2t_scalar_attr(
        g, NULL, nl_attr_dense(g->ctx, t, false, a, (size_t)C * 4));
    ins[2] = nl_g2t_scalar_attr(
        g, NULL, nl_attr_dense(g->ctx, t, false, c, (size_t)C * 4));
    free(a);
    NlAffineMap *maps[3] = {id, ch, ch};
    res[0] =
        nl_g2t_parallel_generic(g, x->type, ins, maps, 3, bn_affine_body, NULL);
    return nl_success();
  }
  NlValue *ins[5] = {x, p[0], p[1], p[2], p[3]};
  NlAffineMap *maps[5] = {id, ch, ch, ch, ch};
  res[0] = nl_g2t_parallel_generic(g, x->type, ins, maps, 5, bn_body, &ln);
  return nl_success();
}
