/*
 * Operations: the NlOpState builder, creation (one allocation for the op,
 * its results, regions and successors), destruction, cloning, operands,
 * successors and attributes. Block and region manipulation is in block.c,
 * walking in walk.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- NlOpState ----------------------------------------------------------- */

void
nl_op_state_init(NlOpState *st, NlContext *ctx, const NlOpDef *def, NlLoc *loc)
{
  *st = (NlOpState){.ctx = ctx, .def = def, .loc = loc};
}

void
nl_op_state_add_operand(NlOpState *st, NlValue *v)
{
  NL_VEC_PUSH(st->operands, st->noperands, st->operands_cap, v);
}

void
nl_op_state_add_operands(NlOpState *st, NlValue *const *vs, uint32_t n)
{
  NL_VEC_RESERVE(st->operands, st->noperands, st->operands_cap, n);
  for (uint32_t i = 0; i < n; i++)
    st->operands[st->noperands++] = vs[i];
}

void
nl_op_state_add_result(NlOpState *st, NlType *t)
{
  NL_VEC_PUSH(st->result_types, st->nresults, st->results_cap, t);
}

void
nl_op_state_add_results(NlOpState *st, NlType *const *ts, uint32_t n)
{
  NL_VEC_RESERVE(st->result_types, st->nresults, st->results_cap, n);
  for (uint32_t i = 0; i < n; i++)
    st->result_types[st->nresults++] = ts[i];
}

void
nl_op_state_add_attr(NlOpState *st, const char *name, NlAttr *a)
{
  nl_op_state_add_attr_ident(st, nl_ident_cstr(st->ctx, name), a);
}

void
nl_op_state_add_attr_ident(NlOpState *st, NlIdent *name, NlAttr *a)
{
  NlNamedAttr na = {name, a};
  NL_VEC_PUSH(st->attrs, st->nattrs, st->attrs_cap, na);
}

NlRegion *
nl_op_state_add_region(NlOpState *st)
{
  NlRegion *r = nl_region_create();
  NL_VEC_PUSH(st->regions, st->nregions, st->regions_cap, r);
  return r;
}

void
nl_op_state_add_successor(NlOpState *st, NlBlock *b)
{
  NL_VEC_PUSH(st->successors, st->nsuccessors, st->successors_cap, b);
}

void
nl_op_state_fini(NlOpState *st)
{
  for (uint32_t i = 0; i < st->nregions; i++)
    nl_region_destroy(st->regions[i]);
  free(st->operands);
  free(st->result_types);
  free(st->attrs);
  free(st->regions);
  free(st->successors);
  NlContext *ctx = st->ctx;
  *st = (NlOpState){.ctx = ctx};
}

/* ---- creation and destruction -------------------------------------------- */

/* The operand array of ops without operands (never written or freed:
 * operands_cap stays 0). */
static const NlUse no_uses[1];

/* Allocates an op with the given counts; results are typed by the caller,
 * regions are empty and successors NULL. Operand slots are unlinked. */
static NlOp *
op_alloc(NlContext *ctx, const NlOpDef *def, NlLoc *loc, uint32_t noperands,
         uint32_t nresults, uint32_t nregions, uint32_t nsuccessors)
{
  size_t size = sizeof(NlOpAlloc) + (size_t)nresults * sizeof(NlValue) +
                (size_t)nregions * sizeof(NlRegion) +
                (size_t)nsuccessors * sizeof(NlBlock *) +
                (size_t)noperands * sizeof(NlUse);
  NlOpAlloc *a = nl_xmalloc(size);
  a->ctx = ctx;
  a->operands_cap = noperands;
  a->operands_heap = false;
  NlOp *op = &a->op;
  char *tail = (char *)(a + 1);
  *op = (NlOp){
      .def = def,
      .loc = loc ? loc : nl_loc_unknown(ctx),
      .noperands = noperands,
      .nresults = nresults,
      .results = (NlValue *)tail,
      .nregions = nregions,
      .nsuccessors = nsuccessors,
      .attrs = nl_attr_dict_empty(ctx),
  };
  /* Empty arrays still get a valid (one-past-the-end) address, so that
   * `op->results + n` and the like are always defined. */
  tail += (size_t)nresults * sizeof(NlValue);
  op->regions = (NlRegion *)tail;
  tail += (size_t)nregions * sizeof(NlRegion);
  op->successors = (NlBlock **)tail;
  tail += (size_t)nsuccessors * sizeof(NlBlock *);
  for (uint32_t i = 0; i < nresults; i++)
    op->results[i] =
        (NlValue){.owner = op, .index = i, .kind = NL_VALUE_RESULT};
  for (uint32_t i = 0; i < nregions; i++)
    op->regions[i] = (NlRegion){.parent = op};
  for (uint32_t i = 0; i < nsuccessors; i++)
    op->successors[i] = NULL;
  op->operands = noperands ? (NlUse *)tail : (NlUse *)no_uses;
  for (uint32_t i = 0; i < noperands; i++)
    op->operands[i] = (NlUse){.owner = op};
  return op;
}

NlOp *
nl_op_create(NlOpState *st)
{
  nl_assert(st->def != NULL);
  NlOp *op = op_alloc(st->ctx, st->def, st->loc, st->noperands, st->nresults,
                      st->nregions, st->nsuccessors);
  for (uint32_t i = 0; i < st->noperands; i++)
    nl_use_link(&op->operands[i], st->operands[i]);
  for (uint32_t i = 0; i < st->nresults; i++)
    op->results[i].type = st->result_types[i];
  for (uint32_t i = 0; i < st->nregions; i++)
    nl_region_take_body(&op->regions[i], st->regions[i]);
  for (uint32_t i = 0; i < st->nsuccessors; i++)
    op->successors[i] = st->successors[i];
  if (st->nattrs)
    op->attrs = nl_attr_dict(st->ctx, st->attrs, st->nattrs);
  op->props = st->props;
  return op;
}

void
nl_op_destroy_nodrop(NlOp *op)
{
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *r = &op->regions[i];
    NlBlock *b = r->first;
    while (b) {
      NlBlock *next = b->next;
      b->parent = NULL;
      nl_block_destroy_nodrop(b);
      b = next;
    }
    r->first = r->last = NULL;
  }
  /* A result still in use outside of the destroyed tree is a bug in the
   * caller (MLIR asserts the same). */
  for (uint32_t i = 0; i < op->nresults; i++)
    nl_assert(op->results[i].uses == NULL);
  if (nl_op_alloc_of(op)->operands_heap)
    free(op->operands);
  free(nl_op_alloc_of(op));
}

void
nl_op_destroy(NlOp *op)
{
  if (!op)
    return;
  nl_assert(op->parent == NULL);
  nl_op_drop_all_uses_of_operands(op);
  nl_op_destroy_nodrop(op);
}

void
nl_op_erase(NlOp *op)
{
  if (op->parent)
    nl_op_remove(op);
  nl_op_destroy(op);
}

void
nl_op_remove(NlOp *op)
{
  NlBlock *b = op->parent;
  if (!b)
    return;
  if (op->prev)
    op->prev->next = op->next;
  else
    b->first = op->next;
  if (op->next)
    op->next->prev = op->prev;
  else
    b->last = op->prev;
  op->prev = op->next = NULL;
  op->parent = NULL;
}

void
nl_op_drop_all_uses_of_operands(NlOp *op)
{
  for (uint32_t i = 0; i < op->noperands; i++) {
    nl_use_unlink(&op->operands[i]);
    op->operands[i].value = NULL;
  }
  for (uint32_t i = 0; i < op->nregions; i++)
    nl_region_drop_all_uses(&op->regions[i]);
}

/* ---- cloning ------------------------------------------------------------- */

typedef struct CloneState {
  NlContext *ctx;
  NlPtrMap map;    /* old value/block -> new value/block */
  NlUse **pending; /* operands whose value was not mapped when cloned */
  size_t npending, pending_cap;
} CloneState;

static NlOp *
clone_op(CloneState *cs, NlOp *op)
{
  NlOp *c = op_alloc(cs->ctx, op->def, op->loc, op->noperands, op->nresults,
                     op->nregions, op->nsuccessors);
  c->attrs = op->attrs;
  c->props = op->props;
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = op->operands[i].value;
    NlValue *nv = v ? nl_ptrmap_get(&cs->map, v) : NULL;
    nl_use_link(&c->operands[i], nv ? nv : v);
    if (v && !nv)
      NL_VEC_PUSH(cs->pending, cs->npending, cs->pending_cap, &c->operands[i]);
  }
  for (uint32_t i = 0; i < op->nresults; i++) {
    c->results[i].type = op->results[i].type;
    nl_ptrmap_put(&cs->map, &op->results[i], &c->results[i]);
  }
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *src = &op->regions[i], *dst = &c->regions[i];
    /* All blocks first, so that branches and uses across blocks in any
     * layout order find their targets. */
    nl_region_foreach_block(src, b)
    {
      NlBlock *nb = nl_block_create();
      for (uint32_t j = 0; j < b->nargs; j++) {
        NlValue *a = b->args[j];
        nl_ptrmap_put(&cs->map, a, nl_block_add_arg(nb, a->type, a->loc));
      }
      nl_ptrmap_put(&cs->map, b, nb);
      nl_region_append_block(dst, nb);
    }
    nl_region_foreach_block(src, b)
    {
      NlBlock *nb = nl_ptrmap_get(&cs->map, b);
      nl_block_foreach_op(b, o) { nl_block_append_op(nb, clone_op(cs, o)); }
    }
  }
  for (uint32_t i = 0; i < op->nsuccessors; i++) {
    NlBlock *s = op->successors[i];
    NlBlock *ns = s ? nl_ptrmap_get(&cs->map, s) : NULL;
    c->successors[i] = ns ? ns : s;
  }
  return c;
}

NlOp *
nl_op_clone(NlOp *op)
{
  CloneState cs = {.ctx = nl_op_context(op)};
  NlOp *c = clone_op(&cs, op);
  /* Operands that were used before their definition was cloned (graph
   * regions, blocks laid out before their dominator). */
  for (size_t i = 0; i < cs.npending; i++) {
    NlUse *u = cs.pending[i];
    NlValue *nv = nl_ptrmap_get(&cs.map, u->value);
    if (nv)
      nl_use_set(u, nv);
  }
  free(cs.pending);
  nl_ptrmap_free(&cs.map);
  return c;
}

/* ---- queries ------------------------------------------------------------- */

NlContext *
nl_op_context(const NlOp *op)
{
  return nl_op_alloc_of(op)->ctx;
}

const char *
nl_op_name(const NlOp *op)
{
  return op->def->name;
}

bool
nl_op_is(const NlOp *op, const char *name)
{
  return strcmp(op->def->name, name) == 0;
}

bool
nl_op_has_trait(const NlOp *op, uint32_t trait)
{
  return (op->def->traits & trait) == trait;
}

NlOp *
nl_op_parent_op(const NlOp *op)
{
  if (!op->parent || !op->parent->parent)
    return NULL;
  return op->parent->parent->parent;
}

NlOp *
nl_op_ancestor_with_trait(NlOp *op, uint32_t trait)
{
  for (NlOp *p = nl_op_parent_op(op); p; p = nl_op_parent_op(p))
    if (nl_op_has_trait(p, trait))
      return p;
  return NULL;
}

bool
nl_op_is_ancestor(const NlOp *ancestor, const NlOp *op)
{
  for (const NlOp *p = op; p; p = nl_op_parent_op(p))
    if (p == ancestor)
      return true;
  return false;
}

/* ---- operands, successors, attributes ------------------------------------ */

void
nl_op_set_operand(NlOp *op, uint32_t i, NlValue *v)
{
  nl_assert(i < op->noperands);
  nl_use_set(&op->operands[i], v);
}

void
nl_op_set_operands(NlOp *op, NlValue *const *vs, uint32_t n)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    nl_use_unlink(&op->operands[i]);
  NlOpAlloc *a = nl_op_alloc_of(op);
  if (n > a->operands_cap) {
    /* Every slot is unlinked, so the array may move. */
    if (a->operands_heap)
      free(op->operands);
    op->operands = nl_xmalloc(n * sizeof(NlUse));
    a->operands_cap = n;
    a->operands_heap = true;
  }
  for (uint32_t i = 0; i < n; i++) {
    op->operands[i].owner = op;
    nl_use_link(&op->operands[i], vs[i]);
  }
  op->noperands = n;
}

void
nl_op_set_successor(NlOp *op, uint32_t i, NlBlock *b)
{
  nl_assert(i < op->nsuccessors);
  op->successors[i] = b;
}

NlAttr *
nl_op_attr(const NlOp *op, const char *name)
{
  return nl_attr_dict_get(op->attrs, name);
}

void
nl_op_set_attr(NlOp *op, const char *name, NlAttr *value)
{
  NlContext *ctx = nl_op_context(op);
  nl_op_set_attr_ident(op, nl_ident_cstr(ctx, name), value);
}

void
nl_op_set_attr_ident(NlOp *op, NlIdent *name, NlAttr *value)
{
  op->attrs = nl_attr_dict_set(nl_op_context(op), op->attrs, name, value);
}

void
nl_op_set_attrs(NlOp *op, NlAttr *dict)
{
  if (!dict)
    dict = nl_attr_dict_empty(nl_op_context(op));
  nl_assert(dict->kind == NL_ATTR_DICT);
  op->attrs = dict;
}
