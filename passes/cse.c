/*
 * cse: common sub-expression elimination with MLIR's semantics. Effect-free
 * ops are hashed into a scoped table while the dominator tree of each
 * region is walked, so an op is replaced by an equivalent op that dominates
 * it: same definition, operands, result types, attributes and properties,
 * and structurally equal regions (locations do not matter). Regions of ops
 * isolated from above start from an empty scope. Trivially dead ops met on
 * the way are erased too. Ops are erased at the end, so the walk never sees
 * a dangling op.
 */
#include <stdlib.h>
#include <string.h>

#include "null/rewrite.h"
#include "passes.h"
#include "ptrmap.h"

/* ---- scoped table -------------------------------------------------------- */

/* Nodes form a stack (scopes pop in LIFO order), and each bucket chain runs
 * from the newest node to the oldest, so popping a node only ever unlinks a
 * chain head. Lookups ignore nodes below `floor` (outer scopes hidden by an
 * op isolated from above). */
typedef struct Node {
  NlOp *op;
  uint32_t hash;
  uint32_t next; /* index + 1 of the next node in the chain; 0 = end */
} Node;

typedef struct Table {
  uint32_t *heads; /* index + 1 of the chain's newest node; 0 = empty */
  uint32_t nheads; /* power of two */
  Node *nodes;
  uint32_t n, cap;
  uint32_t floor;
} Table;

static void
table_rehash(Table *t, uint32_t nheads)
{
  free(t->heads);
  t->nheads = nheads;
  t->heads = nl_xcalloc(nheads, sizeof *t->heads);
  for (uint32_t i = 0; i < t->n; i++) {
    uint32_t b = t->nodes[i].hash & (nheads - 1);
    t->nodes[i].next = t->heads[b];
    t->heads[b] = i + 1;
  }
}

static void
table_insert(Table *t, NlOp *op, uint32_t h)
{
  if (t->n + 1 > t->nheads)
    table_rehash(t, t->nheads ? t->nheads * 2 : 256);
  NL_VEC_RESERVE(t->nodes, t->n, t->cap, 1);
  uint32_t b = h & (t->nheads - 1);
  t->nodes[t->n] = (Node){op, h, t->heads[b]};
  t->heads[b] = ++t->n;
}

static void
table_pop_to(Table *t, uint32_t mark)
{
  while (t->n > mark) {
    Node *nd = &t->nodes[--t->n];
    t->heads[nd->hash & (t->nheads - 1)] = nd->next;
  }
}

/* ---- equivalence --------------------------------------------------------- */

typedef struct Cse {
  NlContext *ctx;
  Table t;
  PtrMap map;   /* value/block of one region -> its counterpart */
  NlOp **erase; /* ops to erase at the end, nested ones first */
  size_t nerase, erase_cap;
} Cse;

static uint32_t
op_hash(NlOp *op)
{
  uint32_t h = nl_hash_ptr(op->def);
  h = nl_hash_combine(h, nl_hash_ptr(op->attrs));
  if (op->props)
    h = nl_hash_combine(h, nl_hash_ptr(op->props));
  for (uint32_t i = 0; i < op->nresults; i++)
    h = nl_hash_combine(h, nl_hash_ptr(op->results[i].type));
  if (op->def->traits & NL_COMMUTATIVE) {
    /* Operand order does not matter (MLIR's OperationEquivalence). */
    uint32_t sum = 0;
    for (uint32_t i = 0; i < op->noperands; i++)
      sum += nl_hash_ptr(op->operands[i].value);
    return nl_hash_combine(h, sum);
  }
  for (uint32_t i = 0; i < op->noperands; i++)
    h = nl_hash_combine(h, nl_hash_ptr(op->operands[i].value));
  return h;
}

static int
cmp_ptr(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)*(void *const *)a;
  uintptr_t y = (uintptr_t)*(void *const *)b;
  return x < y ? -1 : x > y;
}

/* Whether the operands of a (mapped into b's region when map is set) are
 * b's operands: in order, or in any order for commutative ops. */
static bool
operands_equal(PtrMap *map, NlOp *a, NlOp *b)
{
  uint32_t n = a->noperands;
  if (!(a->def->traits & NL_COMMUTATIVE) || n < 2) {
    for (uint32_t i = 0; i < n; i++) {
      void *v = a->operands[i].value;
      void *m = map ? ptrmap_get(map, v) : NULL;
      if ((m ? m : v) != (void *)b->operands[i].value)
        return false;
    }
    return true;
  }
  enum { SMALL = 8 };
  void *small[2 * SMALL];
  void **x = n > SMALL ? nl_xmalloc(2 * n * sizeof *x) : small, **y = x + n;
  for (uint32_t i = 0; i < n; i++) {
    void *v = a->operands[i].value;
    void *m = map ? ptrmap_get(map, v) : NULL;
    x[i] = m ? m : v;
    y[i] = b->operands[i].value;
  }
  qsort(x, n, sizeof *x, cmp_ptr);
  qsort(y, n, sizeof *y, cmp_ptr);
  bool eq = memcmp(x, y, n * sizeof *x) == 0;
  if (x != small)
    free(x);
  return eq;
}

/* Same op apart from operands, successors and regions. */
static bool
same_shape(NlOp *a, NlOp *b)
{
  if (a->def != b->def || a->attrs != b->attrs || a->props != b->props ||
      a->nresults != b->nresults || a->noperands != b->noperands ||
      a->nregions != b->nregions || a->nsuccessors != b->nsuccessors)
    return false;
  for (uint32_t i = 0; i < a->nresults; i++)
    if (a->results[i].type != b->results[i].type)
      return false;
  return true;
}

/* a's value in the other region: mapped when defined inside the regions
 * being compared, itself otherwise. */
static void *
mapped(Cse *c, void *p)
{
  void *m = ptrmap_get(&c->map, p);
  return m ? m : p;
}

static bool regions_equal(Cse *c, NlRegion *ra, NlRegion *rb);

static bool
nested_ops_equal(Cse *c, NlOp *a, NlOp *b)
{
  if (!same_shape(a, b) || !operands_equal(&c->map, a, b))
    return false;
  for (uint32_t i = 0; i < a->nsuccessors; i++)
    if (mapped(c, a->successors[i]) != b->successors[i])
      return false;
  for (uint32_t i = 0; i < a->nregions; i++)
    if (!regions_equal(c, &a->regions[i], &b->regions[i]))
      return false;
  for (uint32_t i = 0; i < a->nresults; i++)
    ptrmap_put(&c->map, &a->results[i], &b->results[i]);
  return true;
}

static bool
regions_equal(Cse *c, NlRegion *ra, NlRegion *rb)
{
  NlBlock *a = ra->first, *b = rb->first;
  /* Blocks and their arguments first: branches may go forward. */
  for (; a && b; a = a->next, b = b->next) {
    if (a->nargs != b->nargs)
      return false;
    for (uint32_t i = 0; i < a->nargs; i++) {
      if (a->args[i]->type != b->args[i]->type)
        return false;
      ptrmap_put(&c->map, a->args[i], b->args[i]);
    }
    ptrmap_put(&c->map, a, b);
  }
  if (a || b)
    return false;
  for (a = ra->first, b = rb->first; a; a = a->next, b = b->next) {
    NlOp *x = a->first, *y = b->first;
    for (; x && y; x = x->next, y = y->next)
      if (!nested_ops_equal(c, x, y))
        return false;
    if (x || y)
      return false;
  }
  return true;
}

static bool
ops_equal(Cse *c, NlOp *a, NlOp *b)
{
  if (!same_shape(a, b) || !operands_equal(NULL, a, b))
    return false;
  for (uint32_t i = 0; i < a->nsuccessors; i++)
    if (a->successors[i] != b->successors[i])
      return false;
  if (!a->nregions)
    return true;
  ptrmap_clear(&c->map);
  for (uint32_t i = 0; i < a->nregions; i++)
    if (!regions_equal(c, &a->regions[i], &b->regions[i]))
      return false;
  return true;
}

static NlOp *
lookup(Cse *c, NlOp *op, uint32_t h)
{
  Table *t = &c->t;
  if (!t->nheads)
    return NULL;
  for (uint32_t i = t->heads[h & (t->nheads - 1)]; i;
       i = t->nodes[i - 1].next) {
    if (i - 1 < t->floor)
      break;
    Node *nd = &t->nodes[i - 1];
    if (nd->hash == h && ops_equal(c, nd->op, op))
      return nd->op;
  }
  return NULL;
}

/* ---- the walk ------------------------------------------------------------ */

static void
schedule_erase(Cse *c, NlOp *op)
{
  NL_VEC_PUSH(c->erase, c->nerase, c->erase_cap, op);
}

static bool
single_block_regions(NlOp *op)
{
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *r = &op->regions[i];
    if (r->first && r->first->next)
      return false;
  }
  return true;
}

static void
simplify_op(Cse *c, NlOp *op)
{
  if (op->def->traits & NL_TERMINATOR)
    return;
  if (nl_op_is_trivially_dead(op)) {
    schedule_erase(c, op);
    return;
  }
  if (!single_block_regions(op) || !nl_op_is_effect_free(op))
    return;
  uint32_t h = op_hash(op);
  NlOp *existing = lookup(c, op, h);
  if (!existing) {
    table_insert(&c->t, op, h);
    return;
  }
  /* In an SSA region the walk follows dominance, so no use of op was
   * visited yet; in a graph region any use may see any value. Either way
   * every use can switch to the dominating twin. */
  for (uint32_t i = 0; i < op->nresults; i++)
    nl_value_replace_all_uses(&op->results[i], &existing->results[i]);
  if (existing->loc->kind == NL_LOC_UNKNOWN && op->loc->kind != NL_LOC_UNKNOWN)
    existing->loc = op->loc;
  schedule_erase(c, op);
}

static void simplify_region(Cse *c, NlRegion *r);

static void
simplify_block(Cse *c, NlBlock *b)
{
  nl_block_foreach_op(b, op)
  {
    if (op->nregions) {
      /* Nested regions first, as MLIR does: equivalence of op then sees
       * its simplified regions. */
      if (op->def->traits & (NL_ISOLATED_FROM_ABOVE | NL_UNREGISTERED)) {
        uint32_t floor = c->t.floor, mark = c->t.n;
        c->t.floor = c->t.n;
        for (uint32_t i = 0; i < op->nregions; i++)
          simplify_region(c, &op->regions[i]);
        table_pop_to(&c->t, mark);
        c->t.floor = floor;
      } else {
        for (uint32_t i = 0; i < op->nregions; i++)
          simplify_region(c, &op->regions[i]);
      }
    }
    simplify_op(c, op);
  }
}

/* Dominator tree of a multi-block region (Cooper, Harvey and Kennedy's
 * iterative algorithm over the reverse post-order), walked depth-first with
 * one table scope per tree node. Unreachable blocks are skipped. */
static void
simplify_cfg_region(Cse *c, NlRegion *r)
{
  PtrMap num = {0}; /* block -> rpo index + 1 */
  NlBlock **rpo = NULL;
  size_t n = 0, cap = 0;
  /* Post-order by an explicit DFS. */
  typedef struct Frame {
    NlBlock *b;
    uint32_t next;
  } Frame;
  Frame *st = NULL;
  size_t ns = 0, scap = 0;
  ptrmap_put(&num, r->first, (void *)1);
  NL_VEC_PUSH(st, ns, scap, ((Frame){r->first, 0}));
  while (ns) {
    Frame *f = &st[ns - 1];
    NlOp *t = f->b->last;
    if (t && f->next < t->nsuccessors) {
      NlBlock *s = t->successors[f->next++];
      if (s && s->parent == r && !ptrmap_has(&num, s)) {
        ptrmap_put(&num, s, (void *)1);
        NL_VEC_PUSH(st, ns, scap, ((Frame){s, 0}));
      }
      continue;
    }
    NL_VEC_PUSH(rpo, n, cap, f->b);
    ns--;
  }
  /* Reverse into RPO and number. */
  for (size_t i = 0, j = n - 1; i < j; i++, j--) {
    NlBlock *x = rpo[i];
    rpo[i] = rpo[j];
    rpo[j] = x;
  }
  for (size_t i = 0; i < n; i++)
    ptrmap_put(&num, rpo[i], (void *)(uintptr_t)(i + 1));
  /* Predecessor lists (CSR layout). */
  uint32_t *npred = nl_xcalloc(n + 1, sizeof *npred);
  for (size_t i = 0; i < n; i++) {
    NlOp *t = rpo[i]->last;
    for (uint32_t k = 0; t && k < t->nsuccessors; k++) {
      uintptr_t s = (uintptr_t)ptrmap_get(&num, t->successors[k]);
      if (s)
        npred[s]++;
    }
  }
  uint32_t *pstart = nl_xmalloc((n + 1) * sizeof *pstart);
  uint32_t total = 0;
  for (size_t i = 0; i < n; i++) {
    pstart[i] = total;
    total += npred[i + 1];
  }
  pstart[n] = total;
  uint32_t *preds = nl_xmalloc((total ? total : 1) * sizeof *preds);
  uint32_t *fill = nl_xcalloc(n, sizeof *fill);
  for (size_t i = 0; i < n; i++) {
    NlOp *t = rpo[i]->last;
    for (uint32_t k = 0; t && k < t->nsuccessors; k++) {
      uintptr_t s = (uintptr_t)ptrmap_get(&num, t->successors[k]);
      if (s)
        preds[pstart[s - 1] + fill[s - 1]++] = (uint32_t)i;
    }
  }
  /* Immediate dominators by RPO index; UINT32_MAX = not yet known. */
  uint32_t *idom = nl_xmalloc(n * sizeof *idom);
  for (size_t i = 0; i < n; i++)
    idom[i] = UINT32_MAX;
  idom[0] = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t b = 1; b < n; b++) {
      uint32_t nd = UINT32_MAX;
      for (uint32_t k = pstart[b]; k < pstart[b + 1]; k++) {
        uint32_t p = preds[k];
        if (idom[p] == UINT32_MAX)
          continue;
        if (nd == UINT32_MAX) {
          nd = p;
          continue;
        }
        uint32_t x = p, y = nd;
        while (x != y) {
          while (x > y)
            x = idom[x];
          while (y > x)
            y = idom[y];
        }
        nd = x;
      }
      if (nd != idom[b]) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  /* Children lists (CSR again), in RPO order. */
  uint32_t *nchild = nl_xcalloc(n + 1, sizeof *nchild);
  for (size_t b = 1; b < n; b++)
    nchild[idom[b] + 1]++;
  uint32_t *cstart = nl_xmalloc((n + 1) * sizeof *cstart);
  cstart[0] = 0;
  for (size_t i = 0; i < n; i++)
    cstart[i + 1] = cstart[i] + nchild[i + 1];
  uint32_t *children = nl_xmalloc((n ? n : 1) * sizeof *children);
  memset(fill, 0, n * sizeof *fill);
  for (size_t b = 1; b < n; b++)
    children[cstart[idom[b]] + fill[idom[b]]++] = (uint32_t)b;

  /* Depth-first over the tree: a scope per node. */
  typedef struct DFrame {
    uint32_t b, next, mark;
  } DFrame;
  DFrame *ds = NULL;
  size_t nds = 0, dcap = 0;
  NL_VEC_PUSH(ds, nds, dcap, ((DFrame){0, cstart[0], c->t.n}));
  simplify_block(c, rpo[0]);
  while (nds) {
    DFrame *f = &ds[nds - 1];
    if (f->next < cstart[f->b + 1]) {
      uint32_t child = children[f->next++];
      NL_VEC_PUSH(ds, nds, dcap, ((DFrame){child, cstart[child], c->t.n}));
      simplify_block(c, rpo[child]);
      continue;
    }
    table_pop_to(&c->t, f->mark);
    nds--;
  }
  free(ds);
  free(children);
  free(cstart);
  free(nchild);
  free(idom);
  free(fill);
  free(preds);
  free(pstart);
  free(npred);
  free(st);
  free(rpo);
  ptrmap_free(&num);
}

static void
simplify_region(Cse *c, NlRegion *r)
{
  if (!r->first)
    return;
  if (!r->first->next) {
    uint32_t mark = c->t.n;
    simplify_block(c, r->first);
    table_pop_to(&c->t, mark);
    return;
  }
  /* Graph regions with several blocks have no order to follow. */
  if (r->parent && (r->parent->def->traits & NL_GRAPH_REGION))
    return;
  simplify_cfg_region(c, r);
}

NlResult
nl_cse_run(NlOp *anchor, NlPassState *ps)
{
  Cse c = {.ctx = nl_pass_context(ps)};
  /* The anchor's regions behave like those of an isolated op. */
  for (uint32_t i = 0; i < anchor->nregions; i++)
    simplify_region(&c, &anchor->regions[i]);
  for (size_t i = 0; i < c.nerase; i++)
    nl_op_erase(c.erase[i]);
  if (!c.nerase)
    nl_pass_mark_unchanged(ps);
  free(c.erase);
  free(c.t.heads);
  free(c.t.nodes);
  ptrmap_free(&c.map);
  return nl_success();
}
