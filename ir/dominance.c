/*
 * Dominance: for each region, the dominator tree of its block CFG (edges
 * from each block's terminator successors), computed lazily the first time
 * a query touches the region, with the iterative algorithm of Cooper,
 * Harvey and Kennedy over reverse postorder. Queries are O(1) through DFS
 * intervals of the dominator tree (plus walking up to a common region).
 * Single-block regions need no CFG work at all. Which regions are graph
 * regions (no order inside a block) follows MLIR: single-block regions of
 * ops with NL_GRAPH_REGION or of unregistered ops.
 */
#include <stdlib.h>

#include "internal.h"

typedef struct RegionDom {
  uint32_t n;         /* number of blocks */
  NlPtrMap index;     /* block -> index + 1 (layout order) */
  int32_t *idom;      /* immediate dominator index; -1: unreachable */
  uint32_t *in, *out; /* pre/post numbers in the dominator tree */
} RegionDom;

struct NlDominance {
  NlOp *root;
  NlPtrMap regions; /* NlRegion* -> RegionDom* (multi-block regions only) */
};

NlDominance *
nl_dominance_create(NlOp *root)
{
  NlDominance *d = nl_xcalloc(1, sizeof *d);
  d->root = root;
  return d;
}

static void
region_dom_free(RegionDom *rd)
{
  nl_ptrmap_free(&rd->index);
  free(rd->idom);
  free(rd->in);
  free(rd->out);
  free(rd);
}

void
nl_dominance_destroy(NlDominance *d)
{
  if (!d)
    return;
  for (uint32_t i = 0; i < d->regions.cap; i++)
    if (d->regions.keys[i])
      region_dom_free(d->regions.vals[i]);
  nl_ptrmap_free(&d->regions);
  free(d);
}

static uint32_t
block_index(const RegionDom *rd, const NlBlock *b)
{
  return (uint32_t)(uintptr_t)nl_ptrmap_get(&rd->index, b) - 1;
}

/* Walks up the idom chain to the common dominator (CHK's intersect). */
static int32_t
intersect(const int32_t *idom, const uint32_t *po, int32_t a, int32_t b)
{
  while (a != b) {
    while (po[a] < po[b])
      a = idom[a];
    while (po[b] < po[a])
      b = idom[b];
  }
  return a;
}

static RegionDom *
build(NlRegion *r)
{
  RegionDom *rd = nl_xcalloc(1, sizeof *rd);
  uint32_t n = 0;
  nl_region_foreach_block(r, b)
  {
    nl_ptrmap_put(&rd->index, b, (void *)(uintptr_t)(n + 1));
    n++;
  }
  rd->n = n;
  NlBlock **blocks = nl_xmalloc(n * sizeof *blocks);
  n = 0;
  nl_region_foreach_block(r, b) { blocks[n++] = b; }

  /* Successor lists (CSR), restricted to blocks of this region. */
  uint32_t *sstart = nl_xcalloc(n + 1, sizeof *sstart);
  for (uint32_t i = 0; i < n; i++) {
    NlOp *t = blocks[i]->last;
    uint32_t k = 0;
    for (uint32_t s = 0; t && s < t->nsuccessors; s++)
      if (t->successors[s] && t->successors[s]->parent == r)
        k++;
    sstart[i + 1] = sstart[i] + k;
  }
  uint32_t *succ = nl_xmalloc((sstart[n] + 1) * sizeof *succ);
  for (uint32_t i = 0; i < n; i++) {
    NlOp *t = blocks[i]->last;
    uint32_t k = sstart[i];
    for (uint32_t s = 0; t && s < t->nsuccessors; s++)
      if (t->successors[s] && t->successors[s]->parent == r)
        succ[k++] = block_index(rd, t->successors[s]);
  }

  /* Iterative DFS from the entry: postorder numbers and the RPO list. */
  uint32_t *po = nl_xmalloc(n * sizeof *po);
  uint32_t *rpo = nl_xmalloc(n * sizeof *rpo);
  uint32_t *stack = nl_xmalloc(n * sizeof *stack);
  uint32_t *next_edge = nl_xmalloc(n * sizeof *next_edge);
  bool *seen = nl_xcalloc(n, sizeof *seen);
  uint32_t npo = 0, sp = 0;
  stack[sp++] = 0;
  seen[0] = true;
  next_edge[0] = sstart[0];
  while (sp) {
    uint32_t b = stack[sp - 1];
    if (next_edge[b] < sstart[b + 1]) {
      uint32_t s = succ[next_edge[b]++];
      if (!seen[s]) {
        seen[s] = true;
        next_edge[s] = sstart[s];
        stack[sp++] = s;
      }
      continue;
    }
    sp--;
    po[b] = npo++;
  }
  for (uint32_t i = 0; i < n; i++)
    if (seen[i])
      rpo[npo - 1 - po[i]] = i;

  /* Predecessor lists among reachable blocks (CSR). */
  uint32_t *pstart = nl_xcalloc(n + 1, sizeof *pstart);
  for (uint32_t i = 0; i < n; i++)
    if (seen[i])
      for (uint32_t k = sstart[i]; k < sstart[i + 1]; k++)
        pstart[succ[k] + 1]++;
  for (uint32_t i = 0; i < n; i++)
    pstart[i + 1] += pstart[i];
  uint32_t *pred = nl_xmalloc((pstart[n] + 1) * sizeof *pred);
  uint32_t *pfill = nl_xmalloc(n * sizeof *pfill);
  for (uint32_t i = 0; i < n; i++)
    pfill[i] = pstart[i];
  for (uint32_t i = 0; i < n; i++)
    if (seen[i])
      for (uint32_t k = sstart[i]; k < sstart[i + 1]; k++)
        pred[pfill[succ[k]]++] = i;

  /* Cooper-Harvey-Kennedy. */
  int32_t *idom = nl_xmalloc(n * sizeof *idom);
  for (uint32_t i = 0; i < n; i++)
    idom[i] = -1;
  idom[0] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t k = 1; k < npo; k++) {
      uint32_t b = rpo[k];
      int32_t nd = -1;
      for (uint32_t j = pstart[b]; j < pstart[b + 1]; j++) {
        int32_t p = (int32_t)pred[j];
        if (idom[p] == -1)
          continue;
        nd = nd == -1 ? p : intersect(idom, po, p, nd);
      }
      if (idom[b] != nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }

  /* DFS intervals over the dominator tree (children lists in CSR). */
  uint32_t *cstart = nl_xcalloc(n + 1, sizeof *cstart);
  for (uint32_t i = 1; i < n; i++)
    if (idom[i] >= 0)
      cstart[idom[i] + 1]++;
  for (uint32_t i = 0; i < n; i++)
    cstart[i + 1] += cstart[i];
  uint32_t *child = nl_xmalloc((cstart[n] + 1) * sizeof *child);
  for (uint32_t i = 0; i < n; i++)
    pfill[i] = cstart[i];
  for (uint32_t i = 1; i < n; i++)
    if (idom[i] >= 0)
      child[pfill[idom[i]]++] = i;
  rd->in = nl_xcalloc(n, sizeof *rd->in);
  rd->out = nl_xcalloc(n, sizeof *rd->out);
  uint32_t clock = 0;
  sp = 0;
  stack[sp++] = 0;
  next_edge[0] = cstart[0];
  rd->in[0] = clock++;
  while (sp) {
    uint32_t b = stack[sp - 1];
    if (next_edge[b] < cstart[b + 1]) {
      uint32_t c = child[next_edge[b]++];
      rd->in[c] = clock++;
      next_edge[c] = cstart[c];
      stack[sp++] = c;
      continue;
    }
    sp--;
    rd->out[b] = clock++;
  }
  rd->idom = idom;

  free(blocks);
  free(sstart);
  free(succ);
  free(po);
  free(rpo);
  free(stack);
  free(next_edge);
  free(seen);
  free(pstart);
  free(pred);
  free(pfill);
  free(cstart);
  free(child);
  return rd;
}

/* Dominator info of a region with two or more blocks. */
static RegionDom *
region_info(NlDominance *d, NlRegion *r)
{
  RegionDom *rd = nl_ptrmap_get(&d->regions, r);
  if (!rd) {
    rd = build(r);
    nl_ptrmap_put(&d->regions, r, rd);
  }
  return rd;
}

static bool
single_block(const NlRegion *r)
{
  return r->first == r->last;
}

/* The op that contains `op` (or is op) and sits directly in region r. */
static NlOp *
ancestor_in_region(NlOp *op, const NlRegion *r)
{
  while (op) {
    NlBlock *b = op->parent;
    if (!b)
      return NULL;
    if (b->parent == r)
      return op;
    op = nl_op_parent_op(op);
  }
  return NULL;
}

/* Dominance of two distinct blocks of the same region. An unreachable block
 * is dominated by every block and dominates none (LLVM's convention). */
static bool
same_region_block_dominates(NlDominance *d, NlBlock *a, NlBlock *b)
{
  if (a == b)
    return true;
  NlRegion *r = a->parent;
  if (single_block(r))
    return false;
  RegionDom *rd = region_info(d, r);
  uint32_t ia = block_index(rd, a), ib = block_index(rd, b);
  if (rd->idom[ib] < 0)
    return true;
  if (rd->idom[ia] < 0)
    return false;
  return rd->in[ia] <= rd->in[ib] && rd->out[ib] <= rd->out[ia];
}

bool
nl_dominance_block_dominates(NlDominance *d, NlBlock *a, NlBlock *b)
{
  if (a == b)
    return true;
  if (!a->parent || !b->parent)
    return false;
  if (a->parent != b->parent) {
    /* Lift b to the block of a's region that contains it. */
    NlOp *anc = ancestor_in_region(nl_block_parent_op(b), a->parent);
    if (!anc)
      return false;
    b = anc->parent;
  }
  return same_region_block_dominates(d, a, b);
}

bool
nl_dominance_block_reachable(NlDominance *d, NlBlock *b)
{
  if (!b->parent)
    return false;
  if (single_block(b->parent) || b == b->parent->first)
    return true;
  RegionDom *rd = region_info(d, b->parent);
  return rd->idom[block_index(rd, b)] >= 0;
}

/* Whether ops of region r must obey SSA dominance, by MLIR's rule: a region
 * with several blocks always does; a single-block region does unless its
 * parent op declares graph regions or is unregistered (unknown ops may hold
 * graph regions). Detached regions are SSA. */
static bool
has_ssa_dominance(const NlRegion *r)
{
  if (!r || r->first != r->last)
    return true;
  const NlOp *p = r->parent;
  return !(p && (p->def->traits & (NL_GRAPH_REGION | NL_UNREGISTERED)));
}

/* The op of region r that is `op` or contains it; when r is NULL (a
 * detached block), only ops directly in block b qualify. */
static NlOp *
ancestor_in(NlOp *op, NlBlock *b)
{
  if (op->parent == b)
    return op;
  return b->parent ? ancestor_in_region(op, b->parent) : NULL;
}

bool
nl_dominance_value_dominates(NlDominance *d, NlValue *v, NlOp *user)
{
  if (v->kind == NL_VALUE_BLOCK_ARG) {
    /* An argument dominates its whole block and the blocks it dominates. */
    NlBlock *defb = v->owner;
    NlOp *anc = ancestor_in(user, defb);
    if (!anc)
      return false;
    return anc->parent == defb ||
           same_region_block_dominates(d, defb, anc->parent);
  }
  if (v->kind != NL_VALUE_RESULT)
    return false;
  NlOp *defop = v->owner;
  NlBlock *defb = defop->parent;
  if (!defb)
    return false;
  NlOp *anc = ancestor_in(user, defb);
  if (!anc)
    return false;
  bool ssa = has_ssa_dominance(defb->parent);
  /* The user is the defining op itself, or nested in it: only a graph
   * region lets an op see its own results. */
  if (anc == defop)
    return !ssa;
  if (anc->parent == defb)
    return !ssa || nl_op_is_before_in_block(defop, anc);
  return same_region_block_dominates(d, defb, anc->parent);
}

bool
nl_dominance_op_dominates(NlDominance *d, NlOp *a, NlOp *b)
{
  NlBlock *ab = a->parent;
  if (!ab)
    return false;
  bool ssa = has_ssa_dominance(ab->parent);
  if (a == b)
    return !ssa;
  NlOp *anc = ancestor_in(b, ab);
  if (!anc)
    return false;
  /* As in MLIR, an op dominates the ops nested in its regions. */
  if (anc == a)
    return true;
  if (anc->parent == ab)
    return !ssa || nl_op_is_before_in_block(a, anc);
  return same_region_block_dominates(d, ab, anc->parent);
}
