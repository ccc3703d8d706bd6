/*
 * Symbols and symbol tables: ops with a `sym_name` string attribute inside
 * the first region of an op with the NL_SYMBOL_TABLE trait. Lookups by name
 * (linear, or hashed through NlSymbolTable), nested references @a::@b, and
 * insertion with renaming on conflicts.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

NlIdent *
nl_symbol_name(const NlOp *op)
{
  NlContext *ctx = nl_op_context(op);
  NlAttr *a = nl_attr_dict_get_ident(op->attrs, ctx->id_sym_name);
  return a && a->kind == NL_ATTR_STRING ? a->str.value : NULL;
}

NlOp *
nl_symbol_lookup_in(NlOp *table, NlIdent *name)
{
  if (!table || table->nregions == 0)
    return NULL;
  nl_region_foreach_block(&table->regions[0], b)
  {
    nl_block_foreach_op(b, op)
    {
      if (nl_symbol_name(op) == name)
        return op;
    }
  }
  return NULL;
}

NlOp *
nl_symbol_lookup_ref(NlOp *from, const NlAttr *symref)
{
  if (!from || !symref || symref->kind != NL_ATTR_SYMBOL_REF)
    return NULL;
  /* The nearest symbol table that is `from` or one of its ancestors. */
  NlOp *table = from;
  while (table && !nl_op_has_trait(table, NL_SYMBOL_TABLE))
    table = nl_op_parent_op(table);
  if (!table)
    return NULL;
  NlOp *op = nl_symbol_lookup_in(table, symref->symref.root);
  for (uint32_t i = 0; op && i < symref->symref.nnested; i++) {
    if (!nl_op_has_trait(op, NL_SYMBOL_TABLE))
      return NULL;
    op = nl_symbol_lookup_in(op, symref->symref.nested[i]);
  }
  return op;
}

/* ---- hashed symbol tables ------------------------------------------------ */

struct NlSymbolTable {
  NlOp *op;
  NlContext *ctx;
  NlPtrMap names;   /* NlIdent* -> NlOp* */
  uint32_t counter; /* next suffix tried when renaming (from 1) */
};

NlSymbolTable *
nl_symbol_table_create(NlOp *table)
{
  NlSymbolTable *t = nl_xcalloc(1, sizeof *t);
  t->op = table;
  t->counter = 1;
  t->ctx = nl_op_context(table);
  if (table->nregions == 0)
    return t;
  nl_region_foreach_block(&table->regions[0], b)
  {
    nl_block_foreach_op(b, op)
    {
      NlIdent *name = nl_symbol_name(op);
      /* Keep the first definition of a duplicated name (the verifier
       * reports duplicates). */
      if (name && !nl_ptrmap_has(&t->names, name))
        nl_ptrmap_put(&t->names, name, op);
    }
  }
  return t;
}

NlOp *
nl_symbol_table_lookup(NlSymbolTable *t, NlIdent *name)
{
  return name ? nl_ptrmap_get(&t->names, name) : NULL;
}

/* The block symbols are inserted into: the first block of region 0,
 * created if the region is empty. */
static NlBlock *
body_block(NlSymbolTable *t)
{
  nl_assert(t->op->nregions > 0);
  NlRegion *r = &t->op->regions[0];
  if (!r->first)
    nl_region_append_block(r, nl_block_create());
  return r->first;
}

NlIdent *
nl_symbol_table_insert(NlSymbolTable *t, NlOp *op)
{
  NlBlock *body = body_block(t);
  if (!op->parent) {
    /* Before a terminator, if the body has one. */
    NlOp *last = body->last;
    if (last && nl_op_has_trait(last, NL_TERMINATOR))
      nl_block_insert_op_before(last, op);
    else
      nl_block_append_op(body, op);
  }
  NlIdent *name = nl_symbol_name(op);
  if (!name)
    return NULL;
  NlOp *existing = nl_ptrmap_get(&t->names, name);
  if (existing && existing != op) {
    NlBuf b = {0};
    NlIdent *fresh;
    do {
      b.len = 0;
      nl_buf_append(&b, name->str, name->len);
      nl_buf_printf(&b, "_%u", (unsigned)t->counter++);
      fresh = nl_ident_get(t->ctx, b.data, b.len);
    } while (nl_ptrmap_has(&t->names, fresh));
    nl_buf_free(&b);
    nl_op_set_attr_ident(op, t->ctx->id_sym_name,
                         nl_attr_string(t->ctx, fresh->str, fresh->len, NULL));
    name = fresh;
  }
  nl_ptrmap_put(&t->names, name, op);
  return name;
}

void
nl_symbol_table_erase(NlSymbolTable *t, NlOp *op)
{
  NlIdent *name = nl_symbol_name(op);
  if (name && nl_ptrmap_get(&t->names, name) == op)
    nl_ptrmap_del(&t->names, name);
  nl_op_erase(op);
}

void
nl_symbol_table_destroy(NlSymbolTable *t)
{
  if (!t)
    return;
  nl_ptrmap_free(&t->names);
  free(t);
}
