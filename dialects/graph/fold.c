/*
 * Folding and canonicalization of graph ops. Folders (nl_graph_fold)
 * evaluate constant shape subgraphs: Constant, Identity, Shape and Size of
 * static tensors, Cast/Reshape/Flatten/Squeeze/Unsqueeze/Concat/Gather/
 * Slice of dense constants, ConstantOfShape of a constant shape, Expand
 * of a splat, Range and Neg of integers, and Add/Sub/Mul/Div of small
 * integer constants. Patterns: Identity and inference-mode Dropout removal,
 * Reshape chains and no-op Reshapes, identity and composed Transposes, and
 * Casts to the same type.
 */
#include "graph/internal.h"

/* Largest constant the arithmetic folders compute. */
#define MAX_FOLD_ELEMS 4096
/* Largest constant the data-movement folders copy. */
#define MAX_MOVE_ELEMS (1 << 24)

/* ---- dense element access ---------------------------------------------------
 */

int64_t
nl_graph_dense_int(const NlAttr *a, int64_t k)
{
  NlType *e = nl_type_element(a->type);
  size_t sz = nl_dense_elem_size(e);
  const unsigned char *p = (const unsigned char *)a->dense.data +
                           (a->dense.splat ? 0 : (size_t)k * sz);
  uint64_t u = 0;
  memcpy(&u, p, sz < 8 ? sz : 8);
  bool sign = e->kind == NL_TYPE_INTEGER &&
              e->integer.signedness != NL_UNSIGNED && e->integer.width > 1;
  if (sign && sz < 8 && (u >> (sz * 8 - 1)) & 1)
    u |= ~(uint64_t)0 << (sz * 8);
  return (int64_t)u;
}

static double
half_to_double(uint16_t h, bool bf16)
{
  if (bf16) {
    uint32_t w = (uint32_t)h << 16;
    float f;
    memcpy(&f, &w, 4);
    return f;
  }
  int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
  double v;
  if (e == 0)
    v = m / 1024.0 / 16384.0;
  else if (e == 31)
    v = m ? 0.0 / 0.0 : 1.0 / 0.0;
  else
    v = (1.0 + m / 1024.0) * (double)(1u << e) / 32768.0;
  return s ? -v : v;
}

double
nl_graph_dense_float(const NlAttr *a, int64_t k)
{
  NlType *e = nl_type_element(a->type);
  if (e->kind != NL_TYPE_FLOAT)
    return (double)nl_graph_dense_int(a, k);
  size_t sz = nl_dense_elem_size(e);
  const unsigned char *p = (const unsigned char *)a->dense.data +
                           (a->dense.splat ? 0 : (size_t)k * sz);
  switch (e->flt.fkind) {
  case NL_F32: {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  case NL_F64: {
    double d;
    memcpy(&d, p, 8);
    return d;
  }
  case NL_F16:
  case NL_BF16: {
    uint16_t h;
    memcpy(&h, p, 2);
    return half_to_double(h, e->flt.fkind == NL_BF16);
  }
  default:
    return 0.0;
  }
}

static bool
is_int_elem(const NlType *e)
{
  return e->kind == NL_TYPE_INTEGER && e->integer.width <= 64;
}

/* The dense attribute of a constant operand, or NULL. */
static NlAttr *
dense_operand(NlOp *op, uint32_t i)
{
  if (!nl_graph_has_operand(op, i))
    return NULL;
  NlAttr *a = nl_value_constant(nl_op_operand(op, i));
  return a && a->kind == NL_ATTR_DENSE ? a : NULL;
}

int64_t
nl_graph_const_ints(NlOp *op, uint32_t i, int64_t *out, int64_t max)
{
  NlAttr *a = dense_operand(op, i);
  if (!a || !is_int_elem(nl_type_element(a->type)))
    return -1;
  int64_t n = nl_type_num_elements(a->type);
  for (int64_t k = 0; k < n && k < max; k++)
    out[k] = nl_graph_dense_int(a, k);
  return n;
}

/* ---- building results --------------------------------------------------- */

static void
put_int(void *dst, size_t sz, int64_t v)
{
  uint64_t u = (uint64_t)v;
  memcpy(dst, &u, sz); /* little-endian host */
}

/* A folded attribute of the op's (static) result type, or NULL. */
static NlAttr *
result_attr(NlOp *op, const void *data, size_t nbytes)
{
  NlType *t = nl_op_result(op, 0)->type;
  return nl_attr_dense(nl_op_context(op), t, false, data, nbytes);
}

static bool
static_result(NlOp *op, int64_t limit)
{
  if (op->nresults != 1)
    return false;
  NlType *t = nl_op_result(op, 0)->type;
  if (t->kind != NL_TYPE_TENSOR || !nl_type_has_static_shape(t))
    return false;
  int64_t n = nl_type_num_elements(t);
  return n >= 0 && n <= limit;
}

/* The elements of a (possibly splat) dense attribute as a full array
 * (caller frees), or NULL when too large. */
static unsigned char *
expand(const NlAttr *a, size_t *nbytes)
{
  size_t sz = nl_dense_elem_size(nl_type_element(a->type));
  int64_t n = nl_type_num_elements(a->type);
  if (n < 0 || n > MAX_MOVE_ELEMS)
    return NULL;
  unsigned char *p = nl_xmalloc((size_t)n * sz + 1);
  if (a->dense.splat)
    for (int64_t i = 0; i < n; i++)
      memcpy(p + (size_t)i * sz, a->dense.data, sz);
  else
    memcpy(p, a->dense.data, (size_t)n * sz);
  *nbytes = (size_t)n * sz;
  return p;
}

/* ---- folders ---------------------------------------------------------------
 */

static NlResult
fold_shape(NlOp *op, NlFoldResult *out)
{
  NlType *t = nl_op_operand(op, 0)->type;
  if (!static_result(op, MAX_FOLD_ELEMS) || t->kind != NL_TYPE_TENSOR)
    return nl_failure();
  int64_t r = t->shaped.rank;
  int64_t s = nl_graph_attr_int(op, "start", 0);
  int64_t e = nl_graph_attr_int(op, "end", r);
  s = s < 0 ? s + r : s;
  e = e < 0 ? e + r : e;
  s = s < 0 ? 0 : s > r ? r : s;
  e = e < 0 ? 0 : e > r ? r : e;
  int64_t dims[64];
  int64_t n = 0;
  if (e - s > 64)
    return nl_failure();
  for (int64_t i = s; i < e; i++) {
    if (t->shaped.dims[i] == NL_DYNAMIC)
      return nl_failure();
    dims[n++] = t->shaped.dims[i];
  }
  if (nl_type_num_elements(nl_op_result(op, 0)->type) != n ||
      nl_type_element(nl_op_result(op, 0)->type) !=
          nl_type_i64(nl_op_context(op)))
    return nl_failure();
  out[0].attr = result_attr(op, dims, (size_t)n * 8);
  return nl_success();
}

static NlResult
fold_size(NlOp *op, NlFoldResult *out)
{
  int64_t n = nl_type_num_elements(nl_op_operand(op, 0)->type);
  NlType *rt = nl_op_result(op, 0)->type;
  if (n < 0 || !static_result(op, 1) ||
      nl_type_element(rt) != nl_type_i64(nl_op_context(op)))
    return nl_failure();
  out[0].attr = result_attr(op, &n, 8);
  return nl_success();
}

static NlResult
fold_cast(NlOp *op, NlFoldResult *out)
{
  NlAttr *a = dense_operand(op, 0);
  if (!a || !static_result(op, MAX_FOLD_ELEMS))
    return nl_failure();
  NlType *from = nl_type_element(a->type);
  NlType *to = nl_type_element(nl_op_result(op, 0)->type);
  bool fi = is_int_elem(from), ti = is_int_elem(to);
  bool ff = from->kind == NL_TYPE_FLOAT, tf = to->kind == NL_TYPE_FLOAT;
  if (!(fi || ff) ||
      !(ti || (tf && (to->flt.fkind == NL_F32 || to->flt.fkind == NL_F64))))
    return nl_failure();
  int64_t n = nl_type_num_elements(a->type);
  size_t sz = nl_dense_elem_size(to);
  unsigned char *buf = nl_xcalloc((size_t)n + 1, sz);
  for (int64_t i = 0; i < n; i++) {
    unsigned char *dst = buf + (size_t)i * sz;
    if (ti) {
      int64_t v;
      if (fi) {
        v = nl_graph_dense_int(a, i);
      } else {
        double d = nl_graph_dense_float(a, i);
        if (!(d > -9.2e18 && d < 9.2e18)) {
          free(buf);
          return nl_failure();
        }
        v = (int64_t)d;
      }
      if (to->integer.width == 1)
        v = v != 0;
      put_int(dst, sz, v);
    } else {
      double d = fi ? (from->integer.signedness == NL_UNSIGNED
                           ? (double)(uint64_t)nl_graph_dense_int(a, i)
                           : (double)nl_graph_dense_int(a, i))
                    : nl_graph_dense_float(a, i);
      if (to->flt.fkind == NL_F32) {
        float f = (float)d;
        memcpy(dst, &f, 4);
      } else {
        memcpy(dst, &d, 8);
      }
    }
  }
  out[0].attr = result_attr(op, buf, (size_t)n * sz);
  free(buf);
  return nl_success();
}

/* Reshape-like ops: the data is unchanged, only the type. */
static NlResult
fold_reinterpret(NlOp *op, NlFoldResult *out)
{
  NlAttr *a = dense_operand(op, 0);
  NlType *t = nl_op_result(op, 0)->type;
  if (!a || !static_result(op, MAX_MOVE_ELEMS) ||
      nl_type_element(t) != nl_type_element(a->type) ||
      nl_type_num_elements(t) != nl_type_num_elements(a->type))
    return nl_failure();
  out[0].attr = nl_attr_dense(nl_op_context(op), t, a->dense.splat,
                              a->dense.data, a->dense.nbytes);
  return nl_success();
}

static NlResult
fold_concat(NlOp *op, NlFoldResult *out)
{
  NlType *t = nl_op_result(op, 0)->type;
  if (!static_result(op, MAX_MOVE_ELEMS) || op->noperands == 0)
    return nl_failure();
  int64_t axis = nl_graph_attr_int(op, "axis", 0);
  int64_t r = t->shaped.rank;
  if (axis < 0)
    axis += r;
  if (axis < 0 || axis >= r)
    return nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlAttr *a = dense_operand(op, i);
    if (!a || nl_type_element(a->type) != nl_type_element(t) ||
        a->type->shaped.rank != (uint32_t)r)
      return nl_failure();
  }
  size_t sz = nl_dense_elem_size(nl_type_element(t));
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; i++)
    if (__builtin_mul_overflow(outer, t->shaped.dims[i], &outer))
      return nl_failure();
  for (int64_t i = axis + 1; i < r; i++)
    if (__builtin_mul_overflow(inner, t->shaped.dims[i], &inner))
      return nl_failure();
  size_t total = (size_t)nl_type_num_elements(t) * sz;
  unsigned char *buf = nl_xmalloc(total + 1), *dst = buf;
  unsigned char **src = nl_xcalloc(op->noperands, sizeof *src);
  NlResult res = nl_success();
  for (uint32_t i = 0; i < op->noperands; i++) {
    size_t nb;
    src[i] = expand(dense_operand(op, i), &nb);
    if (!src[i])
      res = nl_failure();
  }
  for (int64_t o = 0; nl_succeeded(res) && o < outer; o++) {
    for (uint32_t i = 0; i < op->noperands; i++) {
      NlAttr *a = dense_operand(op, i);
      size_t chunk = (size_t)(a->type->shaped.dims[axis] * inner) * sz;
      if ((size_t)(dst - buf) + chunk > total) {
        res = nl_failure();
        break;
      }
      memcpy(dst, src[i] + (size_t)o * chunk, chunk);
      dst += chunk;
    }
  }
  if (nl_succeeded(res) && (size_t)(dst - buf) == total)
    out[0].attr = result_attr(op, buf, total);
  else
    res = nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++)
    free(src[i]);
  free(src);
  free(buf);
  return res;
}

static NlResult
fold_gather(NlOp *op, NlFoldResult *out)
{
  NlAttr *a = dense_operand(op, 0), *ia = dense_operand(op, 1);
  NlType *t = nl_op_result(op, 0)->type;
  if (!a || !ia || !static_result(op, MAX_MOVE_ELEMS) ||
      !is_int_elem(nl_type_element(ia->type)) ||
      nl_type_element(t) != nl_type_element(a->type))
    return nl_failure();
  int64_t r = a->type->shaped.rank;
  int64_t axis = nl_graph_attr_int(op, "axis", 0);
  if (axis < 0)
    axis += r;
  if (axis < 0 || axis >= r)
    return nl_failure();
  int64_t outer = 1, inner = 1, dim = a->type->shaped.dims[axis], total;
  for (int64_t i = 0; i < axis; i++)
    if (__builtin_mul_overflow(outer, a->type->shaped.dims[i], &outer))
      return nl_failure();
  for (int64_t i = axis + 1; i < r; i++)
    if (__builtin_mul_overflow(inner, a->type->shaped.dims[i], &inner))
      return nl_failure();
  int64_t nidx = nl_type_num_elements(ia->type);
  size_t sz = nl_dense_elem_size(nl_type_element(t));
  if (nidx < 0 || __builtin_mul_overflow(outer, nidx, &total) ||
      __builtin_mul_overflow(total, inner, &total) ||
      total != nl_type_num_elements(t))
    return nl_failure();
  size_t nb;
  unsigned char *src = expand(a, &nb);
  if (!src)
    return nl_failure();
  unsigned char *buf = nl_xmalloc((size_t)(outer * nidx * inner) * sz + 1);
  unsigned char *dst = buf;
  NlResult res = nl_success();
  for (int64_t o = 0; o < outer && nl_succeeded(res); o++)
    for (int64_t j = 0; j < nidx; j++) {
      int64_t ix = nl_graph_dense_int(ia, j);
      if (ix < 0)
        ix += dim;
      if (ix < 0 || ix >= dim) {
        res = nl_failure();
        break;
      }
      size_t chunk = (size_t)inner * sz;
      memcpy(dst, src + ((size_t)(o * dim + ix)) * chunk, chunk);
      dst += chunk;
    }
  if (nl_succeeded(res))
    out[0].attr = result_attr(op, buf, (size_t)(dst - buf));
  free(src);
  free(buf);
  return res;
}

static NlResult
fold_slice(NlOp *op, NlFoldResult *out)
{
  NlAttr *a = dense_operand(op, 0);
  NlType *t = nl_op_result(op, 0)->type;
  if (!a || !static_result(op, MAX_MOVE_ELEMS) ||
      nl_type_element(t) != nl_type_element(a->type))
    return nl_failure();
  uint32_t r = a->type->shaped.rank;
  if (r == 0 || r > 32 || t->shaped.rank != r)
    return nl_failure();
  int64_t starts[32], ends[32], axes[32], steps[32];
  int64_t ns = nl_graph_const_ints(op, 1, starts, 32);
  int64_t ne = nl_graph_const_ints(op, 2, ends, 32);
  int64_t na =
      nl_graph_has_operand(op, 3) ? nl_graph_const_ints(op, 3, axes, 32) : ns;
  int64_t nt =
      nl_graph_has_operand(op, 4) ? nl_graph_const_ints(op, 4, steps, 32) : ns;
  if (ns < 0 || ns > 32 || ne != ns || na != ns || nt != ns)
    return nl_failure();
  int64_t begin[32], step[32];
  const int64_t *in = a->type->shaped.dims;
  for (uint32_t i = 0; i < r; i++) {
    begin[i] = 0;
    step[i] = 1;
  }
  for (int64_t i = 0; i < ns; i++) {
    int64_t ax = nl_graph_has_operand(op, 3) ? axes[i] : i;
    if (ax < 0)
      ax += r;
    if (ax < 0 || ax >= (int64_t)r)
      return nl_failure();
    int64_t st = nl_graph_has_operand(op, 4) ? steps[i] : 1;
    int64_t dim = in[ax], s = starts[i];
    if (st == 0)
      return nl_failure();
    if (s < 0)
      s += dim;
    s = st > 0 ? (s < 0     ? 0
                  : s > dim ? dim
                            : s)
               : (s < 0         ? 0
                  : s > dim - 1 ? dim - 1
                                : s);
    begin[ax] = s;
    step[ax] = st;
  }
  size_t sz = nl_dense_elem_size(nl_type_element(t));
  int64_t n = nl_type_num_elements(t);
  size_t nb;
  unsigned char *src = expand(a, &nb);
  if (!src)
    return nl_failure();
  unsigned char *buf = nl_xmalloc((size_t)n * sz + 1);
  int64_t idx[32] = {0};
  NlResult res = nl_success();
  for (int64_t k = 0; k < n; k++) {
    int64_t off = 0;
    for (uint32_t d = 0; d < r; d++) {
      int64_t c;
      if (__builtin_mul_overflow(idx[d], step[d], &c) ||
          __builtin_add_overflow(c, begin[d], &c) || c < 0 || c >= in[d]) {
        res = nl_failure();
        break;
      }
      off = off * in[d] + c;
    }
    if (nl_failed(res))
      break;
    memcpy(buf + (size_t)k * sz, src + (size_t)off * sz, sz);
    for (int32_t d = (int32_t)r - 1; d >= 0; d--) {
      if (++idx[d] < t->shaped.dims[d])
        break;
      idx[d] = 0;
    }
  }
  if (nl_succeeded(res))
    out[0].attr = result_attr(op, buf, (size_t)n * sz);
  free(src);
  free(buf);
  return res;
}

/* Add/Sub/Mul/Div of small integer constants, with broadcasting. */
static NlResult
fold_arith(NlOp *op, int k, NlFoldResult *out)
{
  NlAttr *a = dense_operand(op, 0), *b = dense_operand(op, 1);
  NlType *t = nl_op_result(op, 0)->type;
  if (!a || !b || !static_result(op, MAX_FOLD_ELEMS))
    return nl_failure();
  NlType *e = nl_type_element(t);
  if (!is_int_elem(e) || nl_type_element(a->type) != e ||
      nl_type_element(b->type) != e || e->integer.width == 1)
    return nl_failure();
  uint32_t r = t->shaped.rank;
  if (r > 32 || a->type->shaped.rank > r || b->type->shaped.rank > r)
    return nl_failure();
  /* Each operand dim must be 1 or the result's. */
  const NlAttr *both[2] = {a, b};
  for (int j = 0; j < 2; j++) {
    const NlType *ot = both[j]->type;
    for (uint32_t d = 0; d < ot->shaped.rank; d++) {
      int64_t dim = ot->shaped.dims[d];
      if (dim != 1 && dim != t->shaped.dims[r - ot->shaped.rank + d])
        return nl_failure();
    }
  }
  int64_t n = nl_type_num_elements(t);
  size_t sz = nl_dense_elem_size(e);
  unsigned char *buf = nl_xcalloc((size_t)n + 1, sz);
  int64_t idx[32] = {0};
  for (int64_t i = 0; i < n; i++) {
    int64_t off[2] = {0, 0};
    const NlAttr *ops[2] = {a, b};
    for (int j = 0; j < 2; j++) {
      const NlType *ot = ops[j]->type;
      uint32_t lead = r - ot->shaped.rank;
      for (uint32_t d = 0; d < ot->shaped.rank; d++) {
        int64_t dim = ot->shaped.dims[d];
        off[j] = off[j] * dim + (dim == 1 ? 0 : idx[lead + d]);
      }
    }
    int64_t x = nl_graph_dense_int(a, off[0]),
            y = nl_graph_dense_int(b, off[1]);
    int64_t v;
    switch (k) {
    case GRAPH_ADD:
      v = (int64_t)((uint64_t)x + (uint64_t)y);
      break;
    case GRAPH_SUB:
      v = (int64_t)((uint64_t)x - (uint64_t)y);
      break;
    case GRAPH_MUL:
      v = (int64_t)((uint64_t)x * (uint64_t)y);
      break;
    default:
      if (y == 0 || (x == INT64_MIN && y == -1)) {
        free(buf);
        return nl_failure();
      }
      v = x / y;
      if ((x % y != 0) && ((x < 0) != (y < 0)) &&
          e->integer.signedness == NL_UNSIGNED)
        v = (int64_t)((uint64_t)x / (uint64_t)y);
      break;
    }
    put_int(buf + (size_t)i * sz, sz, v);
    for (int32_t d = (int32_t)r - 1; d >= 0; d--) {
      if (++idx[d] < t->shaped.dims[d])
        break;
      idx[d] = 0;
    }
  }
  out[0].attr = result_attr(op, buf, (size_t)n * sz);
  free(buf);
  return nl_success();
}

/* ConstantOfShape of a constant shape, Expand of a splat: a splat of the
 * result type. */
static NlResult
fold_splat(NlOp *op, int k, NlFoldResult *out)
{
  NlType *t = nl_op_result(op, 0)->type;
  if (!static_result(op, INT64_MAX))
    return nl_failure();
  NlType *e = nl_type_element(t);
  size_t sz = nl_dense_elem_size(e);
  unsigned char zero[16] = {0};
  const void *elem = zero;
  if (k == GRAPH_CONSTANT_OF_SHAPE) {
    NlAttr *v = nl_op_attr(op, "value");
    if (v && (v->kind != NL_ATTR_DENSE || nl_type_element(v->type) != e ||
              nl_type_num_elements(v->type) != 1))
      return nl_failure();
    if (!v && (e->kind != NL_TYPE_FLOAT || e->flt.fkind != NL_F32))
      return nl_failure();
    if (v)
      elem = v->dense.data;
  } else {
    NlAttr *a = dense_operand(op, 0);
    if (!a || !a->dense.splat || nl_type_element(a->type) != e)
      return nl_failure();
    elem = a->dense.data;
  }
  if (sz > sizeof zero)
    return nl_failure();
  out[0].attr = nl_attr_dense(nl_op_context(op), t, true, elem, sz);
  return nl_success();
}

/* Range(start, limit, delta) of integer scalars; Neg of integers. */
static NlResult
fold_int_seq(NlOp *op, int k, NlFoldResult *out)
{
  NlType *t = nl_op_result(op, 0)->type;
  if (!static_result(op, MAX_FOLD_ELEMS) || !is_int_elem(nl_type_element(t)))
    return nl_failure();
  int64_t n = nl_type_num_elements(t);
  size_t sz = nl_dense_elem_size(nl_type_element(t));
  int64_t v[3];
  NlAttr *a = NULL;
  if (k == GRAPH_RANGE) {
    for (uint32_t i = 0; i < 3; i++)
      if (nl_graph_const_ints(op, i, &v[i], 1) != 1)
        return nl_failure();
    if (v[2] == 0 || v[0] < -(INT64_C(1) << 60) || v[0] > (INT64_C(1) << 60) ||
        v[1] < -(INT64_C(1) << 60) || v[1] > (INT64_C(1) << 60))
      return nl_failure();
    int64_t span = v[1] - v[0], d = v[2];
    int64_t cnt = span / d + ((span % d) != 0 && ((span < 0) == (d < 0)));
    if ((cnt < 0 ? 0 : cnt) != n)
      return nl_failure();
  } else if (!(a = dense_operand(op, 0)) ||
             nl_type_element(a->type) != nl_type_element(t) ||
             nl_type_num_elements(a->type) != n) {
    return nl_failure();
  }
  unsigned char *buf = nl_xcalloc((size_t)n + 1, sz);
  for (int64_t i = 0; i < n; i++) {
    uint64_t x = k == GRAPH_RANGE
                     ? (uint64_t)v[0] + (uint64_t)i * (uint64_t)v[2]
                     : 0 - (uint64_t)nl_graph_dense_int(a, i);
    put_int(buf + (size_t)i * sz, sz, (int64_t)x);
  }
  out[0].attr = result_attr(op, buf, (size_t)n * sz);
  free(buf);
  return nl_success();
}

NlResult
nl_graph_fold(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  (void)consts;
  int k = nl_graph_kind(op);
  if (op->nresults != 1)
    return nl_failure();
  switch (k) {
  case GRAPH_CONSTANT: {
    NlAttr *v = nl_op_attr(op, "value");
    if (!v || v->type != nl_op_result(op, 0)->type ||
        (v->kind != NL_ATTR_DENSE && v->kind != NL_ATTR_DENSE_RESOURCE))
      return nl_failure();
    out[0].attr = v;
    return nl_success();
  }
  case GRAPH_IDENTITY:
    if (op->noperands != 1 ||
        nl_op_operand(op, 0)->type != nl_op_result(op, 0)->type)
      return nl_failure();
    out[0].value = nl_op_operand(op, 0);
    return nl_success();
  case GRAPH_SHAPE:
    return op->noperands == 1 ? fold_shape(op, out) : nl_failure();
  case GRAPH_SIZE:
    return op->noperands == 1 ? fold_size(op, out) : nl_failure();
  case GRAPH_CAST:
    return op->noperands == 1 ? fold_cast(op, out) : nl_failure();
  case GRAPH_RESHAPE:
  case GRAPH_FLATTEN:
  case GRAPH_SQUEEZE:
  case GRAPH_UNSQUEEZE:
    return op->noperands >= 1 ? fold_reinterpret(op, out) : nl_failure();
  case GRAPH_CONCAT:
    return fold_concat(op, out);
  case GRAPH_GATHER:
    return op->noperands == 2 ? fold_gather(op, out) : nl_failure();
  case GRAPH_SLICE:
    return op->noperands >= 3 ? fold_slice(op, out) : nl_failure();
  case GRAPH_CONSTANT_OF_SHAPE:
  case GRAPH_EXPAND:
    return op->noperands >= 1 ? fold_splat(op, k, out) : nl_failure();
  case GRAPH_RANGE:
    return op->noperands == 3 ? fold_int_seq(op, k, out) : nl_failure();
  case GRAPH_NEG:
    return op->noperands == 1 ? fold_int_seq(op, k, out) : nl_failure();
  case GRAPH_ADD:
  case GRAPH_SUB:
  case GRAPH_MUL:
  case GRAPH_DIV:
    return op->noperands == 2 ? fold_arith(op, k, out) : nl_failure();
  default:
    return nl_failure();
  }
}

/* ---- canonicalization patterns ------------------------------------------- */

static NlResult
replace_with_operand(NlOp *op, NlRewriter *rw)
{
  NlValue *v = nl_op_operand(op, 0);
  NlValue *vals[8];
  if (op->nresults > 8)
    return nl_failure();
  for (uint32_t i = 0; i < op->nresults; i++)
    vals[i] = v;
  nl_rewriter_replace_op(rw, op, vals, op->nresults);
  return nl_success();
}

/* identity(x) -> x */
static NlResult
erase_identity(NlOp *op, NlRewriter *rw)
{
  if (op->noperands != 1 || op->nresults != 1 ||
      nl_op_operand(op, 0)->type != nl_op_result(op, 0)->type)
    return nl_failure();
  return replace_with_operand(op, rw);
}

/* dropout(x) -> x at inference (no training_mode, mask unused) */
static NlResult
erase_dropout(NlOp *op, NlRewriter *rw)
{
  if (op->noperands < 1 || op->nresults < 1 ||
      nl_op_operand(op, 0)->type != nl_op_result(op, 0)->type)
    return nl_failure();
  if (op->nresults > 1 && nl_value_has_uses(nl_op_result(op, 1)))
    return nl_failure();
  if (nl_graph_has_operand(op, 2)) {
    int64_t t;
    if (nl_graph_const_ints(op, 2, &t, 1) != 1 || t != 0)
      return nl_failure();
  }
  return replace_with_operand(op, rw);
}

/* reshape(x) -> x when the types are equal and static */
static NlResult
erase_reshape(NlOp *op, NlRewriter *rw)
{
  NlType *t = nl_op_result(op, 0)->type;
  if (op->noperands < 1 || op->nresults != 1 ||
      nl_op_operand(op, 0)->type != t || !nl_type_has_static_shape(t))
    return nl_failure();
  return replace_with_operand(op, rw);
}

/* reshape(reshape(x, s1), s2) -> reshape(x, s2) when s2 does not copy
 * dims of the intermediate (no 0 entries, or allowzero) */
static NlResult
fold_reshape_chain(NlOp *op, NlRewriter *rw)
{
  if (op->noperands != 2 ||
      nl_graph_value_kind(nl_op_operand(op, 0)) != GRAPH_RESHAPE)
    return nl_failure();
  NlOp *inner = nl_value_defining_op(nl_op_operand(op, 0));
  if (inner->noperands < 1)
    return nl_failure();
  int64_t sh[32];
  int64_t n = nl_graph_const_ints(op, 1, sh, 32);
  if (n < 0 || n > 32)
    return nl_failure();
  if (!nl_graph_attr_int(op, "allowzero", 0))
    for (int64_t i = 0; i < n; i++)
      if (sh[i] == 0)
        return nl_failure();
  nl_rewriter_modify_start(rw, op);
  nl_op_set_operand(op, 0, nl_op_operand(inner, 0));
  nl_rewriter_modify_end(rw, op);
  return nl_success();
}

static int
transpose_perm(NlOp *op, int64_t *perm)
{
  int n = nl_graph_attr_ints(op, "perm", perm, 32);
  if (n >= 0)
    return n <= 32 ? n : -1;
  NlType *t = nl_op_operand(op, 0)->type;
  if (t->kind != NL_TYPE_TENSOR || t->shaped.rank > 32)
    return -1;
  n = (int)t->shaped.rank;
  for (int i = 0; i < n; i++)
    perm[i] = n - 1 - i;
  return n;
}

/* transpose(x) with the identity permutation -> x */
static NlResult
erase_transpose(NlOp *op, NlRewriter *rw)
{
  int64_t perm[32];
  int n = op->noperands == 1 ? transpose_perm(op, perm) : -1;
  if (n < 0 || nl_op_operand(op, 0)->type != nl_op_result(op, 0)->type)
    return nl_failure();
  for (int i = 0; i < n; i++)
    if (perm[i] != i)
      return nl_failure();
  return replace_with_operand(op, rw);
}

/* transpose(transpose(x, p1), p2) -> transpose(x, p1[p2[i]]) */
static NlResult
compose_transposes(NlOp *op, NlRewriter *rw)
{
  if (op->noperands != 1 ||
      nl_graph_value_kind(nl_op_operand(op, 0)) != GRAPH_TRANSPOSE)
    return nl_failure();
  NlOp *inner = nl_value_defining_op(nl_op_operand(op, 0));
  int64_t p1[32], p2[32];
  int n1 = inner->noperands == 1 ? transpose_perm(inner, p1) : -1;
  int n2 = transpose_perm(op, p2);
  if (n1 < 0 || n1 != n2)
    return nl_failure();
  NlContext *ctx = nl_rewriter_context(rw);
  NlAttr *elems[32];
  for (int i = 0; i < n2; i++) {
    if (p2[i] < 0 || p2[i] >= n1)
      return nl_failure();
    elems[i] = nl_attr_integer(ctx, nl_type_i64(ctx), p1[p2[i]]);
  }
  nl_rewriter_modify_start(rw, op);
  nl_op_set_operand(op, 0, nl_op_operand(inner, 0));
  nl_op_set_attr(op, "perm", nl_attr_array(ctx, elems, (uint32_t)n2));
  nl_rewriter_modify_end(rw, op);
  return nl_success();
}

/* cast(x) to x's own type -> x */
static NlResult
erase_cast(NlOp *op, NlRewriter *rw)
{
  if (op->noperands != 1 || op->nresults != 1 ||
      nl_op_operand(op, 0)->type != nl_op_result(op, 0)->type)
    return nl_failure();
  return replace_with_operand(op, rw);
}

const NlPattern nl_graph_patterns[GRAPH_NPATTERNS] = {
    {"graph.identity", 1, "graph-erase-identity", erase_identity},
    {"graph.dropout", 1, "graph-erase-dropout", erase_dropout},
    {"graph.reshape", 2, "graph-erase-reshape", erase_reshape},
    {"graph.reshape", 1, "graph-reshape-chain", fold_reshape_chain},
    {"graph.transpose", 2, "graph-erase-transpose", erase_transpose},
    {"graph.transpose", 1, "graph-compose-transposes", compose_transposes},
    {"graph.cast", 1, "graph-erase-cast", erase_cast},
};
