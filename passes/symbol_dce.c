/*
 * symbol-dce: erases the private symbols nothing live refers to, with MLIR's
 * SymbolDCE semantics. Starting from the non-symbol ops and the symbols that
 * cannot be discarded (public or nested ones), every symbol reference found
 * in their attributes (and in the ops nested in them) marks the symbols it
 * names live, transitively. A symbol can go when it is not public (MLIR's
 * default canDiscardOnUseEmpty) and is private or in a hidden table: the
 * top-level table (unless it is a non-private symbol nested in something),
 * or a table nested in a hidden one, or a private or non-symbol table.
 * Nested symbol tables are handled recursively. The anchor must be a
 * symbol table.
 */
#include <string.h>

#include "passes.h"
#include "ptrmap.h"

typedef struct Dce {
  NlContext *ctx;
  NlSymbolCache *cache;
  PtrMap live; /* live symbol ops */
  NlOp **work; /* ops whose symbol uses are still to be followed */
  size_t nwork, work_cap;
} Dce;

static bool
is_symbol(NlOp *op)
{
  return (op->def->traits & NL_SYMBOL) && nl_symbol_name(op);
}

/* sym_visibility: public (absent), private or nested. */
static bool
visibility_is(NlOp *op, const char *vis)
{
  NlAttr *v = nl_op_attr(op, "sym_visibility");
  if (!v && op->props)
    v = nl_attr_dict_get(op->props, "sym_visibility");
  if (!v || v->kind != NL_ATTR_STRING)
    return strcmp(vis, "public") == 0;
  size_t n = strlen(vis);
  return v->str.value->len == n && memcmp(v->str.value->str, vis, n) == 0;
}

static bool
is_private(NlOp *op)
{
  return visibility_is(op, "private");
}

static void
push(Dce *d, NlOp *op)
{
  NL_VEC_PUSH(d->work, d->nwork, d->work_cap, op);
}

static void
mark_live(Dce *d, NlOp *op)
{
  if (ptrmap_has(&d->live, op))
    return;
  ptrmap_put(&d->live, op, op);
  push(d, op);
}

/* Marks the symbols named by ref (every one along a nested reference),
 * resolved in symbol table `table`. Unknown names are ignored. */
static void
resolve(Dce *d, NlOp *table, NlAttr *ref)
{
  NlOp *s = nl_symbol_cache_lookup_in(d->cache, table, ref->symref.root);
  for (uint32_t i = 0; s; i++) {
    mark_live(d, s);
    if (i == ref->symref.nnested || !(s->def->traits & NL_SYMBOL_TABLE))
      break;
    s = nl_symbol_cache_lookup_in(d->cache, s, ref->symref.nested[i]);
  }
}

static void
attr_uses(Dce *d, NlOp *table, NlAttr *a)
{
  if (!a)
    return;
  switch (a->kind) {
  case NL_ATTR_SYMBOL_REF:
    resolve(d, table, a);
    break;
  case NL_ATTR_ARRAY:
    for (uint32_t i = 0; i < a->array.n; i++)
      attr_uses(d, table, a->array.elems[i]);
    break;
  case NL_ATTR_DICT:
    for (uint32_t i = 0; i < a->dict.n; i++)
      attr_uses(d, table, a->dict.entries[i].value);
    break;
  default:
    break;
  }
}

/* The symbol uses of op and the ops nested in it, not entering nested
 * symbol tables (their names live in their own scope). */
static void
op_uses(Dce *d, NlOp *table, NlOp *op)
{
  attr_uses(d, table, op->attrs);
  attr_uses(d, table, op->props);
  if (op->def->traits & NL_SYMBOL_TABLE)
    return;
  for (uint32_t i = 0; i < op->nregions; i++)
    nl_region_foreach_block(&op->regions[i], b)
    {
      nl_block_foreach_op(b, n) op_uses(d, table, n);
    }
}

static void
compute_liveness(Dce *d, NlOp *table, bool hidden)
{
  size_t base = d->nwork;
  for (uint32_t i = 0; i < table->nregions; i++)
    nl_region_foreach_block(&table->regions[i], b)
    {
      nl_block_foreach_op(b, op)
      {
        if (!is_symbol(op)) {
          push(d, op);
          continue;
        }
        bool discardable =
            (hidden || is_private(op)) && !visibility_is(op, "public");
        if (!discardable)
          mark_live(d, op);
      }
    }
  while (d->nwork > base) {
    NlOp *op = d->work[--d->nwork];
    if (op->def->traits & NL_SYMBOL_TABLE)
      compute_liveness(d, op, hidden || !is_symbol(op) || is_private(op));
    /* References resolve in the table that holds op. */
    NlOp *scope = nl_op_parent_op(op);
    op_uses(d, scope ? scope : table, op);
  }
}

/* Collects the dead symbols of every symbol table under `table`. */
static void
collect_dead(Dce *d, NlOp *table, NlOp ***dead, size_t *n, size_t *cap)
{
  for (uint32_t i = 0; i < table->nregions; i++)
    nl_region_foreach_block(&table->regions[i], b)
    {
      nl_block_foreach_op(b, op)
      {
        if (is_symbol(op) && !ptrmap_has(&d->live, op)) {
          NL_VEC_PUSH(*dead, *n, *cap, op);
          continue;
        }
        if (op->def->traits & NL_SYMBOL_TABLE)
          collect_dead(d, op, dead, n, cap);
      }
    }
}

NlResult
nl_symbol_dce_run(NlOp *anchor, NlPassState *ps)
{
  if (!(anchor->def->traits & NL_SYMBOL_TABLE)) {
    nl_op_emit_error(anchor, "was scheduled to run under symbol-dce, but "
                             "does not define a symbol table");
    return nl_failure();
  }
  Dce d = {.ctx = nl_pass_context(ps), .cache = nl_symbol_cache_create()};
  bool hidden = true;
  if (anchor->parent && is_symbol(anchor))
    hidden = is_private(anchor);
  compute_liveness(&d, anchor, hidden);

  NlOp **dead = NULL;
  size_t n = 0, cap = 0;
  collect_dead(&d, anchor, &dead, &n, &cap);
  for (size_t i = 0; i < n; i++)
    nl_op_erase(dead[i]);
  if (!n)
    nl_pass_mark_unchanged(ps);
  free(dead);
  free(d.work);
  ptrmap_free(&d.live);
  nl_symbol_cache_destroy(d.cache);
  return nl_success();
}
