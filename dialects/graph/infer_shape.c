/*
 * Inference of the shape-manipulating graph ops: reductions and ArgMax,
 * Transpose, Reshape, Flatten, Concat, Slice, Gather, Squeeze/Unsqueeze,
 * Pad, Split, Resize/Upsample and Constant. Constant operands (axes,
 * shapes, pads, starts/ends) are read when present; otherwise the affected
 * dims stay dynamic.
 */
#include "graph/infer.h"

/* ---- shape manipulation
 * ------------------------------------------------------ */

NlResult
nl_graph_infer_reduce(NlOp *op, NlType **out, bool arg)
{
  Shape x;
  NlType *e = arg ? nl_type_i64(nl_op_context(op)) : elem_of(op, 0);
  operand_shape(op, 0, &x);
  bool keep = nl_graph_attr_int(op, "keepdims", 1) != 0;
  int64_t axes[MAX_RANK];
  int64_t n;
  if (arg) {
    axes[0] = nl_graph_attr_int(op, "axis", 0);
    n = 1;
  } else if (nl_graph_has_operand(op, 1)) {
    n = nl_graph_const_ints(op, 1, axes, MAX_RANK);
    if (n < 0) {
      /* Axes known only at run time. */
      Shape o = keep && x.ranked ? ranked(x.rank) : (Shape){0};
      out[0] = make(op, &o, e);
      return nl_success();
    }
  } else {
    n = nl_graph_attr_ints(op, "axes", axes, MAX_RANK);
    if (n < 0)
      n = 0;
  }
  if (!x.ranked) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  if (n > MAX_RANK)
    return type_error(op, "has too many reduction axes", 0);
  bool red[MAX_RANK] = {0};
  if (n == 0) {
    if (!arg && nl_graph_attr_int(op, "noop_with_empty_axes", 0)) {
      out[0] = make(op, &x, e);
      return nl_success();
    }
    for (uint32_t i = 0; i < x.rank; i++)
      red[i] = true;
  }
  for (int64_t i = 0; i < n; i++) {
    if (nl_failed(norm_axis(op, &axes[i], x.rank, false)))
      return nl_failure();
    red[axes[i]] = true;
  }
  Shape o = {.ranked = true};
  for (uint32_t i = 0; i < x.rank; i++) {
    if (!red[i])
      o.d[o.rank++] = x.d[i];
    else if (keep)
      o.d[o.rank++] = 1;
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_transpose(NlOp *op, NlType **out)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x)) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  int64_t perm[MAX_RANK];
  int n = nl_graph_attr_ints(op, "perm", perm, MAX_RANK);
  if (n < 0) {
    n = (int)x.rank;
    for (int i = 0; i < n; i++)
      perm[i] = n - 1 - i;
  }
  bool seen[MAX_RANK] = {0};
  if ((uint32_t)n != x.rank)
    goto bad;
  for (int i = 0; i < n; i++) {
    if (perm[i] < 0 || perm[i] >= n || seen[perm[i]])
      goto bad;
    seen[perm[i]] = true;
  }
  Shape o = ranked(x.rank);
  for (int i = 0; i < n; i++)
    o.d[i] = x.d[perm[i]];
  out[0] = make(op, &o, e);
  return nl_success();
bad:
  nl_op_emit_error(op, "attribute 'perm' must be a permutation of [0, %u)",
                   x.rank);
  return nl_failure();
}

NlResult
nl_graph_infer_reshape(NlOp *op, NlType **out)
{
  Shape x, o;
  NlType *e = elem_of(op, 0);
  operand_shape(op, 0, &x);
  int64_t sh[MAX_RANK];
  int64_t n = nl_graph_const_ints(op, 1, sh, MAX_RANK);
  if (n < 0 || n > MAX_RANK) {
    Shape s;
    operand_shape(op, 1, &s);
    o = s.ranked && s.rank == 1 && s.d[0] != NL_DYNAMIC && s.d[0] <= MAX_RANK
            ? ranked((uint32_t)s.d[0])
            : (Shape){0};
    out[0] = make(op, &o, e);
    return nl_success();
  }
  bool allowzero = nl_graph_attr_int(op, "allowzero", 0) != 0;
  o = ranked((uint32_t)n);
  int infer_at = -1;
  int64_t known = 1;
  for (int64_t i = 0; i < n; i++) {
    int64_t d = sh[i];
    if (d == -1) {
      if (infer_at >= 0) {
        nl_op_emit_error(op, "shape has more than one -1");
        return nl_failure();
      }
      infer_at = (int)i;
      continue;
    }
    if (d < -1) {
      nl_op_emit_error(op, "shape has invalid dimension %lld", (long long)d);
      return nl_failure();
    }
    if (d == 0 && !allowzero) {
      if (!x.ranked || (uint32_t)i >= x.rank) {
        if (x.ranked) {
          nl_op_emit_error(op,
                           "shape copies dimension %lld, but the input "
                           "has rank %u",
                           (long long)i, x.rank);
          return nl_failure();
        }
        d = NL_DYNAMIC;
      } else {
        d = x.d[i];
      }
    }
    o.d[i] = d;
    if (known != NL_DYNAMIC)
      known = dmul(known, d);
  }
  int64_t total = x.ranked ? product(&x, 0, x.rank) : NL_DYNAMIC;
  if (infer_at >= 0) {
    if (total != NL_DYNAMIC && known != NL_DYNAMIC) {
      if (known == 0 || total % known != 0) {
        nl_op_emit_error(op,
                         "cannot reshape %lld elements into a shape of "
                         "%lld elements times -1",
                         (long long)total, (long long)known);
        return nl_failure();
      }
      o.d[infer_at] = total / known;
    }
  } else if (total != NL_DYNAMIC && known != NL_DYNAMIC && total != known) {
    nl_op_emit_error(op,
                     "cannot reshape %lld elements into a shape of %lld "
                     "elements",
                     (long long)total, (long long)known);
    return nl_failure();
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_flatten(NlOp *op, NlType **out)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  Shape o = ranked(2);
  if (operand_shape(op, 0, &x)) {
    int64_t axis = nl_graph_attr_int(op, "axis", 1);
    if (nl_failed(norm_axis(op, &axis, x.rank, true)))
      return nl_failure();
    o.d[0] = product(&x, 0, (uint32_t)axis);
    o.d[1] = product(&x, (uint32_t)axis, x.rank);
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_concat(NlOp *op, NlType **out)
{
  NlType *e = elem_of(op, 0);
  if (nl_failed(same_elems(op, op->noperands)))
    return nl_failure();
  Shape o;
  if (!operand_shape(op, 0, &o)) {
    out[0] = make(op, &o, e);
    return nl_success();
  }
  int64_t axis = nl_graph_attr_int(op, "axis", 0);
  if (nl_failed(norm_axis(op, &axis, o.rank, false)))
    return nl_failure();
  for (uint32_t i = 1; i < op->noperands; i++) {
    Shape s;
    if (!operand_shape(op, i, &s)) {
      o.d[axis] = NL_DYNAMIC;
      continue;
    }
    if (s.rank != o.rank)
      return type_error(op, "has a different rank than operand #0", i);
    for (uint32_t j = 0; j < o.rank; j++) {
      if ((int64_t)j == axis) {
        o.d[j] = dadd(o.d[j], s.d[j]);
      } else if (o.d[j] == NL_DYNAMIC) {
        o.d[j] = s.d[j];
      } else if (s.d[j] != NL_DYNAMIC && s.d[j] != o.d[j]) {
        return type_error(op,
                          "does not match the other operands outside "
                          "the concatenation axis",
                          i);
      }
    }
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_slice(NlOp *op, NlType **out)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x)) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  int64_t starts[MAX_RANK], ends[MAX_RANK], axes[MAX_RANK], steps[MAX_RANK];
  int64_t ns = nl_graph_const_ints(op, 1, starts, MAX_RANK);
  int64_t ne = nl_graph_const_ints(op, 2, ends, MAX_RANK);
  int64_t na = nl_graph_has_operand(op, 3)
                   ? nl_graph_const_ints(op, 3, axes, MAX_RANK)
                   : -2;
  int64_t nt = nl_graph_has_operand(op, 4)
                   ? nl_graph_const_ints(op, 4, steps, MAX_RANK)
                   : -2;
  Shape o = x;
  if (na == -1) {
    o = ranked(x.rank);
    out[0] = make(op, &o, e);
    return nl_success();
  }
  if (na == -2) {
    na = ns >= 0 ? ns : ne;
    for (int64_t i = 0; i < na && i < MAX_RANK; i++)
      axes[i] = i;
  }
  if (na < 0) {
    /* Neither the axes nor their number are known. */
    o = ranked(x.rank);
    out[0] = make(op, &o, e);
    return nl_success();
  }
  if (na > (int64_t)x.rank) {
    nl_op_emit_error(op, "slices %lld axes of a rank %u tensor", (long long)na,
                     x.rank);
    return nl_failure();
  }
  if ((ns >= 0 && ns != na) || (ne >= 0 && ne != na) || (nt >= 0 && nt != na)) {
    nl_op_emit_error(op, "starts, ends, axes and steps must have the same "
                         "length");
    return nl_failure();
  }
  for (int64_t i = 0; i < na; i++) {
    if (nl_failed(norm_axis(op, &axes[i], x.rank, false)))
      return nl_failure();
    int64_t a = axes[i], dim = x.d[a];
    int64_t step = nt >= 0 ? steps[i] : 1;
    if (step == INT64_MIN)
      step = -INT64_MAX;
    if (step == 0) {
      nl_op_emit_error(op, "slice step must not be 0");
      return nl_failure();
    }
    if (ns < 0 || ne < 0 || nt == -1 || dim == NL_DYNAMIC) {
      o.d[a] = NL_DYNAMIC;
      continue;
    }
    int64_t s = starts[i], en = ends[i];
    if (s < 0)
      s += dim;
    if (en < 0 && en > INT64_MIN / 2)
      en += dim;
    if (step > 0) {
      s = clamp(s, 0, dim);
      en = clamp(en, 0, dim);
      o.d[a] = en > s ? (en - s - 1) / step + 1 : 0;
    } else {
      s = clamp(s, 0, dim - 1);
      en = clamp(en, -1, dim - 1);
      o.d[a] = s > en ? (s - en - 1) / -step + 1 : 0;
    }
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_gather(NlOp *op, NlType **out)
{
  Shape x, idx;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x) || !operand_shape(op, 1, &idx)) {
    Shape u = {0};
    out[0] = make(op, &u, e);
    return nl_success();
  }
  int64_t axis = nl_graph_attr_int(op, "axis", 0);
  if (nl_failed(norm_axis(op, &axis, x.rank, false)))
    return nl_failure();
  if (x.rank + idx.rank - 1 > MAX_RANK)
    return type_error(op, "gives a result of too high a rank", 1);
  Shape o = {.ranked = true};
  for (int64_t i = 0; i < axis; i++)
    o.d[o.rank++] = x.d[i];
  for (uint32_t i = 0; i < idx.rank; i++)
    o.d[o.rank++] = idx.d[i];
  for (uint32_t i = (uint32_t)axis + 1; i < x.rank; i++)
    o.d[o.rank++] = x.d[i];
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_squeeze(NlOp *op, NlType **out, bool unsqueeze)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  int64_t axes[MAX_RANK];
  int64_t n = nl_graph_has_operand(op, 1)
                  ? nl_graph_const_ints(op, 1, axes, MAX_RANK)
                  : nl_graph_attr_ints(op, "axes", axes, MAX_RANK);
  if (!operand_shape(op, 0, &x) ||
      (n < 0 && (unsqueeze || nl_graph_has_operand(op, 1)))) {
    Shape u = {0};
    out[0] = make(op, &u, e);
    return nl_success();
  }
  bool mark[MAX_RANK] = {0};
  uint32_t orank = unsqueeze ? x.rank + (uint32_t)n : x.rank;
  if (orank > MAX_RANK || n > MAX_RANK)
    return type_error(op, "gives a result of too high a rank", 0);
  if (n < 0) {
    /* Squeeze without axes: every dim of size 1. */
    Shape o = {.ranked = true};
    for (uint32_t i = 0; i < x.rank; i++) {
      if (x.d[i] == NL_DYNAMIC) {
        Shape u = {0};
        out[0] = make(op, &u, e);
        return nl_success();
      }
      if (x.d[i] != 1)
        o.d[o.rank++] = x.d[i];
    }
    out[0] = make(op, &o, e);
    return nl_success();
  }
  for (int64_t i = 0; i < n; i++) {
    if (nl_failed(norm_axis(op, &axes[i], orank, false)))
      return nl_failure();
    if (mark[axes[i]]) {
      nl_op_emit_error(op, "axis %lld is repeated", (long long)axes[i]);
      return nl_failure();
    }
    mark[axes[i]] = true;
    if (!unsqueeze && x.d[axes[i]] != 1 && x.d[axes[i]] != NL_DYNAMIC) {
      nl_op_emit_error(op, "cannot squeeze dimension %lld of size %lld",
                       (long long)axes[i], (long long)x.d[axes[i]]);
      return nl_failure();
    }
  }
  Shape o = {.ranked = true};
  uint32_t j = 0;
  for (uint32_t i = 0; i < orank; i++) {
    if (unsqueeze)
      o.d[o.rank++] = mark[i] ? 1 : x.d[j++];
    else if (!mark[i])
      o.d[o.rank++] = x.d[i];
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_pad(NlOp *op, NlType **out)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x)) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  int64_t pads[MAX_RANK * 2];
  int64_t n = nl_graph_const_ints(op, 1, pads, MAX_RANK * 2);
  Shape o = ranked(x.rank);
  if (n >= 0 && !nl_graph_has_operand(op, 3)) {
    if (n != 2 * (int64_t)x.rank) {
      nl_op_emit_error(op, "pads must have %u values, but has %lld", 2 * x.rank,
                       (long long)n);
      return nl_failure();
    }
    for (uint32_t i = 0; i < x.rank; i++)
      o.d[i] = dadd(x.d[i], dadd(pads[i], pads[x.rank + i]));
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_split(NlOp *op, NlType **out)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x)) {
    for (uint32_t i = 0; i < op->nresults; i++)
      out[i] = make(op, &x, e);
    return nl_success();
  }
  int64_t axis = nl_graph_attr_int(op, "axis", 0);
  if (nl_failed(norm_axis(op, &axis, x.rank, false)))
    return nl_failure();
  int64_t small[16];
  int64_t *sz = op->nresults <= 16 ? small : nl_xcalloc(op->nresults, 8);
  int64_t n = nl_graph_has_operand(op, 1)
                  ? nl_graph_const_ints(op, 1, sz, op->nresults)
                  : -2;
  NlResult r = nl_success();
  int64_t dim = x.d[axis];
  if (n >= 0 && n != (int64_t)op->nresults) {
    nl_op_emit_error(op, "split has %lld sizes for %u results", (long long)n,
                     op->nresults);
    r = nl_failure();
    goto done;
  }
  for (int64_t i = 0; i < n; i++)
    if (sz[i] < 0) {
      nl_op_emit_error(op, "split sizes must not be negative");
      r = nl_failure();
      goto done;
    }
  if (n >= 0 && dim != NL_DYNAMIC) {
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++)
      sum = dadd(sum, sz[i]);
    if (sum != dim) {
      nl_op_emit_error(op,
                       "split sizes add up to %lld, but the dimension "
                       "is %lld",
                       (long long)sum, (long long)dim);
      r = nl_failure();
      goto done;
    }
  }
  for (uint32_t i = 0; i < op->nresults; i++) {
    Shape o = x;
    if (n >= 0)
      o.d[axis] = sz[i];
    else if (n == -2 && dim != NL_DYNAMIC && dim % op->nresults == 0)
      o.d[axis] = dim / op->nresults;
    else
      o.d[axis] = NL_DYNAMIC;
    out[i] = make(op, &o, e);
  }
done:
  if (sz != small)
    free(sz);
  return r;
}

/* A shape given by a constant 1-D operand (ConstantOfShape, Expand,
 * Resize sizes, Tile repeats); else a shape of the operand's static length
 * with dynamic dims, else unranked. */
Shape
nl_graph_shape_operand(NlOp *op, uint32_t i)
{
  int64_t v[MAX_RANK];
  int64_t n = nl_graph_const_ints(op, i, v, MAX_RANK);
  if (n >= 0 && n <= MAX_RANK) {
    Shape s = {.ranked = true, .rank = (uint32_t)n};
    for (int64_t j = 0; j < n; j++)
      s.d[j] = v[j] < 0 ? NL_DYNAMIC : v[j];
    return s;
  }
  Shape t;
  if (operand_shape(op, i, &t) && t.rank == 1 && t.d[0] != NL_DYNAMIC &&
      t.d[0] <= MAX_RANK)
    return ranked((uint32_t)t.d[0]);
  return (Shape){0};
}

NlResult
nl_graph_infer_resize(NlOp *op, NlType **out, uint32_t scales_at,
                      uint32_t sizes_at)
{
  Shape x;
  NlType *e = elem_of(op, 0);
  if (!operand_shape(op, 0, &x)) {
    out[0] = make(op, &x, e);
    return nl_success();
  }
  Shape o = ranked(x.rank);
  if (nl_graph_has_operand(op, sizes_at)) {
    Shape s = nl_graph_shape_operand(op, sizes_at);
    if (s.ranked && s.rank == x.rank)
      o = s;
  } else if (nl_graph_has_operand(op, scales_at)) {
    NlValue *v = nl_op_operand(op, scales_at);
    NlAttr *a = nl_value_constant(v);
    int64_t n = nl_type_num_elements(v->type);
    if (a && a->kind == NL_ATTR_DENSE && n == (int64_t)x.rank &&
        nl_type_is_float(nl_type_element(v->type))) {
      for (uint32_t i = 0; i < x.rank; i++) {
        double sc = nl_graph_dense_float(a, i);
        double v = (double)x.d[i] * sc;
        o.d[i] = x.d[i] == NL_DYNAMIC || !(v >= 0 && v < 9.0e18) ? NL_DYNAMIC
                                                                 : (int64_t)v;
      }
    }
  }
  out[0] = make(op, &o, e);
  return nl_success();
}

NlResult
nl_graph_infer_constant(NlOp *op, NlType **out)
{
  NlContext *ctx = nl_op_context(op);
  NlAttr *a;
  if ((a = nl_op_attr(op, "value")) && a->type) {
    out[0] = a->type;
    return nl_success();
  }
  Shape s = {.ranked = true};
  if (nl_op_attr(op, "value_float")) {
    out[0] = make(op, &s, nl_type_f32(ctx));
  } else if (nl_op_attr(op, "value_int")) {
    out[0] = make(op, &s, nl_type_i64(ctx));
  } else if (nl_op_attr(op, "value_string")) {
    out[0] = make(op, &s, nl_graph_string_type(ctx));
  } else {
    const char *names[] = {"value_floats", "value_ints", "value_strings"};
    NlType *elems[] = {nl_type_f32(ctx), nl_type_i64(ctx),
                       nl_graph_string_type(ctx)};
    for (int i = 0; i < 3; i++) {
      a = nl_op_attr(op, names[i]);
      if (a && a->kind == NL_ATTR_ARRAY) {
        s.rank = 1;
        s.d[0] = a->array.n;
        out[0] = make(op, &s, elems[i]);
        return nl_success();
      }
    }
    if (!nl_op_attr(op, "sparse_value")) {
      nl_op_emit_error(op, "requires attribute 'value'");
      return nl_failure();
    }
  }
  return nl_success();
}
