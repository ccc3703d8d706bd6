/*
 * Hooks of the func ops: custom forms (MLIR's exact syntax) and verifiers
 * (MLIR's messages). The op table built from ops.def is at the end; the
 * dialect and its public helpers are in dialect.c.
 */
#include <stdlib.h>
#include <string.h>

#include "func/func.h"
#include "func/internal.h"

/* The attribute `name` from the dictionary or, for ops read from MLIR's
 * generic form, the properties. */
static NlAttr *
attr_of(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

/* A type as MLIR streams it into a diagnostic. The returned string lives
 * in b until its next use. */
static const char *
type_str(NlBuf *b, const NlType *t)
{
  b->len = 0;
  nl_type_print(t, b);
  return b->data ? b->data : "";
}

static NlType *const *
fn_inputs(const NlType *fn)
{
  return fn->function.types;
}

static NlType *const *
fn_results(const NlType *fn)
{
  return fn->function.types + fn->function.ninputs;
}

/* The function type of a func.func, or NULL when the attribute is broken
 * (the func's own verifier reports that). */
static NlType *
func_type(const NlOp *op)
{
  NlAttr *a = attr_of(op, "function_type");
  if (!a || a->kind != NL_ATTR_TYPE ||
      a->type_attr.value->kind != NL_TYPE_FUNCTION)
    return NULL;
  return a->type_attr.value;
}

NlType *
nl_func_type(const NlOp *func)
{
  return func_type(func);
}

static bool
is_empty_dict(const NlAttr *a)
{
  return !a || (a->kind == NL_ATTR_DICT && a->dict.n == 0);
}

/* The i-th dictionary of an arg_attrs/res_attrs array, or NULL. */
static NlAttr *
dict_at(const NlAttr *arr, uint32_t i)
{
  if (!arr || arr->kind != NL_ATTR_ARRAY || i >= arr->array.n)
    return NULL;
  NlAttr *d = arr->array.elems[i];
  return d->kind == NL_ATTR_DICT && d->dict.n > 0 ? d : NULL;
}

/* An array of n dictionaries, or NULL when all are empty (MLIR drops the
 * attribute then). dicts[i] may be NULL. */
static NlAttr *
dict_array(NlContext *ctx, NlAttr **dicts, uint32_t n)
{
  bool any = false;
  for (uint32_t i = 0; i < n; i++)
    any |= !is_empty_dict(dicts[i]);
  if (!any)
    return NULL;
  for (uint32_t i = 0; i < n; i++)
    if (!dicts[i])
      dicts[i] = nl_attr_dict_empty(ctx);
  return nl_attr_array(ctx, dicts, n);
}

/* ---- func.func: parsing ----------------------------------------------------
 */

typedef struct Sig {
  NlArgument *args; /* named arguments (definitions only) */
  uint32_t nnamed, named_cap;
  NlType **types; /* argument types */
  NlAttr **attrs; /* per argument: dictionary or NULL */
  uint32_t nargs, types_cap, attrs_cap;
  NlType **results;
  NlAttr **rattrs; /* per result: dictionary or NULL */
  uint32_t nresults, results_cap, rattrs_cap;
  bool named; /* arguments are `%x: type` */
} Sig;

static void
sig_free(Sig *s)
{
  free(s->args);
  free(s->types);
  free(s->attrs);
  free(s->results);
  free(s->rattrs);
}

static void
sig_add_arg(Sig *s, NlType *t, NlAttr *dict)
{
  uint32_t n = s->nargs;
  NL_VEC_PUSH(s->types, n, s->types_cap, t);
  NL_VEC_PUSH(s->attrs, s->nargs, s->attrs_cap, dict);
}

static void
sig_add_result(Sig *s, NlType *t, NlAttr *dict)
{
  uint32_t n = s->nresults;
  NL_VEC_PUSH(s->results, n, s->results_cap, t);
  NL_VEC_PUSH(s->rattrs, s->nresults, s->rattrs_cap, dict);
}

/* An optional `{...}` dictionary after an argument or result type. */
static NlResult
parse_opt_dict(NlParser *p, NlAttr **out)
{
  *out = NULL;
  if (!nl_parser_peek(p, "{"))
    return nl_success();
  return nl_parser_parse_attr(p, NULL, out);
}

/* argument-list ::= (named-argument (`,` named-argument)*)
 *                 | (type attr-dict? loc? (`,` type attr-dict? loc?)*)
 *                 | empty
 * named-argument ::= ssa-id `:` type attr-dict? loc? */
static NlResult
parse_arguments(NlParser *p, Sig *s)
{
  if (nl_failed(nl_parser_expect(p, "(")))
    return nl_failure();
  if (nl_parser_accept(p, ")"))
    return nl_success();
  do {
    bool named = nl_parser_peek_operand(p);
    if (s->nargs == 0) {
      s->named = named;
    } else if (named != s->named) {
      nl_parser_error(p, named ? "expected type instead of SSA identifier"
                               : "expected SSA identifier");
      return nl_failure();
    }
    if (named) {
      NlArgument a;
      if (nl_failed(nl_parser_parse_argument(p, true, &a)))
        return nl_failure();
      NL_VEC_PUSH(s->args, s->nnamed, s->named_cap, a);
      sig_add_arg(s, a.type, a.attrs);
    } else {
      NlType *t;
      NlAttr *dict;
      NlLoc *loc = NULL;
      if (nl_failed(nl_parser_parse_type(p, &t)) ||
          nl_failed(parse_opt_dict(p, &dict)) ||
          nl_failed(nl_parser_parse_optional_loc(p, &loc)))
        return nl_failure();
      sig_add_arg(s, t, dict);
    }
  } while (nl_parser_accept(p, ","));
  return nl_parser_expect(p, ")");
}

/* function-result-list ::= non-function-type
 *                        | `(` (type attr-dict? (`,` type attr-dict?)*)? `)` */
static NlResult
parse_results(NlParser *p, Sig *s)
{
  if (!nl_parser_accept(p, "(")) {
    /* Without parentheses: one type, which cannot be a function type since
     * those start with `(`. */
    NlType *t;
    if (nl_failed(nl_parser_parse_type(p, &t)))
      return nl_failure();
    sig_add_result(s, t, NULL);
    return nl_success();
  }
  if (nl_parser_accept(p, ")"))
    return nl_success();
  do {
    NlType *t;
    NlAttr *dict;
    if (nl_failed(nl_parser_parse_type(p, &t)) ||
        nl_failed(parse_opt_dict(p, &dict)))
      return nl_failure();
    sig_add_result(s, t, dict);
  } while (nl_parser_accept(p, ","));
  return nl_parser_expect(p, ")");
}

/* function-op ::= `func.func` visibility? symbol-name `(` argument-list `)`
 *                 (`->` function-result-list)? (`attributes` attr-dict)?
 *                 region?
 * visibility  ::= `public` | `private` | `nested` */
static NlResult
parse_func(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  static const char *const vis[] = {"public", "private", "nested"};
  for (int i = 0; i < 3; i++) {
    if (nl_parser_accept_keyword(p, vis[i])) {
      nl_op_state_add_attr(st, "sym_visibility",
                           nl_attr_string_cstr(ctx, vis[i]));
      break;
    }
  }
  NlAttr *name;
  if (!nl_parser_peek_symbol(p)) {
    nl_parser_error(p, "expected valid '@'-identifier for symbol name");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_symbol_name(p, &name)))
    return nl_failure();
  nl_op_state_add_attr(st, "sym_name", name);

  Sig s = {0};
  NlResult r = nl_failure();
  if (nl_failed(parse_arguments(p, &s)))
    goto done;
  if (nl_parser_accept(p, "->") && nl_failed(parse_results(p, &s)))
    goto done;
  NlType *fn = nl_type_function(ctx, s.types, s.nargs, s.results, s.nresults);
  nl_op_state_add_attr(st, "function_type", nl_attr_type(ctx, fn));
  NlAttr *arg_attrs = dict_array(ctx, s.attrs, s.nargs);
  if (arg_attrs)
    nl_op_state_add_attr(st, "arg_attrs", arg_attrs);
  NlAttr *res_attrs = dict_array(ctx, s.rattrs, s.nresults);
  if (res_attrs)
    nl_op_state_add_attr(st, "res_attrs", res_attrs);
  if (nl_failed(nl_parser_parse_optional_attr_dict_with_keyword(p, st)))
    goto done;

  NlRegion *body = nl_op_state_add_region(st);
  if (nl_parser_peek(p, "{")) {
    if (s.nargs > 0 && !s.named) {
      nl_parser_error(p, "expected named arguments for a function with a "
                         "body");
      goto done;
    }
    if (nl_failed(nl_parser_parse_region(p, body, s.args, s.nnamed)))
      goto done;
  }
  r = nl_success();
done:
  sig_free(&s);
  return r;
}

/* ---- func.func: printing ----------------------------------------------------
 */

static void
print_type_with_attrs(NlPrinter *p, NlType *t, NlAttr *dict)
{
  nl_printer_print_type(p, t);
  if (dict) {
    nl_printer_puts(p, " ");
    nl_printer_print_attr(p, dict);
  }
}

static void
print_func(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {
      "sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs"};
  /* As in MLIR, an explicit visibility is printed, even `public`. */
  NlAttr *vis = nl_op_attr(op, "sym_visibility");
  if (vis && vis->kind == NL_ATTR_STRING)
    nl_printer_printf(p, " %s", vis->str.value->str);
  nl_printer_puts(p, " ");
  NlAttr *name = attr_of(op, "sym_name");
  if (name && name->kind == NL_ATTR_STRING)
    nl_printer_print_symbol_name(p, name->str.value);
  else
    nl_printer_puts(p, "@\"\"");

  NlType *fn = func_type(op);
  uint32_t nin = fn ? fn->function.ninputs : 0;
  uint32_t nres = fn ? fn->function.nresults : 0;
  NlAttr *arg_attrs = attr_of(op, "arg_attrs");
  NlAttr *res_attrs = attr_of(op, "res_attrs");
  NlBlock *entry = op->nregions ? op->regions[0].first : NULL;

  nl_printer_puts(p, "(");
  if (entry) {
    for (uint32_t i = 0; i < entry->nargs; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_argument(p, entry->args[i], dict_at(arg_attrs, i));
    }
  } else {
    for (uint32_t i = 0; i < nin; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      print_type_with_attrs(p, fn_inputs(fn)[i], dict_at(arg_attrs, i));
    }
  }
  nl_printer_puts(p, ")");

  if (nres > 0) {
    nl_printer_puts(p, " -> ");
    NlType *only = fn_results(fn)[0];
    bool paren =
        nres > 1 || dict_at(res_attrs, 0) || only->kind == NL_TYPE_FUNCTION;
    if (paren)
      nl_printer_puts(p, "(");
    for (uint32_t i = 0; i < nres; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      print_type_with_attrs(p, fn_results(fn)[i], dict_at(res_attrs, i));
    }
    if (paren)
      nl_printer_puts(p, ")");
  }
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, elided, 5);
  if (entry) {
    nl_printer_puts(p, " ");
    nl_printer_print_region(p, &op->regions[0], false, true);
  }
}

/* ---- func.func: verification ----------------------------------------------
 */

/* arg_attrs / res_attrs: an array of dictionaries, one per argument
 * (result), holding only dialect attributes. */
static NlResult
verify_attr_array(NlOp *op, const char *attr, const char *what,
                  const char *plural, uint32_t want)
{
  NlAttr *a = attr_of(op, attr);
  if (!a)
    return nl_success();
  bool ok = a->kind == NL_ATTR_ARRAY;
  for (uint32_t i = 0; ok && i < a->array.n; i++)
    ok = a->array.elems[i]->kind == NL_ATTR_DICT;
  if (!ok) {
    nl_op_emit_error(op,
                     "attribute '%s' failed to satisfy constraint: Array "
                     "of dictionary attributes",
                     attr);
    return nl_failure();
  }
  if (a->array.n != want) {
    nl_op_emit_error(op,
                     "expects %s attribute array to have the same number "
                     "of elements as the number of function %s, got %u, "
                     "but expected %u",
                     what, plural, a->array.n, want);
    return nl_failure();
  }
  for (uint32_t i = 0; i < a->array.n; i++) {
    const NlAttr *d = a->array.elems[i];
    for (uint32_t j = 0; j < d->dict.n; j++) {
      if (!strchr(d->dict.entries[j].name->str, '.')) {
        nl_op_emit_error(op, "%s may only have dialect attributes", plural);
        return nl_failure();
      }
    }
  }
  return nl_success();
}

static NlResult
verify_func(NlOp *op)
{
  NlAttr *ft = attr_of(op, "function_type");
  if (!ft) {
    nl_op_emit_error(op, "requires attribute 'function_type'");
    return nl_failure();
  }
  NlType *fn = func_type(op);
  if (!fn) {
    nl_op_emit_error(op, "attribute 'function_type' failed to satisfy "
                         "constraint: type attribute of function type");
    return nl_failure();
  }
  NlRegion *body = &op->regions[0];
  NlAttr *vis = attr_of(op, "sym_visibility");
  bool is_public = !vis || !strcmp(vis->str.value->str, "public");
  if (!body->first && is_public) {
    nl_op_emit_error(op, "symbol declaration cannot have public visibility");
    return nl_failure();
  }
  if (nl_failed(verify_attr_array(op, "arg_attrs", "argument", "arguments",
                                  fn->function.ninputs)) ||
      nl_failed(verify_attr_array(op, "res_attrs", "result", "results",
                                  fn->function.nresults)))
    return nl_failure();
  if (!body->first)
    return nl_success();

  NlBlock *entry = body->first;
  if (entry->nargs != fn->function.ninputs) {
    nl_op_emit_error(op,
                     "entry block must have %u arguments to match "
                     "function signature",
                     fn->function.ninputs);
    return nl_failure();
  }
  for (uint32_t i = 0; i < entry->nargs; i++) {
    NlType *want = fn_inputs(fn)[i], *have = entry->args[i]->type;
    if (want == have)
      continue;
    NlBuf a = {0}, b = {0};
    nl_op_emit_error(op,
                     "type of entry block argument #%u('%s') must match "
                     "the type of the corresponding argument in function "
                     "signature('%s')",
                     i, type_str(&a, have), type_str(&b, want));
    nl_buf_free(&a);
    nl_buf_free(&b);
    return nl_failure();
  }
  return nl_success();
}

/* ---- func.return
 * ------------------------------------------------------------- */

/* Reads `ssa-use-list `:` type-list` (both possibly empty) into st. */
static NlResult
parse_operands_and_types(NlParser *p, NlOpState *st)
{
  if (!nl_parser_peek_operand(p))
    return nl_success();
  NlLoc *loc = nl_parser_loc(p);
  NlUnresolvedOperand *ops; /* in the parser's arena */
  NlType **types = NULL;
  uint32_t nops = 0, ntypes = 0, cap = 0;
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
      nl_failed(nl_parser_expect(p, ":")))
    goto done;
  do {
    NlType *t;
    if (nl_failed(nl_parser_parse_type(p, &t)))
      goto done;
    NL_VEC_PUSH(types, ntypes, cap, t);
  } while (nl_parser_accept(p, ","));
  r = nl_parser_resolve_operands(p, ops, nops, types, ntypes, loc, st);
done:
  free(types);
  return r;
}

/* return-op ::= `return` attr-dict? (ssa-use-list `:` type-list)? */
static NlResult
parse_return(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  return parse_operands_and_types(p, st);
}

static void
print_operands_and_types(NlPrinter *p, NlOp *op, uint32_t first)
{
  if (op->noperands <= first)
    return;
  nl_printer_puts(p, " ");
  for (uint32_t i = first; i < op->noperands; i++) {
    if (i > first)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, op->operands[i].value);
  }
  nl_printer_puts(p, " : ");
  for (uint32_t i = first; i < op->noperands; i++) {
    if (i > first)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, op->operands[i].value->type);
  }
}

static void
print_return(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  print_operands_and_types(p, op, 0);
}

static NlResult
verify_return(NlOp *op)
{
  NlOp *parent = nl_op_parent_op(op);
  if (!parent || !nl_op_is(parent, "func.func")) {
    nl_op_emit_error(op, "expects parent op 'func.func'");
    return nl_failure();
  }
  NlType *fn = func_type(parent);
  NlAttr *name = attr_of(parent, "sym_name");
  if (!fn || !name || name->kind != NL_ATTR_STRING)
    return nl_success(); /* the function reports its own problems */
  if (op->noperands != fn->function.nresults) {
    nl_op_emit_error(op,
                     "has %u operands, but enclosing function (@%s) "
                     "returns %u",
                     op->noperands, name->str.value->str,
                     fn->function.nresults);
    return nl_failure();
  }
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlType *have = op->operands[i].value->type, *want = fn_results(fn)[i];
    if (have == want)
      continue;
    NlBuf a = {0}, b = {0};
    nl_emit_error(nl_op_context(op), op->loc,
                  "type of return operand %u ('%s') doesn't match function "
                  "result type ('%s') in function @%s",
                  i, type_str(&a, have), type_str(&b, want),
                  name->str.value->str);
    nl_buf_free(&a);
    nl_buf_free(&b);
    return nl_failure();
  }
  return nl_success();
}

/* ---- func.call -------------------------------------------------------------
 */

/* A `@name` written in a custom form, as a flat symbol reference. */
static NlResult
parse_symbol_ref(NlParser *p, NlAttr **out)
{
  NlAttr *name;
  if (!nl_parser_peek_symbol(p)) {
    nl_parser_error(p, "expected symbol reference");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_symbol_name(p, &name)))
    return nl_failure();
  *out = nl_attr_symref(nl_parser_context(p), name->str.value, NULL, 0);
  return nl_success();
}

/* A `: (inputs) -> results` function type. */
static NlResult
parse_function_type(NlParser *p, NlType **out)
{
  if (nl_failed(nl_parser_expect(p, ":")))
    return nl_failure();
  NlLoc *loc = nl_parser_loc(p);
  if (nl_failed(nl_parser_parse_type(p, out)))
    return nl_failure();
  if ((*out)->kind != NL_TYPE_FUNCTION) {
    nl_emit_error(nl_parser_context(p), loc, "invalid kind of type specified");
    return nl_failure();
  }
  return nl_success();
}

/* `(` ssa-use-list? `)` attr-dict `:` function-type: the operands are
 * resolved against the function's inputs and added to st (after a callee
 * operand already there), the results are the function's. */
static NlResult
parse_call_tail(NlParser *p, NlOpState *st, NlType **fn_out)
{
  NlUnresolvedOperand *ops; /* in the parser's arena */
  uint32_t nops;
  NlType *fn;
  if (nl_failed(nl_parser_expect(p, "(")))
    return nl_failure();
  NlLoc *loc = nl_parser_loc(p);
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
      nl_failed(nl_parser_expect(p, ")")) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_function_type(p, &fn)) ||
      nl_failed(nl_parser_resolve_operands(p, ops, nops, fn_inputs(fn),
                                           fn->function.ninputs, loc, st)))
    return nl_failure();
  nl_op_state_add_results(st, fn_results(fn), fn->function.nresults);
  *fn_out = fn;
  return nl_success();
}

/* call-op ::= `call` symbol-ref-id `(` ssa-use-list? `)` attr-dict
 *             `:` function-type */
static NlResult
parse_call(NlParser *p, NlOpState *st)
{
  NlAttr *callee;
  NlType *fn;
  if (nl_failed(parse_symbol_ref(p, &callee)))
    return nl_failure();
  nl_op_state_add_attr(st, "callee", callee);
  return parse_call_tail(p, st, &fn);
}

/* `: (operand types) -> (result types)` of op, skipping `first` operands. */
static void
print_functional_type(NlPrinter *p, NlOp *op, uint32_t first)
{
  NlContext *ctx = nl_op_context(op);
  uint32_t n = op->noperands - first;
  NlType **ins = nl_xmalloc((n + 1) * sizeof(NlType *));
  NlType **outs = nl_xmalloc((op->nresults + 1) * sizeof(NlType *));
  for (uint32_t i = 0; i < n; i++)
    ins[i] = op->operands[first + i].value->type;
  for (uint32_t i = 0; i < op->nresults; i++)
    outs[i] = op->results[i].type;
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_type_function(ctx, ins, n, outs, op->nresults));
  free(ins);
  free(outs);
}

static void
print_call_args(NlPrinter *p, NlOp *op, uint32_t first)
{
  nl_printer_puts(p, "(");
  for (uint32_t i = first; i < op->noperands; i++) {
    if (i > first)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, op->operands[i].value);
  }
  nl_printer_puts(p, ")");
}

static void
print_call(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"callee"};
  NlAttr *callee = nl_op_attr(op, "callee");
  nl_printer_puts(p, " ");
  if (callee)
    nl_printer_print_attr(p, callee);
  print_call_args(p, op, 0);
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  print_functional_type(p, op, 0);
}

/* A required flat symbol reference attribute (ODS's FlatSymbolRefAttr). */
static NlAttr *
flat_symref(NlOp *op, const char *name)
{
  NlAttr *a = attr_of(op, name);
  if (!a) {
    nl_op_emit_error(op, "requires attribute '%s'", name);
    return NULL;
  }
  if (a->kind != NL_ATTR_SYMBOL_REF || a->symref.nnested != 0) {
    nl_op_emit_error(op,
                     "attribute '%s' failed to satisfy constraint: flat "
                     "symbol reference attribute",
                     name);
    return NULL;
  }
  return a;
}

static NlResult
verify_call(NlOp *op)
{
  return flat_symref(op, "callee") ? nl_success() : nl_failure();
}

/* `'f32', 'i32'` for a note. */
static void
type_list_str(NlBuf *b, NlType *const *ts, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    nl_buf_puts(b, i ? ", '" : "'");
    nl_type_print(ts[i], b);
    nl_buf_putc(b, '\'');
  }
  if (!b->data)
    nl_buf_puts(b, "");
}

/* MLIR's CallOp::verifySymbolUses. */
static NlResult
verify_call_uses(NlOp *op, NlSymbolCache *symbols)
{
  NlAttr *callee = attr_of(op, "callee");
  NlOp *f = nl_symbol_cache_lookup_ref(symbols, op, callee);
  NlType *fn = f && nl_op_is(f, "func.func") ? func_type(f) : NULL;
  if (!fn) {
    nl_op_emit_error(op, "'%s' does not reference a valid function",
                     callee->symref.root->str);
    return nl_failure();
  }
  if (op->noperands != fn->function.ninputs) {
    nl_op_emit_error(op, "incorrect number of operands for callee");
    return nl_failure();
  }
  NlBuf a = {0}, b = {0};
  NlResult r = nl_success();
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlType *have = op->operands[i].value->type, *want = fn_inputs(fn)[i];
    if (have == want)
      continue;
    nl_op_emit_error(op,
                     "operand type mismatch: expected operand type '%s', "
                     "but provided '%s' for operand number %u",
                     type_str(&a, want), type_str(&b, have), i);
    r = nl_failure();
    goto done;
  }
  if (op->nresults != fn->function.nresults) {
    nl_op_emit_error(op, "incorrect number of results for callee");
    r = nl_failure();
    goto done;
  }
  for (uint32_t i = 0; i < op->nresults; i++) {
    if (op->results[i].type == fn_results(fn)[i])
      continue;
    NlType **have = nl_xmalloc(op->nresults * sizeof(NlType *));
    for (uint32_t j = 0; j < op->nresults; j++)
      have[j] = op->results[j].type;
    NlDiag *d = nl_op_emit_error(op, "result type mismatch at index %u", i);
    a.len = b.len = 0;
    type_list_str(&a, have, op->nresults);
    type_list_str(&b, fn_results(fn), fn->function.nresults);
    nl_diag_note(d, NULL, "      op result types: %s", a.data);
    nl_diag_note(d, NULL, "function result types: %s", b.data);
    free(have);
    r = nl_failure();
    break;
  }
done:
  nl_buf_free(&a);
  nl_buf_free(&b);
  return r;
}

/* ---- func.call_indirect -----------------------------------------------------
 */

/* call-indirect-op ::= `call_indirect` ssa-use `(` ssa-use-list? `)`
 *                      attr-dict `:` function-type */
static NlResult
parse_call_indirect(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand callee;
  NlType *fn;
  if (nl_failed(nl_parser_parse_operand(p, &callee)))
    return nl_failure();
  size_t before = st->noperands;
  if (nl_failed(parse_call_tail(p, st, &fn)))
    return nl_failure();
  /* The callee comes first: resolve it now that its type is known and
   * rotate it in front of the arguments. */
  NlValue *v;
  if (nl_failed(nl_parser_resolve_operand(p, &callee, fn, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  memmove(st->operands + before + 1, st->operands + before,
          (st->noperands - before - 1) * sizeof(NlValue *));
  st->operands[before] = v;
  return nl_success();
}

static void
print_call_indirect(NlPrinter *p, NlOp *op)
{
  if (op->noperands == 0)
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  print_call_args(p, op, 1);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->operands[0].value->type);
}

static bool
types_match(NlType *const *a, uint32_t na, const NlUse *uses, uint32_t nu)
{
  if (na != nu)
    return false;
  for (uint32_t i = 0; i < na; i++)
    if (a[i] != uses[i].value->type)
      return false;
  return true;
}

static NlResult
verify_call_indirect(NlOp *op)
{
  if (op->noperands < 1) {
    nl_op_emit_error(op, "expected 1 or more operands, but found 0");
    return nl_failure();
  }
  NlType *fn = op->operands[0].value->type;
  if (fn->kind != NL_TYPE_FUNCTION) {
    NlBuf b = {0};
    nl_op_emit_error(op, "operand #0 must be function type, but got '%s'",
                     type_str(&b, fn));
    nl_buf_free(&b);
    return nl_failure();
  }
  if (!types_match(fn_inputs(fn), fn->function.ninputs, op->operands + 1,
                   op->noperands - 1)) {
    nl_op_emit_error(op, "failed to verify that callee input types match "
                         "argument types");
    return nl_failure();
  }
  bool ok = fn->function.nresults == op->nresults;
  for (uint32_t i = 0; ok && i < op->nresults; i++)
    ok = fn_results(fn)[i] == op->results[i].type;
  if (!ok) {
    nl_op_emit_error(op, "failed to verify that callee result types match "
                         "result types");
    return nl_failure();
  }
  return nl_success();
}

/* ---- func.constant ----------------------------------------------------------
 */

/* constant-op ::= `constant` attr-dict symbol-ref-id `:` type */
static NlResult
parse_constant(NlParser *p, NlOpState *st)
{
  NlAttr *value;
  NlType *t;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_symbol_ref(p, &value)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  nl_op_state_add_attr(st, "value", value);
  nl_op_state_add_result(st, t);
  return nl_success();
}

static void
print_constant(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"value"};
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  nl_printer_puts(p, " ");
  NlAttr *value = nl_op_attr(op, "value");
  if (value)
    nl_printer_print_attr(p, value);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->results[0].type);
}

static NlResult
verify_constant(NlOp *op)
{
  return flat_symref(op, "value") ? nl_success() : nl_failure();
}

static NlResult
verify_constant_uses(NlOp *op, NlSymbolCache *symbols)
{
  NlAttr *value = attr_of(op, "value");
  NlOp *f = nl_symbol_cache_lookup_ref(symbols, op, value);
  if (!f || !nl_op_is(f, "func.func")) {
    nl_op_emit_error(op, "reference to undefined function '%s'",
                     value->symref.root->str);
    return nl_failure();
  }
  if (func_type(f) != op->results[0].type) {
    nl_op_emit_error(op, "reference to function with mismatched type");
    return nl_failure();
  }
  return nl_success();
}

/* ---- the op table -------------------------------------------------------- */

const NlOpDef nl_func_ops[FUNC_NOPS] = {
#define OP(id, name_, no, nr, ng, tr, ver, prs, prt, dflt, uses)               \
  [FUNC_##id] = {.name = name_,                                                \
                 .noperands = no,                                              \
                 .nresults = nr,                                               \
                 .nregions = ng,                                               \
                 .nsuccessors = 0,                                             \
                 .traits = tr,                                                 \
                 .verify = ver,                                                \
                 .parse = prs,                                                 \
                 .print = prt,                                                 \
                 .default_dialect = dflt,                                      \
                 .verify_symbol_uses = uses},
#include "func/ops.def"
#undef OP
};
