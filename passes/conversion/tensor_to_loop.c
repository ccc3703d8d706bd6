/*
 * convert-tensor-to-loop (docs/lowering.md, "Lowering structured ops"):
 * every tensor-dialect structured op on memrefs in a function becomes a
 * nest of loop.for, one loop per loop dimension of its structured
 * description (nl_tensor_structured_info): parallel dims outer, reduction
 * dims inner, each group in the op's order. Innermost, each operand is
 * loaded through its indexing map (affine expressions become arith ops on
 * index), the scalar body is built (nl_tensor_build_body) and the new out
 * elements are stored through the out maps.
 *
 * When an op has reduction dims and no out map uses one, the outs are
 * loaded once per output element before the reduction loops, carried
 * through them as iter_args and stored once after them; otherwise they are
 * loaded and stored in every iteration. tensor.extract on a memref (in a
 * generic body, or anywhere) becomes loop.load. A structured op still on
 * tensors, and any other op left on tensors, gets a located error.
 */
#include <stdlib.h>
#include <string.h>

#include "loop/loop.h"
#include "null/rewrite.h"
#include "passes/passes.h"
#include "tensor/tensor.h"

typedef struct Lower {
  NlContext *ctx;
  NlConstantTable *consts;
  const NlDialect *arith;
  NlType *index;
} Lower;

/* ---- index arithmetic ---------------------------------------------------------- */

static NlValue *
cst(Lower *l, NlBuilder *b, int64_t v, NlLoc *loc)
{
  return nl_constant_table_get(l->consts, b->block, l->arith,
                               nl_attr_integer(l->ctx, l->index, v), l->index,
                               loc);
}

static NlValue *
binop(Lower *l, NlBuilder *b, const char *name, NlValue *x, NlValue *y,
      NlLoc *loc)
{
  const NlOpDef *def = nl_context_lookup_op(l->ctx, name, strlen(name));
  if (!def)
    return NULL;
  NlOpState st;
  nl_op_state_init(&st, l->ctx, def, loc);
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_operand(&st, y);
  nl_op_state_add_result(&st, x->type);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return &op->results[0];
}

/* The value of affine expression e at the induction variables dims, as
 * arith ops on index; NULL after a diagnostic on op. */
static NlValue *
emit_expr(Lower *l, NlBuilder *b, NlOp *op, const NlAffineExpr *e,
          NlValue *const *dims)
{
  NlLoc *loc = op->loc;
  switch (e->kind) {
  case NL_AFFINE_CONST:
    return cst(l, b, e->value, loc);
  case NL_AFFINE_DIM:
    if (dims[e->pos])
      return dims[e->pos];
    nl_op_emit_error(op, "indexing map uses loop dimension d%u where it is "
                         "not available",
                     e->pos);
    return NULL;
  case NL_AFFINE_SYMBOL:
    nl_op_emit_error(op, "indexing maps with symbols are not supported");
    return NULL;
  default:
    break;
  }
  NlValue *x = emit_expr(l, b, op, e->bin.lhs, dims);
  NlValue *y = x ? emit_expr(l, b, op, e->bin.rhs, dims) : NULL;
  if (!y)
    return NULL;
  switch (e->kind) {
  case NL_AFFINE_ADD:
    return binop(l, b, "arith.addi", x, y, loc);
  case NL_AFFINE_MUL:
    return binop(l, b, "arith.muli", x, y, loc);
  case NL_AFFINE_FLOORDIV:
    return binop(l, b, "arith.floordivsi", x, y, loc);
  case NL_AFFINE_CEILDIV:
    return binop(l, b, "arith.ceildivsi", x, y, loc);
  case NL_AFFINE_MOD: {
    /* x mod y = x - floordiv(x, y) * y: non-negative for y > 0. */
    NlValue *q = binop(l, b, "arith.floordivsi", x, y, loc);
    NlValue *m = q ? binop(l, b, "arith.muli", q, y, loc) : NULL;
    return m ? binop(l, b, "arith.subi", x, m, loc) : NULL;
  }
  default:
    nl_op_emit_error(op, "unsupported affine expression in indexing map");
    return NULL;
  }
}

/* Whether e uses loop dimension d. */
static bool
uses_dim(const NlAffineExpr *e, uint32_t d)
{
  switch (e->kind) {
  case NL_AFFINE_DIM:
    return e->pos == d;
  case NL_AFFINE_CONST:
  case NL_AFFINE_SYMBOL:
    return false;
  default:
    return uses_dim(e->bin.lhs, d) || uses_dim(e->bin.rhs, d);
  }
}

/* ---- one structured op ---------------------------------------------------------- */

typedef struct Nest {
  Lower *l;
  NlOp *op;
  NlTensorStructured s;
  NlValue **operands; /* ins then outs */
  NlValue **ivs;      /* by loop dim; NULL while not yet in a loop */
} Nest;

/* Operand k at the current ivs: a load through its map, or the scalar
 * itself. */
static NlValue *
load_operand(Nest *n, NlBuilder *b, uint32_t k)
{
  NlValue *v = n->operands[k];
  if (v->type->kind != NL_TYPE_MEMREF)
    return v;
  NlAffineMap *m = n->s.maps[k];
  NlValue **idx = nl_xcalloc(m->nresults + 1, sizeof *idx);
  for (uint32_t i = 0; i < m->nresults; i++)
    if (!(idx[i] = emit_expr(n->l, b, n->op, m->results[i], n->ivs))) {
      free(idx);
      return NULL;
    }
  NlOp *ld = nl_loop_load_create(b, n->op->loc, v, idx, m->nresults);
  free(idx);
  return &ld->results[0];
}

static NlResult
store_out(Nest *n, NlBuilder *b, uint32_t j, NlValue *val)
{
  uint32_t k = n->s.nins + j;
  NlAffineMap *m = n->s.maps[k];
  NlValue **idx = nl_xcalloc(m->nresults + 1, sizeof *idx);
  for (uint32_t i = 0; i < m->nresults; i++)
    if (!(idx[i] = emit_expr(n->l, b, n->op, m->results[i], n->ivs))) {
      free(idx);
      return nl_failure();
    }
  nl_loop_store_create(b, n->op->loc, val, n->operands[k], idx, m->nresults);
  free(idx);
  return nl_success();
}

/* Opens loop.for over [0, ranges[d]) at b (without carried values) and
 * moves b into its body. */
static void
open_loop(Nest *n, NlBuilder *b, uint32_t d)
{
  NlLoc *loc = n->op->loc;
  NlBlock *body;
  NlValue *iv;
  NlValue *lb = cst(n->l, b, 0, loc), *ub = cst(n->l, b, n->s.ranges[d], loc);
  NlValue *step = cst(n->l, b, 1, loc);
  nl_loop_for_create(b, loc, lb, ub, step, NULL, 0, &body, &iv);
  n->ivs[d] = iv;
  nl_builder_set_before(b, body->last);
}

/* Whether the scalar body reads operand k: the block argument of a
 * generic has uses; fill, copy, transpose and broadcast only read their
 * in; the other named ops read everything. Unread operands are not
 * loaded. */
static bool
operand_read(Nest *n, uint32_t k)
{
  if (nl_tensor_is_generic(n->op)) {
    NlBlock *body = nl_tensor_generic_body(n->op);
    return !body || k >= body->nargs || nl_value_has_uses(body->args[k]);
  }
  static const char *const copies[] = {"tensor.fill", "tensor.copy",
                                       "tensor.transpose", "tensor.broadcast"};
  for (size_t i = 0; i < sizeof copies / sizeof *copies; i++)
    if (nl_op_is(n->op, copies[i]))
      return k < n->s.nins;
  return true;
}

/* Loads what the body reads, builds it and returns the new out values. */
static NlResult
emit_point(Nest *n, NlBuilder *b, NlValue *const *outs_in, NlValue **results)
{
  uint32_t nops = n->s.nins + n->s.nouts;
  NlValue **args = nl_xcalloc(nops + 1, sizeof *args);
  NlResult r = nl_failure();
  for (uint32_t k = 0; k < nops; k++) {
    if (k >= n->s.nins && outs_in)
      args[k] = outs_in[k - n->s.nins];
    else if (!operand_read(n, k))
      args[k] = NULL; /* never looked at */
    else if (!(args[k] = load_operand(n, b, k)))
      goto out;
  }
  r = nl_tensor_build_body(b, n->op, args, n->ivs, results);
out:
  free(args);
  return r;
}

static NlResult
lower_structured(Lower *l, NlOp *op)
{
  Nest n = {.l = l, .op = op};
  NlResult r = nl_failure();
  NlValue **results = NULL, **carried = NULL;
  uint32_t *red = NULL;
  if (!nl_tensor_op_on_memrefs(op)) {
    nl_op_emit_error(op, "works on tensors: convert-tensor-to-loop lowers "
                         "structured ops on memrefs only (run bufferize "
                         "first)");
    return nl_failure();
  }
  if (nl_failed(nl_tensor_structured_info(op, &n.s)))
    goto out;
  uint32_t nins = n.s.nins, nouts = n.s.nouts, nloops = n.s.nloops;
  if (nl_tensor_op_ins(op, NULL) != nins ||
      nl_tensor_op_outs(op, NULL) != nouts) {
    nl_op_emit_error(op, "structured description does not match the "
                         "operands");
    goto out;
  }
  n.operands = nl_xcalloc(nins + nouts + 1, sizeof *n.operands);
  nl_tensor_op_ins(op, n.operands);
  nl_tensor_op_outs(op, n.operands + nins);
  for (uint32_t j = 0; j < nouts; j++)
    if (n.operands[nins + j]->type->kind != NL_TYPE_MEMREF) {
      nl_op_emit_error(op, "out #%u is not a memref", j);
      goto out;
    }
  n.ivs = nl_xcalloc(nloops + 1, sizeof *n.ivs);
  results = nl_xcalloc(nouts + 1, sizeof *results);
  red = nl_xcalloc(nloops + 1, sizeof *red);
  uint32_t nred = 0;
  for (uint32_t d = 0; d < nloops; d++)
    if (n.s.iterators[d] == NL_TENSOR_REDUCTION)
      red[nred++] = d;
  /* Carry the outs through the reduction loops when no out map uses a
   * reduction dim (the usual case). */
  bool carry = nred > 0;
  for (uint32_t j = 0; carry && j < nouts; j++) {
    NlAffineMap *m = n.s.maps[nins + j];
    for (uint32_t i = 0; carry && i < m->nresults; i++)
      for (uint32_t q = 0; carry && q < nred; q++)
        carry = !uses_dim(m->results[i], red[q]);
  }

  NlBuilder b;
  nl_builder_init(&b, l->ctx);
  nl_builder_set_before(&b, op);
  for (uint32_t d = 0; d < nloops; d++)
    if (n.s.iterators[d] != NL_TENSOR_REDUCTION)
      open_loop(&n, &b, d);
  if (!carry) {
    for (uint32_t q = 0; q < nred; q++)
      open_loop(&n, &b, red[q]);
    if (nl_failed(emit_point(&n, &b, NULL, results)))
      goto out;
    for (uint32_t j = 0; j < nouts; j++)
      if (nl_failed(store_out(&n, &b, j, results[j])))
        goto out;
    r = nl_success();
    goto out;
  }

  /* Load the accumulators, run the reduction loops with them as iter_args,
   * store the final values. */
  NlLoc *loc = op->loc;
  carried = nl_xcalloc(nouts + 1, sizeof *carried);
  for (uint32_t j = 0; j < nouts; j++)
    if (!(carried[j] = load_operand(&n, &b, nins + j)))
      goto out;
  NlBuilder outer = b; /* where the final stores go */
  NlOp **loops = nl_xcalloc(nred + 1, sizeof *loops);
  for (uint32_t q = 0; q < nred; q++) {
    NlBlock *body;
    NlValue *iv;
    NlValue *lb = cst(l, &b, 0, loc), *ub = cst(l, &b, n.s.ranges[red[q]], loc);
    NlValue *step = cst(l, &b, 1, loc);
    loops[q] = nl_loop_for_create(&b, loc, lb, ub, step, carried, nouts,
                                  &body, &iv);
    n.ivs[red[q]] = iv;
    for (uint32_t j = 0; j < nouts; j++)
      carried[j] = body->args[j + 1];
    nl_builder_set_end(&b, body);
  }
  if (nl_failed(emit_point(&n, &b, carried, results))) {
    free(loops);
    goto out;
  }
  nl_loop_yield_create(&b, loc, results, nouts);
  for (uint32_t q = nred - 1; q > 0; q--) {
    nl_builder_set_end(&b, nl_loop_for_body(loops[q - 1]));
    for (uint32_t j = 0; j < nouts; j++)
      results[j] = &loops[q]->results[j];
    nl_loop_yield_create(&b, loc, results, nouts);
  }
  for (uint32_t j = 0; j < nouts; j++)
    results[j] = &loops[0]->results[j];
  free(loops);
  /* The stores use only parallel dims: hide the reduction ivs. */
  for (uint32_t q = 0; q < nred; q++)
    n.ivs[red[q]] = NULL;
  r = nl_success();
  for (uint32_t j = 0; j < nouts && nl_succeeded(r); j++)
    r = store_out(&n, &outer, j, results[j]);
out:
  if (nl_succeeded(r))
    nl_op_erase(op);
  nl_tensor_structured_fini(&n.s);
  free(n.operands);
  free(n.ivs);
  free(results);
  free(carried);
  free(red);
  return r;
}

/* ---- the pass ------------------------------------------------------------------ */

typedef struct Collect {
  NlOp **ops;
  size_t n, cap;
  const char *name; /* NULL: structured ops */
} Collect;

static NlWalkResult
collect(NlOp *op, void *ud)
{
  Collect *c = ud;
  bool take = c->name ? nl_op_is(op, c->name) : nl_tensor_is_structured(op);
  if (take)
    NL_VEC_PUSH(c->ops, c->n, c->cap, op);
  /* Structured ops are lowered whole: their bodies are not visited. */
  return take && !c->name ? NL_WALK_SKIP : NL_WALK_ADVANCE;
}

static bool
is_tensor_type(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_UNRANKED_TENSOR;
}

static NlWalkResult
check_left(NlOp *op, void *ud)
{
  bool *ok = ud;
  bool bad = !strncmp(nl_op_name(op), "tensor.", 7);
  for (uint32_t i = 0; !bad && i < op->noperands; i++)
    bad = is_tensor_type(op->operands[i].value->type);
  for (uint32_t i = 0; !bad && i < op->nresults; i++)
    bad = is_tensor_type(op->results[i].type);
  /* A return of a value already reported would only repeat the error. */
  if (!bad || (!*ok && nl_op_has_trait(op, NL_RETURN_LIKE)))
    return NL_WALK_ADVANCE;
  nl_op_emit_error(op, "is still on tensors after convert-tensor-to-loop "
                       "(run bufferize first)");
  *ok = false;
  return NL_WALK_SKIP;
}

NlResult
nl_convert_tensor_to_loop_run(NlOp *anchor, NlPassState *ps)
{
  NlContext *ctx = nl_pass_context(ps);
  Lower l = {.ctx = ctx,
             .arith = nl_context_lookup_dialect(ctx, "arith", 5),
             .index = nl_type_index(ctx)};
  if (!l.arith || !nl_context_lookup_dialect(ctx, "tensor", 6) ||
      !nl_context_lookup_dialect(ctx, "loop", 4)) {
    nl_op_emit_error(anchor, "convert-tensor-to-loop needs the arith, tensor "
                             "and loop dialects");
    return nl_failure();
  }
  l.consts = nl_constant_table_create(ctx);
  bool ok = true;
  Collect c = {0};
  nl_op_walk(anchor, NL_WALK_PRE, collect, &c);
  for (size_t i = 0; i < c.n; i++)
    if (nl_failed(lower_structured(&l, c.ops[i])))
      ok = false;
  free(c.ops);
  /* tensor.extract on memrefs, from generic bodies or elsewhere. */
  Collect e = {.name = "tensor.extract"};
  if (ok)
    nl_op_walk(anchor, NL_WALK_PRE, collect, &e);
  for (size_t i = 0; i < e.n; i++) {
    NlOp *x = e.ops[i];
    if (!x->noperands || x->nresults != 1 ||
        x->operands[0].value->type->kind != NL_TYPE_MEMREF)
      continue;
    NlBuilder b;
    nl_builder_init(&b, ctx);
    nl_builder_set_before(&b, x);
    NlValue **idx = nl_xcalloc(x->noperands, sizeof *idx);
    for (uint32_t k = 1; k < x->noperands; k++)
      idx[k - 1] = x->operands[k].value;
    NlOp *ld = nl_loop_load_create(&b, x->loc, x->operands[0].value, idx,
                                   x->noperands - 1);
    free(idx);
    nl_value_replace_all_uses(&x->results[0], &ld->results[0]);
    nl_op_erase(x);
  }
  free(e.ops);
  if (ok) {
    /* Skip the function op itself: its signature may mention tensors only
     * if bufferize did not run, which the body shows. */
    for (uint32_t i = 0; i < anchor->nregions; i++)
      nl_region_foreach_block(&anchor->regions[i], blk)
      {
        nl_block_foreach_op(blk, op) nl_op_walk(op, NL_WALK_PRE, check_left,
                                                &ok);
      }
  }
  nl_constant_table_destroy(l.consts);
  return ok ? nl_success() : nl_failure();
}
