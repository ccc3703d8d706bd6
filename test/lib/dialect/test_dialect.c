/*
 * The test dialect: small ops that each exercise one feature of the core
 * (region kinds, isolation, symbol tables, terminators, successors, op
 * counts, verify hooks) and `test.custom`, a custom form that uses most of
 * the nl_parser_* / nl_printer_* API. Registered through the same API as
 * any dialect; see ops.def for the list.
 */
#include <stdlib.h>
#include <string.h>

#include "test_dialect.h"
#include "testloop.h"

static NlAttr *
attr_of(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

/* Comma-separated types (at least one). The array is the caller's. */
static NlResult
parse_types(NlParser *p, NlType ***out, uint32_t *n)
{
  NlType **ts = NULL;
  uint32_t len = 0, cap = 0;
  do {
    NlType *t;
    if (nl_failed(nl_parser_parse_type(p, &t))) {
      free(ts);
      return nl_failure();
    }
    NL_VEC_PUSH(ts, len, cap, t);
  } while (nl_parser_accept(p, ","));
  *out = ts;
  *n = len;
  return nl_success();
}

static void
print_types(NlPrinter *p, NlOp *op, bool results)
{
  uint32_t n = results ? op->nresults : op->noperands;
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, results ? op->results[i].type
                                     : op->operands[i].value->type);
  }
}

/* ---- region ops ------------------------------------------------------------
 */

/* region-op ::= (`attributes` attr-dict)? region */
static NlResult
parse_region(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict_with_keyword(p, st)))
    return nl_failure();
  return nl_parser_parse_region(p, nl_op_state_add_region(st), NULL, 0);
}

static void
print_region(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], true, true);
}

/* table-op ::= symbol-name? (`attributes` attr-dict)? region */
static NlResult
parse_table(NlParser *p, NlOpState *st)
{
  if (nl_parser_peek_symbol(p)) {
    NlAttr *name;
    if (nl_failed(nl_parser_parse_symbol_name(p, &name)))
      return nl_failure();
    nl_op_state_add_attr(st, "sym_name", name);
  }
  if (nl_failed(nl_parser_parse_optional_attr_dict_with_keyword(p, st)))
    return nl_failure();
  NlRegion *r = nl_op_state_add_region(st);
  if (nl_failed(nl_parser_parse_region(p, r, NULL, 0)))
    return nl_failure();
  if (!r->first)
    nl_region_append_block(r, nl_block_create());
  return nl_success();
}

static void
print_table(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"sym_name"};
  NlAttr *name = nl_op_attr(op, "sym_name");
  if (name && name->kind == NL_ATTR_STRING) {
    nl_printer_puts(p, " ");
    nl_printer_print_symbol_name(p, name->str.value);
  }
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, elided, 1);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, false);
}

/* ---- symbols ---------------------------------------------------------------
 */

/* symbol-op ::= (`public` | `private` | `nested`)? symbol-name attr-dict */
static NlResult
parse_symbol(NlParser *p, NlOpState *st)
{
  static const char *const vis[] = {"public", "private", "nested"};
  NlContext *ctx = nl_parser_context(p);
  for (int i = 0; i < 3; i++) {
    if (nl_parser_accept_keyword(p, vis[i])) {
      nl_op_state_add_attr(st, "sym_visibility",
                           nl_attr_string_cstr(ctx, vis[i]));
      break;
    }
  }
  NlAttr *name;
  if (nl_failed(nl_parser_parse_symbol_name(p, &name)))
    return nl_failure();
  nl_op_state_add_attr(st, "sym_name", name);
  return nl_parser_parse_optional_attr_dict(p, st);
}

static void
print_symbol(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"sym_name", "sym_visibility"};
  NlAttr *vis = nl_op_attr(op, "sym_visibility");
  if (vis && vis->kind == NL_ATTR_STRING)
    nl_printer_printf(p, " %s", vis->str.value->str);
  NlAttr *name = nl_op_attr(op, "sym_name");
  nl_printer_puts(p, " ");
  if (name && name->kind == NL_ATTR_STRING)
    nl_printer_print_symbol_name(p, name->str.value);
  nl_printer_print_attr_dict(p, op->attrs, elided, 2);
}

/* user-op ::= symbol-ref attr-dict */
static NlResult
parse_user(NlParser *p, NlOpState *st)
{
  NlLoc *loc = nl_parser_loc(p);
  NlAttr *ref;
  if (nl_failed(nl_parser_parse_attr(p, NULL, &ref)))
    return nl_failure();
  if (ref->kind != NL_ATTR_SYMBOL_REF) {
    nl_emit_error(nl_parser_context(p), loc, "expected a symbol reference");
    return nl_failure();
  }
  nl_op_state_add_attr(st, "ref", ref);
  return nl_parser_parse_optional_attr_dict(p, st);
}

static void
print_user(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"ref"};
  NlAttr *ref = nl_op_attr(op, "ref");
  if (ref) {
    nl_printer_puts(p, " ");
    nl_printer_print_attr(p, ref);
  }
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
}

static NlResult
verify_user(NlOp *op)
{
  NlAttr *ref = attr_of(op, "ref");
  if (!ref) {
    nl_op_emit_error(op, "requires attribute 'ref'");
    return nl_failure();
  }
  if (ref->kind != NL_ATTR_SYMBOL_REF) {
    nl_op_emit_error(op, "attribute 'ref' failed to satisfy constraint: "
                         "symbol reference attribute");
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_user_uses(NlOp *op, NlSymbolCache *symbols)
{
  NlAttr *ref = attr_of(op, "ref");
  if (nl_symbol_cache_lookup_ref(symbols, op, ref))
    return nl_success();
  NlBuf b = {0};
  nl_attr_print(ref, &b);
  nl_op_emit_error(op, "'%s' does not reference a symbol", b.data);
  nl_buf_free(&b);
  return nl_failure();
}

/* ---- value lists -----------------------------------------------------------
 */

/* values-op ::= attr-dict (ssa-use-list `:` type-list)? */
static NlResult
parse_values(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  if (!nl_parser_peek_operand(p))
    return nl_success();
  NlLoc *loc = nl_parser_loc(p);
  NlUnresolvedOperand *ops; /* in the parser's arena */
  uint32_t nops, ntypes;
  NlType **types = NULL;
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(parse_types(p, &types, &ntypes)))
    return nl_failure();
  NlResult r = nl_parser_resolve_operands(p, ops, nops, types, ntypes, loc, st);
  free(types);
  return r;
}

static void
print_values(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  if (op->noperands == 0)
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " : ");
  print_types(p, op, false);
}

/* produce-op ::= attr-dict (`:` type-list)? */
static NlResult
parse_produce(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  if (!nl_parser_accept(p, ":"))
    return nl_success();
  NlType **types;
  uint32_t n;
  if (nl_failed(parse_types(p, &types, &n)))
    return nl_failure();
  nl_op_state_add_results(st, types, n);
  free(types);
  return nl_success();
}

static void
print_produce(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  if (op->nresults == 0)
    return;
  nl_printer_puts(p, " : ");
  print_types(p, op, true);
}

/* ---- test.custom --------------------------------------------------------- */

/* custom-op ::= symbol-name `(` (ssa-use-list `:` type-list)? `)` `flag`?
 *               (`value` `=` attribute)? `->` type-list-or-parens
 *               `(` (argument (`,` argument)*)? `)` region
 *               (`attributes` attr-dict)?
 * e.g. %r = test.custom @f(%a : i32) flag value = 3 -> i64 (%x: f32 {a.b})
 *        { ... } attributes {x} */
static NlResult
parse_custom(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlAttr *name, *value;
  NlUnresolvedOperand *ops = NULL; /* in the parser's arena */
  uint32_t nops = 0, ntypes = 0, nres = 0, nargs = 0, args_cap = 0;
  NlType **types = NULL, **res; /* res: in the parser's arena */
  NlArgument *args = NULL;
  NlAttr **dicts = NULL;
  NlResult r = nl_failure();

  if (nl_failed(nl_parser_parse_symbol_name(p, &name)) ||
      nl_failed(nl_parser_expect(p, "(")))
    return nl_failure();
  nl_op_state_add_attr(st, "sym_name", name);
  NlLoc *loc = nl_parser_loc(p);
  if (nl_parser_peek_operand(p) &&
      (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
       nl_failed(nl_parser_expect(p, ":")) ||
       nl_failed(parse_types(p, &types, &ntypes))))
    goto done;
  if (nl_failed(nl_parser_expect(p, ")")))
    goto done;
  if (nl_parser_accept_keyword(p, "flag"))
    nl_op_state_add_attr(st, "flag", nl_attr_unit(ctx));
  if (nl_parser_accept_keyword(p, "value")) {
    if (nl_failed(nl_parser_expect(p, "=")) ||
        nl_failed(nl_parser_parse_attr(p, NULL, &value)))
      goto done;
    nl_op_state_add_attr(st, "value", value);
  }
  if (nl_failed(nl_parser_expect(p, "->")) ||
      nl_failed(nl_parser_parse_type_list(p, &res, &nres)) ||
      nl_failed(nl_parser_expect(p, "(")))
    goto done;
  if (!nl_parser_accept(p, ")")) {
    do {
      NlArgument a;
      if (nl_failed(nl_parser_parse_argument(p, true, &a)))
        goto done;
      NL_VEC_PUSH(args, nargs, args_cap, a);
    } while (nl_parser_accept(p, ","));
    if (nl_failed(nl_parser_expect(p, ")")))
      goto done;
  }
  bool any = false;
  dicts = nl_xmalloc((nargs + 1) * sizeof(NlAttr *));
  for (uint32_t i = 0; i < nargs; i++) {
    dicts[i] = args[i].attrs ? args[i].attrs : nl_attr_dict_empty(ctx);
    any |= args[i].attrs && args[i].attrs->dict.n > 0;
  }
  if (any)
    nl_op_state_add_attr(st, "arg_attrs", nl_attr_array(ctx, dicts, nargs));
  if (nl_failed(
          nl_parser_parse_region(p, nl_op_state_add_region(st), args, nargs)) ||
      nl_failed(nl_parser_parse_optional_attr_dict_with_keyword(p, st)) ||
      nl_failed(
          nl_parser_resolve_operands(p, ops, nops, types, ntypes, loc, st)))
    goto done;
  nl_op_state_add_results(st, res, nres);
  r = nl_success();
done:
  free(types);
  free(args);
  free(dicts);
  return r;
}

static void
print_custom(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"sym_name", "flag", "value",
                                       "arg_attrs"};
  NlAttr *name = nl_op_attr(op, "sym_name");
  nl_printer_puts(p, " ");
  if (name && name->kind == NL_ATTR_STRING)
    nl_printer_print_symbol_name(p, name->str.value);
  nl_printer_puts(p, "(");
  if (op->noperands) {
    nl_printer_print_operands(p, op);
    nl_printer_puts(p, " : ");
    print_types(p, op, false);
  }
  nl_printer_puts(p, ")");
  if (nl_op_attr(op, "flag"))
    nl_printer_puts(p, " flag");
  NlAttr *value = nl_op_attr(op, "value");
  if (value) {
    nl_printer_puts(p, " value = ");
    nl_printer_print_attr_no_type(p, value);
  }
  nl_printer_puts(p, " -> ");
  bool paren =
      op->nresults != 1 || op->results[0].type->kind == NL_TYPE_FUNCTION;
  if (paren)
    nl_printer_puts(p, "(");
  print_types(p, op, true);
  if (paren)
    nl_printer_puts(p, ")");
  nl_printer_puts(p, " (");
  NlBlock *entry = op->regions[0].first;
  NlAttr *dicts = nl_op_attr(op, "arg_attrs");
  for (uint32_t i = 0; entry && i < entry->nargs; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    NlAttr *d = NULL;
    if (dicts && dicts->kind == NL_ATTR_ARRAY && i < dicts->array.n &&
        dicts->array.elems[i]->kind == NL_ATTR_DICT &&
        dicts->array.elems[i]->dict.n > 0)
      d = dicts->array.elems[i];
    nl_printer_print_argument(p, entry->args[i], d);
  }
  nl_printer_puts(p, ") ");
  nl_printer_print_region(p, &op->regions[0], false, false);
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, elided, 4);
}

static NlResult
verify_custom(NlOp *op)
{
  NlAttr *flag = attr_of(op, "flag");
  if (flag && flag->kind != NL_ATTR_UNIT) {
    nl_op_emit_error(op, "attribute 'flag' failed to satisfy constraint: "
                         "unit attribute");
    return nl_failure();
  }
  return nl_success();
}

/* ---- test.verify_positive -------------------------------------------------
 */

/* positive-op ::= integer-literal attr-dict */
static NlResult
parse_positive(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  bool neg = nl_parser_accept(p, "-");
  int64_t v;
  if (nl_failed(nl_parser_parse_integer(p, &v)))
    return nl_failure();
  nl_op_state_add_attr(st, "value",
                       nl_attr_integer(ctx, nl_type_i64(ctx), neg ? -v : v));
  return nl_parser_parse_optional_attr_dict(p, st);
}

static void
print_positive(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"value"};
  NlAttr *value = nl_op_attr(op, "value");
  if (value && value->kind == NL_ATTR_INTEGER)
    nl_printer_printf(p, " %lld",
                      (long long)nl_attr_integer_value(value, NULL));
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
}

/* A verify hook of the kind dialects write: checks one attribute. */
static NlResult
verify_positive(NlOp *op)
{
  NlAttr *value = attr_of(op, "value");
  if (!value) {
    nl_op_emit_error(op, "requires attribute 'value'");
    return nl_failure();
  }
  if (value->kind != NL_ATTR_INTEGER) {
    nl_op_emit_error(op, "attribute 'value' failed to satisfy constraint: "
                         "integer attribute");
    return nl_failure();
  }
  int64_t v = nl_attr_integer_value(value, NULL);
  if (v <= 0) {
    nl_op_emit_error(op, "attribute 'value' must be positive, got %lld",
                     (long long)v);
    return nl_failure();
  }
  return nl_success();
}

/* ---- test.emit ---------------------------------------------------------- */

/* emit-op ::= (`error` | `warning` | `remark`) string-literal attr-dict
 * Its verifier reports the message with that severity (and a note), so
 * that tests can produce any kind of diagnostic; only errors fail. */
static NlResult
parse_emit(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlStr kind;
  NlBuf msg = {0};
  if (nl_failed(nl_parser_parse_keyword(p, &kind)) ||
      nl_failed(nl_parser_parse_string(p, &msg))) {
    nl_buf_free(&msg);
    return nl_failure();
  }
  nl_op_state_add_attr(st, "kind",
                       nl_attr_string(ctx, kind.data, kind.len, NULL));
  nl_op_state_add_attr(
      st, "msg", nl_attr_string(ctx, msg.data ? msg.data : "", msg.len, NULL));
  nl_buf_free(&msg);
  return nl_parser_parse_optional_attr_dict(p, st);
}

static void
print_emit(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"kind", "msg"};
  NlAttr *kind = nl_op_attr(op, "kind"), *msg = nl_op_attr(op, "msg");
  if (kind && kind->kind == NL_ATTR_STRING)
    nl_printer_printf(p, " %s", kind->str.value->str);
  if (msg) {
    nl_printer_puts(p, " ");
    nl_printer_print_attr(p, msg);
  }
  nl_printer_print_attr_dict(p, op->attrs, elided, 2);
}

static NlResult
verify_emit(NlOp *op)
{
  NlAttr *kind = attr_of(op, "kind"), *msg = attr_of(op, "msg");
  if (!kind || kind->kind != NL_ATTR_STRING || !msg ||
      msg->kind != NL_ATTR_STRING) {
    nl_op_emit_error(op, "requires string attributes 'kind' and 'msg'");
    return nl_failure();
  }
  const char *k = kind->str.value->str, *m = msg->str.value->str;
  NlDiag *d;
  if (!strcmp(k, "error"))
    d = nl_op_emit_error(op, "%s", m);
  else if (!strcmp(k, "warning"))
    d = nl_op_emit_warning(op, "%s", m);
  else if (!strcmp(k, "remark"))
    d = nl_op_emit_remark(op, "%s", m);
  else {
    nl_op_emit_error(op, "unknown diagnostic kind '%s'", k);
    return nl_failure();
  }
  nl_diag_note(d, NULL, "emitted by test.emit");
  return strcmp(k, "error") ? nl_success() : nl_failure();
}

/* ---- the dialect ------------------------------------------------------------
 */

enum {
#define OP(id, ...) TEST_##id,
#include "ops.def"
#undef OP
  TEST_NOPS
};

static const NlOpDef test_ops[TEST_NOPS] = {
#define OP(id, name_, no, nr, ng, ns, tr, ver, prs, prt, uses)                 \
  [TEST_##id] = {.name = name_,                                                \
                 .noperands = no,                                              \
                 .nresults = nr,                                               \
                 .nregions = ng,                                               \
                 .nsuccessors = ns,                                            \
                 .traits = tr,                                                 \
                 .verify = ver,                                                \
                 .parse = prs,                                                 \
                 .print = prt,                                                 \
                 .verify_symbol_uses = uses},
#include "ops.def"
#undef OP
};

static const NlDialect test_dialect = {
    .name = "test",
    .ops = test_ops,
    .nops = TEST_NOPS,
    .summary = "ops that exercise the IR core (tests only)",
};

NlResult
nl_test_register(NlContext *ctx)
{
  if (nl_failed(nl_context_load_dialect(ctx, &test_dialect)))
    return nl_failure();
  /* The pass tests' loop and branch ops (testloop.c). */
  return nl_testloop_register(ctx);
}
