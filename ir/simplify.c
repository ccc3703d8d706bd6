/*
 * Side-effect queries and region simplification, as in MLIR's
 * SideEffectInterfaces.cpp and RegionUtils.cpp: whether an op is
 * effect free or trivially dead, and the clean-up that canonicalize and dce
 * run on whole regions: erasing blocks that cannot be reached from their
 * region's entry, then erasing every op and non-entry block argument that
 * nothing live uses (a liveness fixed point, so dead cycles go too).
 */
#include <stdlib.h>

#include "null/interfaces.h"
#include "null/rewrite.h"
#include "rewrite_internal.h"

/* ---- effects ------------------------------------------------------------- */

/* Whether op itself has no effects, ignoring its regions: pure, or a
 * return-like terminator (it only hands values to its parent). */
static bool
own_effect_free(const NlOp *op)
{
  uint32_t t = op->def->traits;
  if (t & NL_UNREGISTERED)
    return false;
  if (t & NL_PURE)
    return true;
  return (t & NL_TERMINATOR) && (t & NL_RETURN_LIKE);
}

static bool
nested_effect_free(NlOp *op, bool is_root)
{
  uint32_t t = op->def->traits;
  if (t & NL_UNREGISTERED)
    return false;
  if (t & NL_RECURSIVE_EFFECTS) {
    for (uint32_t i = 0; i < op->nregions; i++)
      nl_region_foreach_block(&op->regions[i], b)
      {
        nl_block_foreach_op(b, n)
        {
          if (!nested_effect_free(n, false))
            return false;
        }
      }
    return true;
  }
  if (t & NL_PURE)
    return true;
  return !is_root && own_effect_free(op);
}

bool
nl_op_is_effect_free(NlOp *op)
{
  return nested_effect_free(op, true);
}

bool
nl_op_would_be_trivially_dead(NlOp *op)
{
  uint32_t t = op->def->traits;
  if (t & (NL_TERMINATOR | NL_UNREGISTERED | NL_SYMBOL))
    return false;
  return nested_effect_free(op, true);
}

bool
nl_op_is_trivially_dead(NlOp *op)
{
  for (uint32_t i = 0; i < op->nresults; i++)
    if (op->results[i].uses)
      return false;
  return nl_op_would_be_trivially_dead(op);
}

/* ---- branch helpers ------------------------------------------------------ */

static const NlBranchIface *
branch_iface(NlOp *op)
{
  if (!op->nsuccessors)
    return NULL;
  return nl_op_iface(op, NL_IFACE_BRANCH);
}

/* Whether the successor operands of op can be removed one by one. */
static bool
can_erase_successor_operands(NlOp *op, const NlBranchIface *bi)
{
  return bi && (bi->erase_successor_operand || op->nsuccessors == 1);
}

static void
erase_successor_operand(NlOp *op, const NlBranchIface *bi, uint32_t succ,
                        uint32_t k)
{
  if (bi->erase_successor_operand) {
    bi->erase_successor_operand(op, succ, k);
    return;
  }
  uint32_t first, n;
  bi->successor_operands(op, succ, &first, &n);
  nl_assert(k < n);
  uint32_t drop = first + k;
  NlValue **vals =
      nl_xmalloc((op->noperands ? op->noperands : 1) * sizeof *vals);
  uint32_t m = 0;
  for (uint32_t i = 0; i < op->noperands; i++)
    if (i != drop)
      vals[m++] = op->operands[i].value;
  nl_op_set_operands(op, vals, m);
  free(vals);
}

/* ---- unreachable blocks -------------------------------------------------- */

typedef struct Vec {
  void **v;
  size_t n, cap;
} Vec;

static void
vec_push(Vec *s, void *p)
{
  NL_VEC_PUSH(s->v, s->n, s->cap, p);
}

/* Erases the blocks of r not reachable from its entry; returns whether any
 * was erased. `seen` is scratch (left empty). */
static bool
erase_unreachable_in(NlRegion *r, NlPtrMap *seen, Vec *stack)
{
  if (!r->first || !r->first->next)
    return false;
  nl_ptrmap_put(seen, r->first, r->first);
  vec_push(stack, r->first);
  while (stack->n) {
    NlBlock *b = stack->v[--stack->n];
    NlOp *t = b->last;
    if (!t)
      continue;
    for (uint32_t i = 0; i < t->nsuccessors; i++) {
      NlBlock *s = t->successors[i];
      if (s && !nl_ptrmap_has(seen, s)) {
        nl_ptrmap_put(seen, s, s);
        vec_push(stack, s);
      }
    }
  }
  bool erased = false;
  /* Drop every use made by dead blocks first: they may use each other. */
  nl_region_foreach_block(r, b)
  {
    if (!nl_ptrmap_has(seen, b)) {
      nl_block_foreach_op(b, op) nl_op_drop_all_uses_of_operands(op);
    }
  }
  NlBlock *b = r->first;
  while (b) {
    NlBlock *next = b->next;
    if (!nl_ptrmap_has(seen, b)) {
      /* Values of a dead block can only be used in dead blocks. */
      for (uint32_t i = 0; i < b->nargs; i++)
        nl_value_replace_all_uses(b->args[i], NULL);
      nl_block_foreach_op(b, op)
      {
        for (uint32_t i = 0; i < op->nresults; i++)
          nl_value_replace_all_uses(&op->results[i], NULL);
      }
      nl_block_erase(b);
      erased = true;
    }
    b = next;
  }
  nl_ptrmap_free(seen);
  return erased;
}

/* ---- liveness ------------------------------------------------------------ */

typedef struct Live {
  NlPtrMap ops;  /* live ops */
  NlPtrMap args; /* live block arguments */
  bool changed;
  Vec order;     /* scratch: blocks of one region in post-order */
  NlPtrMap seen; /* scratch for the post-order */
} Live;

static bool
op_live(Live *l, NlOp *op)
{
  return nl_ptrmap_has(&l->ops, op);
}

static void
set_op_live(Live *l, NlOp *op)
{
  if (!nl_ptrmap_has(&l->ops, op)) {
    nl_ptrmap_put(&l->ops, op, op);
    l->changed = true;
  }
}

static bool
value_live(Live *l, NlValue *v)
{
  if (v->kind == NL_VALUE_RESULT)
    return op_live(l, v->owner);
  return nl_ptrmap_has(&l->args, v);
}

static void
set_value_live(Live *l, NlValue *v)
{
  if (v->kind == NL_VALUE_RESULT) {
    set_op_live(l, v->owner);
  } else if (!nl_ptrmap_has(&l->args, v)) {
    nl_ptrmap_put(&l->args, v, v);
    l->changed = true;
  }
}

/* A use that only feeds a dead successor argument of a branch (each
 * forwarded operand is in effect the operand of a separate phi). */
static bool
use_feeds_dead_arg(Live *l, NlUse *u)
{
  NlOp *owner = u->owner;
  const NlBranchIface *bi = branch_iface(owner);
  if (!can_erase_successor_operands(owner, bi))
    return false;
  uint32_t idx = (uint32_t)(u - owner->operands);
  for (uint32_t i = 0; i < owner->nsuccessors; i++) {
    uint32_t first, n;
    bi->successor_operands(owner, i, &first, &n);
    if (idx >= first && idx < first + n) {
      NlBlock *s = owner->successors[i];
      uint32_t k = idx - first;
      return k < s->nargs && !value_live(l, s->args[k]);
    }
  }
  return false;
}

static void
process_value(Live *l, NlValue *v)
{
  for (NlUse *u = v->uses; u; u = u->next) {
    if (use_feeds_dead_arg(l, u))
      continue;
    if (op_live(l, u->owner)) {
      set_value_live(l, v);
      return;
    }
  }
}

static void propagate_region(Live *l, NlRegion *r);

static void
propagate_terminator(Live *l, NlOp *op)
{
  set_op_live(l, op);
  const NlBranchIface *bi = branch_iface(op);
  if (can_erase_successor_operands(op, bi))
    return;
  /* Without a way to drop forwarded operands, every successor argument
   * stays. */
  for (uint32_t i = 0; i < op->nsuccessors; i++) {
    NlBlock *s = op->successors[i];
    for (uint32_t j = 0; s && j < s->nargs; j++)
      set_value_live(l, s->args[j]);
  }
}

/* Ops isolated from above form their own unit: nothing outside them uses
 * what they define inside, so they are simplified on their own. */
static bool
separate_unit(const NlOp *op)
{
  return op->nregions && (op->def->traits & NL_ISOLATED_FROM_ABOVE);
}

static void
propagate_op(Live *l, NlOp *op)
{
  if (!separate_unit(op))
    for (uint32_t i = 0; i < op->nregions; i++)
      propagate_region(l, &op->regions[i]);
  if (op->def->traits & NL_TERMINATOR || op->nsuccessors) {
    propagate_terminator(l, op);
    return;
  }
  if (op_live(l, op))
    return;
  if (!nl_op_would_be_trivially_dead(op)) {
    set_op_live(l, op);
    return;
  }
  for (uint32_t i = 0; i < op->nresults && !op_live(l, op); i++)
    process_value(l, &op->results[i]);
}

/* Fills l->order with the blocks of r reachable from the entry, in
 * post-order (successors before predecessors, as far as loops allow). */
static void
post_order(Live *l, NlRegion *r)
{
  typedef struct Frame {
    NlBlock *b;
    uint32_t next; /* next successor to visit */
  } Frame;
  Frame *stack = NULL;
  size_t n = 0, cap = 0;
  l->order.n = 0;
  NL_VEC_PUSH(stack, n, cap, ((Frame){r->first, 0}));
  nl_ptrmap_put(&l->seen, r->first, r->first);
  while (n) {
    Frame *f = &stack[n - 1];
    NlOp *t = f->b->last;
    if (t && f->next < t->nsuccessors) {
      NlBlock *s = t->successors[f->next++];
      if (s && !nl_ptrmap_has(&l->seen, s)) {
        nl_ptrmap_put(&l->seen, s, s);
        NL_VEC_PUSH(stack, n, cap, ((Frame){s, 0}));
      }
      continue;
    }
    vec_push(&l->order, f->b);
    n--;
  }
  free(stack);
  nl_ptrmap_free(&l->seen);
}

static void
propagate_region(Live *l, NlRegion *r)
{
  if (!r->first)
    return;
  if (!r->first->next) {
    /* One block: no successors to follow. */
    for (NlOp *op = r->first->last; op; op = op->prev)
      propagate_op(l, op);
    return;
  }
  post_order(l, r);
  size_t nblocks = l->order.n;
  NlBlock **blocks = nl_xmalloc(nblocks * sizeof *blocks);
  for (size_t i = 0; i < nblocks; i++)
    blocks[i] = l->order.v[i];
  for (size_t i = 0; i < nblocks; i++) {
    NlBlock *b = blocks[i];
    /* Ops last to first, then the arguments: uses before definitions. */
    for (NlOp *op = b->last; op; op = op->prev)
      propagate_op(l, op);
    if (nl_block_is_entry(b))
      continue;
    for (uint32_t j = 0; j < b->nargs; j++)
      if (!value_live(l, b->args[j]))
        process_value(l, b->args[j]);
  }
  free(blocks);
}

/* ---- deleting dead code -------------------------------------------------- */

/* Collects the dead ops under the regions of op (not descending into dead
 * ops) and erases the dead successor operands of live branches. */
static bool
collect_dead(Live *l, NlOp *op, Vec *dead)
{
  bool changed = false;
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *r = &op->regions[i];
    bool multi = r->first && r->first->next;
    nl_region_foreach_block(r, b)
    {
      NlOp *t = b->last;
      const NlBranchIface *bi = t ? branch_iface(t) : NULL;
      if (multi && t && op_live(l, t) && can_erase_successor_operands(t, bi)) {
        for (uint32_t s = t->nsuccessors; s-- > 0;) {
          NlBlock *succ = t->successors[s];
          uint32_t first, n;
          bi->successor_operands(t, s, &first, &n);
          for (uint32_t k = n; k-- > 0;) {
            if (k < succ->nargs && !value_live(l, succ->args[k])) {
              erase_successor_operand(t, bi, s, k);
              changed = true;
            }
          }
        }
      }
      nl_block_foreach_op(b, o)
      {
        if (!op_live(l, o))
          vec_push(dead, o);
        else if (o->nregions && !separate_unit(o))
          changed |= collect_dead(l, o, dead);
      }
    }
  }
  return changed;
}

/* Erases the dead non-entry block arguments under op's regions. */
static bool
erase_dead_args(Live *l, NlOp *op)
{
  bool changed = false;
  for (uint32_t i = 0; i < op->nregions; i++) {
    nl_region_foreach_block(&op->regions[i], b)
    {
      if (!nl_block_is_entry(b)) {
        for (uint32_t j = b->nargs; j-- > 0;) {
          if (!value_live(l, b->args[j])) {
            nl_block_erase_arg(b, j);
            changed = true;
          }
        }
      }
      nl_block_foreach_op(b, o)
      {
        if (o->nregions && !separate_unit(o))
          changed |= erase_dead_args(l, o);
      }
    }
  }
  return changed;
}

static bool
liveness_dce(NlOp *root)
{
  Live l = {0};
  do {
    l.changed = false;
    for (uint32_t i = 0; i < root->nregions; i++)
      propagate_region(&l, &root->regions[i]);
  } while (l.changed);

  Vec dead = {0};
  bool changed = collect_dead(&l, root, &dead);
  /* Drop all uses first: dead ops may use each other in any order. */
  for (size_t i = 0; i < dead.n; i++)
    nl_op_drop_all_uses_of_operands(dead.v[i]);
  for (size_t i = 0; i < dead.n; i++)
    nl_op_erase(dead.v[i]);
  changed |= dead.n != 0;
  changed |= erase_dead_args(&l, root);
  free(dead.v);
  free(l.order.v);
  nl_ptrmap_free(&l.ops);
  nl_ptrmap_free(&l.args);
  return changed;
}

/* One walk over the unit under root (not entering separate units): erases
 * the unreachable blocks of its regions, then its trivially dead ops, users
 * before definitions (the ops of each block last to first, each op's
 * regions before the op); collects the separate units that remain; and
 * tells whether the unit needs the liveness analysis -- dead code can hide
 * in cycles only through block arguments (several blocks) or in graph
 * regions; without either, dead code is exactly what the sweep erases. */
static bool
sweep_unit(NlOp *root, NlPtrMap *seen, Vec *blocks, Vec *units, bool *complex)
{
  bool changed = false;
  bool graph = root->def->traits & NL_GRAPH_REGION;
  for (uint32_t i = 0; i < root->nregions; i++) {
    NlRegion *r = &root->regions[i];
    if (r->first && r->first->next) {
      changed |= erase_unreachable_in(r, seen, blocks);
      if (r->first->next)
        *complex = true;
    }
    nl_region_foreach_block(r, b)
    {
      NlOp *op = b->last;
      while (op) {
        NlOp *prev = op->prev;
        bool unit = separate_unit(op);
        if (op->nregions && !unit)
          changed |= sweep_unit(op, seen, blocks, units, complex);
        if (nl_op_is_trivially_dead(op)) {
          nl_op_erase(op);
          changed = true;
        } else {
          if (unit)
            vec_push(units, op);
          /* A graph region may hold dead cycles. */
          if (graph && !*complex && nl_op_would_be_trivially_dead(op))
            *complex = true;
        }
        op = prev;
      }
    }
  }
  return changed;
}

/* Simplifies the unit under root, then the separate units nested in it;
 * then, if needed, runs the liveness analysis on the unit (after the sweep,
 * which only erased ops the analysis would find dead too). */
static bool
dce_unit(NlOp *root)
{
  NlPtrMap seen = {0};
  Vec blocks = {0}, units = {0};
  bool complex = false;
  bool changed = sweep_unit(root, &seen, &blocks, &units, &complex);
  free(blocks.v);
  for (size_t i = 0; i < units.n; i++)
    changed |= dce_unit(units.v[i]);
  free(units.v);
  if (complex)
    changed |= liveness_dce(root);
  return changed;
}

bool
nl_op_simplify_regions(NlOp *op)
{
  return dce_unit(op);
}
