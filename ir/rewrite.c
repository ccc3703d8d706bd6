/*
 * The rewriter through which patterns change IR, and pattern sets. Every
 * change goes through here so that a driver (the greedy driver, dialect
 * conversion) hears about it via its listener; the rewriter itself keeps no
 * state besides the insertion point. Matching patterns is the drivers' job.
 */
#include <stdlib.h>

#include "rewrite_internal.h"

/* ---- listener helpers ---------------------------------------------------- */

static NlWalkResult
notify_inserted_fn(NlOp *op, void *ud)
{
  NlRewriter *rw = ud;
  rw->l->inserted(rw->l->ud, op);
  return NL_WALK_ADVANCE;
}

void
nl_rewriter_notify_inserted(NlRewriter *rw, NlOp *op)
{
  if (!rw->l || !rw->l->inserted)
    return;
  if (op->nregions)
    nl_op_walk(op, NL_WALK_PRE, notify_inserted_fn, rw);
  else
    rw->l->inserted(rw->l->ud, op);
}

/* Users before definitions: nested ops last to first, each one's own
 * nested ops before it, and op last (MLIR erases in the same order). */
static void
notify_erasing_tree(NlRewriter *rw, NlOp *op)
{
  for (uint32_t i = op->nregions; i-- > 0;)
    for (NlBlock *b = op->regions[i].last; b; b = b->prev)
      for (NlOp *n = b->last; n; n = n->prev)
        notify_erasing_tree(rw, n);
  rw->l->erasing(rw->l->ud, op);
}

static void
notify_erasing(NlRewriter *rw, NlOp *op)
{
  if (!rw->l || !rw->l->erasing)
    return;
  NlOp *outer = rw->erasing;
  rw->erasing = op;
  notify_erasing_tree(rw, op);
  rw->erasing = outer;
}

static void
notify_modified(NlRewriter *rw, NlOp *op)
{
  if (rw->l && rw->l->modified)
    rw->l->modified(rw->l->ud, op);
}

/* ---- the rewriter -------------------------------------------------------- */

void
nl_rewriter_init(NlRewriter *rw, NlContext *ctx, const NlRewriteListener *l)
{
  *rw = (NlRewriter){.ctx = ctx, .l = l};
  nl_builder_init(&rw->b, ctx);
}

NlContext *
nl_rewriter_context(NlRewriter *rw)
{
  return rw->ctx;
}

NlBuilder *
nl_rewriter_builder(NlRewriter *rw)
{
  return &rw->b;
}

NlOp *
nl_rewriter_create(NlRewriter *rw, NlOpState *st)
{
  NlOp *op = nl_builder_insert(&rw->b, st);
  if (op->parent)
    nl_rewriter_notify_inserted(rw, op);
  return op;
}

void
nl_rewriter_replace_all_uses(NlRewriter *rw, NlValue *from, NlValue *to)
{
  if (from == to)
    return;
  if (rw->conv)
    to = nl_conversion_bridge(rw, from, to);
  /* Every user changes in place (MLIR's modifyOpInPlace per use). The
   * notification comes first: the use-list is spliced in one go after. */
  if (rw->l && rw->l->modified) {
    for (NlUse *u = from->uses; u; u = u->next)
      rw->l->modified(rw->l->ud, u->owner);
  }
  nl_value_replace_all_uses(from, to);
}

void
nl_rewriter_erase_op(NlRewriter *rw, NlOp *op)
{
  notify_erasing(rw, op);
  nl_op_erase(op);
}

void
nl_rewriter_replace_op(NlRewriter *rw, NlOp *op, NlValue *const *vals,
                       uint32_t n)
{
  nl_assert(n == op->nresults);
  if (rw->l && rw->l->replacing)
    rw->l->replacing(rw->l->ud, op, vals, n);
  for (uint32_t i = 0; i < n; i++)
    nl_rewriter_replace_all_uses(rw, &op->results[i], vals[i]);
  nl_rewriter_erase_op(rw, op);
}

void
nl_rewriter_replace_op_with_op(NlRewriter *rw, NlOp *op, NlOp *newop)
{
  nl_assert(newop->nresults == op->nresults);
  if (!newop->parent) {
    nl_block_insert_op_before(op, newop);
    nl_rewriter_notify_inserted(rw, newop);
  }
  enum { SMALL = 8 };
  NlValue *small[SMALL];
  NlValue **vals =
      op->nresults > SMALL ? nl_xmalloc(op->nresults * sizeof *vals) : small;
  for (uint32_t i = 0; i < op->nresults; i++)
    vals[i] = &newop->results[i];
  nl_rewriter_replace_op(rw, op, vals, op->nresults);
  if (vals != small)
    free(vals);
}

void
nl_rewriter_modify_start(NlRewriter *rw, NlOp *op)
{
  (void)rw;
  (void)op;
}

void
nl_rewriter_modify_end(NlRewriter *rw, NlOp *op)
{
  notify_modified(rw, op);
}

void
nl_rewriter_move_op_before(NlRewriter *rw, NlOp *op, NlOp *pos)
{
  if (op == pos)
    return;
  nl_op_remove(op);
  nl_block_insert_op_before(pos, op);
  nl_rewriter_notify_inserted(rw, op);
}

void
nl_rewriter_inline_block_before(NlRewriter *rw, NlBlock *src, NlOp *before,
                                NlValue *const *args)
{
  for (uint32_t i = 0; i < src->nargs; i++)
    nl_rewriter_replace_all_uses(rw, src->args[i], args[i]);
  NlOp *op = src->first;
  while (op) {
    NlOp *next = op->next;
    nl_op_remove(op);
    nl_block_insert_op_before(before, op);
    nl_rewriter_notify_inserted(rw, op);
    op = next;
  }
  if (src->parent)
    nl_block_erase(src);
  else
    nl_block_destroy(src);
}

void
nl_rewriter_erase_block(NlRewriter *rw, NlBlock *b)
{
  /* Report every op first (users before definitions), then drop all uses
   * at once: in a graph region the ops may use each other in any order. */
  for (NlOp *op = b->last; op; op = op->prev)
    notify_erasing(rw, op);
  nl_block_foreach_op(b, op) nl_op_drop_all_uses_of_operands(op);
  while (b->last)
    nl_op_erase(b->last);
  if (b->parent)
    nl_block_erase(b);
  else
    nl_block_destroy(b);
}

/* ---- pattern sets -------------------------------------------------------- */

void
nl_pattern_set_init(NlPatternSet *s)
{
  *s = (NlPatternSet){0};
}

void
nl_pattern_set_add(NlPatternSet *s, const NlPattern *ps, uint32_t n)
{
  NL_VEC_RESERVE(s->patterns, s->n, s->cap, n);
  for (uint32_t i = 0; i < n; i++)
    s->patterns[s->n++] = &ps[i];
}

void
nl_pattern_set_add_canonical(NlPatternSet *s, NlContext *ctx)
{
  for (size_t i = 0;; i++) {
    const NlDialect *d = nl_context_dialect_at(ctx, i);
    if (!d)
      break;
    if (d->canonical)
      nl_pattern_set_add(s, d->canonical, d->ncanonical);
    for (uint32_t j = 0; j < d->nops; j++) {
      const NlOpDef *def = &d->ops[j];
      if (def->canonical)
        nl_pattern_set_add(s, def->canonical, def->ncanonical);
    }
  }
}

void
nl_pattern_set_fini(NlPatternSet *s)
{
  free(s->patterns);
  *s = (NlPatternSet){0};
}
