/*
 * tensor.generic's own rules, after the checks all structured ops share:
 * one indexing map per operand over the loop dims, iterator types, loop
 * ranges that every operand agrees on and that stay in bounds, and a body
 * whose arguments are the operands' element types.
 */
#include <stdlib.h>
#include <string.h>

#include "tensor/internal.h"

static uint32_t
rank_of(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_MEMREF ? t->shaped.rank
                                                                : 0;
}

bool
nl_tensor_generic_maps(const NlOp *op, NlAffineMap **maps, uint32_t *nloops)
{
  NlAttr *m = nl_tensor_attr(op, "indexing_maps");
  NlAttr *it = nl_tensor_attr(op, "iterator_types");
  if (!m || m->kind != NL_ATTR_ARRAY || m->array.n != op->noperands || !it ||
      it->kind != NL_ATTR_ARRAY)
    return false;
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlAttr *a = m->array.elems[i];
    if (a->kind != NL_ATTR_AFFINE_MAP)
      return false;
    maps[i] = a->affine.map;
  }
  *nloops = it->array.n;
  return true;
}

void
nl_tensor_generic_ranges(NlOp *op, NlAffineMap *const *maps, uint32_t nloops,
                         int64_t *ranges)
{
  for (uint32_t d = 0; d < nloops; d++)
    ranges[d] = -1;
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlType *t = nl_op_operand(op, i)->type;
    for (uint32_t j = 0; j < maps[i]->nresults && j < rank_of(t); j++) {
      NlAffineExpr *e = maps[i]->results[j];
      if (e->kind != NL_AFFINE_DIM || e->pos >= nloops)
        continue;
      int64_t s = t->shaped.dims[j];
      if (ranges[e->pos] == -1 || ranges[e->pos] == NL_DYNAMIC)
        ranges[e->pos] = s;
    }
  }
}

/* Whether e never decreases when a dim grows (so its largest value over
 * the loop ranges is its value at the largest indices). */
static bool
monotone(const NlAffineExpr *e)
{
  switch (e->kind) {
  case NL_AFFINE_DIM:
  case NL_AFFINE_CONST:
    return true;
  case NL_AFFINE_ADD:
    return monotone(e->bin.lhs) && monotone(e->bin.rhs);
  case NL_AFFINE_MUL:
  case NL_AFFINE_FLOORDIV:
  case NL_AFFINE_CEILDIV:
    return monotone(e->bin.lhs) && e->bin.rhs->kind == NL_AFFINE_CONST &&
           e->bin.rhs->value > 0;
  default:
    return false;
  }
}

static NlResult
check_attrs(NlOp *op, uint32_t *nloops)
{
  NlAttr *m = nl_tensor_attr(op, "indexing_maps");
  NlAttr *it = nl_tensor_attr(op, "iterator_types");
  if (!m || m->kind != NL_ATTR_ARRAY) {
    nl_op_emit_error(op, "requires attribute 'indexing_maps' (an array of "
                         "affine maps)");
    return nl_failure();
  }
  if (!it || it->kind != NL_ATTR_ARRAY) {
    nl_op_emit_error(op, "requires attribute 'iterator_types' (an array of "
                         "strings)");
    return nl_failure();
  }
  for (uint32_t i = 0; i < it->array.n; i++) {
    NlAttr *s = it->array.elems[i];
    if (s->kind != NL_ATTR_STRING || (strcmp(s->str.value->str, "parallel") &&
                                      strcmp(s->str.value->str, "reduction"))) {
      nl_op_emit_error(op,
                       "iterator type #%u must be \"parallel\" or "
                       "\"reduction\"",
                       i);
      return nl_failure();
    }
  }
  *nloops = it->array.n;
  if (m->array.n != op->noperands) {
    nl_op_emit_error(op, "expects %u indexing maps (one per operand), got %u",
                     op->noperands, m->array.n);
    return nl_failure();
  }
  for (uint32_t i = 0; i < m->array.n; i++) {
    NlAttr *a = m->array.elems[i];
    if (a->kind != NL_ATTR_AFFINE_MAP) {
      nl_op_emit_error(op, "indexing map #%u is not an affine map", i);
      return nl_failure();
    }
    NlAffineMap *map = a->affine.map;
    uint32_t r = rank_of(nl_op_operand(op, i)->type);
    if (map->nsyms) {
      nl_op_emit_error(op, "indexing map #%u must not have symbols", i);
      return nl_failure();
    }
    if (map->ndims != *nloops) {
      nl_op_emit_error(op,
                       "indexing map #%u has %u dims, expected %u (the number "
                       "of iterator types)",
                       i, map->ndims, *nloops);
      return nl_failure();
    }
    if (map->nresults != r) {
      nl_op_emit_error(op,
                       "indexing map #%u has %u results, expected %u (the "
                       "rank of operand #%u)",
                       i, map->nresults, r, i);
      return nl_failure();
    }
  }
  return nl_success();
}

/* Every loop has a range, the operands agree on it, and every index an
 * operand is accessed at stays inside it. */
static NlResult
check_ranges(NlOp *op, NlAffineMap *const *maps, uint32_t nloops)
{
  int64_t *ranges = nl_xmalloc((nloops + 1) * sizeof(*ranges));
  int64_t *hi = nl_xmalloc((nloops + 1) * sizeof(*hi));
  NlResult r = nl_success();
  nl_tensor_generic_ranges(op, maps, nloops, ranges);
  for (uint32_t d = 0; d < nloops && nl_succeeded(r); d++)
    if (ranges[d] == -1) {
      nl_op_emit_error(op,
                       "loop dim d%u indexes no operand dim on its own, so "
                       "its range is unknown",
                       d);
      r = nl_failure();
    }
  bool all_static = true;
  for (uint32_t d = 0; d < nloops; d++) {
    all_static &= ranges[d] != NL_DYNAMIC;
    hi[d] = ranges[d] > 0 ? ranges[d] - 1 : 0;
  }
  for (uint32_t i = 0; i < op->noperands && nl_succeeded(r); i++) {
    NlType *t = nl_op_operand(op, i)->type;
    for (uint32_t j = 0; j < maps[i]->nresults && nl_succeeded(r); j++) {
      NlAffineExpr *e = maps[i]->results[j];
      int64_t s = t->shaped.dims[j], v;
      if (s == NL_DYNAMIC)
        continue;
      if (e->kind == NL_AFFINE_DIM) {
        if (ranges[e->pos] != NL_DYNAMIC && ranges[e->pos] != s) {
          nl_op_emit_error(op,
                           "operand #%u dim %u has size %lld but loop dim d%u "
                           "has range %lld",
                           i, j, (long long)s, e->pos,
                           (long long)ranges[e->pos]);
          r = nl_failure();
        }
        continue;
      }
      bool empty = false;
      for (uint32_t d = 0; d < nloops; d++)
        empty |= ranges[d] == 0;
      if (!all_static || empty || !monotone(e) ||
          !nl_affine_expr_eval(e, hi, NULL, &v))
        continue;
      if (v >= s) {
        NlBuf b = {0};
        nl_affine_expr_print(e, &b);
        nl_op_emit_error(op,
                         "operand #%u dim %u is accessed at %s up to index "
                         "%lld, past its size %lld",
                         i, j, b.data, (long long)v, (long long)s);
        nl_buf_free(&b);
        r = nl_failure();
      }
    }
  }
  free(ranges);
  free(hi);
  return r;
}

/* The body computes on scalars only: arith and math ops, tensor.index,
 * tensor.extract and the yield, without regions, with scalar results. The
 * loop lowering clones exactly these. Unregistered ops (allowed only on
 * request) are left to the passes that meet them. */
static NlResult
check_body_op(NlOp *n)
{
  const NlDialect *d = n->def->dialect;
  if (n->def->traits & NL_UNREGISTERED)
    return nl_success(); /* --allow-unregistered-dialect: anything goes */
  int k = nl_tensor_kind(n);
  bool ok = k == TENSOR_INDEX || k == TENSOR_EXTRACT || k == TENSOR_YIELD ||
            (d && (!strcmp(d->name, "arith") || !strcmp(d->name, "math")));
  if (!ok || n->nregions) {
    nl_op_emit_error(n, "is not allowed in a tensor.generic body (only "
                        "scalar arith and math ops, tensor.index, "
                        "tensor.extract and tensor.yield)");
    return nl_failure();
  }
  for (uint32_t i = 0; i < n->nresults; i++) {
    NlType *t = nl_op_result(n, i)->type;
    if (t->kind != NL_TYPE_INTEGER && t->kind != NL_TYPE_INDEX &&
        t->kind != NL_TYPE_FLOAT) {
      NlBuf x = {0};
      nl_op_emit_error(n,
                       "in a tensor.generic body must have scalar results, "
                       "got %s",
                       nl_tensor_type_str(&x, t));
      nl_buf_free(&x);
      return nl_failure();
    }
  }
  return nl_success();
}

static NlResult
check_body(NlOp *op)
{
  NlRegion *reg = nl_op_region(op, 0);
  NlBlock *b = reg->first;
  if (!b) {
    nl_op_emit_error(op, "expects a body block");
    return nl_failure();
  }
  if (b->nargs != op->noperands) {
    nl_op_emit_error(op, "body has %u arguments, expected %u (one per operand)",
                     b->nargs, op->noperands);
    return nl_failure();
  }
  for (uint32_t i = 0; i < b->nargs; i++) {
    NlType *want = nl_type_element(nl_op_operand(op, i)->type);
    if (b->args[i]->type != want) {
      NlBuf x = {0}, y = {0};
      nl_tensor_type_str(&x, b->args[i]->type);
      nl_tensor_type_str(&y, want);
      nl_op_emit_error(op,
                       "body argument #%u has type %s, expected %s (the "
                       "element type of operand #%u)",
                       i, x.data, y.data, i);
      nl_buf_free(&x);
      nl_buf_free(&y);
      return nl_failure();
    }
  }
  if (!b->last || nl_tensor_kind(b->last) != TENSOR_YIELD) {
    nl_op_emit_error(op, "body must end with tensor.yield");
    return nl_failure();
  }
  nl_block_foreach_op(b, n)
  {
    if (nl_failed(check_body_op(n)))
      return nl_failure();
  }
  return nl_success();
}

NlResult
nl_tensor_verify_generic_body(NlOp *op, uint32_t nins, uint32_t nouts)
{
  uint32_t nloops;
  (void)nins;
  (void)nouts;
  if (nl_failed(check_attrs(op, &nloops)))
    return nl_failure();
  NlAffineMap **maps = nl_xmalloc((op->noperands + 1) * sizeof(*maps));
  bool ok = nl_tensor_generic_maps(op, maps, &nloops);
  NlResult r = ok ? check_ranges(op, maps, nloops) : nl_failure();
  free(maps);
  if (nl_failed(r))
    return r;
  return check_body(op);
}
