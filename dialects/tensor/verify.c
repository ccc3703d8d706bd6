/*
 * Verifiers of the tensor ops that are not structured: empty, yield,
 * index, extract, pad, extract_slice, insert_slice and reshape. Each rule
 * has its own message and a case in test/dialects/tensor/invalid.nir. The
 * structured ops are in verify_struct.c.
 */
#include <string.h>

#include "tensor/internal.h"

static bool
is_ranked_tensor(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR;
}

static bool
dyn(int64_t d)
{
  return d == NL_DYNAMIC;
}

/* Reports `what` of op with one type in the message and fails. */
static NlResult
fail_type(NlOp *op, const char *fmt, const NlType *t)
{
  NlBuf b = {0};
  nl_op_emit_error(op, fmt, nl_tensor_type_str(&b, t));
  nl_buf_free(&b);
  return nl_failure();
}

/* The i64 array attribute `name` with n entries, or NULL after an error. */
static const int64_t *
i64_attr(NlOp *op, const char *name, uint32_t n)
{
  const int64_t *v;
  uint32_t m;
  if (!nl_tensor_i64_array(nl_tensor_attr(op, name), &v, &m)) {
    nl_op_emit_error(op, "requires attribute '%s' (array<i64>)", name);
    return NULL;
  }
  if (m != n) {
    nl_op_emit_error(op, "'%s' has %u entries, expected %u (the rank)", name, m,
                     n);
    return NULL;
  }
  static const int64_t none[1] = {0}; /* rank 0: an empty, non-NULL list */
  return v ? v : none;
}

/* ---- tensor.empty
 * ------------------------------------------------------------ */

NlResult
nl_tensor_verify_EMPTY(NlOp *op)
{
  NlType *t = nl_op_result(op, 0)->type;
  if (!is_ranked_tensor(t))
    return fail_type(op, "result must be a ranked tensor, got %s", t);
  if (!nl_type_has_static_shape(t))
    return fail_type(op, "result must have a static shape, got %s", t);
  return nl_success();
}

/* ---- tensor.yield ----------------------------------------------------------
 */

NlResult
nl_tensor_verify_YIELD(NlOp *op)
{
  NlOp *parent = nl_op_parent_op(op);
  uint32_t nins, nouts;
  if (!parent || nl_tensor_kind(parent) != TENSOR_GENERIC) {
    nl_op_emit_error(op, "expects parent op 'tensor.generic'");
    return nl_failure();
  }
  if (!nl_tensor_split(parent, &nins, &nouts))
    return nl_success(); /* the generic reports it */
  if (op->noperands != nouts) {
    nl_op_emit_error(op,
                     "expected %u yielded values (one per out of the "
                     "enclosing tensor.generic), got %u",
                     nouts, op->noperands);
    return nl_failure();
  }
  for (uint32_t i = 0; i < nouts; i++) {
    NlType *want = nl_type_element(nl_op_operand(parent, nins + i)->type);
    NlType *got = nl_op_operand(op, i)->type;
    if (got != want) {
      NlBuf a = {0}, b = {0};
      nl_tensor_type_str(&a, got);
      nl_tensor_type_str(&b, want);
      nl_op_emit_error(op,
                       "yielded value #%u has type %s, expected %s (the "
                       "element type of out #%u)",
                       i, a.data, b.data, i);
      nl_buf_free(&a);
      nl_buf_free(&b);
      return nl_failure();
    }
  }
  return nl_success();
}

/* ---- tensor.index
 * ------------------------------------------------------------ */

NlResult
nl_tensor_verify_INDEX(NlOp *op)
{
  NlAttr *a = nl_tensor_attr(op, "dim");
  bool fits = false;
  int64_t dim = -1;
  if (a && a->kind == NL_ATTR_INTEGER && nl_type_is_integer(a->type, 64))
    dim = nl_attr_integer_value(a, &fits);
  if (!fits || dim < 0) {
    nl_op_emit_error(op, "requires attribute 'dim' (a non-negative i64)");
    return nl_failure();
  }
  if (nl_op_result(op, 0)->type->kind != NL_TYPE_INDEX)
    return fail_type(op, "result must be of type index, got %s",
                     nl_op_result(op, 0)->type);
  NlOp *parent = nl_op_parent_op(op);
  if (!parent || nl_tensor_kind(parent) != TENSOR_GENERIC) {
    nl_op_emit_error(op, "expects parent op 'tensor.generic'");
    return nl_failure();
  }
  NlAttr *it = nl_tensor_attr(parent, "iterator_types");
  if (it && it->kind == NL_ATTR_ARRAY && (uint64_t)dim >= it->array.n) {
    nl_op_emit_error(op,
                     "dim %lld is out of range for the %u loops of the "
                     "enclosing tensor.generic",
                     (long long)dim, it->array.n);
    return nl_failure();
  }
  return nl_success();
}

/* ---- tensor.extract --------------------------------------------------------
 */

NlResult
nl_tensor_verify_EXTRACT(NlOp *op)
{
  if (op->noperands < 1) {
    nl_op_emit_error(op, "expects a source operand");
    return nl_failure();
  }
  NlType *src = nl_op_operand(op, 0)->type;
  if (src->kind != NL_TYPE_TENSOR && src->kind != NL_TYPE_MEMREF)
    return fail_type(op, "source must be a ranked tensor or memref, got %s",
                     src);
  if (op->noperands - 1 != src->shaped.rank) {
    nl_op_emit_error(op, "expects %u indices (the source rank), got %u",
                     src->shaped.rank, op->noperands - 1);
    return nl_failure();
  }
  for (uint32_t i = 1; i < op->noperands; i++)
    if (nl_op_operand(op, i)->type->kind != NL_TYPE_INDEX) {
      NlBuf b = {0};
      nl_op_emit_error(op, "index #%u must be of type index, got %s", i - 1,
                       nl_tensor_type_str(&b, nl_op_operand(op, i)->type));
      nl_buf_free(&b);
      return nl_failure();
    }
  if (nl_op_result(op, 0)->type != src->shaped.elem)
    return fail_type(op, "result type must be the source element type %s",
                     src->shaped.elem);
  return nl_success();
}

/* ---- tensor.pad
 * -------------------------------------------------------------- */

NlResult
nl_tensor_verify_PAD(NlOp *op)
{
  NlType *src = nl_op_operand(op, 0)->type;
  NlType *val = nl_op_operand(op, 1)->type;
  NlType *res = nl_op_result(op, 0)->type;
  if (!is_ranked_tensor(src))
    return fail_type(op, "source must be a ranked tensor, got %s", src);
  if (!nl_tensor_is_scalar(val) || val != src->shaped.elem)
    return fail_type(op,
                     "padding value must be a scalar of the source element "
                     "type %s",
                     src->shaped.elem);
  if (!is_ranked_tensor(res) || res->shaped.elem != src->shaped.elem ||
      res->shaped.rank != src->shaped.rank)
    return fail_type(op,
                     "result must be a tensor of the source's rank and "
                     "element type, got %s",
                     res);
  uint32_t r = src->shaped.rank;
  const int64_t *lo = i64_attr(op, "low", r), *hi;
  if (!lo || !(hi = i64_attr(op, "high", r)))
    return nl_failure();
  for (uint32_t i = 0; i < r; i++) {
    if (lo[i] < 0 || hi[i] < 0) {
      nl_op_emit_error(op, "padding of dim %u must not be negative", i);
      return nl_failure();
    }
    int64_t s = src->shaped.dims[i], d = res->shaped.dims[i], want;
    bool big = __builtin_add_overflow(s, lo[i], &want) ||
               __builtin_add_overflow(want, hi[i], &want);
    if (!dyn(s) && !dyn(d) && (big || want != d)) {
      nl_op_emit_error(op,
                       "result dim %u is %lld, expected %lld (source %lld + "
                       "low %lld + high %lld)",
                       i, (long long)d, (long long)want, (long long)s,
                       (long long)lo[i], (long long)hi[i]);
      return nl_failure();
    }
  }
  return nl_success();
}

/* ---- slices
 * ------------------------------------------------------------------ */

/* Checks the static offsets, sizes and strides of a slice of `whole` (the
 * source of extract_slice, the dest of insert_slice) whose shape is
 * `part`. */
static NlResult
verify_slice(NlOp *op, NlType *whole, NlType *part, const char *partname)
{
  uint32_t r = whole->shaped.rank;
  const int64_t *off = i64_attr(op, "static_offsets", r), *sz, *st;
  if (!off || !(sz = i64_attr(op, "static_sizes", r)) ||
      !(st = i64_attr(op, "static_strides", r)))
    return nl_failure();
  if (part->shaped.rank != r) {
    nl_op_emit_error(op, "%s rank %u differs from the sliced rank %u", partname,
                     part->shaped.rank, r);
    return nl_failure();
  }
  for (uint32_t i = 0; i < r; i++) {
    if (off[i] < 0 || sz[i] < 0 || st[i] < 1) {
      nl_op_emit_error(op,
                       "slice dim %u needs offset >= 0, size >= 0 and "
                       "stride >= 1 (got %lld, %lld, %lld)",
                       i, (long long)off[i], (long long)sz[i],
                       (long long)st[i]);
      return nl_failure();
    }
    int64_t p = part->shaped.dims[i];
    if (!dyn(p) && p != sz[i]) {
      nl_op_emit_error(op, "%s dim %u is %lld, expected the slice size %lld",
                       partname, i, (long long)p, (long long)sz[i]);
      return nl_failure();
    }
    int64_t w = whole->shaped.dims[i], last;
    bool big = __builtin_mul_overflow(sz[i] - 1, st[i], &last) ||
               __builtin_add_overflow(last, off[i], &last);
    if (!dyn(w) && sz[i] > 0 && (big || last >= w)) {
      nl_op_emit_error(op,
                       "slice dim %u (offset %lld, size %lld, stride %lld) "
                       "runs past the dim size %lld",
                       i, (long long)off[i], (long long)sz[i], (long long)st[i],
                       (long long)w);
      return nl_failure();
    }
  }
  return nl_success();
}

/* Source and result of extract_slice and reshape: ranked tensors of one
 * element type. */
static NlResult
verify_source_result(NlOp *op, const NlType *src, const NlType *res)
{
  if (!is_ranked_tensor(src))
    return fail_type(op, "source must be a ranked tensor, got %s", src);
  if (!is_ranked_tensor(res) || res->shaped.elem != src->shaped.elem)
    return fail_type(op,
                     "result must be a ranked tensor of the source element "
                     "type, got %s",
                     res);
  return nl_success();
}

NlResult
nl_tensor_verify_XSLICE(NlOp *op)
{
  NlType *src = nl_op_operand(op, 0)->type, *res = nl_op_result(op, 0)->type;
  if (nl_failed(verify_source_result(op, src, res)))
    return nl_failure();
  return verify_slice(op, src, res, "result");
}

NlResult
nl_tensor_verify_ISLICE(NlOp *op)
{
  NlType *src = nl_op_operand(op, 0)->type, *dst = nl_op_operand(op, 1)->type;
  if (!is_ranked_tensor(src))
    return fail_type(op, "source must be a ranked tensor, got %s", src);
  if (!is_ranked_tensor(dst) || dst->shaped.elem != src->shaped.elem)
    return fail_type(op,
                     "dest must be a ranked tensor of the source element "
                     "type, got %s",
                     dst);
  if (nl_op_result(op, 0)->type != dst)
    return fail_type(op, "result type must be the dest type %s", dst);
  return verify_slice(op, dst, src, "source");
}

/* ---- tensor.reshape
 * ---------------------------------------------------------- */

NlResult
nl_tensor_verify_RESHAPE(NlOp *op)
{
  NlType *src = nl_op_operand(op, 0)->type, *res = nl_op_result(op, 0)->type;
  if (nl_failed(verify_source_result(op, src, res)))
    return nl_failure();
  if (!nl_type_has_static_shape(res))
    return fail_type(op, "result must have a static shape, got %s", res);
  int64_t a = nl_type_num_elements(src), b = nl_type_num_elements(res);
  if (a >= 0 && a != b) {
    nl_op_emit_error(op, "source has %lld elements but the result has %lld",
                     (long long)a, (long long)b);
    return nl_failure();
  }
  return nl_success();
}
