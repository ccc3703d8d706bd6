/*
 * convert-graph-to-tensor: less common ops built from the same pieces.
 *  - DepthToSpace / SpaceToDepth: reshape to 6-D, transpose, reshape.
 *  - GatherElements: a generic over the indices extracting from the
 *    captured data (negative indices wrapped).
 *  - Trilu: a generic selecting x or 0 from tensor.index of the last dims.
 *  - ArgMax / ArgMin: a generic reduction over the axis with two outs (the
 *    best value and its index); Hardmax: one-hot of the ArgMax.
 */
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

/* ---- DepthToSpace, SpaceToDepth ------------------------------------------ */

NlResult
nl_g2t_lower_depth_to_space(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  int64_t b = nl_g2t_attr_int(g, "blocksize", 0);
  if (nl_g2t_rank(x) != 4 || b < 1)
    return nl_g2t_error(g, "needs a 4-D input and a positive blocksize");
  const int64_t *d = nl_g2t_dims(x);
  int64_t N = d[0], C = d[1], H = d[2], W = d[3];
  int64_t s6[6], perm[6];
  if (nl_op_is(g->op, "graph.depth_to_space")) {
    if (C % (b * b))
      return nl_g2t_error(g, "channels are not a multiple of blocksize^2");
    int64_t c = C / (b * b);
    if (strcmp(nl_g2t_attr_str(g, "mode", "DCR"), "CRD") == 0) {
      int64_t s[6] = {N, c, b, b, H, W}, p[6] = {0, 1, 4, 2, 5, 3};
      memcpy(s6, s, sizeof s), memcpy(perm, p, sizeof p);
    } else {
      int64_t s[6] = {N, b, b, c, H, W}, p[6] = {0, 3, 4, 1, 5, 2};
      memcpy(s6, s, sizeof s), memcpy(perm, p, sizeof p);
    }
  } else {
    if (H % b || W % b)
      return nl_g2t_error(g, "spatial dims are not multiples of blocksize");
    int64_t s[6] = {N, C, H / b, b, W / b, b}, p[6] = {0, 3, 5, 1, 2, 4};
    memcpy(s6, s, sizeof s), memcpy(perm, p, sizeof p);
  }
  if (nl_type_num_elements(r->type) != nl_type_num_elements(x->type))
    return nl_g2t_error(g, "result type does not match the input");
  NlValue *t =
      nl_g2t_reshape(g, x, nl_g2t_tensor(g, s6, 6, nl_type_element(x->type)));
  t = nl_g2t_transpose(g, t, perm);
  res[0] = nl_g2t_reshape(g, t, r->type);
  return nl_success();
}

/* ---- GatherElements ------------------------------------------------------ */

typedef struct GatherEl {
  NlValue *data;
  uint32_t axis;
} GatherEl;

static void
gather_el_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
               void *ud)
{
  GatherEl *ge = ud;
  NlValue *idx[NL_G2T_MAX_RANK];
  uint32_t r = nl_g2t_rank(ge->data);
  NlValue *i =
      nl_g2t_wrap_index(g, b, args[0], nl_g2t_dims(ge->data)[ge->axis]);
  for (uint32_t j = 0; j < r; j++)
    idx[j] = j == ge->axis ? i : nl_g2t_index(g, b, j);
  yields[0] = nl_g2t_extract(g, b, ge->data, idx, r);
}

NlResult
nl_g2t_lower_gather_elements(NlG2T *g, NlValue **res)
{
  NlValue *data = nl_g2t_operand(g, 0), *idx = nl_g2t_operand(g, 1);
  NlValue *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(data);
  int64_t axis = nl_g2t_attr_int(g, "axis", 0);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank || nl_g2t_rank(idx) != rank ||
      r->type->shaped.rank != rank)
    return nl_g2t_error(g, "needs indices of the data's rank and a valid axis");
  if (nl_type_element(idx->type)->kind != NL_TYPE_INTEGER)
    return nl_g2t_error(g, "needs integer indices");
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  GatherEl ge = {data, (uint32_t)axis};
  res[0] =
      nl_g2t_parallel_generic(g, r->type, &idx, &id, 1, gather_el_body, &ge);
  return nl_success();
}

/* ---- Trilu --------------------------------------------------------------- */

typedef struct Trilu {
  uint32_t rank;
  int64_t k;
  bool upper;
} Trilu;

static void
trilu_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
           void *ud)
{
  Trilu *t = ud;
  NlValue *row = nl_g2t_index(g, b, t->rank - 2);
  NlValue *col = nl_g2t_index(g, b, t->rank - 1);
  NlValue *diff = nl_g2t_op2(g, b, "arith.subi", col, row);
  NlValue *k = nl_g2t_scalar(g, b, nl_type_index(g->ctx), (double)t->k);
  NlValue *keep =
      nl_g2t_cmp(g, b, false, t->upper ? NL_G2T_SGE : NL_G2T_SLE, diff, k);
  yields[0] =
      nl_g2t_select(g, b, keep, args[0], nl_g2t_scalar(g, b, args[0]->type, 0));
}

NlResult
nl_g2t_lower_trilu(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *kv = nl_g2t_operand(g, 1);
  uint32_t rank = nl_g2t_rank(x);
  if (rank < 2)
    return nl_g2t_error(g, "needs an input of rank 2 or more");
  Trilu t = {rank, 0, nl_g2t_attr_int(g, "upper", 1) != 0};
  if (kv) {
    NlAttr *k = nl_g2t_const_scalar(kv);
    if (!k || k->kind != NL_ATTR_INTEGER)
      return nl_g2t_error(g, "needs a constant k");
    t.k = nl_attr_integer_value(k, NULL);
  }
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  res[0] = nl_g2t_parallel_generic(g, x->type, &x, &id, 1, trilu_body, &t);
  return nl_success();
}

/* ---- ArgMax, ArgMin, Hardmax --------------------------------------------- */

typedef struct Arg {
  uint32_t axis;
  bool max, last;
} Arg;

/* (x, best, index) -> (new best, new index) */
static void
arg_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
         void *ud)
{
  Arg *a = ud;
  bool fp = nl_g2t_is_float(args[0]->type);
  int pred = a->max ? (a->last ? (fp ? NL_G2T_OGE : NL_G2T_SGE)
                               : (fp ? NL_G2T_OGT : NL_G2T_SGT))
                    : (a->last ? (fp ? NL_G2T_OLE : NL_G2T_SLE)
                               : (fp ? NL_G2T_OLT : NL_G2T_SLT));
  NlValue *better = nl_g2t_cmp(g, b, fp, pred, args[0], args[1]);
  NlValue *i = nl_g2t_cast_op(g, b, "arith.index_cast",
                              nl_g2t_index(g, b, a->axis), nl_type_i64(g->ctx));
  yields[0] = nl_g2t_select(g, b, better, args[0], args[1]);
  yields[1] = nl_g2t_select(g, b, better, i, args[2]);
}

static void
one_hot_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
             void *ud)
{
  Arg *a = ud;
  NlValue *i = nl_g2t_cast_op(g, b, "arith.index_cast",
                              nl_g2t_index(g, b, a->axis), nl_type_i64(g->ctx));
  NlValue *eq = nl_g2t_cmp(g, b, false, NL_G2T_EQ, i, args[0]);
  NlType *e = args[1]->type;
  NlValue *one = nl_g2t_scalar(g, b, e, 1);
  NlValue *zero = nl_g2t_scalar(g, b, e, 0);
  yields[0] = nl_g2t_select(g, b, eq, one, zero);
}

NlResult
nl_g2t_lower_arg_reduce(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  bool hard = nl_op_is(g->op, "graph.hardmax");
  if (rank == 0 || nl_type_bitwidth(e) == 1)
    return nl_g2t_error(g, "needs a numeric input of rank 1 or more");
  int64_t axis = nl_g2t_attr_int(g, "axis", hard ? -1 : 0);
  axis = axis < 0 ? axis + rank : axis;
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  if (hard && g->opset < 13 && axis != rank - 1)
    return nl_g2t_error(g,
                        "before opset 13 is only supported on the last axis");
  Arg a = {(uint32_t)axis, !nl_op_is(g->op, "graph.arg_min"),
           !hard && nl_g2t_attr_int(g, "select_last_index", 0) != 0};
  bool keep[NL_G2T_MAX_RANK];
  int64_t dims[NL_G2T_MAX_RANK];
  uint32_t n = 0;
  for (uint32_t i = 0; i < rank; i++) {
    keep[i] = i != axis;
    if (keep[i])
      dims[n++] = nl_g2t_dims(x)[i];
  }
  NlType *i64 = nl_type_i64(g->ctx);
  NlValue *outs[2];
  outs[0] = nl_g2t_fill(g, nl_g2t_tensor(g, dims, n, e),
                        a.max ? nl_g2t_lowest(g, NULL, e)
                              : nl_g2t_highest(g, NULL, e));
  outs[1] = nl_g2t_fill(g, nl_g2t_tensor(g, dims, n, i64),
                        nl_g2t_scalar(g, NULL, i64, 0));
  NlAffineMap *sel = nl_g2t_map_select(g, rank, keep);
  NlAffineMap *maps[3] = {nl_g2t_map_identity(g, rank), sel, sel};
  NlG2TGeneric gen = {.ndims = rank,
                      .nins = 1,
                      .nouts = 2,
                      .ins = &x,
                      .in_maps = maps,
                      .outs = outs,
                      .out_maps = maps + 1};
  gen.reduction[axis] = true;
  NlValue *idx = nl_op_result(nl_g2t_generic(g, &gen, arg_body, &a), 1);
  if (!hard) {
    if (nl_type_element(r->type) != i64 ||
        nl_type_num_elements(r->type) != nl_type_num_elements(idx->type))
      return nl_g2t_error(g, "result type does not match the axis");
    res[0] = nl_g2t_reshape(g, idx, r->type);
    return nl_success();
  }
  NlAffineMap *hm[2] = {sel, maps[0]};
  NlValue *out = nl_g2t_empty(g, r->type);
  NlG2TGeneric oh = {.ndims = rank,
                     .nins = 1,
                     .nouts = 1,
                     .ins = &idx,
                     .in_maps = hm,
                     .outs = &out,
                     .out_maps = hm + 1};
  res[0] = nl_op_result(nl_g2t_generic(g, &oh, one_hot_body, &a), 0);
  return nl_success();
}
