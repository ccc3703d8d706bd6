// RUN: nl-unit-verify 2>&1 | FileCheck %s
//
// The verifier on IR built through the API (including IR the parser can
// never produce), the symbol cache, and the --verify-diagnostics checker's
// library interface.

#include "null/diag_verify.h"
#include "unit.h"

/* Collects diagnostics as "severity: message" lines, notes indented. */
static void
collect(const NlDiag *d, void *ud)
{
  static const char *const names[] = {"error", "warning", "remark", "note"};
  NlBuf *b = ud;
  nl_buf_printf(b, "%s: %s\n", names[d->severity], d->msg);
  for (const NlDiag *n = d->notes; n; n = n->next)
    nl_buf_printf(b, "  note: %s\n", n->msg);
}

static const char *
diags(NlBuf *b)
{
  return b->data ? b->data : "";
}

/* t.module { t.func @name { <entry block> } } with the entry block
 * returned in *entry. */
static NlOp *
module_with_func(NlContext *ctx, const char *name, NlBlock **entry, NlOp **func)
{
  NlOp *m = unit_op(ctx, "t.module", NULL, 0, NULL, 0, 1, NULL, 0);
  NlBlock *body = nl_block_create();
  nl_region_append_block(&m->regions[0], body);
  NlOpState st;
  nl_op_state_init(&st, ctx, unit_def(ctx, "t.func"), nl_loc_unknown(ctx));
  nl_op_state_add_attr(&st, "sym_name", nl_attr_string_cstr(ctx, name));
  nl_op_state_add_region(&st);
  NlOp *f = nl_op_create(&st);
  nl_op_state_fini(&st);
  nl_block_append_op(body, f);
  *entry = nl_block_create();
  nl_region_append_block(&f->regions[0], *entry);
  if (func)
    *func = f;
  return m;
}

static NlOp *
append(NlBlock *b, NlOp *op)
{
  nl_block_append_op(b, op);
  return op;
}

// CHECK: valid: ok
static void
test_valid(void)
{
  NlContext *ctx = unit_context();
  NlBuf out = {0};
  nl_context_set_diag_handler(ctx, collect, &out);
  NlBlock *entry;
  NlOp *m = module_with_func(ctx, "f", &entry, NULL);
  NlType *i32 = nl_type_i32(ctx);
  NlBlock *next = nl_block_create();
  nl_region_append_block(entry->parent, next);
  NlOp *a = append(entry, unit_op(ctx, "t.op", NULL, 0, i32, 1, 0, NULL, 0));
  append(entry, unit_op(ctx, "t.br", NULL, 0, NULL, 0, 0, &next, 1));
  NlValue *v = nl_op_result(a, 0);
  append(next, unit_op(ctx, "t.op", &v, 1, NULL, 0, 0, NULL, 0));
  append(next, unit_op(ctx, "t.ret", &v, 1, NULL, 0, 0, NULL, 0));
  CHECK(nl_succeeded(nl_op_verify(m)));
  CHECK_STR(diags(&out), "");
  nl_op_destroy(m);
  nl_buf_free(&out);
  nl_context_destroy(ctx);
  unit_report("valid");
}

// CHECK: other region: ok
static void
test_other_region(void)
{
  NlContext *ctx = unit_context();
  NlBuf out = {0};
  nl_context_set_diag_handler(ctx, collect, &out);
  NlBlock *entry;
  NlOp *m = module_with_func(ctx, "f", &entry, NULL);
  NlOp *inner =
      append(entry, unit_op(ctx, "t.op", NULL, 0, NULL, 0, 1, NULL, 0));
  NlBlock *ib = nl_block_create();
  nl_region_append_block(&inner->regions[0], ib);
  NlBlock *outer = nl_block_create();
  nl_region_append_block(entry->parent, outer);
  append(ib, unit_op(ctx, "t.br", NULL, 0, NULL, 0, 0, &outer, 1));
  append(entry, unit_op(ctx, "t.br", NULL, 0, NULL, 0, 0, &outer, 1));
  append(outer, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  CHECK(nl_failed(nl_op_verify(m)));
  CHECK_STR(diags(&out), "error: reference to block defined in another "
                         "region\n");
  nl_op_destroy(m);
  nl_buf_free(&out);
  nl_context_destroy(ctx);
  unit_report("other region");
}

// A (badly defined) op that allows successors but is not a terminator.
static const NlOpDef jump_ops[] = {
    {.name = "u.jump", .nsuccessors = NL_VARIADIC},
};
static const NlDialect jump_dialect = {
    .name = "u", .ops = jump_ops, .nops = 1, .summary = "bad defs"};

// CHECK: successors in non-terminator: ok
static void
test_non_terminator_successors(void)
{
  NlContext *ctx = unit_context();
  NlBuf out = {0};
  CHECK(nl_succeeded(nl_context_load_dialect(ctx, &jump_dialect)));
  nl_context_set_diag_handler(ctx, collect, &out);
  NlBlock *entry;
  NlOp *m = module_with_func(ctx, "f", &entry, NULL);
  NlBlock *next = nl_block_create();
  nl_region_append_block(entry->parent, next);
  append(entry, unit_op(ctx, "u.jump", NULL, 0, NULL, 0, 0, &next, 1));
  append(next, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  CHECK(nl_failed(nl_op_verify(m)));
  CHECK(strncmp(diags(&out),
                "error: 'u.jump' op successors in non-terminator\n"
                "error: block with no terminator, has \"u.jump\"()[",
                96) == 0);
  nl_op_destroy(m);
  nl_buf_free(&out);
  nl_context_destroy(ctx);
  unit_report("successors in non-terminator");
}

// CHECK: null operand: ok
static void
test_null_operand(void)
{
  NlContext *ctx = unit_context();
  NlBuf out = {0};
  nl_context_set_diag_handler(ctx, collect, &out);
  NlBlock *entry;
  NlOp *m = module_with_func(ctx, "f", &entry, NULL);
  NlValue *none = NULL;
  append(entry, unit_op(ctx, "t.op", &none, 1, NULL, 0, 0, NULL, 0));
  append(entry, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  CHECK(nl_failed(nl_op_verify(m)));
  CHECK_STR(diags(&out), "error: 't.op' op operand #0 is null\n");
  nl_op_destroy(m);
  nl_buf_free(&out);
  nl_context_destroy(ctx);
  unit_report("null operand");
}

// The verifier keeps going after an error and reports them all, in order.
// CHECK: all errors: ok
static void
test_all_errors(void)
{
  NlContext *ctx = unit_context();
  NlBuf out = {0};
  nl_context_set_diag_handler(ctx, collect, &out);
  NlBlock *entry;
  NlOp *f;
  NlOp *m = module_with_func(ctx, "f", &entry, &f);
  NlType *i32 = nl_type_i32(ctx);
  /* A use before its definition, a terminator in the middle, a missing
   * terminator at the end, and a duplicate symbol (reported first: the
   * module is verified before its body). */
  NlOp *use = append(entry, unit_op(ctx, "t.op", NULL, 0, NULL, 0, 0, NULL, 0));
  NlOp *def = append(entry, unit_op(ctx, "t.op", NULL, 0, i32, 1, 0, NULL, 0));
  NlValue *v = nl_op_result(def, 0);
  nl_op_set_operands(use, &v, 1);
  append(entry, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  append(entry, unit_op(ctx, "t.op", NULL, 0, NULL, 0, 0, NULL, 0));
  NlOp *dup = nl_op_clone(f);
  nl_block_append_op(m->regions[0].first, dup);
  CHECK(nl_failed(nl_op_verify(m)));
  CHECK_STR(diags(&out),
            "error: redefinition of symbol named 'f'\n"
            "  note: see existing symbol definition here\n"
            "error: 't.ret' op must be the last operation in the parent "
            "block\n"
            "error: block with no terminator, has \"t.op\"() : () -> ()\n"
            "error: 't.ret' op must be the last operation in the parent "
            "block\n"
            "error: block with no terminator, has \"t.op\"() : () -> ()\n"
            "error: 't.op' op operand #0 does not dominate this use\n"
            "  note: operand defined here (op in the same block)\n"
            "error: 't.op' op operand #0 does not dominate this use\n"
            "  note: operand defined here (op in the same block)\n");
  nl_op_destroy(m);
  nl_buf_free(&out);
  nl_context_destroy(ctx);
  unit_report("all errors");
}

// CHECK: symbol cache: ok
static void
test_symbol_cache(void)
{
  NlContext *ctx = unit_context();
  NlBlock *entry;
  NlOp *f;
  NlOp *m = module_with_func(ctx, "f", &entry, &f);
  NlOp *inner = unit_op(ctx, "t.module", NULL, 0, NULL, 0, 1, NULL, 0);
  nl_op_set_attr(inner, "sym_name", nl_attr_string_cstr(ctx, "inner"));
  nl_region_append_block(&inner->regions[0], nl_block_create());
  nl_block_append_op(m->regions[0].first, inner);
  NlOp *g = nl_op_clone(f);
  nl_op_set_attr(g, "sym_name", nl_attr_string_cstr(ctx, "g"));
  nl_block_append_op(inner->regions[0].first, g);
  NlOp *use = append(entry, unit_op(ctx, "t.op", NULL, 0, NULL, 0, 0, NULL, 0));

  NlIdent *fi = nl_ident_cstr(ctx, "f"), *gi = nl_ident_cstr(ctx, "g");
  NlIdent *ii = nl_ident_cstr(ctx, "inner");
  NlAttr *ref_f = nl_attr_symref(ctx, fi, NULL, 0);
  NlAttr *ref_g = nl_attr_symref(ctx, ii, &gi, 1);
  NlAttr *ref_bad = nl_attr_symref(ctx, fi, &gi, 1);
  NlAttr *ref_none = nl_attr_symref(ctx, gi, NULL, 0);
  NlSymbolCache *c = nl_symbol_cache_create();
  CHECK(nl_symbol_cache_lookup_ref(c, use, ref_f) == f);
  CHECK(nl_symbol_cache_lookup_ref(c, use, ref_g) == g);
  CHECK(nl_symbol_cache_lookup_ref(c, use, ref_bad) == NULL);
  CHECK(nl_symbol_cache_lookup_ref(c, use, ref_none) == NULL);
  /* From inside the nested table, @g is local and @f is not. */
  CHECK(nl_symbol_cache_lookup_ref(c, g, ref_none) == g);
  CHECK(nl_symbol_cache_lookup_ref(c, g, ref_f) == NULL);
  CHECK(nl_symbol_cache_lookup_in(c, m, ii) == inner);
  CHECK(nl_symbol_cache_lookup_in(c, m, gi) == NULL);
  CHECK(nl_symbol_cache_lookup_ref(c, use, nl_attr_unit(ctx)) == NULL);
  nl_symbol_cache_destroy(c);
  nl_symbol_cache_destroy(NULL);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("symbol cache");
}

/* Runs the checker over src with the given diagnostics already emitted
 * through emit(); returns what it printed. */
static char *
check_diags(const char *src, void (*emit)(NlContext *), bool *ok)
{
  NlContext *ctx = unit_context();
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  nl_context_add_source(ctx, "in.nir", src, strlen(src), 10);
  NlDiagVerifier *v = nl_diag_verifier_create(ctx, out);
  nl_diag_verifier_add_source(v, "in.nir", src, strlen(src), 10);
  emit(ctx);
  *ok = nl_succeeded(nl_diag_verifier_finish(v));
  nl_diag_verifier_destroy(v);
  nl_context_destroy(ctx);
  fclose(out);
  return text;
}

static void
emit_matching(NlContext *ctx)
{
  NlDiag *d = nl_emit_error(ctx, nl_loc_file(ctx, "in.nir", 11, 3),
                            "the first problem");
  nl_diag_note(d, nl_loc_file(ctx, "in.nir", 13, 1), "a note");
  nl_emit_warning(ctx, nl_loc_unknown(ctx), "somewhere");
  nl_emit_remark(ctx,
                 nl_loc_name(ctx, "node", nl_loc_file(ctx, "in.nir", 13, 5)),
                 "named location");
}

static void
emit_wrong(NlContext *ctx)
{
  nl_emit_warning(ctx, nl_loc_file(ctx, "in.nir", 11, 3), "the first problem");
  nl_emit_error(ctx, nl_loc_file(ctx, "other.nir", 1, 1), "elsewhere");
}

// CHECK: diag verifier: ok
static void
test_diag_verifier(void)
{
  /* Lines are numbered from 10. */
  const char *src = "// expected-error@+1 {{first problem}}\n"
                    "op\n"
                    "// expected-warning@unknown {{somewhere}}\n"
                    "op // expected-note {{a note}} expected-remark {{x}}\n"
                    "// expected-remark@-1 {{named}}\n";
  bool ok;
  char *text = check_diags(src, emit_matching, &ok);
  CHECK(!ok); /* `expected-remark {{x}}` is text of the note's braces */
  CHECK(strstr(text, "expected note \"a note}} expected-remark {{x\" was "
                     "not produced") != NULL);
  free(text);

  src = "// expected-error@+1 {{first problem}}\n"
        "op\n"
        "// expected-warning@unknown {{somewhere}}\n"
        "op // expected-note {{a note}}\n"
        "// expected-remark@-1 {{named}}\n";
  text = check_diags(src, emit_matching, &ok);
  CHECK(ok);
  CHECK_STR(text, "");
  free(text);

  text = check_diags(src, emit_wrong, &ok);
  CHECK(!ok);
  CHECK(strstr(text, "in.nir:10:4: error: 'warning' diagnostic emitted when "
                     "expecting a 'error'") != NULL);
  CHECK(strstr(text, "other.nir:1:1: error: unexpected error: elsewhere") !=
        NULL);
  CHECK(strstr(text, "in.nir:12:4: error: expected warning \"somewhere\" was "
                     "not produced") != NULL);
  free(text);
  unit_report("diag verifier");
}

int
main(void)
{
  test_valid();
  test_other_region();
  test_non_terminator_successors();
  test_null_operand();
  test_all_errors();
  test_symbol_cache();
  test_diag_verifier();
  return unit_finish();
}
