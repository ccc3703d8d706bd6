/*
 * Private to the graph dialect's inference (infer.c, infer_shape.c): the
 * Shape being computed, dim arithmetic that turns overflow into `?`,
 * broadcasting, and the rules of the shape-manipulating ops.
 */
#ifndef NULL_DIALECTS_GRAPH_INFER_H
#define NULL_DIALECTS_GRAPH_INFER_H

#include "graph/internal.h"

#define MAX_RANK 32

/* A shape being computed: unranked, or rank dims (NL_DYNAMIC for `?`). */
typedef struct Shape {
  bool ranked;
  uint32_t rank;
  int64_t d[MAX_RANK];
} Shape;

static inline bool
get_shape(NlType *t, Shape *s)
{
  s->ranked = false;
  s->rank = 0;
  if (t->kind != NL_TYPE_TENSOR || t->shaped.rank > MAX_RANK)
    return false;
  s->ranked = true;
  s->rank = t->shaped.rank;
  memcpy(s->d, t->shaped.dims, s->rank * sizeof(int64_t));
  return true;
}

static inline bool
operand_shape(NlOp *op, uint32_t i, Shape *s)
{
  if (!nl_graph_has_operand(op, i)) {
    s->ranked = false;
    return false;
  }
  return get_shape(nl_op_operand(op, i)->type, s);
}

static inline NlType *
elem_of(NlOp *op, uint32_t i)
{
  if (!nl_graph_has_operand(op, i))
    return NULL;
  NlType *t = nl_op_operand(op, i)->type;
  return nl_type_is_shaped(t) ? nl_type_element(t) : NULL;
}

/* Dim arithmetic: NL_DYNAMIC in, or overflow, gives NL_DYNAMIC. */
static inline int64_t
dadd(int64_t a, int64_t b)
{
  int64_t r;
  if (a == NL_DYNAMIC || b == NL_DYNAMIC || __builtin_add_overflow(a, b, &r))
    return NL_DYNAMIC;
  return r;
}

static inline int64_t
dmul(int64_t a, int64_t b)
{
  int64_t r;
  if (a == NL_DYNAMIC || b == NL_DYNAMIC || __builtin_mul_overflow(a, b, &r))
    return NL_DYNAMIC;
  return r;
}

/* The tensor type of shape s; dims that came out negative (from bad
 * constants the verifier of the producer could not see) become `?`. */
static inline NlType *
make(NlOp *op, const Shape *s, NlType *elem)
{
  NlContext *ctx = nl_op_context(op);
  if (!elem)
    return NULL;
  if (!s->ranked)
    return nl_type_unranked_tensor(ctx, elem);
  int64_t d[MAX_RANK];
  for (uint32_t i = 0; i < s->rank; i++)
    d[i] = s->d[i] < 0 ? NL_DYNAMIC : s->d[i];
  return nl_type_tensor(ctx, d, s->rank, elem, NULL);
}

static inline Shape
ranked(uint32_t rank)
{
  Shape s = {.ranked = true, .rank = rank};
  for (uint32_t i = 0; i < rank; i++)
    s.d[i] = NL_DYNAMIC;
  return s;
}

static inline NlResult
type_error(NlOp *op, const char *what, uint32_t i)
{
  NlBuf b = {0};
  nl_type_print(nl_op_operand(op, i)->type, &b);
  nl_op_emit_error(op, "operand #%u of type '%s' %s", i, b.data, what);
  nl_buf_free(&b);
  return nl_failure();
}

/* Normalizes axis into [0, rank) (or [0, rank] with inclusive). */
static inline NlResult
norm_axis(NlOp *op, int64_t *axis, uint32_t rank, bool inclusive)
{
  int64_t r = (int64_t)rank, a = *axis;
  if (a < -r || a >= r + (inclusive ? 1 : 0)) {
    nl_op_emit_error(op, "axis %lld is out of range for rank %u", (long long)a,
                     rank);
    return nl_failure();
  }
  *axis = a < 0 ? a + r : a;
  return nl_success();
}
static inline int64_t
product(const Shape *s, uint32_t from, uint32_t to)
{
  int64_t p = 1;
  for (uint32_t i = from; i < to; i++)
    p = dmul(p, s->d[i]);
  return p;
}

static inline int64_t
clamp(int64_t v, int64_t lo, int64_t hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/* ---- broadcasting -------------------------------------------------------- */

/* Broadcasts acc with s (numpy rules); false when static dims disagree. */
static inline bool
broadcast(Shape *acc, const Shape *s)
{
  if (!acc->ranked || !s->ranked) {
    acc->ranked = false;
    return true;
  }
  uint32_t r = acc->rank > s->rank ? acc->rank : s->rank;
  Shape out = {.ranked = true, .rank = r};
  for (uint32_t i = 0; i < r; i++) {
    int64_t a = i < r - acc->rank ? 1 : acc->d[i - (r - acc->rank)];
    int64_t b = i < r - s->rank ? 1 : s->d[i - (r - s->rank)];
    int64_t d;
    if (a == b)
      d = a;
    else if (a == 1)
      d = b;
    else if (b == 1)
      d = a;
    else if (a == NL_DYNAMIC)
      d = b;
    else if (b == NL_DYNAMIC)
      d = a;
    else
      return false;
    out.d[i] = d;
  }
  *acc = out;
  return true;
}

static inline NlResult
broadcast_operands(NlOp *op, uint32_t first, uint32_t n, Shape *acc)
{
  operand_shape(op, first, acc);
  if (!nl_graph_has_operand(op, first))
    acc->ranked = false;
  for (uint32_t i = first + 1; i < first + n && i < op->noperands; i++) {
    Shape s;
    operand_shape(op, i, &s);
    if (!broadcast(acc, &s))
      return type_error(op, "is not broadcastable with the other operands", i);
  }
  return nl_success();
}

static inline NlResult
same_elems(NlOp *op, uint32_t n)
{
  NlType *e0 = elem_of(op, 0);
  for (uint32_t i = 1; i < n && i < op->noperands; i++) {
    NlType *e = elem_of(op, i);
    if (e0 && e && e != e0)
      return type_error(op, "has a different element type than operand #0", i);
  }
  return nl_success();
}
/* Rules of the shape-manipulating ops (infer_shape.c); each fills out[]
 * (the op's result types, NULL when unknown). */
NL_INTERNAL NlResult nl_graph_infer_reduce(NlOp *op, NlType **out, bool arg);
NL_INTERNAL NlResult nl_graph_infer_transpose(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_reshape(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_flatten(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_concat(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_slice(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_gather(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_squeeze(NlOp *op, NlType **out,
                                            bool unsqueeze);
NL_INTERNAL NlResult nl_graph_infer_pad(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_split(NlOp *op, NlType **out);
NL_INTERNAL NlResult nl_graph_infer_resize(NlOp *op, NlType **out,
                                           uint32_t scales_at,
                                           uint32_t sizes_at);
NL_INTERNAL NlResult nl_graph_infer_constant(NlOp *op, NlType **out);
/* A shape given by a constant 1-D operand, else of its static length. */
NL_INTERNAL Shape nl_graph_shape_operand(NlOp *op, uint32_t i);

#endif
