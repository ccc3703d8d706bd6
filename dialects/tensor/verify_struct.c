/*
 * Verifiers of the structured ops (generic and the named ones): the
 * ins/outs split, tensor-or-memref destinations and their results, then
 * each op's shapes, element types and attributes. Dynamic dimensions (`?`)
 * are accepted and skipped in size checks; bufferization rejects them.
 */
#include <stdlib.h>
#include <string.h>

#include "tensor/internal.h"

static bool
dyn(int64_t d)
{
  return d == NL_DYNAMIC;
}

static bool
is_ranked(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_MEMREF;
}

/* The operands of a structured op, split. */
typedef struct Ops {
  uint32_t nins, nouts;
  NlType **t; /* nins + nouts operand types (ins first) */
} Ops;

static NlType *
in_t(const Ops *o, uint32_t i)
{
  return o->t[i];
}

static NlType *
out_t(const Ops *o, uint32_t i)
{
  return o->t[o->nins + i];
}

static int64_t
dim(const NlType *t, uint32_t i)
{
  return t->shaped.dims[i];
}

/* ---- checks shared by every structured op -------------------------------- */

static NlResult
check_split(NlOp *op, Ops *o)
{
  int k = nl_tensor_kind(op);
  if (nl_tensor_split(op, &o->nins, &o->nouts)) {
    if (nl_tensor_fixed_ins[k] >= 0 &&
        (o->nins != (uint32_t)nl_tensor_fixed_ins[k] ||
         o->nouts != (uint32_t)nl_tensor_fixed_outs[k])) {
      nl_op_emit_error(op, "expects %d ins and %d outs, got %u and %u",
                       nl_tensor_fixed_ins[k], nl_tensor_fixed_outs[k], o->nins,
                       o->nouts);
      return nl_failure();
    }
    return nl_success();
  }
  nl_op_emit_error(op,
                   "requires 'operandSegmentSizes' = array<i32: nins, nouts> "
                   "adding up to the %u operands",
                   op->noperands);
  return nl_failure();
}

static NlResult
check_operands(NlOp *op, const Ops *o)
{
  int k = nl_tensor_kind(op);
  NlBuf b = {0};
  NlResult r = nl_success();
  if (o->nouts == 0) {
    nl_op_emit_error(op, "expects at least one out");
    return nl_failure();
  }
  bool memref = out_t(o, 0)->kind == NL_TYPE_MEMREF;
  for (uint32_t i = 0; i < o->nins + o->nouts && nl_succeeded(r); i++) {
    NlType *t = o->t[i];
    bool out = i >= o->nins;
    uint32_t n = out ? i - o->nins : i;
    if (!out && nl_tensor_is_scalar(t) &&
        (k == TENSOR_GENERIC || k == TENSOR_FILL))
      continue;
    if (!is_ranked(t)) {
      nl_op_emit_error(op, "%s #%u must be a ranked tensor or memref%s, got %s",
                       out ? "out" : "in", n,
                       out || (k != TENSOR_GENERIC && k != TENSOR_FILL)
                           ? ""
                           : " or a scalar",
                       nl_tensor_type_str(&b, t));
      r = nl_failure();
    } else if ((t->kind == NL_TYPE_MEMREF) != memref) {
      nl_op_emit_error(op, "mixes tensor and memref operands (%s #%u is %s)",
                       out ? "out" : "in", n, nl_tensor_type_str(&b, t));
      r = nl_failure();
    } else if (!nl_tensor_is_scalar(t->shaped.elem)) {
      nl_op_emit_error(op,
                       "%s #%u has element type %s; expected an integer, "
                       "index or float type",
                       out ? "out" : "in", n,
                       nl_tensor_type_str(&b, t->shaped.elem));
      r = nl_failure();
    }
  }
  if (nl_succeeded(r) && memref && op->nresults != 0) {
    nl_op_emit_error(op, "on memrefs has no results, got %u", op->nresults);
    r = nl_failure();
  }
  if (nl_succeeded(r) && !memref && op->nresults != o->nouts) {
    nl_op_emit_error(op, "expects %u results (one per tensor out), got %u",
                     o->nouts, op->nresults);
    r = nl_failure();
  }
  for (uint32_t i = 0; nl_succeeded(r) && !memref && i < o->nouts; i++)
    if (nl_op_result(op, i)->type != out_t(o, i)) {
      NlBuf c = {0};
      nl_op_emit_error(op, "result #%u has type %s, expected the out type %s",
                       i, nl_tensor_type_str(&b, nl_op_result(op, i)->type),
                       nl_tensor_type_str(&c, out_t(o, i)));
      nl_buf_free(&c);
      r = nl_failure();
    }
  nl_buf_free(&b);
  return r;
}

/* All shaped operands share one element type. */
static NlResult
check_same_elem(NlOp *op, const Ops *o)
{
  NlType *e = nl_type_element(out_t(o, 0));
  for (uint32_t i = 0; i < o->nins + o->nouts; i++)
    if (nl_type_element(o->t[i]) != e) {
      NlBuf a = {0}, b = {0};
      nl_op_emit_error(op, "operand element types differ (%s vs %s)",
                       nl_tensor_type_str(&a, nl_type_element(o->t[i])),
                       nl_tensor_type_str(&b, e));
      nl_buf_free(&a);
      nl_buf_free(&b);
      return nl_failure();
    }
  return nl_success();
}

/* Operand `name` (#i) has rank r. */
static NlResult
check_rank(NlOp *op, const Ops *o, uint32_t i, uint32_t r, const char *name)
{
  if (o->t[i]->shaped.rank != r) {
    nl_op_emit_error(op, "%s must have rank %u, got %u", name, r,
                     o->t[i]->shaped.rank);
    return nl_failure();
  }
  return nl_success();
}

/* Dim da of a and dim db of b agree (when both static). */
static NlResult
check_dim(NlOp *op, const NlType *a, uint32_t da, const char *na,
          const NlType *b, uint32_t db, const char *nb)
{
  int64_t x = dim(a, da), y = dim(b, db);
  if (!dyn(x) && !dyn(y) && x != y) {
    nl_op_emit_error(op, "%s dim %u (%lld) differs from %s dim %u (%lld)", na,
                     da, (long long)x, nb, db, (long long)y);
    return nl_failure();
  }
  return nl_success();
}

/* ---- named ops ----------------------------------------------------------- */

static NlResult
verify_fill(NlOp *op, const Ops *o)
{
  NlType *v = in_t(o, 0), *e = out_t(o, 0)->shaped.elem;
  if (!nl_tensor_is_scalar(v) || v != e) {
    NlBuf a = {0}, b = {0};
    nl_op_emit_error(op,
                     "value must be a scalar of the out element type %s, got "
                     "%s",
                     nl_tensor_type_str(&a, e), nl_tensor_type_str(&b, v));
    nl_buf_free(&a);
    nl_buf_free(&b);
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_copy(NlOp *op, const Ops *o)
{
  NlType *a = in_t(o, 0), *b = out_t(o, 0);
  if (nl_failed(check_same_elem(op, o)) ||
      nl_failed(check_rank(op, o, 1, a->shaped.rank, "out")))
    return nl_failure();
  for (uint32_t i = 0; i < a->shaped.rank; i++)
    if (nl_failed(check_dim(op, a, i, "in", b, i, "out")))
      return nl_failure();
  return nl_success();
}

/* matmul (batch 0) and batch_matmul (batch 1): A [B]xMxK, B [B]xKxN, C
 * [B]xMxN. */
static NlResult
verify_matmul(NlOp *op, const Ops *o, uint32_t batch)
{
  uint32_t r = 2 + batch;
  NlType *a = in_t(o, 0), *b = in_t(o, 1), *c = out_t(o, 0);
  if (nl_failed(check_rank(op, o, 0, r, "A")) ||
      nl_failed(check_rank(op, o, 1, r, "B")) ||
      nl_failed(check_rank(op, o, 2, r, "C")) ||
      nl_failed(check_same_elem(op, o)))
    return nl_failure();
  if (batch && (nl_failed(check_dim(op, a, 0, "A", b, 0, "B")) ||
                nl_failed(check_dim(op, a, 0, "A", c, 0, "C"))))
    return nl_failure();
  int64_t k1 = dim(a, batch + 1), k2 = dim(b, batch);
  if (!dyn(k1) && !dyn(k2) && k1 != k2) {
    nl_op_emit_error(op, "contracting dims differ (%lld vs %lld)",
                     (long long)k1, (long long)k2);
    return nl_failure();
  }
  if (nl_failed(check_dim(op, c, batch, "C", a, batch, "A")) ||
      nl_failed(check_dim(op, c, batch + 1, "C", b, batch + 1, "B")))
    return nl_failure();
  return nl_success();
}

/* The strides and dilations attributes (array<i64: h, w>, positive). */
static NlResult
get_hw(NlOp *op, const char *name, int64_t hw[2])
{
  if (!nl_tensor_hw(op, name, hw)) {
    nl_op_emit_error(op, "'%s' must be array<i64: h, w> with positive entries",
                     name);
    return nl_failure();
  }
  return nl_success();
}

/* Output size of a window of size k (dilation d, stride s) over n: the
 * rule of conv2d and pool. */
static NlResult
check_window(NlOp *op, const char *which, int64_t n, int64_t k, int64_t d,
             int64_t s, int64_t out)
{
  if (dyn(n) || dyn(k))
    return nl_success();
  int64_t span;
  bool big = __builtin_mul_overflow(d, k - 1, &span) ||
             __builtin_add_overflow(span, 1, &span);
  if (k < 1 || big || span > n) {
    nl_op_emit_error(op,
                     "%s window of %lld (dilation %lld) does not fit the "
                     "input size %lld",
                     which, (long long)k, (long long)d, (long long)n);
    return nl_failure();
  }
  int64_t want = (n - span) / s + 1;
  if (!dyn(out) && out != want) {
    nl_op_emit_error(op,
                     "output %s is %lld, expected %lld = (%lld - %lld * (%lld "
                     "- 1) - 1) / %lld + 1",
                     which, (long long)out, (long long)want, (long long)n,
                     (long long)d, (long long)k, (long long)s);
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_conv2d(NlOp *op, const Ops *o)
{
  int64_t st[2], dl[2], g = nl_tensor_groups(op);
  NlType *x = in_t(o, 0), *w = in_t(o, 1), *y = out_t(o, 0);
  if (nl_failed(get_hw(op, "strides", st)) ||
      nl_failed(get_hw(op, "dilations", dl)))
    return nl_failure();
  if (g < 1) {
    nl_op_emit_error(op, "'groups' must be a positive i64");
    return nl_failure();
  }
  if (nl_failed(check_rank(op, o, 0, 4, "X")) ||
      nl_failed(check_rank(op, o, 1, 4, "W")) ||
      nl_failed(check_rank(op, o, 2, 4, "Y")) ||
      nl_failed(check_same_elem(op, o)) ||
      nl_failed(check_dim(op, y, 0, "Y", x, 0, "X")) ||
      nl_failed(check_dim(op, y, 1, "Y", w, 0, "W")))
    return nl_failure();
  int64_t c = dim(x, 1), cg = dim(w, 1), f = dim(w, 0);
  if (!dyn(c) && c % g != 0) {
    nl_op_emit_error(op, "groups (%lld) do not divide the %lld input channels",
                     (long long)g, (long long)c);
    return nl_failure();
  }
  if (!dyn(f) && f % g != 0) {
    nl_op_emit_error(op, "groups (%lld) do not divide the %lld filters",
                     (long long)g, (long long)f);
    return nl_failure();
  }
  if (!dyn(c) && !dyn(cg) && c / g != cg) {
    nl_op_emit_error(op,
                     "W dim 1 (%lld) must be the channels per group (%lld / "
                     "%lld)",
                     (long long)cg, (long long)c, (long long)g);
    return nl_failure();
  }
  if (nl_failed(check_window(op, "height", dim(x, 2), dim(w, 2), dl[0], st[0],
                             dim(y, 2))) ||
      nl_failed(check_window(op, "width", dim(x, 3), dim(w, 3), dl[1], st[1],
                             dim(y, 3))))
    return nl_failure();
  return nl_success();
}

static NlResult
verify_pool(NlOp *op, const Ops *o)
{
  int64_t st[2], dl[2];
  const int64_t *k;
  uint32_t nk;
  const char *kind = nl_tensor_str(op, "kind");
  NlType *x = in_t(o, 0), *y = out_t(o, 0);
  if (!kind || (strcmp(kind, "max") && strcmp(kind, "sum"))) {
    nl_op_emit_error(op, "requires attribute 'kind' (\"max\" or \"sum\")");
    return nl_failure();
  }
  if (!nl_tensor_i64_array(nl_tensor_attr(op, "kernel"), &k, &nk) || nk != 2 ||
      k[0] < 1 || k[1] < 1) {
    nl_op_emit_error(op, "requires attribute 'kernel' (array<i64: h, w>, "
                         "positive)");
    return nl_failure();
  }
  if (nl_failed(get_hw(op, "strides", st)) ||
      nl_failed(get_hw(op, "dilations", dl)) ||
      nl_failed(check_rank(op, o, 0, 4, "X")) ||
      nl_failed(check_rank(op, o, 1, 4, "Y")) ||
      nl_failed(check_same_elem(op, o)) ||
      nl_failed(check_dim(op, y, 0, "Y", x, 0, "X")) ||
      nl_failed(check_dim(op, y, 1, "Y", x, 1, "X")) ||
      nl_failed(check_window(op, "height", dim(x, 2), k[0], dl[0], st[0],
                             dim(y, 2))) ||
      nl_failed(
          check_window(op, "width", dim(x, 3), k[1], dl[1], st[1], dim(y, 3))))
    return nl_failure();
  return nl_success();
}

/* `dimensions` of reduce/broadcast: sorted, unique, each in [0, rank). */
static NlResult
get_dims(NlOp *op, uint32_t rank, const int64_t **dims, uint32_t *n)
{
  if (!nl_tensor_i64_array(nl_tensor_attr(op, "dimensions"), dims, n)) {
    nl_op_emit_error(op, "requires attribute 'dimensions' (array<i64>)");
    return nl_failure();
  }
  for (uint32_t i = 0; i < *n; i++) {
    int64_t d = (*dims)[i];
    if (d < 0 || d >= (int64_t)rank) {
      nl_op_emit_error(op, "dimension %lld is out of range [0, %u)",
                       (long long)d, rank);
      return nl_failure();
    }
    if (i && d <= (*dims)[i - 1]) {
      nl_op_emit_error(op, "'dimensions' must be sorted and unique");
      return nl_failure();
    }
  }
  return nl_success();
}

/* The full operand `full` has the dims of the smaller one `part` plus the
 * listed `dims` (reduce: full = in; broadcast: full = out). */
static NlResult
check_dropped(NlOp *op, const NlType *full, const char *nf, const NlType *part,
              const char *np, const int64_t *dims, uint32_t n)
{
  if (part->shaped.rank + n != full->shaped.rank) {
    nl_op_emit_error(op, "%s rank %u must be %s rank %u minus %u dimensions",
                     np, part->shaped.rank, nf, full->shaped.rank, n);
    return nl_failure();
  }
  uint32_t j = 0, d = 0;
  for (uint32_t i = 0; i < full->shaped.rank; i++) {
    if (d < n && dims[d] == (int64_t)i) {
      d++;
      continue;
    }
    if (nl_failed(check_dim(op, part, j, np, full, i, nf)))
      return nl_failure();
    j++;
  }
  return nl_success();
}

static NlResult
verify_reduce(NlOp *op, const Ops *o)
{
  const char *kind = nl_tensor_str(op, "kind");
  const int64_t *dims;
  uint32_t n;
  if (!kind || (strcmp(kind, "add") && strcmp(kind, "mul") &&
                strcmp(kind, "max") && strcmp(kind, "min"))) {
    nl_op_emit_error(op, "requires attribute 'kind' (\"add\", \"mul\", "
                         "\"max\" or \"min\")");
    return nl_failure();
  }
  if (nl_failed(check_same_elem(op, o)) ||
      nl_failed(get_dims(op, in_t(o, 0)->shaped.rank, &dims, &n)))
    return nl_failure();
  return check_dropped(op, in_t(o, 0), "in", out_t(o, 0), "out", dims, n);
}

static NlResult
verify_broadcast(NlOp *op, const Ops *o)
{
  const int64_t *dims;
  uint32_t n;
  if (nl_failed(check_same_elem(op, o)) ||
      nl_failed(get_dims(op, out_t(o, 0)->shaped.rank, &dims, &n)))
    return nl_failure();
  return check_dropped(op, out_t(o, 0), "out", in_t(o, 0), "in", dims, n);
}

static NlResult
verify_transpose(NlOp *op, const Ops *o)
{
  const int64_t *p;
  uint32_t n, r = in_t(o, 0)->shaped.rank;
  if (!nl_tensor_i64_array(nl_tensor_attr(op, "permutation"), &p, &n)) {
    nl_op_emit_error(op, "requires attribute 'permutation' (array<i64>)");
    return nl_failure();
  }
  if (nl_failed(check_same_elem(op, o)) ||
      nl_failed(check_rank(op, o, 1, r, "out")))
    return nl_failure();
  if (n != r) {
    nl_op_emit_error(op, "'permutation' has %u entries, expected %u (the rank)",
                     n, r);
    return nl_failure();
  }
  uint64_t seen = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (p[i] < 0 || p[i] >= (int64_t)r || p[i] >= 64 || (seen >> p[i] & 1)) {
      nl_op_emit_error(op, "'permutation' is not a permutation of [0, %u)", r);
      return nl_failure();
    }
    seen |= 1ull << p[i];
  }
  for (uint32_t i = 0; i < n; i++)
    if (nl_failed(check_dim(op, out_t(o, 0), i, "out", in_t(o, 0),
                            (uint32_t)p[i], "in")))
      return nl_failure();
  return nl_success();
}

/* ---- entry point --------------------------------------------------------- */

NlResult
nl_tensor_verify_STRUCT(NlOp *op)
{
  Ops o;
  if (nl_failed(check_split(op, &o)))
    return nl_failure();
  o.t = nl_xmalloc((op->noperands + 1) * sizeof(*o.t));
  for (uint32_t i = 0; i < op->noperands; i++)
    o.t[i] = nl_op_operand(op, i)->type;
  NlResult r = check_operands(op, &o);
  if (nl_succeeded(r)) {
    switch (nl_tensor_kind(op)) {
    case TENSOR_FILL:
      r = verify_fill(op, &o);
      break;
    case TENSOR_COPY:
      r = verify_copy(op, &o);
      break;
    case TENSOR_MATMUL:
      r = verify_matmul(op, &o, 0);
      break;
    case TENSOR_BATCH_MATMUL:
      r = verify_matmul(op, &o, 1);
      break;
    case TENSOR_CONV2D:
      r = verify_conv2d(op, &o);
      break;
    case TENSOR_POOL:
      r = verify_pool(op, &o);
      break;
    case TENSOR_REDUCE:
      r = verify_reduce(op, &o);
      break;
    case TENSOR_TRANSPOSE:
      r = verify_transpose(op, &o);
      break;
    case TENSOR_BROADCAST:
      r = verify_broadcast(op, &o);
      break;
    case TENSOR_GENERIC:
      r = nl_tensor_verify_generic_body(op, o.nins, o.nouts);
      break;
    default:
      break;
    }
  }
  free(o.t);
  return r;
}

NlResult
nl_tensor_verify_GENERIC(NlOp *op)
{
  return nl_tensor_verify_STRUCT(op);
}
