/*
 * convert-graph-to-tensor: MatMul (numpy semantics: 1-D operands, batch
 * dims broadcast with tensor.broadcast), Gemm (alpha, beta, transA/B, C
 * broadcast), Conv (1-D and 2-D, groups, strides, dilations, pads through
 * tensor.pad, bias as the initial value), MaxPool / AveragePool (pads with
 * the lowest value or 0, ceil_mode, count_include_pad with divisors
 * computed at compile time) and the global pools. Fused activations
 * (graph-fuse's `activation` attribute) follow as one elementwise generic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

static NlValue *
zero_filled(NlG2T *g, NlType *t)
{
  return nl_g2t_fill(g, t, nl_g2t_scalar(g, NULL, nl_type_element(t), 0));
}

static NlNamedAttr
named(NlG2T *g, const char *name, NlAttr *a)
{
  return (NlNamedAttr){nl_ident_cstr(g->ctx, name), a};
}

static NlType *
with_dims(NlG2T *g, NlValue *like, const int64_t *dims, uint32_t rank)
{
  return nl_g2t_tensor(g, dims, rank, nl_type_element(like->type));
}

/* ---- MatMul -------------------------------------------------------------- */

/* v ([bx..., X, Y]) broadcast to [bo..., X, Y]; L = len(bo). */
static NlValue *
broadcast_batch(NlG2T *g, NlValue *v, const int64_t *bo, uint32_t L)
{
  uint32_t r = nl_g2t_rank(v), lx = r - 2;
  const int64_t *d = nl_g2t_dims(v);
  int64_t kept[NL_G2T_MAX_RANK], bdims[NL_G2T_MAX_RANK], full[NL_G2T_MAX_RANK];
  uint32_t nk = 0, nb = 0;
  for (uint32_t i = 0; i < L; i++) {
    full[i] = bo[i];
    int64_t j = (int64_t)i - (int64_t)(L - lx);
    if (j >= 0 && d[j] == bo[i])
      kept[nk++] = d[j];
    else
      bdims[nb++] = i;
  }
  full[L] = d[r - 2], full[L + 1] = d[r - 1];
  if (nb == 0)
    return v;
  kept[nk++] = d[r - 2];
  kept[nk++] = d[r - 1];
  NlValue *x = nl_g2t_reshape(g, v, with_dims(g, v, kept, nk));
  NlValue *out = nl_g2t_empty(g, with_dims(g, v, full, L + 2));
  NlNamedAttr a = named(g, "dimensions", nl_g2t_i64_array(g, bdims, nb));
  return nl_g2t_structured(g, "tensor.broadcast", &x, 1, out, &a, 1);
}

NlResult
nl_g2t_lower_matmul(NlG2T *g, NlValue **res)
{
  NlValue *a = nl_g2t_operand(g, 0), *b = nl_g2t_operand(g, 1);
  NlValue *r = nl_op_result(g->op, 0);
  if (!a || !b || !nl_g2t_rank(a) || !nl_g2t_rank(b))
    return nl_g2t_error(g, "needs operands of rank 1 or more");
  if (nl_type_element(a->type) != nl_type_element(b->type))
    return nl_g2t_error(g, "needs operands of the same element type");
  if (nl_g2t_rank(a) == 1) {
    int64_t d[2] = {1, nl_g2t_dims(a)[0]};
    a = nl_g2t_reshape(g, a, with_dims(g, a, d, 2));
  }
  if (nl_g2t_rank(b) == 1) {
    int64_t d[2] = {nl_g2t_dims(b)[0], 1};
    b = nl_g2t_reshape(g, b, with_dims(g, b, d, 2));
  }
  uint32_t ra = nl_g2t_rank(a), rb = nl_g2t_rank(b);
  const int64_t *da = nl_g2t_dims(a), *db = nl_g2t_dims(b);
  int64_t M = da[ra - 2], K = da[ra - 1], N = db[rb - 1];
  if (db[rb - 2] != K)
    return nl_g2t_error(g, "contraction dims differ (%lld vs %lld)",
                        (long long)K, (long long)db[rb - 2]);
  uint32_t la = ra - 2, lb = rb - 2, L = la > lb ? la : lb;
  int64_t bo[NL_G2T_MAX_RANK], batch = 1;
  for (uint32_t i = 0; i < L; i++) {
    int64_t x = (int64_t)i - (int64_t)(L - la) >= 0 ? da[i - (L - la)] : 1;
    int64_t y = (int64_t)i - (int64_t)(L - lb) >= 0 ? db[i - (L - lb)] : 1;
    if (x != y && x != 1 && y != 1)
      return nl_g2t_error(g, "batch dims are not broadcastable");
    bo[i] = x == 1 ? y : x;
    batch *= bo[i];
  }
  if (nl_type_num_elements(r->type) != batch * M * N)
    return nl_g2t_error(g, "result type does not match the operands");
  NlValue *y;
  if (lb == 0) {
    /* [bo..., M, K] x [K, N]: one matmul over rows batch*M. */
    int64_t d2[2] = {batch * M, K}, o2[2] = {batch * M, N};
    NlValue *ins[2] = {nl_g2t_reshape(g, a, with_dims(g, a, d2, 2)), b};
    NlValue *init = zero_filled(g, with_dims(g, r, o2, 2));
    y = nl_g2t_structured(g, "tensor.matmul", ins, 2, init, NULL, 0);
  } else {
    a = broadcast_batch(g, a, bo, L);
    b = broadcast_batch(g, b, bo, L);
    int64_t d3a[3] = {batch, M, K}, d3b[3] = {batch, K, N},
            d3o[3] = {batch, M, N};
    NlValue *ins[2];
    ins[0] = nl_g2t_reshape(g, a, with_dims(g, a, d3a, 3));
    ins[1] = nl_g2t_reshape(g, b, with_dims(g, b, d3b, 3));
    NlValue *init = zero_filled(g, with_dims(g, r, d3o, 3));
    y = nl_g2t_structured(g, "tensor.batch_matmul", ins, 2, init, NULL, 0);
  }
  y = nl_g2t_reshape(g, y, r->type);
  if (nl_failed(nl_g2t_activation(g, &y)))
    return nl_failure();
  res[0] = y;
  return nl_success();
}

/* ---- Gemm ---------------------------------------------------------------- */

/* A 2-D transpose; of an f32 constant it is done now, into a new
 * constant. */
static NlValue *
transpose_2d(NlG2T *g, NlValue *v)
{
  static const int64_t perm[2] = {1, 0};
  bool splat;
  const float *p = nl_g2t_const_f32(v, &splat);
  if (!p)
    return nl_g2t_transpose(g, v, perm);
  int64_t R = nl_g2t_dims(v)[0], C = nl_g2t_dims(v)[1];
  int64_t dims[2] = {C, R};
  NlType *t = with_dims(g, v, dims, 2);
  if (splat)
    return nl_g2t_scalar_attr(g, NULL, nl_attr_dense(g->ctx, t, true, p, 4));
  float *q = nl_xmalloc((size_t)(R * C) * 4 + 4);
  for (int64_t i = 0; i < R; i++)
    for (int64_t j = 0; j < C; j++)
      memcpy(&q[j * R + i], &p[i * C + j], 4);
  NlResource *res = nl_resource_create_unique(g->ctx, "transposed");
  nl_resource_set(g->ctx, res, q, (size_t)(R * C) * 4, 64);
  free(q);
  return nl_g2t_scalar_attr(g, NULL, nl_attr_dense_resource(g->ctx, t, res));
}

typedef struct Gemm {
  double alpha, beta;
  bool has_p, has_c;
} Gemm;

/* alpha * p + beta * c, for the operands present. */
static void
gemm_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
          void *ud)
{
  Gemm *gm = ud;
  NlValue *acc = NULL;
  uint32_t k = 0;
  double f[2] = {gm->alpha, gm->beta};
  bool has[2] = {gm->has_p, gm->has_c};
  for (int i = 0; i < 2; i++) {
    if (!has[i])
      continue;
    NlValue *x = args[k++];
    if (f[i] != 1.0)
      x = nl_g2t_op2(g, b, "arith.mulf", x, nl_g2t_scalar(g, b, x->type, f[i]));
    acc = acc ? nl_g2t_op2(g, b, "arith.addf", acc, x) : x;
  }
  yields[0] = acc;
}

NlResult
nl_g2t_lower_gemm(NlG2T *g, NlValue **res)
{
  NlValue *a = nl_g2t_operand(g, 0), *b = nl_g2t_operand(g, 1);
  NlValue *c = nl_g2t_operand(g, 2), *r = nl_op_result(g->op, 0);
  if (nl_g2t_rank(a) != 2 || nl_g2t_rank(b) != 2 || nl_g2t_rank(r) != 2)
    return nl_g2t_error(g, "needs 2-D operands");
  if (!nl_g2t_is_float(nl_type_element(r->type)))
    return nl_g2t_error(g, "needs float elements");
  if (c && nl_g2t_rank(c) > 2)
    return nl_g2t_error(g, "needs C of rank 2 or less");
  for (uint32_t i = 0; c && i < nl_g2t_rank(c); i++) {
    int64_t d = nl_g2t_dims(c)[i], o = nl_g2t_dims(r)[2 - nl_g2t_rank(c) + i];
    if (d != 1 && d != o)
      return nl_g2t_error(g, "C does not broadcast to the result");
  }
  if (nl_g2t_attr_int(g, "transA", 0))
    a = transpose_2d(g, a);
  if (nl_g2t_attr_int(g, "transB", 0))
    b = transpose_2d(g, b);
  if (nl_g2t_dims(a)[1] != nl_g2t_dims(b)[0] ||
      nl_g2t_dims(a)[0] != nl_g2t_dims(r)[0] ||
      nl_g2t_dims(b)[1] != nl_g2t_dims(r)[1])
    return nl_g2t_error(g, "operand shapes do not match the result");
  Gemm gm = {nl_g2t_attr_float(g, "alpha", 1.0),
             nl_g2t_attr_float(g, "beta", 1.0), false, c != NULL};
  if (gm.beta == 0.0)
    gm.has_c = false, c = NULL;
  NlAffineMap *maps[2];
  NlValue *ins[2];
  uint32_t nins = 0;
  NlValue *init;
  if (gm.alpha == 1.0 && c) {
    /* The matmul accumulates into beta * C. */
    ins[nins] = c;
    maps[nins++] = nl_g2t_map_broadcast(g, c->type, nl_g2t_dims(r), 2);
    init = nl_g2t_parallel_generic(g, r->type, ins, maps, 1, gemm_body, &gm);
    c = NULL;
    nins = 0;
  } else {
    init = zero_filled(g, r->type);
  }
  NlValue *mins[2] = {a, b};
  NlValue *y = nl_g2t_structured(g, "tensor.matmul", mins, 2, init, NULL, 0);
  if (gm.alpha != 1.0) {
    gm.has_p = true;
    ins[nins] = y;
    maps[nins++] = nl_g2t_map_identity(g, 2);
    if (c) {
      ins[nins] = c;
      maps[nins++] = nl_g2t_map_broadcast(g, c->type, nl_g2t_dims(r), 2);
    }
    y = nl_g2t_parallel_generic(g, r->type, ins, maps, nins, gemm_body, &gm);
  }
  if (nl_failed(nl_g2t_activation(g, &y)))
    return nl_failure();
  res[0] = y;
  return nl_success();
}

/* ---- windows: pads, strides, dilations ----------------------------------- */

typedef struct Window {
  uint32_t s; /* spatial rank (1 or 2) */
  int64_t in[2], out[2], k[2], stride[2], dil[2], lo[2], hi[2];
  int64_t pad_hi[2]; /* hi without the extra of ceil_mode windows */
} Window;

/* Reads the window attributes of a Conv or pool with kernel sizes k
 * already set. */
static NlResult
read_window(NlG2T *g, Window *w, NlValue *x, NlValue *r)
{
  uint32_t s = w->s;
  int64_t pads[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < s; i++) {
    w->in[i] = nl_g2t_dims(x)[2 + i];
    w->out[i] = nl_g2t_dims(r)[2 + i];
    w->stride[i] = w->dil[i] = 1;
  }
  int n;
  if ((n = nl_g2t_attr_ints(g, "strides", w->stride, 2)) >= 0 && n != (int)s)
    return nl_g2t_error(g, "strides must have %u entries", s);
  if ((n = nl_g2t_attr_ints(g, "dilations", w->dil, 2)) >= 0 && n != (int)s)
    return nl_g2t_error(g, "dilations must have %u entries", s);
  if ((n = nl_g2t_attr_ints(g, "pads", pads, 4)) >= 0 && n != (int)(2 * s))
    return nl_g2t_error(g, "pads must have %u entries", 2 * s);
  const char *ap = nl_g2t_attr_str(g, "auto_pad", "NOTSET");
  for (uint32_t i = 0; i < s; i++) {
    if (w->stride[i] < 1 || w->dil[i] < 1 || w->k[i] < 1)
      return nl_g2t_error(g, "needs positive kernel, strides and dilations");
    int64_t ext = (w->k[i] - 1) * w->dil[i] + 1;
    if (strcmp(ap, "SAME_UPPER") == 0 || strcmp(ap, "SAME_LOWER") == 0) {
      int64_t o = (w->in[i] + w->stride[i] - 1) / w->stride[i];
      int64_t total = (o - 1) * w->stride[i] + ext - w->in[i];
      total = total < 0 ? 0 : total;
      w->lo[i] = ap[5] == 'U' ? total / 2 : total - total / 2;
      w->hi[i] = total - w->lo[i];
    } else if (strcmp(ap, "VALID") == 0) {
      w->lo[i] = w->hi[i] = 0;
    } else if (strcmp(ap, "NOTSET") == 0) {
      w->lo[i] = pads[i], w->hi[i] = pads[s + i];
    } else {
      return nl_g2t_error(g, "auto_pad \"%s\" is not supported", ap);
    }
    if (w->lo[i] < 0 || w->hi[i] < 0)
      return nl_g2t_error(g, "needs non-negative pads");
    w->pad_hi[i] = w->hi[i];
    /* Windows past the padded end (ceil_mode) read extra high padding. */
    int64_t need = (w->out[i] - 1) * w->stride[i] + ext;
    int64_t have = w->in[i] + w->lo[i] + w->hi[i];
    if (w->out[i] < 1 || (w->out[i] - 1) * w->stride[i] >= have)
      return nl_g2t_error(g,
                          "result size %lld of spatial dim %u does not match "
                          "the window",
                          (long long)w->out[i], i);
    if (need > have)
      w->hi[i] += need - have;
  }
  return nl_success();
}

/* x [N, C, L] as [N, C, 1, L] (1-D windows run as 2-D ones). */
static NlValue *
to_2d(NlG2T *g, NlValue *x)
{
  if (nl_g2t_rank(x) == 4)
    return x;
  int64_t d[4] = {nl_g2t_dims(x)[0], nl_g2t_dims(x)[1], 1, nl_g2t_dims(x)[2]};
  return nl_g2t_reshape(g, x, with_dims(g, x, d, 4));
}

static void
window_2d(Window *w)
{
  if (w->s == 2)
    return;
  w->in[1] = w->in[0], w->out[1] = w->out[0], w->k[1] = w->k[0];
  w->stride[1] = w->stride[0], w->dil[1] = w->dil[0];
  w->lo[1] = w->lo[0], w->hi[1] = w->hi[0], w->pad_hi[1] = w->pad_hi[0];
  w->in[0] = w->out[0] = w->k[0] = w->stride[0] = w->dil[0] = 1;
  w->lo[0] = w->hi[0] = w->pad_hi[0] = 0;
}

static NlValue *
pad_spatial(NlG2T *g, NlValue *x, const Window *w, NlValue *scalar)
{
  int64_t lo[4] = {0, 0, w->lo[0], w->lo[1]};
  int64_t hi[4] = {0, 0, w->hi[0], w->hi[1]};
  return nl_g2t_pad(g, x, lo, hi, scalar);
}

/* ---- Conv ---------------------------------------------------------------- */

/* The accumulator of a convolution with output type ot (NxFxOhxOw): the
 * bias (one value per F) broadcast, or zeros without a bias. */
static NlValue *
conv_init(NlG2T *g, NlValue *bias, NlType *ot)
{
  if (!bias)
    return zero_filled(g, ot);
  bool keep[4] = {false, true, false, false};
  NlAffineMap *map = nl_g2t_map_select(g, 4, keep);
  return nl_g2t_remap(g, ot, bias, map);
}

NlResult
nl_g2t_lower_conv(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *w = nl_g2t_operand(g, 1);
  NlValue *bias = nl_g2t_operand(g, 2), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x);
  if (rank != 3 && rank != 4)
    return nl_g2t_error(g, "is only supported in 1-D and 2-D yet");
  if (nl_g2t_rank(w) != rank || nl_g2t_rank(r) != rank)
    return nl_g2t_error(g, "needs weight and result of the input's rank");
  if (!nl_g2t_is_float(nl_type_element(r->type)))
    return nl_g2t_error(g, "needs float elements");
  Window win = {.s = rank - 2};
  for (uint32_t i = 0; i < win.s; i++)
    win.k[i] = nl_g2t_dims(w)[2 + i];
  int64_t ks[2];
  int n = nl_g2t_attr_ints(g, "kernel_shape", ks, 2);
  for (int i = 0; i < n; i++)
    if (n != (int)win.s || ks[i] != win.k[i])
      return nl_g2t_error(g, "kernel_shape does not match the weight");
  if (nl_failed(read_window(g, &win, x, r)))
    return nl_failure();
  int64_t groups = nl_g2t_attr_int(g, "group", 1);
  int64_t C = nl_g2t_dims(x)[1], F = nl_g2t_dims(w)[0], Cg = nl_g2t_dims(w)[1];
  if (groups < 1 || C != Cg * groups || F % groups != 0 ||
      nl_g2t_dims(r)[1] != F || nl_g2t_dims(r)[0] != nl_g2t_dims(x)[0])
    return nl_g2t_error(g, "channels do not match the groups");
  if (bias && (nl_g2t_rank(bias) != 1 || nl_g2t_dims(bias)[0] != F))
    return nl_g2t_error(g, "needs a bias of shape [%lld]", (long long)F);
  window_2d(&win);
  x = to_2d(g, x);
  w = to_2d(g, w);
  int64_t od[4] = {nl_g2t_dims(r)[0], F, win.out[0], win.out[1]};
  NlType *ot = with_dims(g, r, od, 4);
  x = pad_spatial(g, x, &win,
                  nl_g2t_scalar(g, NULL, nl_type_element(x->type), 0));
  NlValue *init = conv_init(g, bias, ot);
  NlValue *ins[2] = {x, w};
  NlNamedAttr attrs[3] = {
      named(g, "strides", nl_g2t_i64_array(g, win.stride, 2)),
      named(g, "dilations", nl_g2t_i64_array(g, win.dil, 2)),
      named(g, "groups", nl_attr_integer(g->ctx, nl_type_i64(g->ctx), groups))};
  NlValue *y = nl_g2t_structured(g, "tensor.conv2d", ins, 2, init, attrs, 3);
  y = nl_g2t_reshape(g, y, r->type);
  if (nl_failed(nl_g2t_activation(g, &y)))
    return nl_failure();
  res[0] = y;
  return nl_success();
}

/* ---- pools --------------------------------------------------------------- */

/* Window elements of output position o along one spatial dim that count
 * for the average. */
static int64_t
count_1d(const Window *w, int i, int64_t o, bool include_pad)
{
  int64_t hi0 = w->pad_hi[i];
  int64_t c = 0;
  for (int64_t k = 0; k < w->k[i]; k++) {
    int64_t p = o * w->stride[i] - w->lo[i] + k * w->dil[i];
    if (include_pad ? (p >= -w->lo[i] && p < w->in[i] + hi0)
                    : (p >= 0 && p < w->in[i]))
      c++;
  }
  return c;
}

typedef struct Avg {
  bool uniform;
  double divisor;
} Avg;

static void
avg_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  Avg *a = ud;
  NlValue *d =
      a->uniform ? nl_g2t_scalar(g, b, args[0]->type, a->divisor) : args[1];
  yields[0] = nl_g2t_op2(g, b, "arith.divf", args[0], d);
}

NlResult
nl_g2t_lower_pool(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x);
  bool is_max = nl_op_is(g->op, "graph.max_pool");
  if (rank != 3 && rank != 4)
    return nl_g2t_error(g, "is only supported in 1-D and 2-D yet");
  if (nl_g2t_rank(r) != rank)
    return nl_g2t_error(g, "needs a result of the input's rank");
  NlType *e = nl_type_element(x->type);
  if (!is_max && !nl_g2t_is_float(e))
    return nl_g2t_error(g, "needs float elements");
  if (g->op->nresults > 1 && nl_value_has_uses(nl_op_result(g->op, 1)))
    return nl_g2t_error(g, "result #1 (Indices) is not supported yet");
  Window win = {.s = rank - 2};
  if (nl_g2t_attr_ints(g, "kernel_shape", win.k, 2) != (int)win.s)
    return nl_g2t_error(g, "needs kernel_shape with %u entries", win.s);
  if (nl_failed(read_window(g, &win, x, r)))
    return nl_failure();
  window_2d(&win);
  x = to_2d(g, x);
  int64_t od[4] = {nl_g2t_dims(r)[0], nl_g2t_dims(r)[1], win.out[0],
                   win.out[1]};
  NlType *ot = with_dims(g, r, od, 4);
  NlValue *pv =
      is_max ? nl_g2t_lowest(g, NULL, e) : nl_g2t_scalar(g, NULL, e, 0);
  x = pad_spatial(g, x, &win, pv);
  NlValue *init = nl_g2t_fill(g, ot, pv);
  NlNamedAttr attrs[4] = {
      named(g, "kind", nl_attr_string_cstr(g->ctx, is_max ? "max" : "sum")),
      named(g, "kernel", nl_g2t_i64_array(g, win.k, 2)),
      named(g, "strides", nl_g2t_i64_array(g, win.stride, 2)),
      named(g, "dilations", nl_g2t_i64_array(g, win.dil, 2))};
  NlValue *y = nl_g2t_structured(g, "tensor.pool", &x, 1, init, attrs, 4);
  if (!is_max) {
    bool incl = nl_g2t_attr_int(g, "count_include_pad", 0) != 0;
    int64_t oh = win.out[0], ow = win.out[1];
    float *cnt = nl_xmalloc((size_t)(oh * ow) * 4 + 4);
    Avg avg = {true, 0};
    for (int64_t i = 0; i < oh; i++)
      for (int64_t j = 0; j < ow; j++) {
        int64_t c = count_1d(&win, 0, i, incl) * count_1d(&win, 1, j, incl);
        cnt[i * ow + j] = (float)(c ? c : 1);
        if (i + j && cnt[i * ow + j] != cnt[0])
          avg.uniform = false;
      }
    avg.divisor = cnt[0];
    NlValue *ins[2] = {y, NULL};
    bool keep[4] = {false, false, true, true};
    NlAffineMap *maps[2] = {nl_g2t_map_identity(g, 4),
                            nl_g2t_map_select(g, 4, keep)};
    uint32_t nins = 1;
    if (!avg.uniform) {
      int64_t cd[2] = {oh, ow};
      NlType *ct = nl_g2t_tensor(g, cd, 2, nl_type_f32(g->ctx));
      NlAttr *ca = nl_attr_dense(g->ctx, ct, false, cnt, (size_t)(oh * ow) * 4);
      ins[nins++] = nl_g2t_scalar_attr(g, NULL, ca);
      if (e != nl_type_f32(g->ctx)) {
        free(cnt);
        return nl_g2t_error(g, "needs f32 elements with padding-dependent "
                               "divisors");
      }
    }
    free(cnt);
    y = nl_g2t_parallel_generic(g, ot, ins, maps, nins, avg_body, &avg);
  }
  res[0] = nl_g2t_reshape(g, y, r->type);
  return nl_success();
}

NlResult
nl_g2t_lower_global_pool(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x);
  bool is_max = nl_op_is(g->op, "graph.global_max_pool");
  NlType *e = nl_type_element(x->type);
  if (rank < 3)
    return nl_g2t_error(g, "needs an input of rank 3 or more");
  if (!nl_g2t_is_float(e))
    return nl_g2t_error(g, "needs float elements");
  int64_t nc[2] = {nl_g2t_dims(x)[0], nl_g2t_dims(x)[1]}, red[NL_G2T_MAX_RANK];
  int64_t count = 1;
  for (uint32_t d = 2; d < rank; d++) {
    red[d - 2] = d;
    count *= nl_g2t_dims(x)[d];
  }
  NlType *t = with_dims(g, x, nc, 2);
  NlValue *init = nl_g2t_fill(
      g, t, is_max ? nl_g2t_lowest(g, NULL, e) : nl_g2t_scalar(g, NULL, e, 0));
  NlNamedAttr attrs[2] = {
      named(g, "dimensions", nl_g2t_i64_array(g, red, rank - 2)),
      named(g, "kind", nl_attr_string_cstr(g->ctx, is_max ? "max" : "add"))};
  NlValue *y = nl_g2t_structured(g, "tensor.reduce", &x, 1, init, attrs, 2);
  if (!is_max) {
    Avg avg = {true, (double)(count ? count : 1)};
    NlAffineMap *id = nl_g2t_map_identity(g, 2);
    y = nl_g2t_parallel_generic(g, t, &y, &id, 1, avg_body, &avg);
  }
  res[0] = nl_g2t_reshape(g, y, r->type);
  return nl_success();
}

/* ---- ConvTranspose ------------------------------------------------------- */

/* W [C, Mg, kh, kw] (C = groups * Cg) as the weight of the equivalent
 * convolution: W'[g*Mg + m, c, i, j] = W[g*Cg + c, m, kh-1-i, kw-1-j]. */
static NlValue *
flip_weight(NlG2T *g, NlValue *w, NlValue *orig, int64_t groups)
{
  const int64_t *d = nl_g2t_dims(w);
  int64_t C = d[0], Mg = d[1], kh = d[2], kw = d[3], Cg = C / groups;
  int64_t od[4] = {groups * Mg, Cg, kh, kw};
  NlType *t = with_dims(g, w, od, 4);
  bool splat;
  const float *p = nl_g2t_const_f32(orig, &splat); /* orig: before to_2d */
  if (p) {
    int64_t n = groups * Mg * Cg * kh * kw;
    float *q = nl_xmalloc((size_t)n * 4 + 4);
    for (int64_t o = 0; o < groups * Mg; o++)
      for (int64_t c = 0; c < Cg; c++)
        for (int64_t i = 0; i < kh; i++)
          for (int64_t j = 0; j < kw; j++) {
            int64_t src = (((o / Mg) * Cg + c) * Mg + o % Mg) * kh * kw +
                          (kh - 1 - i) * kw + (kw - 1 - j);
            memcpy(&q[((o * Cg + c) * kh + i) * kw + j], &p[splat ? 0 : src],
                   4);
          }
    NlResource *r = nl_resource_create_unique(g->ctx, "flipped");
    nl_resource_set(g->ctx, r, q, (size_t)n * 4, 64);
    free(q);
    return nl_g2t_scalar_attr(g, NULL, nl_attr_dense_resource(g->ctx, t, r));
  }
  NlContext *ctx = g->ctx;
  NlAffineExpr *o = nl_affine_dim(ctx, 0), *c = nl_affine_dim(ctx, 1);
  NlAffineExpr *e[4] = {
      nl_affine_add(
          ctx,
          nl_affine_mul(ctx,
                        nl_affine_floordiv(ctx, o, nl_affine_const(ctx, Mg)),
                        nl_affine_const(ctx, Cg)),
          c),
      nl_affine_mod(ctx, o, nl_affine_const(ctx, Mg)),
      nl_affine_sub(ctx, nl_affine_const(ctx, kh - 1), nl_affine_dim(ctx, 2)),
      nl_affine_sub(ctx, nl_affine_const(ctx, kw - 1), nl_affine_dim(ctx, 3))};
  NlAffineMap *map = nl_affine_map(ctx, 4, 0, e, 4);
  return nl_g2t_remap(g, t, w, map);
}

NlResult
nl_g2t_lower_conv_transpose(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *w = nl_g2t_operand(g, 1);
  NlValue *bias = nl_g2t_operand(g, 2), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x), s = rank - 2;
  if (rank != 3 && rank != 4)
    return nl_g2t_error(g, "is only supported in 1-D and 2-D yet");
  if (nl_g2t_rank(w) != rank || nl_g2t_rank(r) != rank)
    return nl_g2t_error(g, "needs weight and result of the input's rank");
  if (!nl_g2t_is_float(nl_type_element(r->type)))
    return nl_g2t_error(g, "needs float elements");
  int64_t groups = nl_g2t_attr_int(g, "group", 1);
  int64_t C = nl_g2t_dims(x)[1], M = nl_g2t_dims(r)[1];
  if (groups < 1 || nl_g2t_dims(w)[0] != C || C % groups ||
      nl_g2t_dims(w)[1] * groups != M)
    return nl_g2t_error(g, "channels do not match the groups");
  if (bias && (nl_g2t_rank(bias) != 1 || nl_g2t_dims(bias)[0] != M))
    return nl_g2t_error(g, "needs a bias of shape [%lld]", (long long)M);
  int64_t st[2] = {1, 1}, dil[2] = {1, 1}, pads[4] = {0, 0, 0, 0};
  int64_t opad[2] = {0, 0}, oshape[2];
  int n;
  if ((n = nl_g2t_attr_ints(g, "strides", st, 2)) >= 0 && n != (int)s)
    return nl_g2t_error(g, "strides must have %u entries", s);
  if ((n = nl_g2t_attr_ints(g, "dilations", dil, 2)) >= 0 && n != (int)s)
    return nl_g2t_error(g, "dilations must have %u entries", s);
  if ((n = nl_g2t_attr_ints(g, "output_padding", opad, 2)) >= 0 && n != (int)s)
    return nl_g2t_error(g, "output_padding must have %u entries", s);
  bool has_pads = nl_g2t_attr_ints(g, "pads", pads, 4) >= 0;
  bool has_oshape = nl_g2t_attr_ints(g, "output_shape", oshape, 2) >= 0;
  const char *ap = nl_g2t_attr_str(g, "auto_pad", "NOTSET");
  int64_t lo[2], hi[2], in[2], out[2], k[2];
  for (uint32_t i = 0; i < s; i++) {
    in[i] = nl_g2t_dims(x)[2 + i], out[i] = nl_g2t_dims(r)[2 + i];
    k[i] = nl_g2t_dims(w)[2 + i];
    if (st[i] < 1 || dil[i] < 1 || opad[i] < 0)
      return nl_g2t_error(g, "needs positive strides and dilations");
    int64_t full = (in[i] - 1) * st[i] + opad[i] + (k[i] - 1) * dil[i] + 1;
    if (strcmp(ap, "NOTSET") == 0 && !has_oshape) {
      lo[i] = has_pads ? pads[i] : 0;
      hi[i] = has_pads ? pads[s + i] : 0;
    } else {
      /* A larger output_shape than the full result: zeros (+ bias) at
       * the end, as output_padding. */
      int64_t total = full - out[i];
      bool upper = strcmp(ap, "SAME_UPPER") == 0;
      lo[i] = total < 0 ? 0 : upper ? total / 2 : total - total / 2;
      hi[i] = total - lo[i];
    }
    if (full - lo[i] - hi[i] != out[i] || lo[i] < 0 ||
        (hi[i] < 0 && !has_oshape))
      return nl_g2t_error(g,
                          "result size %lld of spatial dim %u does not match "
                          "the attributes",
                          (long long)out[i], i);
  }
  if (s == 1) {
    in[1] = in[0], out[1] = out[0], k[1] = k[0], st[1] = st[0];
    dil[1] = dil[0], opad[1] = opad[0], lo[1] = lo[0], hi[1] = hi[0];
    in[0] = out[0] = k[0] = st[0] = dil[0] = 1;
    opad[0] = lo[0] = hi[0] = 0;
  }
  NlValue *w_orig = w;
  x = to_2d(g, x);
  w = to_2d(g, w);
  NlType *e = nl_type_element(x->type);
  NlValue *zero = nl_g2t_scalar(g, NULL, e, 0);
  /* Zeros between the input elements (stride), then the padding of the
   * equivalent stride-1 convolution (cropping where negative). */
  int64_t N = nl_g2t_dims(x)[0];
  int64_t zd[4] = {N, C, (in[0] - 1) * st[0] + 1, (in[1] - 1) * st[1] + 1};
  NlValue *xz = x;
  if (st[0] > 1 || st[1] > 1) {
    int64_t off[4] = {0, 0, 0, 0}, str[4] = {1, 1, st[0], st[1]};
    xz = nl_g2t_insert_slice(g, x, nl_g2t_fill(g, with_dims(g, x, zd, 4), zero),
                             off, nl_g2t_dims(x), str);
  }
  int64_t coff[4] = {0, 0, 0, 0}, csz[4] = {N, C, zd[2], zd[3]};
  int64_t one[4] = {1, 1, 1, 1}, plo[4] = {0, 0, 0, 0}, phi[4] = {0, 0, 0, 0};
  for (int i = 0; i < 2; i++) {
    int64_t l = (k[i] - 1) * dil[i] - lo[i];
    int64_t h = (k[i] - 1) * dil[i] - hi[i] + opad[i];
    if (l < 0)
      coff[2 + i] = -l, csz[2 + i] += l;
    else
      plo[2 + i] = l;
    if (h < 0)
      csz[2 + i] += h;
    else
      phi[2 + i] = h;
  }
  xz = nl_g2t_extract_slice(g, xz, coff, csz, one);
  xz = nl_g2t_pad(g, xz, plo, phi, zero);
  NlValue *wf = flip_weight(g, w, w_orig, groups);
  int64_t od[4] = {N, M, out[0], out[1]};
  NlType *ot = with_dims(g, r, od, 4);
  NlValue *init = conv_init(g, bias, ot);
  int64_t ones[2] = {1, 1};
  NlValue *ins[2] = {xz, wf};
  NlNamedAttr attrs[3] = {
      named(g, "strides", nl_g2t_i64_array(g, ones, 2)),
      named(g, "dilations", nl_g2t_i64_array(g, dil, 2)),
      named(g, "groups", nl_attr_integer(g->ctx, nl_type_i64(g->ctx), groups))};
  NlValue *y = nl_g2t_structured(g, "tensor.conv2d", ins, 2, init, attrs, 3);
  res[0] = nl_g2t_reshape(g, y, r->type);
  return nl_success();
}
