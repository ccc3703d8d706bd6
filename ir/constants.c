/*
 * The constant table (MLIR's OperationFolder): constant ops uniqued per
 * insertion region, dialect, value and type, living at the start of the
 * entry block of the nearest isolated region. The greedy driver uses it to
 * hoist and deduplicate the constants of a region at the start of each
 * sweep; SCCP uses it to materialize the constants it proves.
 */
#include <stdlib.h>

#include "rewrite_internal.h"

typedef struct Entry {
  NlRegion *region; /* NULL = empty slot */
  const NlDialect *dialect;
  NlAttr *value;
  NlType *type;
  NlOp *op;
} Entry;

struct NlConstantTable {
  NlContext *ctx;
  Entry *slots;
  uint32_t cap, len; /* cap: 0 or a power of two */
  NlPtrMap owned;    /* op -> op for every op the table holds */
};

NlConstantTable *
nl_constant_table_create(NlContext *ctx)
{
  NlConstantTable *t = nl_xcalloc(1, sizeof *t);
  t->ctx = ctx;
  return t;
}

void
nl_constant_table_destroy(NlConstantTable *t)
{
  if (!t)
    return;
  free(t->slots);
  nl_ptrmap_free(&t->owned);
  free(t);
}

static uint32_t
key_hash(NlRegion *r, const NlDialect *d, NlAttr *v, NlType *ty)
{
  uint32_t h = nl_hash_ptr(r);
  h = nl_hash_combine(h, nl_hash_ptr(d));
  h = nl_hash_combine(h, nl_hash_ptr(v));
  return nl_hash_combine(h, nl_hash_ptr(ty));
}

/* The slot of the key, or the empty slot where it would go. */
static Entry *
find(NlConstantTable *t, NlRegion *r, const NlDialect *d, NlAttr *v, NlType *ty)
{
  uint32_t mask = t->cap - 1;
  uint32_t i = key_hash(r, d, v, ty) & mask;
  for (;;) {
    Entry *e = &t->slots[i];
    if (!e->region ||
        (e->region == r && e->dialect == d && e->value == v && e->type == ty))
      return e;
    i = (i + 1) & mask;
  }
}

static void
grow(NlConstantTable *t)
{
  Entry *old = t->slots;
  uint32_t oldcap = t->cap;
  t->cap = oldcap ? oldcap * 2 : 64;
  t->slots = nl_xcalloc(t->cap, sizeof *t->slots);
  for (uint32_t i = 0; i < oldcap; i++)
    if (old[i].region)
      *find(t, old[i].region, old[i].dialect, old[i].value, old[i].type) =
          old[i];
  free(old);
}

static void
put(NlConstantTable *t, NlRegion *r, const NlDialect *d, NlAttr *v, NlType *ty,
    NlOp *op)
{
  if ((t->len + 1) * 4 > t->cap * 3)
    grow(t);
  Entry *e = find(t, r, d, v, ty);
  if (!e->region)
    t->len++;
  *e = (Entry){r, d, v, ty, op};
  nl_ptrmap_put(&t->owned, op, op);
}

/* Removes every entry naming op (linear probing: re-insert the rest of
 * the run). */
static void
remove_entry(NlConstantTable *t, Entry *e)
{
  uint32_t mask = t->cap - 1;
  uint32_t i = (uint32_t)(e - t->slots);
  t->slots[i].region = NULL;
  t->len--;
  for (uint32_t j = (i + 1) & mask; t->slots[j].region; j = (j + 1) & mask) {
    Entry moved = t->slots[j];
    t->slots[j].region = NULL;
    *find(t, moved.region, moved.dialect, moved.value, moved.type) = moved;
  }
}

NlRegion *
nl_constant_insertion_region(NlBlock *b)
{
  while (b && b->parent) {
    NlRegion *r = b->parent;
    NlOp *p = r->parent;
    if (!p || !p->parent ||
        (p->def->traits & (NL_ISOLATED_FROM_ABOVE | NL_UNREGISTERED)))
      return r;
    b = p->parent;
  }
  return NULL;
}

static bool
owned(NlConstantTable *t, NlOp *op)
{
  return op && nl_ptrmap_has(&t->owned, op);
}

/* Moves op to the start of block b. */
static void
move_to_front(NlOp *op, NlBlock *b)
{
  nl_op_remove(op);
  nl_block_prepend_op(b, op);
}

NlOp *
nl_constant_table_insert_known(NlConstantTable *t, NlOp *op, NlAttr *value,
                               bool *moved)
{
  NlBlock *b = op->parent;
  if (owned(t, op)) {
    /* Re-hoist if something else was inserted before it. */
    if (b->first != op && !owned(t, op->prev)) {
      move_to_front(op, b);
      *moved = true;
    }
    return NULL;
  }
  NlRegion *r = nl_constant_insertion_region(b);
  if (!r || op->nresults != 1)
    return NULL;
  const NlDialect *d = op->def->dialect;
  NlType *ty = op->results[0].type;
  if (t->cap) {
    Entry *e = find(t, r, d, value, ty);
    if (e->region)
      return e->op;
  }
  NlBlock *entry = r->first;
  if (b != entry || (entry->first != op && !owned(t, op->prev))) {
    move_to_front(op, entry);
    *moved = true;
  }
  put(t, r, d, value, ty, op);
  return NULL;
}

NlValue *
nl_constant_table_get(NlConstantTable *t, NlBlock *block,
                      const NlDialect *dialect, NlAttr *value, NlType *type,
                      NlLoc *loc)
{
  NlRegion *r = nl_constant_insertion_region(block);
  if (!r || !r->first || !dialect || !dialect->materialize_constant)
    return NULL;
  if (t->cap) {
    Entry *e = find(t, r, dialect, value, type);
    if (e->region)
      return &e->op->results[0];
  }
  NlBuilder b;
  nl_builder_init(&b, t->ctx);
  nl_builder_set_start(&b, r->first);
  NlOp *op = dialect->materialize_constant(&b, value, type, loc);
  if (!op)
    return NULL;
  if (op->nresults != 1 || op->results[0].type != type) {
    /* A broken hook; do not use what it made. */
    if (!op->parent)
      nl_op_destroy(op);
    else if (!op->results[0].uses)
      nl_op_erase(op);
    return NULL;
  }
  if (!op->parent)
    nl_block_prepend_op(r->first, op);
  const NlDialect *actual = op->def->dialect;
  if (actual && actual != dialect) {
    /* Materialized in another dialect: reuse that dialect's constant if the
     * table already has one. */
    if (t->cap) {
      Entry *e = find(t, r, actual, value, type);
      if (e->region) {
        nl_op_erase(op);
        put(t, r, dialect, value, type, e->op);
        return &e->op->results[0];
      }
    }
    put(t, r, actual, value, type, op);
  }
  put(t, r, dialect, value, type, op);
  return &op->results[0];
}

void
nl_constant_table_forget(NlConstantTable *t, NlOp *op)
{
  if (!owned(t, op))
    return;
  nl_ptrmap_del(&t->owned, op);
  for (uint32_t i = 0; i < t->cap; i++) {
    if (t->slots[i].region && t->slots[i].op == op) {
      remove_entry(t, &t->slots[i]);
      i--; /* the slot may now hold a moved entry */
    }
  }
}
