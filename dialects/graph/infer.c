/*
 * Type and shape inference for graph ops (nl_graph_infer) and
 * nl_graph_infer_types: the elementwise families (multidirectional
 * broadcasting), convolutions and pools, Gemm and MatMul, normalizations,
 * Cast, Shape, ConstantOfShape, Expand, Tile, QDQ, If and Loop, and the
 * dispatcher; the shape-manipulating ops are in infer_shape.c. Dynamic
 * dims stay `?`; data-dependent shapes are left dynamic; ops without a
 * rule report "unknown" and keep their type.
 */
#include "graph/infer.h"

/* ---- convolutions and pools ---------------------------------------------- */

static NlResult
ints_attr(NlOp *op, const char *name, int64_t *out, uint32_t n, int64_t dflt)
{
  int64_t buf[MAX_RANK * 2];
  int c = nl_graph_attr_ints(op, name, buf, MAX_RANK * 2);
  for (uint32_t i = 0; i < n; i++)
    out[i] = dflt;
  if (c < 0)
    return nl_success();
  if ((uint32_t)c != n) {
    nl_op_emit_error(op, "attribute '%s' must have %u values, but has %d", name,
                     n, c);
    return nl_failure();
  }
  memcpy(out, buf, n * sizeof *out);
  return nl_success();
}

/* Spatial output dims of a conv/pool over x (rank >= 3) with kernel k. */
static NlResult
window_out(NlOp *op, const Shape *x, const int64_t *k, bool transpose,
           bool ceil_mode, Shape *out)
{
  uint32_t nsp = x->rank - 2;
  int64_t strides[MAX_RANK], dil[MAX_RANK], pads[MAX_RANK * 2];
  int64_t outpad[MAX_RANK], outshape[MAX_RANK];
  if (nl_failed(ints_attr(op, "strides", strides, nsp, 1)) ||
      nl_failed(ints_attr(op, "dilations", dil, nsp, 1)) ||
      nl_failed(ints_attr(op, "pads", pads, 2 * nsp, 0)))
    return nl_failure();
  if (transpose &&
      (nl_failed(ints_attr(op, "output_padding", outpad, nsp, 0)) ||
       nl_failed(ints_attr(op, "output_shape", outshape, nsp, NL_DYNAMIC))))
    return nl_failure();
  for (uint32_t i = 0; i < nsp; i++) {
    if (strides[i] <= 0 || dil[i] <= 0) {
      nl_op_emit_error(op, "strides and dilations must be positive");
      return nl_failure();
    }
  }
  const char *ap = nl_graph_attr_str(op, "auto_pad", "NOTSET");
  bool same = !strcmp(ap, "SAME_UPPER") || !strcmp(ap, "SAME_LOWER");
  bool valid = !strcmp(ap, "VALID");
  if (!same && !valid && strcmp(ap, "NOTSET") != 0) {
    nl_op_emit_error(op, "unknown auto_pad '%s'", ap);
    return nl_failure();
  }
  for (uint32_t i = 0; i < nsp; i++) {
    int64_t in = x->d[2 + i], o = NL_DYNAMIC;
    if (transpose && outshape[i] != NL_DYNAMIC) {
      out->d[2 + i] = outshape[i];
      continue;
    }
    if (in == NL_DYNAMIC || k[i] == NL_DYNAMIC) {
      out->d[2 + i] = NL_DYNAMIC;
      continue;
    }
    if (k[i] <= 0) {
      nl_op_emit_error(op, "kernel dimension %u must be positive", i);
      return nl_failure();
    }
    int64_t ek = dadd(dmul(k[i] - 1, dil[i]), 1);
    int64_t pb = valid || same ? 0 : pads[i];
    int64_t pe = valid || same ? 0 : pads[nsp + i];
    if (ek == NL_DYNAMIC || pb == NL_DYNAMIC || pe == NL_DYNAMIC) {
      out->d[2 + i] = NL_DYNAMIC;
      continue;
    }
    if (transpose) {
      o = same ? dmul(in, strides[i])
               : dadd(dadd(dmul(strides[i], in - 1), outpad[i]),
                      dadd(ek, -dadd(pb, pe)));
      out->d[2 + i] = o;
      continue;
    } else if (same) {
      o = in == 0 ? 0 : (in - 1) / strides[i] + 1;
    } else {
      int64_t num = dadd(dadd(in, dadd(pb, pe)), -ek);
      if (num == NL_DYNAMIC) {
        out->d[2 + i] = NL_DYNAMIC;
        continue;
      }
      if (num < 0) {
        nl_op_emit_error(op,
                         "spatial dimension %u of size %lld is smaller "
                         "than the kernel (%lld with dilation and "
                         "padding)",
                         i, (long long)in, (long long)ek);
        return nl_failure();
      }
      o = (ceil_mode && num % strides[i] ? num / strides[i] + 1
                                         : num / strides[i]) +
          1;
      if (ceil_mode && dmul(o - 1, strides[i]) >= dadd(in, pb))
        o--;
    }
    if (o <= 0) {
      nl_op_emit_error(op, "output spatial dimension %u would be empty", i);
      return nl_failure();
    }
    out->d[2 + i] = o;
  }
  return nl_success();
}

/* Conv, ConvTranspose, ConvInteger, QLinearConv: x is operand xi, w wi. */
static NlResult
infer_conv(NlOp *op, uint32_t xi, uint32_t wi, bool transpose, NlType *elem,
           NlType **out)
{
  Shape x, w;
  operand_shape(op, xi, &x);
  operand_shape(op, wi, &w);
  if (x.ranked && x.rank < 3)
    return type_error(op, "must have rank 3 or more (N, C, spatial...)", xi);
  if (x.ranked && w.ranked && w.rank != x.rank)
    return type_error(op, "must have the input's rank", wi);
  if (!x.ranked) {
    out[0] = make(op, &x, elem);
    return nl_success();
  }
  uint32_t nsp = x.rank - 2;
  int64_t k[MAX_RANK];
  if (nl_failed(ints_attr(op, "kernel_shape", k, nsp, NL_DYNAMIC)))
    return nl_failure();
  for (uint32_t i = 0; i < nsp && w.ranked; i++)
    if (k[i] == NL_DYNAMIC)
      k[i] = w.d[2 + i];
  int64_t group = nl_graph_attr_int(op, "group", 1);
  if (group <= 0) {
    nl_op_emit_error(op, "attribute 'group' must be positive");
    return nl_failure();
  }
  Shape o = ranked(x.rank);
  o.d[0] = x.d[0];
  if (w.ranked) {
    int64_t c = x.d[1];
    if (!transpose && c != NL_DYNAMIC && w.d[1] != NL_DYNAMIC &&
        c != dmul(w.d[1], group)) {
      nl_op_emit_error(op,
                       "input has %lld channels, but the weight expects "
                       "%lld (%lld per group, %lld groups)",
                       (long long)c, (long long)dmul(w.d[1], group),
                       (long long)w.d[1], (long long)group);
      return nl_failure();
    }
    if (transpose && c != NL_DYNAMIC && w.d[0] != NL_DYNAMIC && c != w.d[0]) {
      nl_op_emit_error(op,
                       "input has %lld channels, but the weight expects "
                       "%lld",
                       (long long)c, (long long)w.d[0]);
      return nl_failure();
    }
    if (transpose)
      o.d[1] = dmul(w.d[1], group);
    else
      o.d[1] = w.d[0];
  }
  if (nl_failed(window_out(op, &x, k, transpose, false, &o)))
    return nl_failure();
  out[0] = make(op, &o, elem);
  return nl_success();
}

static NlResult
infer_pool(NlOp *op, NlType **out, bool global)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  operand_shape(op, 0, &x);
  if (x.ranked && x.rank < 3)
    return type_error(op, "must have rank 3 or more (N, C, spatial...)", 0);
  if (!x.ranked) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  Shape o = x;
  if (global) {
    for (uint32_t i = 2; i < o.rank; i++)
      o.d[i] = 1;
  } else {
    int64_t k[MAX_RANK];
    if (nl_failed(ints_attr(op, "kernel_shape", k, x.rank - 2, NL_DYNAMIC)))
      return nl_failure();
    bool ceil_mode = nl_graph_attr_int(op, "ceil_mode", 0) != 0;
    if (nl_failed(window_out(op, &x, k, false, ceil_mode, &o)))
      return nl_failure();
  }
  out[0] = make(op, &o, e);
  if (op->nresults > 1)
    out[1] = make(op, &o, nl_type_i64(nl_op_context(op)));
  return nl_success();
}

/* ---- linear algebra --------------------------------------------------------
 */

static NlResult
infer_gemm(NlOp *op, NlType **out)
{
  Shape a, b;
  operand_shape(op, 0, &a);
  operand_shape(op, 1, &b);
  if (a.ranked && a.rank != 2)
    return type_error(op, "must be a 2-D tensor", 0);
  if (b.ranked && b.rank != 2)
    return type_error(op, "must be a 2-D tensor", 1);
  Shape o = ranked(2);
  int64_t ka = NL_DYNAMIC, kb = NL_DYNAMIC;
  bool ta = nl_graph_attr_int(op, "transA", 0),
       tb = nl_graph_attr_int(op, "transB", 0);
  if (a.ranked) {
    o.d[0] = a.d[ta ? 1 : 0];
    ka = a.d[ta ? 0 : 1];
  }
  if (b.ranked) {
    o.d[1] = b.d[tb ? 0 : 1];
    kb = b.d[tb ? 1 : 0];
  }
  if (ka != NL_DYNAMIC && kb != NL_DYNAMIC && ka != kb) {
    nl_op_emit_error(op, "inner dimensions do not match: %lld and %lld",
                     (long long)ka, (long long)kb);
    return nl_failure();
  }
  if (nl_graph_has_operand(op, 2)) {
    Shape c, acc = o;
    operand_shape(op, 2, &c);
    if (!broadcast(&acc, &c) || (acc.ranked && acc.rank != 2))
      return type_error(op, "is not broadcastable to the result", 2);
  }
  out[0] = make(op, &o, elem_of(op, 0));
  return nl_success();
}

static NlResult
infer_matmul(NlOp *op, uint32_t ai, uint32_t bi, NlType *elem, NlType **out)
{
  Shape a, b;
  operand_shape(op, ai, &a);
  operand_shape(op, bi, &b);
  if (!a.ranked || !b.ranked) {
    Shape u = {0};
    out[0] = make(op, &u, elem);
    return nl_success();
  }
  if (a.rank == 0 || b.rank == 0)
    return type_error(op, "must have rank 1 or more", a.rank == 0 ? ai : bi);
  bool a1 = a.rank == 1, b1 = b.rank == 1;
  if (a1) {
    a.d[1] = a.d[0];
    a.d[0] = 1;
    a.rank = 2;
  }
  if (b1) {
    b.d[1] = 1;
    b.rank = 2;
  }
  int64_t ka = a.d[a.rank - 1], kb = b.d[b.rank - 2];
  if (ka != NL_DYNAMIC && kb != NL_DYNAMIC && ka != kb) {
    nl_op_emit_error(op, "inner dimensions do not match: %lld and %lld",
                     (long long)ka, (long long)kb);
    return nl_failure();
  }
  Shape ba = a, bb = b;
  ba.rank -= 2;
  bb.rank -= 2;
  if (!broadcast(&ba, &bb))
    return type_error(op, "has batch dimensions that do not broadcast", bi);
  Shape o = ba;
  if (!a1)
    o.d[o.rank++] = a.d[a.rank - 2];
  if (!b1)
    o.d[o.rank++] = b.d[b.rank - 1];
  out[0] = make(op, &o, elem);
  return nl_success();
}
/* ---- control flow ----------------------------------------------------------
 */

/* The graph.yield ending region i, or NULL. */
static NlOp *
region_yield(NlOp *op, uint32_t i)
{
  NlRegion *r = nl_op_region(op, i);
  if (nl_region_empty(r) || r->first != r->last)
    return NULL;
  NlOp *t = r->first->last;
  return t && nl_op_is(t, "graph.yield") ? t : NULL;
}

/* The tensor type both a and b may have: a when equal, dims that differ
 * made dynamic, else unranked of their common element type; NULL for
 * other types (sequences, optionals), which keep their declared type. */
static NlType *
merge(NlOp *op, NlType *a, NlType *b)
{
  if (!nl_type_is_shaped(a) || !nl_type_is_shaped(b) ||
      nl_type_element(a) != nl_type_element(b))
    return NULL;
  if (a == b)
    return a;
  Shape sa, sb;
  if (get_shape(a, &sa) && get_shape(b, &sb) && sa.rank == sb.rank) {
    for (uint32_t i = 0; i < sa.rank; i++)
      if (sa.d[i] != sb.d[i])
        sa.d[i] = NL_DYNAMIC;
    return make(op, &sa, nl_type_element(a));
  }
  return nl_type_unranked_tensor(nl_op_context(op), nl_type_element(a));
}

/* If: what both branches yield. Loop: the loop-carried values (their
 * initial type merged with what the body yields), then the scan outputs
 * stacked along a new leading dynamic dim. */
static NlResult
infer_control(NlOp *op, int k, NlType **out)
{
  if (k == GRAPH_IF && op->nregions == 2) {
    NlOp *a = region_yield(op, 0), *b = region_yield(op, 1);
    if (!a || !b || a->noperands != op->nresults ||
        b->noperands != op->nresults)
      return nl_success();
    for (uint32_t i = 0; i < op->nresults; i++)
      out[i] = merge(op, nl_op_operand(a, i)->type, nl_op_operand(b, i)->type);
    return nl_success();
  }
  if (k == GRAPH_LOOP && op->nregions == 1 && op->noperands >= 2) {
    NlOp *y = region_yield(op, 0);
    uint32_t ncarried = op->noperands - 2;
    if (!y || y->noperands != 1 + op->nresults || ncarried > op->nresults)
      return nl_success();
    for (uint32_t i = 0; i < ncarried; i++)
      out[i] = merge(op, nl_op_operand(op, 2 + i)->type,
                     nl_op_operand(y, 1 + i)->type);
    for (uint32_t i = ncarried; i < op->nresults; i++) {
      Shape s, o = {.ranked = true, .rank = 1, .d = {NL_DYNAMIC}};
      NlType *t = nl_op_operand(y, 1 + i)->type;
      if (!nl_type_is_shaped(t))
        continue;
      if (get_shape(t, &s) && s.rank < MAX_RANK) {
        memcpy(o.d + 1, s.d, s.rank * sizeof(int64_t));
        o.rank += s.rank;
      } else {
        o.ranked = false;
      }
      out[i] = make(op, &o, nl_type_element(t));
    }
  }
  return nl_success();
}

/* ---- the dispatcher -------------------------------------------------------
 */

/* Ops with their own rule (the OTHER family). */
static NlResult
infer_other(NlOp *op, int k, NlType **out)
{
  NlContext *ctx = nl_op_context(op);
  NlType *e0 = elem_of(op, 0);
  Shape x, o;
  operand_shape(op, 0, &x);
  switch (k) {
  case GRAPH_CONSTANT:
    return nl_graph_infer_constant(op, out);
  case GRAPH_CONV:
    return infer_conv(op, 0, 1, false, e0, out);
  case GRAPH_CONV_TRANSPOSE:
    return infer_conv(op, 0, 1, true, e0, out);
  case GRAPH_CONV_INTEGER:
    return infer_conv(op, 0, 1, false, nl_type_i32(ctx), out);
  case GRAPH_QLINEAR_CONV:
    return infer_conv(op, 0, 3, false, elem_of(op, 7) ? elem_of(op, 7) : e0,
                      out);
  case GRAPH_MAX_POOL:
  case GRAPH_AVERAGE_POOL:
  case GRAPH_LP_POOL:
    return infer_pool(op, out, false);
  case GRAPH_GLOBAL_AVERAGE_POOL:
  case GRAPH_GLOBAL_MAX_POOL:
  case GRAPH_GLOBAL_LP_POOL:
    return infer_pool(op, out, true);
  case GRAPH_GEMM:
    return infer_gemm(op, out);
  case GRAPH_MATMUL:
    return infer_matmul(op, 0, 1, e0, out);
  case GRAPH_MATMUL_INTEGER:
    return infer_matmul(op, 0, 1, nl_type_i32(ctx), out);
  case GRAPH_QLINEAR_MATMUL:
    return infer_matmul(op, 0, 3, elem_of(op, 7) ? elem_of(op, 7) : e0, out);
  case GRAPH_BATCH_NORMALIZATION:
    out[0] = make(op, &x, e0);
    for (uint32_t i = 1; i < op->nresults; i++)
      if (nl_graph_has_operand(op, 2 + i))
        out[i] = nl_op_operand(op, 2 + i)->type;
    return nl_success();
  case GRAPH_LAYER_NORMALIZATION: {
    out[0] = make(op, &x, e0);
    if (op->nresults < 2)
      return nl_success();
    o = x;
    if (x.ranked) {
      int64_t axis = nl_graph_attr_int(op, "axis", -1);
      if (nl_failed(norm_axis(op, &axis, x.rank, false)))
        return nl_failure();
      for (uint32_t i = (uint32_t)axis; i < x.rank; i++)
        o.d[i] = 1;
    }
    NlType *st = nl_graph_dtype(ctx, nl_graph_attr_int(op, "stash_type", 1));
    for (uint32_t i = 1; i < op->nresults; i++)
      out[i] = make(op, &o, st ? st : nl_type_f32(ctx));
    return nl_success();
  }
  case GRAPH_DROPOUT:
    out[0] = make(op, &x, e0);
    if (op->nresults > 1)
      out[1] = make(op, &x, nl_type_i1(ctx));
    return nl_success();
  case GRAPH_REDUCE_L1:
  case GRAPH_REDUCE_L2:
  case GRAPH_REDUCE_LOG_SUM:
  case GRAPH_REDUCE_LOG_SUM_EXP:
  case GRAPH_REDUCE_MAX:
  case GRAPH_REDUCE_MEAN:
  case GRAPH_REDUCE_MIN:
  case GRAPH_REDUCE_PROD:
  case GRAPH_REDUCE_SUM:
  case GRAPH_REDUCE_SUM_SQUARE:
    return nl_graph_infer_reduce(op, out, false);
  case GRAPH_ARG_MAX:
  case GRAPH_ARG_MIN:
    return nl_graph_infer_reduce(op, out, true);
  case GRAPH_TRANSPOSE:
    return nl_graph_infer_transpose(op, out);
  case GRAPH_RESHAPE:
    return nl_graph_infer_reshape(op, out);
  case GRAPH_FLATTEN:
    return nl_graph_infer_flatten(op, out);
  case GRAPH_CONCAT:
    return nl_graph_infer_concat(op, out);
  case GRAPH_SLICE:
    return nl_graph_infer_slice(op, out);
  case GRAPH_GATHER:
    return nl_graph_infer_gather(op, out);
  case GRAPH_GATHER_ELEMENTS:
    operand_shape(op, 1, &o);
    out[0] = make(op, &o, e0);
    return nl_success();
  case GRAPH_SQUEEZE:
    return nl_graph_infer_squeeze(op, out, false);
  case GRAPH_UNSQUEEZE:
    return nl_graph_infer_squeeze(op, out, true);
  case GRAPH_PAD:
    return nl_graph_infer_pad(op, out);
  case GRAPH_CAST: {
    NlType *t = nl_graph_dtype(ctx, nl_graph_attr_int(op, "to", 0));
    if (!t) {
      nl_op_emit_error(op, "attribute 'to' is not a known data type");
      return nl_failure();
    }
    out[0] = make(op, &x, t);
    return nl_success();
  }
  case GRAPH_CAST_LIKE:
    out[0] = make(op, &x, elem_of(op, 1));
    return nl_success();
  case GRAPH_SHAPE: {
    o = ranked(1);
    if (x.ranked) {
      int64_t r = x.rank;
      int64_t s = nl_graph_attr_int(op, "start", 0);
      int64_t en = nl_graph_attr_int(op, "end", r);
      s = clamp(s < 0 ? s + r : s, 0, r);
      en = clamp(en < 0 ? en + r : en, 0, r);
      o.d[0] = en > s ? en - s : 0;
    }
    out[0] = make(op, &o, nl_type_i64(ctx));
    return nl_success();
  }
  case GRAPH_SIZE:
    o = ranked(0);
    out[0] = make(op, &o, nl_type_i64(ctx));
    return nl_success();
  case GRAPH_CONSTANT_OF_SHAPE: {
    NlAttr *v = nl_op_attr(op, "value");
    o = nl_graph_shape_operand(op, 0);
    out[0] = make(op, &o,
                  v && v->type ? nl_type_element(v->type) : nl_type_f32(ctx));
    return nl_success();
  }
  case GRAPH_EXPAND: {
    Shape s = nl_graph_shape_operand(op, 1);
    o = x;
    if (!broadcast(&o, &s))
      return type_error(op, "is not broadcastable to the requested shape", 0);
    out[0] = make(op, &o, e0);
    return nl_success();
  }
  case GRAPH_TILE: {
    int64_t rep[MAX_RANK];
    int64_t n = nl_graph_const_ints(op, 1, rep, MAX_RANK);
    o = x.ranked ? ranked(x.rank) : x;
    if (x.ranked && n == (int64_t)x.rank)
      for (uint32_t i = 0; i < x.rank; i++)
        o.d[i] = dmul(x.d[i], rep[i]);
    out[0] = make(op, &o, e0);
    return nl_success();
  }
  case GRAPH_SPLIT:
    return nl_graph_infer_split(op, out);
  case GRAPH_RESIZE:
    return nl_graph_infer_resize(op, out, 2, 3);
  case GRAPH_UPSAMPLE:
    return nl_graph_infer_resize(op, out, 1, UINT32_MAX);
  case GRAPH_WHERE: {
    if (nl_failed(broadcast_operands(op, 0, 3, &o)))
      return nl_failure();
    out[0] = make(op, &o, elem_of(op, 1));
    return nl_success();
  }
  case GRAPH_RANGE:
    o = ranked(1);
    out[0] = make(op, &o, e0);
    return nl_success();
  case GRAPH_NON_ZERO:
    o = ranked(2);
    if (x.ranked)
      o.d[0] = x.rank;
    out[0] = make(op, &o, nl_type_i64(ctx));
    return nl_success();
  case GRAPH_TOP_K: {
    int64_t kk;
    o = x;
    if (x.ranked) {
      int64_t axis = nl_graph_attr_int(op, "axis", -1);
      if (nl_failed(norm_axis(op, &axis, x.rank, false)))
        return nl_failure();
      o.d[axis] = nl_graph_const_ints(op, 1, &kk, 1) == 1 ? kk : NL_DYNAMIC;
    }
    out[0] = make(op, &o, e0);
    if (op->nresults > 1)
      out[1] = make(op, &o, nl_type_i64(ctx));
    return nl_success();
  }
  case GRAPH_QUANTIZE_LINEAR:
    out[0] = make(op, &x,
                  elem_of(op, 2) ? elem_of(op, 2)
                                 : nl_type_integer(ctx, 8, NL_UNSIGNED));
    return nl_success();
  case GRAPH_DEQUANTIZE_LINEAR:
    out[0] = make(op, &x, nl_type_f32(ctx));
    return nl_success();
  case GRAPH_DYNAMIC_QUANTIZE_LINEAR: {
    NlType *u8 = nl_type_integer(ctx, 8, NL_UNSIGNED);
    Shape sc = {.ranked = true};
    out[0] = make(op, &x, u8);
    if (op->nresults > 1)
      out[1] = make(op, &sc, nl_type_f32(ctx));
    if (op->nresults > 2)
      out[2] = make(op, &sc, u8);
    return nl_success();
  }
  case GRAPH_DEPTH_TO_SPACE:
  case GRAPH_SPACE_TO_DEPTH: {
    int64_t b = nl_graph_attr_int(op, "blocksize", 1);
    if (b <= 0 || b > (1 << 20)) {
      nl_op_emit_error(op, "attribute 'blocksize' must be positive");
      return nl_failure();
    }
    if (x.ranked && x.rank != 4)
      return type_error(op, "must be a 4-D tensor", 0);
    o = x;
    if (x.ranked) {
      bool d2s = k == GRAPH_DEPTH_TO_SPACE;
      int64_t c = x.d[1];
      if (c != NL_DYNAMIC && d2s && c % (b * b) != 0)
        return type_error(op, "has channels not divisible by blocksize^2", 0);
      o.d[1] = c == NL_DYNAMIC ? c : d2s ? c / (b * b) : dmul(c, b * b);
      for (int i = 2; i < 4; i++)
        o.d[i] = x.d[i] == NL_DYNAMIC ? NL_DYNAMIC
                 : d2s                ? dmul(x.d[i], b)
                                      : x.d[i] / b;
    }
    out[0] = make(op, &o, e0);
    return nl_success();
  }
  case GRAPH_EYE_LIKE:
  case GRAPH_RANDOM_NORMAL_LIKE:
  case GRAPH_RANDOM_UNIFORM_LIKE: {
    NlType *t = nl_op_attr(op, "dtype")
                    ? nl_graph_dtype(ctx, nl_graph_attr_int(op, "dtype", 1))
                    : e0;
    out[0] = make(op, &x, t);
    return nl_success();
  }
  case GRAPH_RANDOM_NORMAL:
  case GRAPH_RANDOM_UNIFORM: {
    int64_t sh[MAX_RANK];
    int n = nl_graph_attr_ints(op, "shape", sh, MAX_RANK);
    NlType *t = nl_graph_dtype(ctx, nl_graph_attr_int(op, "dtype", 1));
    if (n < 0 || n > MAX_RANK)
      return nl_success();
    o = (Shape){.ranked = true, .rank = (uint32_t)n};
    memcpy(o.d, sh, (size_t)n * sizeof(int64_t));
    out[0] = make(op, &o, t);
    return nl_success();
  }
  case GRAPH_IF:
  case GRAPH_LOOP:
    return infer_control(op, k, out);
  case GRAPH_NON_MAX_SUPPRESSION:
    o = ranked(2);
    o.d[1] = 3;
    out[0] = make(op, &o, nl_type_i64(ctx));
    return nl_success();
  default:
    return nl_success();
  }
}

NlResult
nl_graph_infer(NlOp *op, NlType **out)
{
  int k = nl_graph_kind(op);
  for (uint32_t i = 0; i < op->nresults; i++)
    out[i] = NULL;
  if (k < 0 || k >= GRAPH_NOPS || op->nresults == 0)
    return nl_success();
  NlContext *ctx = nl_op_context(op);
  Shape s;
  switch (nl_graph_cls[k]) {
  case GCLS_UNARY:
    operand_shape(op, 0, &s);
    out[0] = make(op, &s, elem_of(op, 0));
    if (k == GRAPH_SOFTMAX || k == GRAPH_LOG_SOFTMAX || k == GRAPH_HARDMAX) {
      int64_t axis = nl_graph_attr_int(op, "axis", -1);
      if (s.ranked && nl_failed(norm_axis(op, &axis, s.rank, false)))
        return nl_failure();
    }
    return nl_success();
  case GCLS_UNARY_BOOL:
    operand_shape(op, 0, &s);
    out[0] = make(op, &s, nl_type_i1(ctx));
    return nl_success();
  case GCLS_BINARY:
    if (k != GRAPH_POW && k != GRAPH_PRELU && nl_failed(same_elems(op, 2)))
      return nl_failure();
    if (nl_failed(broadcast_operands(op, 0, 2, &s)))
      return nl_failure();
    out[0] = make(op, &s, elem_of(op, 0));
    return nl_success();
  case GCLS_CMP:
    if (nl_failed(same_elems(op, 2)) ||
        nl_failed(broadcast_operands(op, 0, 2, &s)))
      return nl_failure();
    out[0] = make(op, &s, nl_type_i1(ctx));
    return nl_success();
  case GCLS_VARIADIC:
    if (nl_failed(same_elems(op, op->noperands)) ||
        nl_failed(broadcast_operands(op, 0, op->noperands, &s)))
      return nl_failure();
    out[0] = make(op, &s, elem_of(op, 0));
    return nl_success();
  default:
    return infer_other(op, k, out);
  }
}

/* The most precise of two compatible types: static dims from either. */
static NlType *
join(NlOp *op, NlType *a, NlType *b)
{
  Shape sa, sb;
  if (!get_shape(a, &sa))
    return b;
  if (!get_shape(b, &sb))
    return a;
  for (uint32_t i = 0; i < sa.rank; i++)
    if (sa.d[i] == NL_DYNAMIC)
      sa.d[i] = sb.d[i];
  return make(op, &sa, nl_type_element(a));
}

NlResult
nl_graph_infer_types(NlOp *op)
{
  if (nl_graph_kind(op) < 0)
    return nl_success();
  NlType *small[8];
  NlType **out =
      op->nresults <= 8 ? small : nl_xcalloc(op->nresults, sizeof *out);
  NlResult r = nl_graph_infer(op, out);
  NlContext *ctx = nl_op_context(op);
  for (uint32_t i = 0; nl_succeeded(r) && i < op->nresults; i++) {
    NlValue *v = nl_op_result(op, i);
    NlType *t = out[i];
    if (!t) {
      if (v->type->kind == NL_TYPE_NONE) {
        NlType *e = elem_of(op, 0);
        v->type = nl_type_unranked_tensor(ctx, e ? e : nl_type_f32(ctx));
      }
      continue;
    }
    if (v->type->kind == NL_TYPE_NONE || v->type == t) {
      v->type = t;
    } else if (nl_graph_type_compatible(t, v->type)) {
      v->type = join(op, t, v->type);
    } else {
      NlBuf a = {0}, b = {0};
      nl_type_print(t, &a);
      nl_type_print(v->type, &b);
      nl_op_emit_error(op,
                       "inferred type '%s' is incompatible with result "
                       "type '%s' of result #%u",
                       a.data, b.data, i);
      nl_buf_free(&a);
      nl_buf_free(&b);
      r = nl_failure();
    }
  }
  if (out != small)
    free(out);
  return r;
}
