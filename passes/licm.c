/*
 * loop-invariant-code-motion: for every op implementing the "loop-like"
 * interface (null/interfaces.h), innermost loops first, moves to just
 * before the loop each effect-free op of the loop body whose operands are
 * all defined outside the body (values defined in the op's own regions
 * excepted), then the users that this makes invariant in turn, like MLIR's
 * moveLoopInvariantCode. Ops must also be speculatable: ops marked
 * NL_NOT_SPECULATABLE (integer division) stay, as do ops with such ops in
 * their regions, since the loop may run zero times. (MLIR still hoists a
 * division by a constant other than 0 and -1; this pass does not.)
 */
#include <stdlib.h>

#include "null/interfaces.h"
#include "null/rewrite.h"
#include "passes.h"

typedef struct Licm {
  NlOp **loops; /* loop-like ops in post-order (inner ones first) */
  size_t nloops, loops_cap;
  NlOp **queue; /* FIFO of candidate ops of one body */
  size_t head, nqueue, queue_cap;
  size_t moved;
} Licm;

static NlWalkResult
collect_loop(NlOp *op, void *ud)
{
  Licm *l = ud;
  if (op->nregions && nl_op_iface(op, NL_IFACE_LOOP_LIKE))
    NL_VEC_PUSH(l->loops, l->nloops, l->loops_cap, op);
  return NL_WALK_ADVANCE;
}

/* Whether region r is `body` or nested in it. */
static bool
region_in(NlRegion *r, NlRegion *body)
{
  while (r) {
    if (r == body)
      return true;
    NlOp *p = r->parent;
    if (!p || !p->parent)
      return false;
    r = p->parent->parent;
  }
  return false;
}

static bool
defined_outside(NlOp *loop, const NlLoopLikeIface *li, NlRegion *body,
                NlValue *v)
{
  if (li->is_defined_outside)
    return li->is_defined_outside(loop, v);
  NlBlock *b = nl_value_parent_block(v);
  return !b || !region_in(b->parent, body);
}

typedef struct Check {
  NlOp *root; /* the candidate */
  NlOp *loop;
  const NlLoopLikeIface *li;
  NlRegion *body;
} Check;

static NlWalkResult
check_operands(NlOp *op, void *ud)
{
  Check *c = ud;
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = op->operands[i].value;
    if (!v)
      continue;
    /* Values defined inside the candidate itself move with it. */
    NlBlock *b = nl_value_parent_block(v);
    if (b && b->parent && b->parent->parent &&
        (b->parent->parent == c->root ||
         nl_op_is_ancestor(c->root, b->parent->parent)))
      continue;
    if (!defined_outside(c->loop, c->li, c->body, v))
      return NL_WALK_INTERRUPT;
  }
  return NL_WALK_ADVANCE;
}

static NlWalkResult
check_speculatable(NlOp *op, void *ud)
{
  (void)ud;
  return (op->def->traits & NL_NOT_SPECULATABLE) ? NL_WALK_INTERRUPT
                                                 : NL_WALK_ADVANCE;
}

static bool
can_hoist(Check *c, NlOp *op)
{
  if (op->def->traits & NL_TERMINATOR)
    return false;
  if (!nl_op_is_effect_free(op))
    return false;
  if ((op->def->traits & NL_NOT_SPECULATABLE) ||
      (op->nregions && nl_op_walk(op, NL_WALK_PRE, check_speculatable, NULL) ==
                           NL_WALK_INTERRUPT))
    return false;
  c->root = op;
  if (!op->nregions)
    return check_operands(op, c) != NL_WALK_INTERRUPT;
  return nl_op_walk(op, NL_WALK_PRE, check_operands, c) != NL_WALK_INTERRUPT;
}

static void
enqueue(Licm *l, NlOp *op)
{
  NL_VEC_PUSH(l->queue, l->nqueue, l->queue_cap, op);
}

static void
hoist_from(Licm *l, NlOp *loop)
{
  const NlLoopLikeIface *li = nl_op_iface(loop, NL_IFACE_LOOP_LIKE);
  if (!li->body || (li->can_hoist && !li->can_hoist(loop)) || !loop->parent)
    return;
  NlRegion *body = li->body(loop);
  if (!body)
    return;
  Check c = {.loop = loop, .li = li, .body = body};
  l->head = l->nqueue = 0;
  nl_region_foreach_block(body, b)
  {
    nl_block_foreach_op(b, op) enqueue(l, op);
  }
  while (l->head < l->nqueue) {
    NlOp *op = l->queue[l->head++];
    /* Already moved (queued again through another operand)? */
    if (!op->parent || op->parent->parent != body)
      continue;
    if (!can_hoist(&c, op))
      continue;
    nl_op_remove(op);
    nl_block_insert_op_before(loop, op);
    l->moved++;
    /* Users at the top level of the body may now be invariant. */
    for (uint32_t i = 0; i < op->nresults; i++)
      nl_value_foreach_use(&op->results[i], u)
      {
        NlOp *user = u->owner;
        if (user->parent && user->parent->parent == body)
          enqueue(l, user);
      }
  }
}

NlResult
nl_licm_run(NlOp *anchor, NlPassState *ps)
{
  Licm l = {0};
  nl_op_walk(anchor, NL_WALK_POST, collect_loop, &l);
  /* The anchor itself is not touched: hoisting out of it would change its
   * siblings. */
  for (size_t i = 0; i < l.nloops; i++)
    if (l.loops[i] != anchor)
      hoist_from(&l, l.loops[i]);
  if (!l.moved)
    nl_pass_mark_unchanged(ps);
  free(l.loops);
  free(l.queue);
  return nl_success();
}
