/*
 * The greedy pattern driver (MLIR's GreedyPatternRewriteDriver): a LIFO
 * worklist of ops with a membership map, so that the work done is
 * proportional to what changes. Each sweep seeds the worklist with every op
 * under the root (hoisting and deduplicating constants on the way), then
 * pops ops until none is left: trivially dead ops are erased, ops are
 * folded (constants made by the op's dialect), and otherwise the patterns
 * rooted at the op's name (and the generic ones) are tried by decreasing
 * benefit. Changes made through the rewriter put the affected ops back on
 * the worklist. Sweeps repeat, with region simplification in between,
 * until one changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "rewrite_internal.h"

/* ---- pattern index ------------------------------------------------------- */

/* The patterns that may apply to one op definition, by decreasing benefit
 * (ties: op-specific ones first, then set order). */
typedef struct PatList {
  const NlPattern **p;
  uint32_t n;
} PatList;

typedef struct Index {
  NlPtrMap by_def; /* const NlOpDef* -> PatList* */
  PatList generic; /* patterns with a NULL root */
  PatList **lists; /* owned lists, for freeing */
  uint32_t nlists, lists_cap;
} Index;

static int
cmp_benefit(const void *a, const void *b)
{
  const NlPattern *pa = *(const NlPattern *const *)a;
  const NlPattern *pb = *(const NlPattern *const *)b;
  return (int)pb->benefit - (int)pa->benefit;
}

/* Stable sort by decreasing benefit (insertion sort: lists are short). */
static void
sort_by_benefit(const NlPattern **p, uint32_t n)
{
  for (uint32_t i = 1; i < n; i++) {
    const NlPattern *x = p[i];
    uint32_t j = i;
    while (j > 0 && cmp_benefit(&p[j - 1], &x) > 0) {
      p[j] = p[j - 1];
      j--;
    }
    p[j] = x;
  }
}

static const NlOpDef *
resolve_root(NlContext *ctx, const char *name)
{
  size_t len = strlen(name);
  const NlOpDef *def = nl_context_lookup_op(ctx, name, len);
  return def ? def : nl_context_unregistered_op(ctx, name, len);
}

static void
index_build(Index *ix, NlContext *ctx, const NlPatternSet *set)
{
  *ix = (Index){0};
  if (!set)
    return;
  /* Pass 1: generic patterns and per-root counts. */
  NlPtrMap counts = {0};
  for (uint32_t i = 0; i < set->n; i++) {
    const NlPattern *p = set->patterns[i];
    if (!p->match_and_rewrite)
      continue;
    if (!p->root) {
      ix->generic.p = nl_xrealloc(ix->generic.p,
                                  (ix->generic.n + 1) * sizeof(*ix->generic.p));
      ix->generic.p[ix->generic.n++] = p;
      continue;
    }
    const NlOpDef *def = resolve_root(ctx, p->root);
    uintptr_t c = (uintptr_t)nl_ptrmap_get(&counts, def);
    nl_ptrmap_put(&counts, def, (void *)(c + 1));
  }
  sort_by_benefit(ix->generic.p, ix->generic.n);
  /* Pass 2: one list per root, room for the generic ones too. */
  for (uint32_t i = 0; i < set->n; i++) {
    const NlPattern *p = set->patterns[i];
    if (!p->match_and_rewrite || !p->root)
      continue;
    const NlOpDef *def = resolve_root(ctx, p->root);
    PatList *l = nl_ptrmap_get(&ix->by_def, def);
    if (!l) {
      uintptr_t c = (uintptr_t)nl_ptrmap_get(&counts, def);
      l = nl_xmalloc(sizeof *l);
      l->p = nl_xmalloc((c + ix->generic.n) * sizeof *l->p);
      l->n = 0;
      nl_ptrmap_put(&ix->by_def, def, l);
      NL_VEC_PUSH(ix->lists, ix->nlists, ix->lists_cap, l);
    }
    l->p[l->n++] = p;
  }
  /* Merge: op-specific first at equal benefit, then sort stably. */
  for (uint32_t i = 0; i < ix->nlists; i++) {
    PatList *l = ix->lists[i];
    for (uint32_t j = 0; j < ix->generic.n; j++)
      l->p[l->n++] = ix->generic.p[j];
    sort_by_benefit(l->p, l->n);
  }
  nl_ptrmap_free(&counts);
}

static const PatList *
index_lookup(Index *ix, const NlOpDef *def)
{
  if (ix->nlists) {
    PatList *l = nl_ptrmap_get(&ix->by_def, def);
    if (l)
      return l;
  }
  return &ix->generic;
}

static void
index_free(Index *ix)
{
  for (uint32_t i = 0; i < ix->nlists; i++) {
    free(ix->lists[i]->p);
    free(ix->lists[i]);
  }
  free(ix->lists);
  free(ix->generic.p);
  nl_ptrmap_free(&ix->by_def);
}

/* ---- worklist ------------------------------------------------------------ */

/* A LIFO of ops with set semantics, as MLIR's. A sweep's seeds sit in
 * `seeds` in the order they are to be processed (read from `next`); ops
 * pushed while processing go on `stack` and come first. A membership table
 * maps each op to its slot (a removed op leaves a NULL hole that is
 * skipped), so pushing, popping and removing are O(1). */
typedef struct Slot {
  NlOp *op;     /* NULL = empty */
  uint32_t pos; /* index in stack, or in seeds with SEED_BIT */
} Slot;

enum { SEED_BIT = 1u << 31 };

typedef struct Worklist {
  NlOp **stack;
  uint32_t n, cap;
  NlOp **seeds;
  uint32_t nseeds, seeds_cap, next;
  Slot *slots;
  uint32_t nslots, len; /* nslots: 0 or a power of two */
} Worklist;

/* Ops are allocated mostly in program order, and the driver visits them in
 * that order: a hash that keeps neighbouring addresses in neighbouring
 * slots keeps the table's accesses cache friendly. The high bits are
 * folded in so that regular strides do not pile up. */
static inline uint32_t
slot_of(const Worklist *w, const NlOp *op)
{
  uintptr_t x = (uintptr_t)op;
  return (uint32_t)((x >> 6) ^ (x >> 26)) & (w->nslots - 1);
}

/* The slot holding op, or the empty slot where it would go. */
static inline Slot *
wl_find(Worklist *w, const NlOp *op)
{
  uint32_t mask = w->nslots - 1, i = slot_of(w, op);
  while (w->slots[i].op && w->slots[i].op != op)
    i = (i + 1) & mask;
  return &w->slots[i];
}

static void
wl_grow(Worklist *w)
{
  Slot *old = w->slots;
  uint32_t n = w->nslots;
  w->nslots = n ? n * 2 : 1024;
  w->slots = nl_xcalloc(w->nslots, sizeof *w->slots);
  for (uint32_t i = 0; i < n; i++)
    if (old[i].op)
      *wl_find(w, old[i].op) = old[i];
  free(old);
}

/* Adds op to the table unless present; returns its slot, or NULL when op
 * was already there. */
static Slot *
wl_insert(Worklist *w, NlOp *op)
{
  if ((w->len + 1) * 4 > w->nslots * 3)
    wl_grow(w);
  Slot *sl = wl_find(w, op);
  if (sl->op)
    return NULL;
  sl->op = op;
  w->len++;
  return sl;
}

/* Backward-shift deletion keeps every probe run unbroken. */
static void
wl_forget(Worklist *w, Slot *sl)
{
  uint32_t mask = w->nslots - 1, i = (uint32_t)(sl - w->slots);
  w->slots[i].op = NULL;
  w->len--;
  for (uint32_t j = (i + 1) & mask; w->slots[j].op; j = (j + 1) & mask) {
    uint32_t home = slot_of(w, w->slots[j].op);
    bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) {
      w->slots[i] = w->slots[j];
      w->slots[j].op = NULL;
      i = j;
    }
  }
}

static void
wl_push(Worklist *w, NlOp *op)
{
  Slot *sl = wl_insert(w, op);
  if (!sl)
    return;
  sl->pos = w->n;
  NL_VEC_PUSH(w->stack, w->n, w->cap, op);
}

/* Seeds are appended in processing order (see wl_seal). */
static void
wl_seed(Worklist *w, NlOp *op)
{
  Slot *sl = wl_insert(w, op);
  if (!sl)
    return;
  sl->pos = w->nseeds | SEED_BIT;
  NL_VEC_PUSH(w->seeds, w->nseeds, w->seeds_cap, op);
}

static NlOp *
wl_pop(Worklist *w)
{
  NlOp *op = NULL;
  while (!op && w->n)
    op = w->stack[--w->n];
  while (!op && w->next < w->nseeds)
    op = w->seeds[w->next++];
  if (op)
    wl_forget(w, wl_find(w, op));
  return op;
}

static void
wl_remove(Worklist *w, NlOp *op)
{
  if (!w->len)
    return;
  Slot *sl = wl_find(w, op);
  if (!sl->op)
    return;
  if (sl->pos & SEED_BIT)
    w->seeds[sl->pos & ~SEED_BIT] = NULL;
  else
    w->stack[sl->pos] = NULL;
  wl_forget(w, sl);
}

/* MLIR pushes the seeds (and, while seeding, the ops that notifications
 * add) onto one list, then reverses it when seeding top down, and pops from
 * the end. Seeds are kept in that chronological order: top down they are
 * read front to back; bottom up they become the stack. */
static void
wl_seal(Worklist *w, bool top_down)
{
  if (top_down)
    return;
  for (uint32_t i = 0; i < w->nseeds; i++) {
    NlOp *op = w->seeds[i];
    if (!op)
      continue;
    wl_find(w, op)->pos = w->n;
    NL_VEC_PUSH(w->stack, w->n, w->cap, op);
  }
  w->nseeds = w->next = 0;
}

static void
wl_clear(Worklist *w)
{
  w->n = w->nseeds = w->next = 0;
  if (w->len)
    memset(w->slots, 0, w->nslots * sizeof *w->slots);
  w->len = 0;
}

static void
wl_free(Worklist *w)
{
  free(w->stack);
  free(w->seeds);
  free(w->slots);
}

/* ---- the driver ---------------------------------------------------------- */

typedef struct Driver {
  NlContext *ctx;
  NlOp *root;
  NlGreedyConfig cfg;
  Index ix;
  Worklist wl;
  NlRewriter rw;
  NlRewriteListener listener;
  NlOp **ancestors; /* scratch for add_to_worklist */
  uint32_t nancestors, ancestors_cap;
  bool seeding; /* while seeding, pushes go to the seeds */
} Driver;

/* Adds op and its ancestors up to (not including) the root, as MLIR does:
 * a change inside an op may enable patterns on the op around it. Ops not
 * nested under the root are ignored. */
static void
add_to_worklist(Driver *d, NlOp *op)
{
  d->nancestors = 0;
  for (;;) {
    NL_VEC_PUSH(d->ancestors, d->nancestors, d->ancestors_cap, op);
    if (!op->parent || !op->parent->parent)
      return;
    NlOp *p = op->parent->parent->parent;
    if (!p)
      return;
    if (p == d->root)
      break;
    op = p;
  }
  for (uint32_t i = 0; i < d->nancestors; i++) {
    if (d->seeding)
      wl_seed(&d->wl, d->ancestors[i]);
    else
      wl_push(&d->wl, d->ancestors[i]);
  }
}

/* The defining ops of operands that just lost a use may now be dead or
 * have a single use: revisit them. Called while op still holds its uses. */
static void
add_operands(Driver *d, NlOp *op)
{
  NlOp *gone = d->rw.erasing; /* ops in it are about to be freed */
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = op->operands[i].value;
    if (!v || v->kind != NL_VALUE_RESULT)
      continue;
    if (v->uses && v->uses->next)
      continue;
    NlOp *def = v->owner;
    if (gone && gone->nregions && (def == gone || nl_op_is_ancestor(gone, def)))
      continue;
    add_to_worklist(d, def);
  }
}

static void
on_inserted(void *ud, NlOp *op)
{
  add_to_worklist(ud, op);
}

static void
on_erasing(void *ud, NlOp *op)
{
  Driver *d = ud;
  add_operands(d, op);
  wl_remove(&d->wl, op);
}

static void
on_modified(void *ud, NlOp *op)
{
  add_to_worklist(ud, op);
}

/* Replaces op by the results of folding: materializes attributes as
 * constants just before op. Returns false (IR unchanged) when a constant
 * cannot be made. */
static bool
apply_fold(Driver *d, NlOp *op, NlFoldResult *res)
{
  uint32_t n = op->nresults;
  enum { SMALL = 4 };
  NlValue *small_vals[SMALL];
  NlOp *small_made[SMALL];
  NlValue **vals = n > SMALL ? nl_xmalloc(n * sizeof *vals) : small_vals;
  NlOp **made = n > SMALL ? nl_xmalloc(n * sizeof *made) : small_made;
  uint32_t nmade = 0;
  const NlDialect *dialect = op->def->dialect;
  NlBuilder b;
  nl_builder_init(&b, d->ctx);
  nl_builder_set_before(&b, op);
  bool ok = true;
  for (uint32_t i = 0; i < n && ok; i++) {
    if (res[i].value) {
      vals[i] = res[i].value;
      continue;
    }
    NlOp *c = NULL;
    if (dialect && dialect->materialize_constant)
      c = dialect->materialize_constant(&b, res[i].attr, op->results[i].type,
                                        op->loc);
    if (c && !c->parent)
      nl_block_insert_op_before(op, c);
    if (!c || c->nresults != 1 || c->results[0].type != op->results[i].type) {
      if (c)
        made[nmade++] = c;
      ok = false;
      break;
    }
    made[nmade++] = c;
    vals[i] = &c->results[0];
  }
  if (ok) {
    for (uint32_t i = 0; i < nmade; i++)
      nl_rewriter_notify_inserted(&d->rw, made[i]);
    nl_rewriter_replace_op(&d->rw, op, vals, n);
  } else {
    /* Undo: the constants made so far are unused. */
    for (uint32_t i = nmade; i-- > 0;)
      nl_op_erase(made[i]);
  }
  if (vals != small_vals) {
    free(vals);
    free(made);
  }
  return ok;
}

/* Pops and processes ops until the worklist is empty; returns whether the
 * IR changed. */
static bool
process_worklist(Driver *d, uint64_t nseeded)
{
  bool changed = false;
  uint64_t nrewrites = 0;
  /* Patterns or folds that keep changing an op in place would loop here
   * forever (MLIR's driver does); a generous bound on the changes of one
   * sweep ends it so that the iteration limit can report the problem. */
  uint64_t nsteps = 0, max_steps = 64 * nseeded + 1024;
  enum { SMALL = 8 };
  NlFoldResult small[SMALL];
  NlOp *op;
  while ((d->cfg.max_rewrites == 0 || nrewrites < d->cfg.max_rewrites) &&
         nsteps < max_steps && (op = wl_pop(&d->wl))) {
    if (nl_op_is_trivially_dead(op)) {
      nl_rewriter_erase_op(&d->rw, op);
      changed = true;
      continue;
    }
    /* Never fold constants: they would fold to themselves forever. */
    if (d->cfg.fold && !(op->def->traits & NL_CONSTANT_LIKE) &&
        (op->def->fold || (op->def->traits & NL_COMMUTATIVE))) {
      NlFoldResult *res =
          op->nresults > SMALL ? nl_xmalloc(op->nresults * sizeof *res) : small;
      bool done = false;
      if (nl_succeeded(nl_op_fold(op, res))) {
        bool in_place = true;
        for (uint32_t i = 0; i < op->nresults; i++)
          if (res[i].value != &op->results[i])
            in_place = false;
        if (in_place) {
          on_modified(d, op);
          changed = done = true;
          nsteps++;
        } else if (apply_fold(d, op, res)) {
          changed = done = true;
        }
      }
      if (res != small)
        free(res);
      if (done)
        continue;
    }
    const PatList *pl = index_lookup(&d->ix, op->def);
    for (uint32_t i = 0; i < pl->n; i++) {
      nl_builder_set_before(&d->rw.b, op);
      if (nl_succeeded(pl->p[i]->match_and_rewrite(op, &d->rw))) {
        changed = true;
        nrewrites++;
        nsteps++;
        break;
      }
    }
  }
  return changed;
}

/* ---- seeding a sweep ----------------------------------------------------- */

typedef struct Seed {
  Driver *d;
  NlConstantTable *consts;
  bool moved;
} Seed;

/* Registers a constant with the table. Returns false when it was a
 * duplicate, now replaced and erased. */
static bool
seed_constant(Seed *s, NlOp *op)
{
  if (!(op->def->traits & NL_CONSTANT_LIKE))
    return true;
  NlAttr *value = nl_op_constant_value(op);
  if (!value)
    return true;
  NlOp *existing =
      nl_constant_table_insert_known(s->consts, op, value, &s->moved);
  if (!existing)
    return true;
  NlValue *v = &existing->results[0];
  nl_rewriter_replace_op(&s->d->rw, op, &v, 1);
  return false;
}

static void
seed_region_pre(Seed *s, NlRegion *r)
{
  NlBlock *b = r->first;
  while (b) {
    NlBlock *nextb = b->next;
    NlOp *op = b->first;
    while (op) {
      NlOp *next = op->next;
      if (seed_constant(s, op)) {
        wl_seed(&s->d->wl, op);
        for (uint32_t i = 0; i < op->nregions; i++)
          seed_region_pre(s, &op->regions[i]);
      }
      op = next;
    }
    b = nextb;
  }
}

static void
seed_region_post(Seed *s, NlRegion *r)
{
  NlBlock *b = r->first;
  while (b) {
    NlBlock *nextb = b->next;
    NlOp *op = b->first;
    while (op) {
      NlOp *next = op->next;
      for (uint32_t i = 0; i < op->nregions; i++)
        seed_region_post(s, &op->regions[i]);
      if (seed_constant(s, op))
        add_to_worklist(s->d, op);
      op = next;
    }
    b = nextb;
  }
}

/* ---- entry point --------------------------------------------------------- */

void
nl_greedy_config_init(NlGreedyConfig *c)
{
  *c = (NlGreedyConfig){
      .max_iterations = 10,
      .max_rewrites = 0,
      .fold = true,
      .top_down = true,
      .region_simplify = true,
  };
}

NlResult
nl_apply_patterns_greedily(NlOp *root, const NlPatternSet *set,
                           const NlGreedyConfig *c, bool *changed)
{
  Driver d = {.ctx = nl_op_context(root), .root = root};
  if (c)
    d.cfg = *c;
  else
    nl_greedy_config_init(&d.cfg);
  index_build(&d.ix, d.ctx, set);
  d.listener = (NlRewriteListener){.ud = &d,
                                   .inserted = on_inserted,
                                   .erasing = on_erasing,
                                   .modified = on_modified};
  nl_rewriter_init(&d.rw, d.ctx, &d.listener);

  bool any = false, again = false;
  uint32_t iteration = 0;
  do {
    if (d.cfg.max_iterations && iteration >= d.cfg.max_iterations)
      break;
    iteration++;
    wl_clear(&d.wl);
    d.seeding = true;
    Seed s = {.d = &d, .consts = nl_constant_table_create(d.ctx)};
    for (uint32_t i = 0; i < root->nregions; i++) {
      if (d.cfg.top_down)
        seed_region_pre(&s, &root->regions[i]);
      else
        seed_region_post(&s, &root->regions[i]);
    }
    d.seeding = false;
    wl_seal(&d.wl, d.cfg.top_down);
    /* The table only serves the seeding: ops may die during the sweep. */
    nl_constant_table_destroy(s.consts);
    any |= s.moved;

    again = process_worklist(&d, d.wl.nseeds + d.wl.n);
    if (d.cfg.region_simplify)
      again |= nl_op_simplify_regions(root);
    any |= again;
  } while (again);

  wl_free(&d.wl);
  index_free(&d.ix);
  free(d.ancestors);
  if (changed)
    *changed = any;
  if (again) {
    nl_op_emit_error(root,
                     "pattern application did not converge after %u "
                     "iterations",
                     d.cfg.max_iterations);
    return nl_failure();
  }
  return nl_success();
}
