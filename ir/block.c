/*
 * Blocks and regions: block arguments, the intrusive op list of a block
 * with its lazily maintained order numbers, and the block list of a region.
 * Ops themselves are created and destroyed in op.c.
 */
#include <stdlib.h>

#include "internal.h"

/* Order numbers are spaced so that most insertions between two ops find a
 * free number without renumbering the block (as MLIR does). */
enum { ORDER_STRIDE = 8 };

/* ---- blocks -------------------------------------------------------------- */

NlBlock *
nl_block_create(void)
{
  NlBlock *b = nl_xcalloc(1, sizeof *b);
  b->order_valid = true; /* an empty block is trivially numbered */
  return b;
}

void
nl_block_destroy_nodrop(NlBlock *b)
{
  NlOp *op = b->first;
  while (op) {
    NlOp *next = op->next;
    op->parent = NULL;
    op->prev = op->next = NULL;
    nl_op_destroy_nodrop(op);
    op = next;
  }
  for (uint32_t i = 0; i < b->nargs; i++) {
    nl_assert(b->args[i]->uses == NULL);
    free(b->args[i]);
  }
  free(b->args);
  free(b);
}

void
nl_block_destroy(NlBlock *b)
{
  if (!b)
    return;
  nl_assert(b->parent == NULL);
  nl_block_foreach_op(b, op) { nl_op_drop_all_uses_of_operands(op); }
  nl_block_destroy_nodrop(b);
}

static NlValue *
new_arg(NlBlock *b, uint32_t index, NlType *t, NlLoc *loc)
{
  NlValue *v = nl_xmalloc(sizeof *v);
  *v = (NlValue){.type = t,
                 .owner = b,
                 .index = index,
                 .kind = NL_VALUE_BLOCK_ARG,
                 .loc = loc};
  return v;
}

NlValue *
nl_block_add_arg(NlBlock *b, NlType *t, NlLoc *loc)
{
  NlValue *v = new_arg(b, b->nargs, t, loc);
  NL_VEC_PUSH(b->args, b->nargs, b->args_cap, v);
  return v;
}

NlValue *
nl_block_insert_arg(NlBlock *b, uint32_t i, NlType *t, NlLoc *loc)
{
  nl_assert(i <= b->nargs);
  NlValue *v = new_arg(b, i, t, loc);
  NL_VEC_RESERVE(b->args, b->nargs, b->args_cap, 1);
  for (uint32_t j = b->nargs; j > i; j--) {
    b->args[j] = b->args[j - 1];
    b->args[j]->index = j;
  }
  b->args[i] = v;
  b->nargs++;
  return v;
}

void
nl_block_erase_arg(NlBlock *b, uint32_t i)
{
  nl_assert(i < b->nargs);
  nl_assert(b->args[i]->uses == NULL);
  free(b->args[i]);
  for (uint32_t j = i; j + 1 < b->nargs; j++) {
    b->args[j] = b->args[j + 1];
    b->args[j]->index = j;
  }
  b->nargs--;
}

/* ---- op order ------------------------------------------------------------ */

static void
renumber(NlBlock *b)
{
  uint32_t n = 0;
  nl_block_foreach_op(b, op)
  {
    op->order = n;
    n += ORDER_STRIDE;
  }
  b->order_valid = true;
}

void
nl_block_note_insert(NlBlock *b, NlOp *op)
{
  if (!b->order_valid)
    return;
  NlOp *prev = op->prev, *next = op->next;
  uint32_t lo = prev ? prev->order : 0;
  if (!next) {
    /* Appending: the common case while parsing or building. */
    if (!prev)
      op->order = 0;
    else if (lo <= UINT32_MAX - ORDER_STRIDE)
      op->order = lo + ORDER_STRIDE;
    else
      b->order_valid = false;
    return;
  }
  uint32_t hi = next->order;
  if (!prev) {
    if (hi > 0)
      op->order = hi / 2;
    else
      b->order_valid = false;
    return;
  }
  if (hi - lo > 1)
    op->order = lo + (hi - lo) / 2;
  else
    b->order_valid = false;
}

bool
nl_op_is_before_in_block(NlOp *a, NlOp *b)
{
  nl_assert(a->parent && a->parent == b->parent);
  if (a == b)
    return false;
  if (!a->parent->order_valid)
    renumber(a->parent);
  return a->order < b->order;
}

/* ---- op list ------------------------------------------------------------- */

static void
link_between(NlBlock *b, NlOp *op, NlOp *prev, NlOp *next)
{
  nl_assert(op->parent == NULL);
  op->parent = b;
  op->prev = prev;
  op->next = next;
  if (prev)
    prev->next = op;
  else
    b->first = op;
  if (next)
    next->prev = op;
  else
    b->last = op;
  nl_block_note_insert(b, op);
}

void
nl_block_append_op(NlBlock *b, NlOp *op)
{
  link_between(b, op, b->last, NULL);
}

void
nl_block_prepend_op(NlBlock *b, NlOp *op)
{
  link_between(b, op, NULL, b->first);
}

void
nl_block_insert_op_before(NlOp *pos, NlOp *op)
{
  nl_assert(pos->parent != NULL);
  link_between(pos->parent, op, pos->prev, pos);
}

void
nl_block_insert_op_after(NlOp *pos, NlOp *op)
{
  nl_assert(pos->parent != NULL);
  link_between(pos->parent, op, pos, pos->next);
}

NlOp *
nl_block_parent_op(const NlBlock *b)
{
  return b->parent ? b->parent->parent : NULL;
}

NlOp *
nl_block_terminator(NlBlock *b)
{
  NlOp *last = b->last;
  if (last && (last->def->traits & (NL_TERMINATOR | NL_UNREGISTERED)))
    return last;
  return NULL;
}

bool
nl_block_is_entry(const NlBlock *b)
{
  return b->parent && b->parent->first == b;
}

void
nl_block_splice(NlBlock *dst, NlOp *first, NlOp *end)
{
  if (!first || first == end)
    return;
  NlBlock *src = first->parent;
  nl_assert(src != NULL);
  NlOp *last = end ? end->prev : src->last;
  /* Unlink [first, last] from src. */
  if (first->prev)
    first->prev->next = end;
  else
    src->first = end;
  if (end)
    end->prev = first->prev;
  else
    src->last = first->prev;
  /* Link it at the end of dst. */
  first->prev = dst->last;
  last->next = NULL;
  if (dst->last)
    dst->last->next = first;
  else
    dst->first = first;
  dst->last = last;
  for (NlOp *op = first; op; op = op->next)
    op->parent = dst;
  dst->order_valid = false;
}

void
nl_block_erase(NlBlock *b)
{
  if (b->parent)
    nl_region_remove_block(b->parent, b);
  nl_block_destroy(b);
}

/* ---- regions ------------------------------------------------------------- */

void
nl_region_append_block(NlRegion *r, NlBlock *b)
{
  nl_region_insert_block_before(r, NULL, b);
}

void
nl_region_insert_block_before(NlRegion *r, NlBlock *pos, NlBlock *b)
{
  nl_assert(b->parent == NULL);
  NlBlock *prev = pos ? pos->prev : r->last;
  b->parent = r;
  b->prev = prev;
  b->next = pos;
  if (prev)
    prev->next = b;
  else
    r->first = b;
  if (pos)
    pos->prev = b;
  else
    r->last = b;
}

void
nl_region_remove_block(NlRegion *r, NlBlock *b)
{
  nl_assert(b->parent == r);
  if (b->prev)
    b->prev->next = b->next;
  else
    r->first = b->next;
  if (b->next)
    b->next->prev = b->prev;
  else
    r->last = b->prev;
  b->prev = b->next = NULL;
  b->parent = NULL;
}

void
nl_region_take_body(NlRegion *dst, NlRegion *src)
{
  if (!src->first || dst == src)
    return;
  for (NlBlock *b = src->first; b; b = b->next)
    b->parent = dst;
  src->first->prev = dst->last;
  if (dst->last)
    dst->last->next = src->first;
  else
    dst->first = src->first;
  dst->last = src->last;
  src->first = src->last = NULL;
}

bool
nl_region_empty(const NlRegion *r)
{
  return r->first == NULL;
}

size_t
nl_region_num_blocks(const NlRegion *r)
{
  size_t n = 0;
  for (const NlBlock *b = r->first; b; b = b->next)
    n++;
  return n;
}

void
nl_region_drop_all_uses(NlRegion *r)
{
  nl_region_foreach_block(r, b)
  {
    nl_block_foreach_op(b, op) { nl_op_drop_all_uses_of_operands(op); }
  }
}

void
nl_region_clear(NlRegion *r)
{
  nl_region_drop_all_uses(r);
  NlBlock *b = r->first;
  while (b) {
    NlBlock *next = b->next;
    b->parent = NULL;
    b->prev = b->next = NULL;
    nl_block_destroy_nodrop(b);
    b = next;
  }
  r->first = r->last = NULL;
}

NlRegion *
nl_region_create(void)
{
  return nl_xcalloc(1, sizeof(NlRegion));
}

void
nl_region_destroy(NlRegion *r)
{
  if (!r)
    return;
  nl_region_clear(r);
  free(r);
}
