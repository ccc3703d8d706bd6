/*
 * NlSymbolCache: hashed views of symbol tables, built on first use and
 * shared by many lookups (MLIR's SymbolTableCollection). The verifier hands
 * one to every verify_symbol_uses hook, so that checking N calls against a
 * module of M functions costs O(N + M) rather than O(N * M). It is not kept
 * up to date when the IR changes.
 */
#include <stdlib.h>

#include "internal.h"

struct NlSymbolCache {
  NlPtrMap tables; /* symbol table op -> NlPtrMap* (NlIdent* -> NlOp*) */
};

NlSymbolCache *
nl_symbol_cache_create(void)
{
  return nl_xcalloc(1, sizeof(NlSymbolCache));
}

void
nl_symbol_cache_destroy(NlSymbolCache *c)
{
  if (!c)
    return;
  for (uint32_t i = 0; i < c->tables.cap; i++) {
    if (!c->tables.keys[i])
      continue;
    NlPtrMap *t = c->tables.vals[i];
    nl_ptrmap_free(t);
    free(t);
  }
  nl_ptrmap_free(&c->tables);
  free(c);
}

/* The interned sym_name of op when it is a string attribute (in the
 * attribute dictionary or, for ops read from MLIR's generic form, in the
 * properties), else NULL. Any op with such a name is a symbol of its
 * table, as in MLIR. */
static NlIdent *
sym_name_of(const NlOp *op)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, "sym_name");
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, "sym_name");
  return a && a->kind == NL_ATTR_STRING ? a->str.value : NULL;
}

/* The map of table's symbols; the first definition of a name wins (the
 * verifier reports the others). */
static NlPtrMap *
table_of(NlSymbolCache *c, NlOp *table)
{
  NlPtrMap *t = nl_ptrmap_get(&c->tables, table);
  if (t)
    return t;
  t = nl_xcalloc(1, sizeof(NlPtrMap));
  if (table->nregions > 0) {
    nl_region_foreach_block(&table->regions[0], b)
    {
      nl_block_foreach_op(b, op)
      {
        NlIdent *name = sym_name_of(op);
        if (name && !nl_ptrmap_has(t, name))
          nl_ptrmap_put(t, name, op);
      }
    }
  }
  nl_ptrmap_put(&c->tables, table, t);
  return t;
}

NlOp *
nl_symbol_cache_lookup_in(NlSymbolCache *c, NlOp *table, NlIdent *name)
{
  if (!table || !name)
    return NULL;
  return nl_ptrmap_get(table_of(c, table), name);
}

NlOp *
nl_symbol_cache_lookup_ref(NlSymbolCache *c, NlOp *from, const NlAttr *symref)
{
  if (!symref || symref->kind != NL_ATTR_SYMBOL_REF)
    return NULL;
  NlOp *table = from;
  while (table && !nl_op_has_trait(table, NL_SYMBOL_TABLE))
    table = nl_op_parent_op(table);
  if (!table)
    return NULL;
  NlOp *op = nl_symbol_cache_lookup_in(c, table, symref->symref.root);
  for (uint32_t i = 0; op && i < symref->symref.nnested; i++) {
    if (!nl_op_has_trait(op, NL_SYMBOL_TABLE))
      return NULL;
    op = nl_symbol_cache_lookup_in(c, op, symref->symref.nested[i]);
  }
  return op;
}
