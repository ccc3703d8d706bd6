/*
 * A dialect plug-in for the tests: the `plug` dialect, loaded by
 * `null-opt --load-dialect-plugin=libnull-test-plugin.so`. It proves that a
 * dialect outside libnull registers, parses, prints and verifies exactly
 * like a built-in one.
 *
 *   %0 = plug.const 4 : i32      custom form; the result must be an integer
 *   plug.even %0 : i32           the operand must be an even plug.const
 */
#include "null/null.h"

static NlAttr *
value_of(const NlOp *op)
{
  return nl_attr_dict_get(op->attrs, "value");
}

/* const-op ::= `-`? integer-literal attr-dict `:` type */
static NlResult
parse_const(NlParser *p, NlOpState *st)
{
  bool neg = nl_parser_accept(p, "-");
  int64_t v;
  NlType *t;
  if (nl_failed(nl_parser_parse_integer(p, &v)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  NlContext *ctx = nl_parser_context(p);
  nl_op_state_add_attr(st, "value",
                       nl_attr_integer(ctx, nl_type_i64(ctx), neg ? -v : v));
  nl_op_state_add_result(st, t);
  return nl_success();
}

static void
print_const(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"value"};
  NlAttr *v = value_of(op);
  if (v && v->kind == NL_ATTR_INTEGER)
    nl_printer_printf(p, " %lld", (long long)nl_attr_integer_value(v, NULL));
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->results[0].type);
}

static NlResult
verify_const(NlOp *op)
{
  NlAttr *v = value_of(op);
  if (!v || v->kind != NL_ATTR_INTEGER) {
    nl_op_emit_error(op, "requires integer attribute 'value'");
    return nl_failure();
  }
  if (!nl_type_is_integer(op->results[0].type, 0)) {
    nl_op_emit_error(op, "result must be an integer type");
    return nl_failure();
  }
  return nl_success();
}

/* even-op ::= ssa-use attr-dict `:` type */
static NlResult
parse_even(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand x;
  NlType *t;
  NlValue *v;
  if (nl_failed(nl_parser_parse_operand(p, &x)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)) ||
      nl_failed(nl_parser_resolve_operand(p, &x, t, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  return nl_success();
}

static void
print_even(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->operands[0].value->type);
}

static NlResult
verify_even(NlOp *op)
{
  NlOp *def = nl_value_defining_op(op->operands[0].value);
  NlAttr *v = def && nl_op_is(def, "plug.const") ? value_of(def) : NULL;
  if (!v || v->kind != NL_ATTR_INTEGER ||
      nl_attr_integer_value(v, NULL) % 2 != 0) {
    nl_op_emit_error(op, "operand must be an even plug.const");
    return nl_failure();
  }
  return nl_success();
}

static const NlOpDef plug_ops[] = {
    {.name = "plug.const",
     .noperands = 0,
     .nresults = 1,
     .traits = NL_PURE,
     .verify = verify_const,
     .parse = parse_const,
     .print = print_const},
    {.name = "plug.even",
     .noperands = 1,
     .nresults = 0,
     .verify = verify_even,
     .parse = parse_even,
     .print = print_even},
};

static const NlDialect plug_dialect = {
    .name = "plug",
    .ops = plug_ops,
    .nops = sizeof(plug_ops) / sizeof(plug_ops[0]),
    .summary = "a dialect loaded from a plug-in (tests only)",
};

static NlResult
register_plug(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &plug_dialect);
}

NL_API NlDialectPluginInfo
nl_dialect_plugin_info(void)
{
  return (NlDialectPluginInfo){NL_PLUGIN_ABI_VERSION, "plug", "1.0",
                               register_plug};
}
