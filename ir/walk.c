/*
 * Walking an op and everything nested in it, in pre- or post-order. The
 * next op, block and region are read before the callback runs so that the
 * callback may erase what it is given (see nl_op_walk in ir.h).
 */
#include "internal.h"

static NlWalkResult walk(NlOp *op, NlWalkOrder order, NlWalkFn fn, void *ud);

static NlWalkResult
walk_regions(NlOp *op, NlWalkOrder order, NlWalkFn fn, void *ud)
{
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlBlock *b = op->regions[i].first;
    while (b) {
      NlBlock *nextb = b->next;
      NlOp *o = b->first;
      while (o) {
        NlOp *next = o->next;
        if (walk(o, order, fn, ud) == NL_WALK_INTERRUPT)
          return NL_WALK_INTERRUPT;
        o = next;
      }
      b = nextb;
    }
  }
  return NL_WALK_ADVANCE;
}

static NlWalkResult
walk(NlOp *op, NlWalkOrder order, NlWalkFn fn, void *ud)
{
  if (order == NL_WALK_PRE) {
    NlWalkResult r = fn(op, ud);
    if (r == NL_WALK_INTERRUPT)
      return r;
    if (r == NL_WALK_SKIP)
      return NL_WALK_ADVANCE;
    return walk_regions(op, order, fn, ud);
  }
  if (walk_regions(op, order, fn, ud) == NL_WALK_INTERRUPT)
    return NL_WALK_INTERRUPT;
  return fn(op, ud) == NL_WALK_INTERRUPT ? NL_WALK_INTERRUPT : NL_WALK_ADVANCE;
}

NlWalkResult
nl_op_walk(NlOp *op, NlWalkOrder order, NlWalkFn fn, void *ud)
{
  return walk(op, order, fn, ud);
}
