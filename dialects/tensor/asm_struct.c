/*
 * Custom forms of the structured ops, as linalg spells them:
 *   tensor.matmul {attrs} ins(%a, %b : T1, T2) outs(%c : T3) -> T3
 *   tensor.generic {indexing_maps = [...], iterator_types = [...]}
 *       ins(...) outs(...) { ^bb0(...): ... } -> T
 * The `operandSegmentSizes` attribute is implied by ins/outs and printed
 * only in the generic form.
 */
#include <stdlib.h>

#include "tensor/internal.h"

static const char *const elided[] = {"operandSegmentSizes"};

/* A comma-separated list of types (at least one). */
static NlResult
parse_types(NlParser *p, NlType ***ts, uint32_t *n, uint32_t *cap)
{
  do {
    NlType *t;
    if (nl_failed(nl_parser_parse_type(p, &t)))
      return nl_failure();
    NL_VEC_PUSH(*ts, *n, *cap, t);
  } while (nl_parser_accept(p, ","));
  return nl_success();
}

/* operands-group ::= keyword `(` (ssa-use-list `:` type-list)? `)`
 * Resolves the operands into st; *count receives their number. */
static NlResult
parse_group(NlParser *p, NlOpState *st, const char *kw, uint32_t *count)
{
  *count = 0;
  if (!nl_parser_accept_keyword(p, kw))
    return nl_success();
  NlLoc *loc = nl_parser_loc(p);
  NlUnresolvedOperand *os = NULL;
  NlType **ts = NULL;
  uint32_t n = 0, nt = 0, cap = 0;
  NlResult r = nl_parser_expect(p, "(");
  if (nl_succeeded(r) && !nl_parser_accept(p, ")")) {
    r = nl_parser_parse_operand_list(p, &os, &n);
    if (nl_succeeded(r))
      r = nl_parser_expect(p, ":");
    if (nl_succeeded(r))
      r = parse_types(p, &ts, &nt, &cap);
    if (nl_succeeded(r))
      r = nl_parser_expect(p, ")");
    if (nl_succeeded(r))
      r = nl_parser_resolve_operands(p, os, n, ts, nt, loc, st);
  }
  *count = n;
  free(ts); /* os lives in the parser's arena */
  return r;
}

static void
set_segments(NlOpState *st, uint32_t nins, uint32_t nouts)
{
  NlContext *ctx = st->ctx;
  int32_t seg[2] = {(int32_t)nins, (int32_t)nouts};
  nl_op_state_add_attr(
      st, "operandSegmentSizes",
      nl_attr_dense_array(ctx, nl_type_integer(ctx, 32, NL_SIGNLESS), seg, 2));
}

/* structured-op ::= attr-dict? ins-group? outs-group
 *                   (`attrs` `=` attr-dict)? region? (`->` type-list)? */
static NlResult
parse_structured(NlParser *p, NlOpState *st, bool generic)
{
  uint32_t nins, nouts;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_group(p, st, "ins", &nins)) ||
      nl_failed(parse_group(p, st, "outs", &nouts)))
    return nl_failure();
  if (nl_parser_accept_keyword(p, "attrs") &&
      (nl_failed(nl_parser_expect(p, "=")) ||
       nl_failed(nl_parser_parse_optional_attr_dict(p, st))))
    return nl_failure();
  if (generic) {
    NlRegion *r = nl_op_state_add_region(st);
    if (!nl_parser_peek(p, "{")) {
      nl_parser_error(p, "expected the body region of tensor.generic");
      return nl_failure();
    }
    if (nl_failed(nl_parser_parse_region(p, r, NULL, 0)))
      return nl_failure();
  }
  if (nl_parser_accept(p, "->")) {
    NlType **ts;
    uint32_t n;
    if (nl_failed(nl_parser_parse_type_list(p, &ts, &n)))
      return nl_failure();
    nl_op_state_add_results(st, ts, n); /* ts: the parser's arena */
  }
  set_segments(st, nins, nouts);
  return nl_success();
}

NlResult
nl_tensor_parse_STRUCT(NlParser *p, NlOpState *st)
{
  return parse_structured(p, st, false);
}

NlResult
nl_tensor_parse_GENERIC(NlParser *p, NlOpState *st)
{
  return parse_structured(p, st, true);
}

/* ` kw(%a, %b : T1, T2)` for operands [first, first + n). */
static void
print_group(NlPrinter *p, NlOp *op, const char *kw, uint32_t first, uint32_t n)
{
  if (!n)
    return;
  nl_printer_printf(p, " %s(", kw);
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, nl_op_operand(op, first + i));
  }
  nl_printer_puts(p, " : ");
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, nl_op_operand(op, first + i)->type);
  }
  nl_printer_puts(p, ")");
}

/* The attributes with the properties merged in (ops read from MLIR's
 * generic form keep inherent attributes there). */
static NlAttr *
all_attrs(NlOp *op)
{
  NlAttr *d = op->attrs;
  if (op->props && op->props->kind == NL_ATTR_DICT)
    for (uint32_t i = 0; i < op->props->dict.n; i++)
      if (!nl_attr_dict_get_ident(d, op->props->dict.entries[i].name))
        d = nl_attr_dict_set(nl_op_context(op), d,
                             op->props->dict.entries[i].name,
                             op->props->dict.entries[i].value);
  return d;
}

static void
print_structured(NlPrinter *p, NlOp *op, bool generic)
{
  uint32_t nins, nouts;
  if (!nl_tensor_split(op, &nins, &nouts)) {
    /* Malformed (the verifier says why): print everything as outs so
     * that nothing is lost. */
    nins = 0;
    nouts = op->noperands;
  }
  nl_printer_print_attr_dict(p, all_attrs(op), elided, 1);
  print_group(p, op, "ins", 0, nins);
  print_group(p, op, "outs", nins, nouts);
  if (generic && op->nregions == 1) {
    nl_printer_puts(p, " ");
    nl_printer_print_region(p, nl_op_region(op, 0), true, true);
  }
  if (op->nresults) {
    nl_printer_puts(p, " -> ");
    if (op->nresults > 1)
      nl_printer_puts(p, "(");
    for (uint32_t i = 0; i < op->nresults; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_type(p, nl_op_result(op, i)->type);
    }
    if (op->nresults > 1)
      nl_printer_puts(p, ")");
  }
}

void
nl_tensor_print_STRUCT(NlPrinter *p, NlOp *op)
{
  print_structured(p, op, false);
}

void
nl_tensor_print_GENERIC(NlPrinter *p, NlOp *op)
{
  print_structured(p, op, true);
}
