/*
 * The math ops: verifiers with MLIR's messages and MLIR's custom forms
 * (`math.exp %x fastmath<fast> : f32`, `math.fma %a, %b, %c : f32`,
 * `math.fpowi %x, %n : f32, i32`), one pair per op family (the `cls`
 * column of ops.def). The op table is at the end; folders are in fold.c.
 */
#include "math/internal.h"

/* ---- verifiers ----------------------------------------------------------- */

/* Float ops: fastmath, float-like operands and result of one type. */
static NlResult
verify_float(NlOp *op)
{
  if (nl_failed(nl_arith_verify_fastmath(op)))
    return nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_failed(nl_arith_check_operand(op, i, NL_TC_FLOAT)))
      return nl_failure();
  if (nl_failed(nl_arith_check_result(op, 0, NL_TC_FLOAT)))
    return nl_failure();
  return nl_arith_check_same_type(op);
}

/* Integer ops: signless-integer-like operands and result of one type. */
static NlResult
verify_int(NlOp *op)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_failed(nl_arith_check_operand(op, i, NL_TC_INT)))
      return nl_failure();
  if (nl_failed(nl_arith_check_result(op, 0, NL_TC_INT)))
    return nl_failure();
  return nl_arith_check_same_type(op);
}

#define verify_UNF verify_float
#define verify_BINF verify_float
#define verify_TERF verify_float
#define verify_UNI verify_int
#define verify_BINI verify_int

/* fpowi: a float-like base, an integer-like exponent of the same shape,
 * and a result of the base's type. */
static NlResult
verify_FPOWI(NlOp *op)
{
  if (nl_failed(nl_arith_verify_fastmath(op)) ||
      nl_failed(nl_arith_check_operand(op, 0, NL_TC_FLOAT)) ||
      nl_failed(nl_arith_check_operand(op, 1, NL_TC_INT)) ||
      nl_failed(nl_arith_check_result(op, 0, NL_TC_FLOAT)))
    return nl_failure();
  NlType *a = nl_op_operand(op, 0)->type, *b = nl_op_operand(op, 1)->type;
  NlType *r = nl_op_result(op, 0)->type;
  if (!nl_arith_same_shape(a, b) || !nl_arith_same_shape(a, r)) {
    nl_op_emit_error(op, "requires the same shape for all operands and "
                         "results");
    return nl_failure();
  }
  if (a != r) {
    nl_op_emit_error(op, "failed to verify that all of {lhs, result} have "
                         "same type");
    return nl_failure();
  }
  return nl_success();
}

/* ---- custom forms -------------------------------------------------------- */

static const char *const fastmath_elided[] = {"fastmath"};

/* elementwise-op ::= ssa-use (`,` ssa-use)* fastmath? attr-dict `:` type */
static NlResult
parse_elementwise(NlParser *p, NlOpState *st, uint32_t n, bool fastmath)
{
  NlUnresolvedOperand ops[3];
  NlType *t;
  for (uint32_t i = 0; i < n; i++) {
    if (i && nl_failed(nl_parser_expect(p, ",")))
      return nl_failure();
    if (nl_failed(nl_parser_parse_operand(p, &ops[i])))
      return nl_failure();
  }
  if (fastmath && nl_failed(nl_arith_parse_optional_fastmath(p, st)))
    return nl_failure();
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &ops[i], t, &v)))
      return nl_failure();
    nl_op_state_add_operand(st, v);
  }
  nl_op_state_add_result(st, t);
  return nl_success();
}

static NlResult
parse_UNF(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 1, true);
}

static NlResult
parse_BINF(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 2, true);
}

static NlResult
parse_TERF(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 3, true);
}

static NlResult
parse_UNI(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 1, false);
}

static NlResult
parse_BINI(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 2, false);
}

static void
print_float(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_arith_print_optional_fastmath(p, op);
  nl_printer_print_attr_dict(p, op->attrs, fastmath_elided, 1);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_result(op, 0)->type);
}

static void
print_int(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_result(op, 0)->type);
}

#define print_UNF print_float
#define print_BINF print_float
#define print_TERF print_float
#define print_UNI print_int
#define print_BINI print_int

/* fpowi-op ::= ssa-use `,` ssa-use fastmath? attr-dict `:` type `,` type */
static NlResult
parse_FPOWI(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand a, b;
  NlType *ta, *tb;
  NlValue *va, *vb;
  if (nl_failed(nl_parser_parse_operand(p, &a)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_operand(p, &b)) ||
      nl_failed(nl_arith_parse_optional_fastmath(p, st)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &ta)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_type(p, &tb)) ||
      nl_failed(nl_parser_resolve_operand(p, &a, ta, &va)) ||
      nl_failed(nl_parser_resolve_operand(p, &b, tb, &vb)))
    return nl_failure();
  nl_op_state_add_operand(st, va);
  nl_op_state_add_operand(st, vb);
  nl_op_state_add_result(st, ta);
  return nl_success();
}

static void
print_FPOWI(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_arith_print_optional_fastmath(p, op);
  nl_printer_print_attr_dict(p, op->attrs, fastmath_elided, 1);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_operand(op, 0)->type);
  nl_printer_puts(p, ", ");
  nl_printer_print_type(p, nl_op_operand(op, 1)->type);
}

/* ---- the op table -------------------------------------------------------- */

const char nl_math_kind_iface[] = "math.kind";

static const int math_kinds[MATH_NOPS] = {
#define OP(id, ...) [MATH_##id] = MATH_##id,
#include "math/ops.def"
#undef OP
};

#define OP(id, ...)                                                            \
  static const NlOpIface ifaces_##id[] = {                                     \
      {nl_math_kind_iface, &math_kinds[MATH_##id]}, {NULL, NULL}};
#include "math/ops.def"
#undef OP

const NlOpDef nl_math_ops[MATH_NOPS] = {
#define OP(id, mnemonic, cls, nopd)                                            \
  [MATH_##id] = {.name = mnemonic,                                             \
                 .noperands = nopd,                                            \
                 .nresults = 1,                                                \
                 .nregions = 0,                                                \
                 .nsuccessors = 0,                                             \
                 .traits = NL_PURE,                                            \
                 .verify = verify_##cls,                                       \
                 .parse = parse_##cls,                                         \
                 .print = print_##cls,                                         \
                 .ifaces = ifaces_##id,                                        \
                 .fold = nl_math_fold},
#include "math/ops.def"
#undef OP
};
