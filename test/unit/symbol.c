// RUN: nl-unit-symbol 2>&1 | FileCheck %s
//
// Symbol tables: lookups by name (linear and hashed), nested references
// @outer::@inner, insertion with renaming, erasure.

#include "unit.h"

static NlOp *
module(NlContext *ctx, const char *name)
{
  NlOp *m = unit_op(ctx, "t.module", NULL, 0, NULL, 0, 1, NULL, 0);
  nl_region_append_block(nl_op_region(m, 0), nl_block_create());
  if (name)
    nl_op_set_attr(m, "sym_name", nl_attr_string_cstr(ctx, name));
  return m;
}

static NlOp *
func(NlContext *ctx, const char *name)
{
  NlOp *f = unit_op(ctx, "t.func", NULL, 0, NULL, 0, 1, NULL, 0);
  nl_op_set_attr(f, "sym_name", nl_attr_string_cstr(ctx, name));
  return f;
}

// CHECK: lookup: ok
static void
test_lookup(NlContext *ctx)
{
  NlOp *top = module(ctx, NULL);
  NlBlock *body = nl_op_region(top, 0)->first;
  NlOp *fa = func(ctx, "a"), *fb = func(ctx, "b");
  NlOp *inner = module(ctx, "inner");
  NlOp *fc = func(ctx, "c");
  nl_block_append_op(body, fa);
  nl_block_append_op(body, fb);
  nl_block_append_op(body, inner);
  nl_block_append_op(nl_op_region(inner, 0)->first, fc);
  /* an op inside fa, to resolve references from */
  NlBlock *fab = nl_block_create();
  nl_region_append_block(nl_op_region(fa, 0), fab);
  NlOp *user = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 0, NULL, 0);
  nl_block_append_op(fab, user);

  NlIdent *a = nl_ident_cstr(ctx, "a"), *c = nl_ident_cstr(ctx, "c");
  NlIdent *in = nl_ident_cstr(ctx, "inner");
  CHECK(nl_symbol_name(fa) == a && nl_symbol_name(user) == NULL);
  CHECK(nl_symbol_lookup_in(top, a) == fa);
  CHECK(nl_symbol_lookup_in(top, c) == NULL);
  CHECK(nl_symbol_lookup_in(inner, c) == fc);
  CHECK(nl_op_ancestor_with_trait(user, NL_SYMBOL_TABLE) == top);
  NlAttr *ref_b = nl_attr_symref(ctx, nl_ident_cstr(ctx, "b"), NULL, 0);
  NlAttr *ref_ic = nl_attr_symref(ctx, in, &c, 1);
  NlAttr *ref_ia = nl_attr_symref(ctx, in, &a, 1);
  NlAttr *ref_bc = nl_attr_symref(ctx, nl_ident_cstr(ctx, "b"), &c, 1);
  CHECK(nl_symbol_lookup_ref(user, ref_b) == fb);
  CHECK(nl_symbol_lookup_ref(user, ref_ic) == fc);
  CHECK(nl_symbol_lookup_ref(user, ref_ia) == NULL);
  CHECK(nl_symbol_lookup_ref(user, ref_bc) == NULL); /* b is no table */
  CHECK(nl_symbol_lookup_ref(top, ref_b) == fb);     /* from the table */
  CHECK(nl_symbol_lookup_ref(fc, ref_b) == NULL);    /* nearest: inner */

  NlSymbolTable *t = nl_symbol_table_create(top);
  CHECK(nl_symbol_table_lookup(t, a) == fa);
  CHECK(nl_symbol_table_lookup(t, in) == inner);
  CHECK(nl_symbol_table_lookup(t, c) == NULL);
  nl_symbol_table_destroy(t);
  nl_op_destroy(top);
  unit_report("lookup");
}

// CHECK: insert: ok
static void
test_insert(NlContext *ctx)
{
  NlOp *top = module(ctx, NULL);
  NlSymbolTable *t = nl_symbol_table_create(top);
  NlIdent *f = nl_ident_cstr(ctx, "f");
  NlOp *f0 = func(ctx, "f");
  CHECK(nl_symbol_table_insert(t, f0) == f);
  NlOp *f1 = func(ctx, "f");
  NlIdent *n1 = nl_symbol_table_insert(t, f1);
  CHECK_STR(n1->str, "f_1");
  CHECK(nl_symbol_name(f1) == n1);
  NlOp *f2 = func(ctx, "f");
  CHECK_STR(nl_symbol_table_insert(t, f2)->str, "f_2");
  /* a name that collides with a renamed one */
  NlOp *g = func(ctx, "f_3");
  CHECK_STR(nl_symbol_table_insert(t, g)->str, "f_3");
  NlOp *f3 = func(ctx, "f");
  CHECK_STR(nl_symbol_table_insert(t, f3)->str, "f_4");
  CHECK(nl_symbol_table_lookup(t, n1) == f1);
  NlBlock *body = nl_op_region(top, 0)->first;
  CHECK(body->first == f0 && body->last == f3 && f1->parent == body);
  nl_symbol_table_erase(t, f1);
  CHECK(nl_symbol_table_lookup(t, n1) == NULL);
  CHECK(nl_symbol_lookup_in(top, n1) == NULL && f0->next == f2);
  NlOp *f4 = func(ctx, "f_1");
  CHECK(nl_symbol_table_insert(t, f4) == n1); /* the name is free again */
  nl_symbol_table_destroy(t);
  nl_op_destroy(top);

  /* inserting into an empty region creates the body block */
  NlOp *m = unit_op(ctx, "t.module", NULL, 0, NULL, 0, 1, NULL, 0);
  t = nl_symbol_table_create(m);
  nl_symbol_table_insert(t, func(ctx, "x"));
  CHECK(nl_region_num_blocks(nl_op_region(m, 0)) == 1);
  nl_symbol_table_destroy(t);
  nl_op_destroy(m);
  unit_report("insert");
}

int
main(void)
{
  NlContext *ctx = unit_context();
  test_lookup(ctx);
  test_insert(ctx);
  nl_context_destroy(ctx);
  // CHECK: all checks passed
  return unit_finish();
}
