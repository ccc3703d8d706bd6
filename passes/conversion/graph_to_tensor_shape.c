/*
 * convert-graph-to-tensor: constants and data movement. Constant becomes
 * arith.constant; Reshape, Flatten, Squeeze and Unsqueeze tensor.reshape
 * to the (static) result type; Transpose tensor.transpose; Concat an
 * insert_slice chain into a tensor.empty; Slice and Split extract_slice
 * (a generic with index maps for negative steps); Pad tensor.pad; Gather a
 * generic whose body extracts from the captured data; Expand and Tile
 * generics with broadcast / modulo maps; Shape, Size and ConstantOfShape
 * of static shapes constants and fills.
 */
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

static NlValue *
result(NlG2T *g, uint32_t i)
{
  return nl_op_result(g->op, i);
}

static int64_t
norm_axis(int64_t axis, uint32_t rank)
{
  return axis < 0 ? axis + rank : axis;
}

/* Constant's value_float(s) / value_int(s) forms as a dense attribute of
 * type t, or NULL. */
static NlAttr *
scalar_forms(NlG2T *g, NlType *t)
{
  NlType *e = nl_type_element(t);
  int64_t n = nl_type_num_elements(t);
  NlAttr *a;
  if (e == nl_type_f32(g->ctx) && n == 1 &&
      (a = nl_op_attr(g->op, "value_float")) && a->kind == NL_ATTR_FLOAT) {
    float f = (float)a->flt.value;
    return nl_attr_dense(g->ctx, t, true, &f, 4);
  }
  if (e == nl_type_i64(g->ctx) && n == 1 &&
      (a = nl_op_attr(g->op, "value_int")) && a->kind == NL_ATTR_INTEGER) {
    int64_t v = nl_attr_integer_value(a, NULL);
    return nl_attr_dense(g->ctx, t, true, &v, 8);
  }
  bool fl = e == nl_type_f32(g->ctx);
  a = nl_op_attr(g->op, fl ? "value_floats" : "value_ints");
  if (!a || a->kind != NL_ATTR_ARRAY || (int64_t)a->array.n != n ||
      (!fl && e != nl_type_i64(g->ctx)))
    return NULL;
  void *data = nl_xmalloc((size_t)n * 8 + 8);
  for (uint32_t i = 0; i < a->array.n; i++) {
    NlAttr *x = a->array.elems[i];
    if (fl && x->kind == NL_ATTR_FLOAT) {
      ((float *)data)[i] = (float)x->flt.value;
    } else if (!fl && x->kind == NL_ATTR_INTEGER) {
      ((int64_t *)data)[i] = nl_attr_integer_value(x, NULL);
    } else {
      free(data);
      return NULL;
    }
  }
  NlAttr *r = nl_attr_dense(g->ctx, t, false, data, (size_t)n * (fl ? 4 : 8));
  free(data);
  return r;
}

NlResult
nl_g2t_lower_constant(NlG2T *g, NlValue **res)
{
  NlAttr *a = nl_op_constant_value(g->op);
  NlType *t = result(g, 0)->type;
  if (!a || (a->kind != NL_ATTR_DENSE && a->kind != NL_ATTR_DENSE_RESOURCE) ||
      a->type != t)
    a = scalar_forms(g, t);
  if (!a)
    return nl_g2t_error(g, "needs a dense or dense_resource value of the "
                           "result type");
  res[0] = nl_g2t_scalar_attr(g, NULL, a);
  return nl_success();
}

NlResult
nl_g2t_lower_identity(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  if (!x || x->type != result(g, 0)->type)
    return nl_g2t_error(g, "needs an operand of the result type");
  if (nl_op_is(g->op, "graph.dropout") && nl_g2t_operand(g, 2)) {
    /* Dropout is the identity only at inference. */
    NlAttr *tm = nl_g2t_const_scalar(nl_g2t_operand(g, 2));
    if (!tm || tm->kind != NL_ATTR_INTEGER || nl_attr_integer_value(tm, NULL))
      return nl_g2t_error(g, "training mode is not supported");
  }
  res[0] = x;
  if (g->op->nresults > 1 && nl_value_has_uses(result(g, 1))) {
    /* Dropout's mask at inference: all true. */
    NlType *mt = result(g, 1)->type;
    uint8_t one = 1;
    if (nl_type_element(mt)->kind != NL_TYPE_INTEGER)
      return nl_g2t_error(g, "result #1 must be a tensor of i1");
    res[1] =
        nl_g2t_scalar_attr(g, NULL, nl_attr_dense(g->ctx, mt, true, &one, 1));
  }
  return nl_success();
}

NlResult
nl_g2t_lower_reshape(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  NlType *t = result(g, 0)->type;
  if (nl_type_num_elements(x->type) != nl_type_num_elements(t) ||
      nl_type_element(x->type) != nl_type_element(t))
    return nl_g2t_error(g, "changes the number of elements");
  res[0] = nl_g2t_reshape(g, x, t);
  return nl_success();
}

NlResult
nl_g2t_lower_transpose(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t r = nl_g2t_rank(x);
  int64_t perm[NL_G2T_MAX_RANK];
  int n = nl_g2t_attr_ints(g, "perm", perm, NL_G2T_MAX_RANK);
  if (n < 0)
    for (uint32_t i = 0; i < r; i++)
      perm[i] = r - 1 - i;
  else if ((uint32_t)n != r)
    return nl_g2t_error(g, "perm must have one entry per dimension");
  bool seen[NL_G2T_MAX_RANK] = {0};
  for (uint32_t i = 0; i < r; i++) {
    if (perm[i] < 0 || perm[i] >= r || seen[perm[i]])
      return nl_g2t_error(g, "perm is not a permutation");
    seen[perm[i]] = true;
  }
  res[0] = nl_g2t_transpose(g, x, perm);
  return nl_success();
}

NlResult
nl_g2t_lower_concat(NlG2T *g, NlValue **res)
{
  NlValue *r = result(g, 0);
  uint32_t rank = nl_g2t_rank(r);
  int64_t axis = norm_axis(nl_g2t_attr_int(g, "axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  NlValue *acc = nl_g2t_empty(g, r->type);
  int64_t offsets[NL_G2T_MAX_RANK] = {0}, strides[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    strides[d] = 1;
  for (uint32_t i = 0; i < g->op->noperands; i++) {
    NlValue *x = nl_g2t_operand(g, i);
    if (!x || nl_g2t_rank(x) != rank)
      return nl_g2t_error(g, "operand #%u has the wrong rank", i);
    if (nl_g2t_dims(x)[axis] == 0)
      continue;
    acc = nl_g2t_insert_slice(g, x, acc, offsets, nl_g2t_dims(x), strides);
    offsets[axis] += nl_g2t_dims(x)[axis];
  }
  if (offsets[axis] != nl_g2t_dims(r)[axis])
    return nl_g2t_error(g, "operand sizes do not add up to the result");
  res[0] = acc;
  return nl_success();
}

/* Reads constant operand i as n integers (n == -1: any length). */
static int64_t *
const_operand(NlG2T *g, uint32_t i, int64_t *n, const char *what)
{
  NlValue *v = nl_g2t_operand(g, i);
  int64_t *p = v ? nl_g2t_const_ints(v, n) : NULL;
  if (!p)
    nl_g2t_error(g, "needs constant %s", what);
  return p;
}

NlResult
nl_g2t_lower_slice(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = result(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  int64_t ns, ne, na = 0, nst = 0;
  int64_t *starts = NULL, *ends = NULL, *axes = NULL, *steps = NULL;
  NlResult ok = nl_failure();
  if (!(starts = const_operand(g, 1, &ns, "starts")) ||
      !(ends = const_operand(g, 2, &ne, "ends")))
    goto done;
  if (nl_g2t_operand(g, 3) && !(axes = const_operand(g, 3, &na, "axes")))
    goto done;
  if (nl_g2t_operand(g, 4) && !(steps = const_operand(g, 4, &nst, "steps")))
    goto done;
  if (ns != ne || (axes && na != ns) || (steps && nst != ns) ||
      ns > (int64_t)rank) {
    nl_g2t_error(g, "starts, ends, axes and steps must have the same length");
    goto done;
  }
  int64_t off[NL_G2T_MAX_RANK], size[NL_G2T_MAX_RANK], stride[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    off[d] = 0, size[d] = nl_g2t_dims(x)[d], stride[d] = 1;
  bool negative = false;
  for (int64_t i = 0; i < ns; i++) {
    int64_t a = axes ? norm_axis(axes[i], rank) : i;
    int64_t step = steps ? steps[i] : 1,
            dim = nl_g2t_dims(x)[a >= 0 && a < rank ? a : 0];
    if (a < 0 || a >= rank || step == 0) {
      nl_g2t_error(g, "has an axis out of range or a zero step");
      goto done;
    }
    /* Steps beyond the dim take at most one element: clamp them so that
     * the arithmetic below cannot overflow. */
    if (step > dim + 1 || step < -(dim + 1))
      step = step > 0 ? dim + 1 : -(dim + 1);
    int64_t s = starts[i], e = ends[i];
    s = s < 0 ? (s < -dim ? 0 : s + dim) : s;
    e = e < 0 ? (e < -dim ? -1 : e + dim) : e;
    int64_t cnt;
    if (step > 0) {
      s = s > dim ? dim : s < 0 ? 0 : s;
      e = e > dim ? dim : e < 0 ? 0 : e;
      cnt = e > s ? (e - s + step - 1) / step : 0;
    } else {
      s = s > dim - 1 ? dim - 1 : s;
      e = e > dim - 1 ? dim - 1 : e;
      cnt = s > e ? (s - e + (-step) - 1) / (-step) : 0;
      negative = true;
    }
    off[a] = s, size[a] = cnt, stride[a] = step;
  }
  for (uint32_t d = 0; d < rank; d++)
    if (size[d] != nl_g2t_dims(r)[d]) {
      nl_g2t_error(g,
                   "computed size %lld of dim %u differs from the result "
                   "type",
                   (long long)size[d], d);
      goto done;
    }
  if (!negative) {
    res[0] = nl_g2t_extract_slice(g, x, off, size, stride);
  } else {
    NlAffineExpr *ex[NL_G2T_MAX_RANK];
    for (uint32_t d = 0; d < rank; d++)
      ex[d] = nl_affine_add(g->ctx,
                            nl_affine_mul(g->ctx, nl_affine_dim(g->ctx, d),
                                          nl_affine_const(g->ctx, stride[d])),
                            nl_affine_const(g->ctx, off[d]));
    NlAffineMap *map = nl_affine_map(g->ctx, rank, 0, ex, rank);
    res[0] = nl_g2t_remap(g, r->type, x, map);
  }
  ok = nl_success();
done:
  free(starts);
  free(ends);
  free(axes);
  free(steps);
  return ok;
}

NlResult
nl_g2t_lower_split(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  int64_t axis = norm_axis(nl_g2t_attr_int(g, "axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  int64_t off[NL_G2T_MAX_RANK] = {0}, stride[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    stride[d] = 1;
  for (uint32_t i = 0; i < g->op->nresults; i++) {
    NlValue *r = result(g, i);
    if (nl_g2t_rank(r) != rank)
      return nl_g2t_error(g, "result #%u has the wrong rank", i);
    res[i] = nl_g2t_extract_slice(g, x, off, nl_g2t_dims(r), stride);
    off[axis] += nl_g2t_dims(r)[axis];
  }
  if (off[axis] != nl_g2t_dims(x)[axis])
    return nl_g2t_error(g, "result sizes do not add up to the operand");
  return nl_success();
}

NlResult
nl_g2t_lower_pad(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0);
  uint32_t rank = nl_g2t_rank(x);
  if (strcmp(nl_g2t_attr_str(g, "mode", "constant"), "constant") != 0)
    return nl_g2t_error(g, "mode \"%s\" is not supported yet",
                        nl_g2t_attr_str(g, "mode", ""));
  int64_t n;
  int64_t *pads = const_operand(g, 1, &n, "pads");
  if (!pads)
    return nl_failure();
  if (n != 2 * (int64_t)rank) {
    free(pads);
    return nl_g2t_error(g, "pads must have 2 entries per dimension");
  }
  NlType *e = nl_type_element(x->type);
  NlAttr *val = e->kind == NL_TYPE_FLOAT ? nl_attr_float(g->ctx, e, 0.0)
                                         : nl_attr_integer(g->ctx, e, 0);
  NlValue *cv = nl_g2t_operand(g, 2);
  if (cv && !(val = nl_g2t_const_scalar(cv))) {
    free(pads);
    return nl_g2t_error(g, "needs a constant padding value");
  }
  /* Negative pads crop first. */
  int64_t off[NL_G2T_MAX_RANK], size[NL_G2T_MAX_RANK], one[NL_G2T_MAX_RANK];
  int64_t lo[NL_G2T_MAX_RANK], hi[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++) {
    int64_t l = pads[d], h = pads[rank + d];
    off[d] = l < 0 ? -l : 0;
    size[d] = nl_g2t_dims(x)[d] - (l < 0 ? -l : 0) - (h < 0 ? -h : 0);
    one[d] = 1;
    lo[d] = l > 0 ? l : 0;
    hi[d] = h > 0 ? h : 0;
    if (size[d] < 0)
      size[d] = 0;
  }
  free(pads);
  NlValue *v = nl_g2t_extract_slice(g, x, off, size, one);
  res[0] = nl_g2t_pad(g, v, lo, hi, nl_g2t_scalar_attr(g, NULL, val));
  return nl_success();
}

/* ---- Gather -------------------------------------------------------------- */

typedef struct Gather {
  NlValue *data;
  uint32_t axis, q; /* axis of data, rank of indices */
} Gather;

static void
gather_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
            void *ud)
{
  Gather *ga = ud;
  NlValue *idx[NL_G2T_MAX_RANK];
  uint32_t r = nl_g2t_rank(ga->data);
  NlValue *i =
      nl_g2t_wrap_index(g, b, args[0], nl_g2t_dims(ga->data)[ga->axis]);
  /* The data dims around the axis are the loop dims around the q dims
   * of the indices. */
  for (uint32_t j = 0; j < r; j++) {
    uint32_t d = j < ga->axis ? j : j - 1 + ga->q;
    idx[j] = j == ga->axis ? i : nl_g2t_index(g, b, d);
  }
  yields[0] = nl_g2t_extract(g, b, ga->data, idx, r);
}

NlResult
nl_g2t_lower_gather(NlG2T *g, NlValue **res)
{
  NlValue *data = nl_g2t_operand(g, 0), *idx = nl_g2t_operand(g, 1);
  NlValue *r = result(g, 0);
  uint32_t rank = nl_g2t_rank(data), q = nl_g2t_rank(idx);
  int64_t axis = norm_axis(nl_g2t_attr_int(g, "axis", 0), rank);
  NlType *ie = nl_type_element(idx->type);
  if (axis < 0 || axis >= rank)
    return nl_g2t_error(g, "axis is out of range");
  if (ie->kind != NL_TYPE_INTEGER || ie->integer.width < 8)
    return nl_g2t_error(g, "needs integer indices");
  if (nl_g2t_rank(r) != rank + q - 1)
    return nl_g2t_error(g, "result rank must be %u", rank + q - 1);
  bool keep[NL_G2T_MAX_RANK] = {0};
  uint32_t ndims = nl_g2t_rank(r);
  for (uint32_t d = (uint32_t)axis; d < (uint32_t)axis + q; d++)
    keep[d] = true;
  NlAffineMap *map = nl_g2t_map_select(g, ndims, keep);
  Gather ga = {data, (uint32_t)axis, q};
  res[0] = nl_g2t_parallel_generic(g, r->type, &idx, &map, 1, gather_body, &ga);
  return nl_success();
}

/* ---- Expand, Tile -------------------------------------------------------- */

NlResult
nl_g2t_lower_expand(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = result(g, 0);
  uint32_t rank = nl_g2t_rank(r);
  if (nl_g2t_rank(x) > rank)
    return nl_g2t_error(g, "operand has a higher rank than the result");
  NlAffineMap *map = nl_g2t_map_broadcast(g, x->type, nl_g2t_dims(r), rank);
  res[0] = nl_g2t_remap(g, r->type, x, map);
  return nl_success();
}

NlResult
nl_g2t_lower_tile(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = result(g, 0);
  uint32_t rank = nl_g2t_rank(r);
  if (nl_g2t_rank(x) != rank)
    return nl_g2t_error(g, "operand and result ranks differ");
  NlAffineExpr *ex[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++) {
    int64_t n = nl_g2t_dims(x)[d];
    if (n == 0 || nl_g2t_dims(r)[d] % n != 0)
      return nl_g2t_error(g, "result dim %u is not a multiple of the operand's",
                          d);
    ex[d] = nl_affine_dim(g->ctx, d);
    if (n != nl_g2t_dims(r)[d])
      ex[d] = nl_affine_mod(g->ctx, ex[d], nl_affine_const(g->ctx, n));
  }
  NlAffineMap *map = nl_affine_map(g->ctx, rank, 0, ex, rank);
  res[0] = nl_g2t_remap(g, r->type, x, map);
  return nl_success();
}

/* ---- Shape, Size, ConstantOfShape ---------------------------------------- */

NlResult
nl_g2t_lower_shape(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = result(g, 0);
  NlType *e = nl_type_element(r->type);
  int64_t n = nl_type_num_elements(r->type);
  if (e->kind != NL_TYPE_INTEGER || e->integer.width != 64)
    return nl_g2t_error(g, "must produce i64");
  int64_t vals[NL_G2T_MAX_RANK];
  if (nl_op_is(g->op, "graph.size")) {
    vals[0] = nl_type_num_elements(x->type);
  } else {
    int64_t rank = nl_g2t_rank(x);
    int64_t s = norm_axis(nl_g2t_attr_int(g, "start", 0), rank);
    s = s < 0 ? 0 : s > rank ? rank : s;
    for (int64_t i = 0; i < n; i++)
      vals[i] = nl_g2t_dims(x)[s + i];
  }
  res[0] = nl_g2t_scalar_attr(
      g, NULL, nl_attr_dense(g->ctx, r->type, false, vals, (size_t)n * 8));
  return nl_success();
}

NlResult
nl_g2t_lower_constant_of_shape(NlG2T *g, NlValue **res)
{
  NlType *t = result(g, 0)->type;
  NlType *e = nl_type_element(t);
  NlAttr *v = nl_op_attr(g->op, "value");
  NlAttr *s = NULL;
  if (!v)
    s = e->kind == NL_TYPE_FLOAT ? nl_attr_float(g->ctx, e, 0)
                                 : nl_attr_integer(g->ctx, e, 0);
  else if (v->kind == NL_ATTR_DENSE &&
           v->dense.nbytes == nl_dense_elem_size(e) &&
           nl_type_element(v->type) == e)
    s = nl_attr_dense(g->ctx, t, true, v->dense.data, v->dense.nbytes);
  else
    return nl_g2t_error(g, "needs a one-element dense value");
  if (!v)
    res[0] = nl_g2t_fill(g, t, nl_g2t_scalar_attr(g, NULL, s));
  else
    res[0] = nl_g2t_scalar_attr(g, NULL, s);
  return nl_success();
}
