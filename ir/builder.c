/*
 * NlBuilder: an insertion point (a block, and an op to insert before) that
 * creates ops from NlOpState and places them. Keeping the point explicit
 * lets passes build IR without tracking list links themselves.
 */
#include "internal.h"

void
nl_builder_init(NlBuilder *b, NlContext *ctx)
{
  *b = (NlBuilder){.ctx = ctx};
}

void
nl_builder_set_end(NlBuilder *b, NlBlock *block)
{
  b->block = block;
  b->before = NULL;
}

void
nl_builder_set_start(NlBuilder *b, NlBlock *block)
{
  b->block = block;
  b->before = block ? block->first : NULL;
}

void
nl_builder_set_before(NlBuilder *b, NlOp *op)
{
  nl_assert(op->parent != NULL);
  b->block = op->parent;
  b->before = op;
}

void
nl_builder_set_after(NlBuilder *b, NlOp *op)
{
  nl_assert(op->parent != NULL);
  b->block = op->parent;
  b->before = op->next;
}

NlOp *
nl_builder_insert(NlBuilder *b, NlOpState *st)
{
  NlOp *op = nl_op_create(st);
  if (!b->block)
    return op;
  if (b->before)
    nl_block_insert_op_before(b->before, op);
  else
    nl_block_append_op(b->block, op);
  return op;
}
