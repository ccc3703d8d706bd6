/*
 * Hooks of the builtin ops: custom forms and verifiers, following MLIR's
 * BuiltinOps.td. The op table built from ops.def lives at the end; the
 * dialect and its public helpers are in dialect.c.
 */
#include <stdlib.h>
#include <string.h>

#include "builtin/builtin.h"
#include "builtin/internal.h"

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

/* ---- builtin.module ------------------------------------------------------ */

/* module-op ::= `module` symbol-name? (`attributes` attr-dict)? region */
static NlResult
parse_module(NlParser *p, NlOpState *st)
{
  if (nl_parser_peek_symbol(p)) {
    NlAttr *name;
    if (nl_failed(nl_parser_parse_symbol_name(p, &name)))
      return nl_failure();
    nl_op_state_add_attr(st, "sym_name", name);
  }
  if (nl_failed(nl_parser_parse_optional_attr_dict_with_keyword(p, st)))
    return nl_failure();
  NlRegion *body = nl_op_state_add_region(st);
  if (nl_failed(nl_parser_parse_region(p, body, NULL, 0)))
    return nl_failure();
  /* `module {}` still has its (empty) body block, as in MLIR. */
  if (!body->first)
    nl_region_append_block(body, nl_block_create());
  return nl_success();
}

static void
print_module(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"sym_name"};
  NlAttr *name = nl_op_attr(op, "sym_name");
  if (name && name->kind == NL_ATTR_STRING) {
    nl_printer_puts(p, " ");
    nl_printer_print_symbol_name(p, name->str.value);
  }
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, elided, name ? 1 : 0);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, false);
}

/* MLIR's ModuleOp invariants: an optional string name, one body block
 * without arguments, and only dialect attributes besides the symbol ones. */
static NlResult
verify_module(NlOp *op)
{
  NlAttr *a = attr_of(op, "sym_name");
  if (a && a->kind != NL_ATTR_STRING) {
    nl_op_emit_error(op, "attribute 'sym_name' failed to satisfy "
                         "constraint: string attribute");
    return nl_failure();
  }
  a = attr_of(op, "sym_visibility");
  if (a && a->kind != NL_ATTR_STRING) {
    nl_op_emit_error(op, "attribute 'sym_visibility' failed to satisfy "
                         "constraint: string attribute");
    return nl_failure();
  }
  NlRegion *body = &op->regions[0];
  if (!body->first) {
    nl_op_emit_error(op, "region #0 ('bodyRegion') failed to verify "
                         "constraint: region with 1 blocks");
    return nl_failure();
  }
  if (body->first->nargs != 0) {
    nl_op_emit_error(op, "region should have no arguments");
    return nl_failure();
  }
  const NlAttr *dict = op->attrs;
  for (uint32_t i = 0; i < dict->dict.n; i++) {
    const char *name = dict->dict.entries[i].name->str;
    if (strchr(name, '.') || !strcmp(name, "sym_name") ||
        !strcmp(name, "sym_visibility"))
      continue;
    nl_op_emit_error(op,
                     "can only contain attributes with dialect-prefixed "
                     "names, found: '%s'",
                     name);
    return nl_failure();
  }
  return nl_success();
}

/* ---- builtin.unrealized_conversion_cast ---------------------------------- */

/* Comma-separated types (at least one), no parentheses. */
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

/* cast-op ::= (ssa-use-list `:` type-list)? `to` type-list attr-dict */
static NlResult
parse_cast(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *ops = NULL;
  uint32_t nops = 0, ntypes = 0, nres = 0;
  NlType **types = NULL, **res = NULL;
  NlResult r = nl_failure();
  NlLoc *loc = nl_parser_loc(p);
  if (nl_parser_peek_operand(p)) {
    if (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
        nl_failed(nl_parser_expect(p, ":")) ||
        nl_failed(parse_types(p, &types, &ntypes)))
      goto done;
  }
  if (!nl_parser_accept_keyword(p, "to")) {
    nl_parser_error(p, "expected 'to'");
    goto done;
  }
  if (nl_failed(parse_types(p, &res, &nres)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(
          nl_parser_resolve_operands(p, ops, nops, types, ntypes, loc, st)))
    goto done;
  nl_op_state_add_results(st, res, nres);
  r = nl_success();
done:
  free(types);
  free(res);
  return r;
}

static void
print_cast(NlPrinter *p, NlOp *op)
{
  if (op->noperands > 0) {
    nl_printer_puts(p, " ");
    nl_printer_print_operands(p, op);
    nl_printer_puts(p, " : ");
    for (uint32_t i = 0; i < op->noperands; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_type(p, op->operands[i].value->type);
    }
  }
  nl_printer_puts(p, " to ");
  for (uint32_t i = 0; i < op->nresults; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, op->results[i].type);
  }
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

/* ---- the op table -------------------------------------------------------- */

#define MODULE_TRAITS                                                          \
  (NL_NO_TERMINATOR | NL_GRAPH_REGION | NL_SINGLE_BLOCK |                      \
   NL_ISOLATED_FROM_ABOVE | NL_SYMBOL_TABLE)

const NlOpDef nl_builtin_ops[BUILTIN_NOPS] = {
#define OP(id, name_, no, nr, ng, ns, tr, ver, prs, prt)                       \
  [BUILTIN_##id] = {.name = name_,                                             \
                    .noperands = no,                                           \
                    .nresults = nr,                                            \
                    .nregions = ng,                                            \
                    .nsuccessors = ns,                                         \
                    .traits = tr,                                              \
                    .verify = ver,                                             \
                    .parse = prs,                                              \
                    .print = prt},
#include "builtin/ops.def"
#undef OP
};
