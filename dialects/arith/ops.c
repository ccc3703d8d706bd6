/*
 * The arith ops: verifiers with MLIR's messages (attribute constraints,
 * then operand and result type constraints, then the traits, in MLIR's
 * order) and MLIR's custom assembly forms, one pair per op family (the
 * `cls` column of ops.def). The op table is at the end; folders are in
 * fold.c and patterns in canonicalize.c.
 */
#include <string.h>

#include "arith/internal.h"

/* ---- verifier helpers ---------------------------------------------------- */

static NlType *
opd_type(NlOp *op, uint32_t i)
{
  return nl_op_operand(op, i)->type;
}

static NlType *
res_type(NlOp *op, uint32_t i)
{
  return nl_op_result(op, i)->type;
}

/* Checks operands [0, nopd) against tc and results [0, nres) against
 * rtc, in MLIR's order. */
static NlResult
check_all(NlOp *op, NlArithTC tc, NlArithTC rtc)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_failed(nl_arith_check_operand(op, i, tc)))
      return nl_failure();
  for (uint32_t i = 0; i < op->nresults; i++)
    if (nl_failed(nl_arith_check_result(op, i, rtc)))
      return nl_failure();
  return nl_success();
}

static NlResult
check_overflow_attr(NlOp *op)
{
  uint32_t f;
  NlAttr *a = nl_arith_inherent(op, "overflowFlags");
  if (!a || nl_arith_decode_overflow(a, &f))
    return nl_success();
  nl_op_emit_error(op, "attribute 'overflowFlags' failed to satisfy "
                       "constraint: Integer overflow arith flags");
  return nl_failure();
}

/* The required predicate attribute of a cmpi (n = 10) or cmpf (n = 16). */
static NlResult
check_predicate(NlOp *op, int n)
{
  NlAttr *a = nl_arith_inherent(op, "predicate");
  if (!a) {
    nl_op_emit_error(op, "requires attribute 'predicate'");
    return nl_failure();
  }
  if (nl_arith_predicate(op, n) >= 0)
    return nl_success();
  NlBuf b = {0};
  for (int i = 0; i < n; i++)
    nl_buf_printf(&b, "%s%d", i ? ", " : "", i);
  nl_op_emit_error(op,
                   "attribute 'predicate' failed to satisfy constraint: "
                   "allowed 64-bit signless integer cases: %s",
                   b.data);
  nl_buf_free(&b);
  return nl_failure();
}

/* t with an i1 element type (same shape). */
static NlType *
i1_like(NlOp *op, NlType *t)
{
  NlContext *ctx = nl_op_context(op);
  return nl_arith_with_elem(ctx, t, nl_type_i1(ctx));
}

/* ---- verifiers ----------------------------------------------------------- */

static NlResult
verify_CONST(NlOp *op)
{
  NlAttr *v = nl_arith_inherent(op, "value");
  NlType *t = res_type(op, 0);
  if (!v) {
    nl_op_emit_error(op, "requires attribute 'value'");
    return nl_failure();
  }
  if (!v->type) {
    nl_op_emit_error(op, "attribute 'value' failed to satisfy constraint: "
                         "TypedAttr instance");
    return nl_failure();
  }
  if (v->type != t) {
    nl_op_emit_error(op, "failed to verify that all of {value, result} have "
                         "same type");
    return nl_failure();
  }
  if (t->kind == NL_TYPE_INTEGER && t->integer.signedness != NL_SIGNLESS) {
    nl_op_emit_error(op, "integer return type must be signless");
    return nl_failure();
  }
  if (v->kind != NL_ATTR_INTEGER && v->kind != NL_ATTR_FLOAT &&
      v->kind != NL_ATTR_DENSE && v->kind != NL_ATTR_DENSE_RESOURCE) {
    nl_op_emit_error(op,
                     "value must be an integer, float, or elements attribute");
    return nl_failure();
  }
  if (t->kind == NL_TYPE_VECTOR && t->shaped.scalable &&
      !(v->kind == NL_ATTR_DENSE && v->dense.splat)) {
    nl_op_emit_error(op, "initializing scalable vectors with elements "
                         "attribute is not supported unless it's a vector "
                         "splat");
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_BINI(NlOp *op)
{
  if (nl_failed(check_all(op, NL_TC_INT, NL_TC_INT)))
    return nl_failure();
  return nl_arith_check_same_type(op);
}

static NlResult
verify_BINIO(NlOp *op)
{
  if (nl_failed(check_overflow_attr(op)))
    return nl_failure();
  return verify_BINI(op);
}

static NlResult
verify_BINF(NlOp *op)
{
  if (nl_failed(nl_arith_verify_fastmath(op)) ||
      nl_failed(check_all(op, NL_TC_FLOAT, NL_TC_FLOAT)))
    return nl_failure();
  return nl_arith_check_same_type(op);
}

#define verify_UNF verify_BINF

/* cmpi/cmpf: same operand types, i1 result of the operands' shape. */
static NlResult
verify_cmp(NlOp *op, int npred, NlArithTC tc)
{
  if (nl_failed(check_predicate(op, npred)) ||
      nl_failed(check_all(op, tc, NL_TC_BOOL)))
    return nl_failure();
  if (opd_type(op, 0) != opd_type(op, 1)) {
    nl_op_emit_error(op, "requires all operands to have the same type");
    return nl_failure();
  }
  if (res_type(op, 0) != i1_like(op, opd_type(op, 0))) {
    nl_op_emit_error(op, "failed to verify that result type has i1 element "
                         "type and same shape as operands");
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_CMPI(NlOp *op)
{
  return verify_cmp(op, NL_CMPI_COUNT, NL_TC_INT);
}

static NlResult
verify_CMPF(NlOp *op)
{
  if (nl_failed(nl_arith_verify_fastmath(op)))
    return nl_failure();
  return verify_cmp(op, NL_CMPF_COUNT, NL_TC_FLOAT);
}

static NlResult
verify_SELECT(NlOp *op)
{
  if (nl_failed(nl_arith_check_operand(op, 0, NL_TC_BOOL)))
    return nl_failure();
  NlType *t = res_type(op, 0);
  if (opd_type(op, 1) != t || opd_type(op, 2) != t) {
    nl_op_emit_error(op, "failed to verify that all of {true_value, "
                         "false_value, result} have same type");
    return nl_failure();
  }
  NlType *c = opd_type(op, 0);
  if (nl_type_is_integer(c, 1) && c->kind == NL_TYPE_INTEGER)
    return nl_success();
  /* A vector or tensor condition selects elementwise: it must be the i1
   * mask of the result's shape. */
  if (t->kind != NL_TYPE_VECTOR && t->kind != NL_TYPE_TENSOR &&
      t->kind != NL_TYPE_UNRANKED_TENSOR) {
    NlBuf b = {0};
    nl_op_emit_error(op,
                     "expected condition to be a signless i1, but got "
                     "'%s'",
                     nl_arith_type_str(&b, c));
    nl_buf_free(&b);
    return nl_failure();
  }
  if (c != i1_like(op, t)) {
    nl_op_emit_error(op, "failed to verify that condition is signless i1 or "
                         "has matching shape");
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_ADDEXT(NlOp *op)
{
  if (nl_failed(nl_arith_check_operand(op, 0, NL_TC_INT)) ||
      nl_failed(nl_arith_check_operand(op, 1, NL_TC_INT)) ||
      nl_failed(nl_arith_check_result(op, 0, NL_TC_INT)) ||
      nl_failed(nl_arith_check_result(op, 1, NL_TC_BOOL)))
    return nl_failure();
  NlType *t = opd_type(op, 0);
  if (opd_type(op, 1) != t || res_type(op, 0) != t) {
    nl_op_emit_error(op, "failed to verify that all of {lhs, rhs, sum} have "
                         "same type");
    return nl_failure();
  }
  if (res_type(op, 1) != i1_like(op, t)) {
    nl_op_emit_error(op, "failed to verify that overflow type has i1 element "
                         "type and same shape as sum");
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_MULEXT(NlOp *op)
{
  if (nl_failed(check_all(op, NL_TC_INT, NL_TC_INT)))
    return nl_failure();
  NlType *t = opd_type(op, 0);
  if (opd_type(op, 1) != t || res_type(op, 0) != t || res_type(op, 1) != t) {
    nl_op_emit_error(op, "failed to verify that all of {lhs, rhs, low, high} "
                         "have same type");
    return nl_failure();
  }
  return nl_success();
}

/* The shape rules of every cast (SameOperandsAndResultShape and
 * SameInputOutputTensorDims), then cast compatibility: `ok` tells whether
 * the element types may be cast. */
static NlResult
verify_cast(NlOp *op, NlArithTC in, NlArithTC out, bool ok)
{
  if (nl_failed(check_all(op, in, out)))
    return nl_failure();
  NlType *a = opd_type(op, 0), *b = res_type(op, 0);
  bool sa = nl_type_is_shaped(a) || a->kind == NL_TYPE_UNRANKED_TENSOR;
  bool sb = nl_type_is_shaped(b) || b->kind == NL_TYPE_UNRANKED_TENSOR;
  bool ta = a->kind == NL_TYPE_TENSOR || a->kind == NL_TYPE_UNRANKED_TENSOR;
  bool tb = b->kind == NL_TYPE_TENSOR || b->kind == NL_TYPE_UNRANKED_TENSOR;
  if (sa != sb || (sa && a->kind != NL_TYPE_UNRANKED_TENSOR &&
                   b->kind != NL_TYPE_UNRANKED_TENSOR &&
                   a->shaped.rank != b->shaped.rank)) {
    nl_op_emit_error(op, "requires the same shape for all operands and "
                         "results");
    return nl_failure();
  }
  if (sa && a->kind != NL_TYPE_UNRANKED_TENSOR &&
      b->kind != NL_TYPE_UNRANKED_TENSOR) {
    for (uint32_t i = 0; i < a->shaped.rank; i++) {
      int64_t x = a->shaped.dims[i], y = b->shaped.dims[i];
      if (x != y && x != NL_DYNAMIC && y != NL_DYNAMIC) {
        nl_op_emit_error(op, "requires the same shape for all operands and "
                             "results");
        return nl_failure();
      }
    }
  }
  if ((ta || tb) && !(a->kind == NL_TYPE_TENSOR && b->kind == NL_TYPE_TENSOR &&
                      nl_arith_same_shape(a, b))) {
    nl_op_emit_error(op, "failed to verify that input and output have the "
                         "same tensor dimensions");
    return nl_failure();
  }
  if (ok && (!sa || nl_arith_same_shape(a, b)))
    return nl_success();
  NlBuf ba = {0}, bb = {0};
  nl_op_emit_error(op,
                   "operand type '%s' and result type '%s' are cast "
                   "incompatible",
                   nl_arith_type_str(&ba, a), nl_arith_type_str(&bb, b));
  nl_buf_free(&ba);
  nl_buf_free(&bb);
  return nl_failure();
}

static uint32_t
ewidth(NlType *t)
{
  return nl_type_bitwidth(nl_type_element(t));
}

static NlResult
verify_EXTI(NlOp *op)
{
  return verify_cast(op, NL_TC_FIXED_INT, NL_TC_FIXED_INT,
                     ewidth(res_type(op, 0)) > ewidth(opd_type(op, 0)));
}

static NlResult
verify_TRUNCI(NlOp *op)
{
  return verify_cast(op, NL_TC_FIXED_INT, NL_TC_FIXED_INT,
                     ewidth(res_type(op, 0)) < ewidth(opd_type(op, 0)));
}

static NlResult
verify_EXTF(NlOp *op)
{
  if (nl_failed(nl_arith_verify_fastmath(op)))
    return nl_failure();
  return verify_cast(op, NL_TC_FLOAT, NL_TC_FLOAT,
                     ewidth(res_type(op, 0)) > ewidth(opd_type(op, 0)));
}

static NlResult
verify_TRUNCF(NlOp *op)
{
  if (nl_arith_inherent(op, "roundingmode") && nl_arith_roundingmode(op) < 0) {
    nl_op_emit_error(op, "attribute 'roundingmode' failed to satisfy "
                         "constraint: Floating point rounding mode");
    return nl_failure();
  }
  if (nl_failed(nl_arith_verify_fastmath(op)))
    return nl_failure();
  return verify_cast(op, NL_TC_FLOAT, NL_TC_FLOAT,
                     ewidth(res_type(op, 0)) < ewidth(opd_type(op, 0)));
}

static NlResult
verify_ITOF(NlOp *op)
{
  return verify_cast(op, NL_TC_FIXED_INT, NL_TC_FLOAT, true);
}

static NlResult
verify_FTOI(NlOp *op)
{
  return verify_cast(op, NL_TC_FLOAT, NL_TC_FIXED_INT, true);
}

static NlResult
verify_IDXCAST(NlOp *op)
{
  NlType *a = nl_type_element(opd_type(op, 0));
  NlType *b = nl_type_element(res_type(op, 0));
  bool ok = (a->kind == NL_TYPE_INDEX) != (b->kind == NL_TYPE_INDEX);
  return verify_cast(op, NL_TC_INDEX_CAST, NL_TC_INDEX_CAST, ok);
}

static NlResult
verify_BITCAST(NlOp *op)
{
  return verify_cast(op, NL_TC_BITCAST, NL_TC_BITCAST,
                     ewidth(res_type(op, 0)) == ewidth(opd_type(op, 0)));
}

/* ---- parsing helpers ----------------------------------------------------- */

/* Reads exactly n operands. */
static NlResult
parse_operands(NlParser *p, NlUnresolvedOperand *ops, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    if (i && nl_failed(nl_parser_expect(p, ",")))
      return nl_failure();
    if (nl_failed(nl_parser_parse_operand(p, &ops[i])))
      return nl_failure();
  }
  return nl_success();
}

/* Resolves every operand to type t. */
static NlResult
resolve_all(NlParser *p, NlOpState *st, const NlUnresolvedOperand *ops,
            uint32_t n, NlType *t)
{
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &ops[i], t, &v)))
      return nl_failure();
    nl_op_state_add_operand(st, v);
  }
  return nl_success();
}

/* `:` type */
static NlResult
parse_colon_type(NlParser *p, NlType **t)
{
  if (nl_failed(nl_parser_expect(p, ":")))
    return nl_failure();
  return nl_parser_parse_type(p, t);
}

/* One of names[0..n) as a bare keyword; *out its index. (MLIR also takes
 * the name as a string, which the parser API cannot peek at.) */
static NlResult
parse_enum(NlParser *p, const char *const *names, int n, const char *attr,
           int *out)
{
  NlLoc *loc = nl_parser_loc(p);
  for (int i = 0; i < n; i++) {
    if (nl_parser_accept_keyword(p, names[i])) {
      *out = i;
      return nl_success();
    }
  }
  NlBuf b = {0};
  for (int i = 0; i < n; i++)
    nl_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
  nl_emit_error(nl_parser_context(p), loc,
                "expected string or keyword containing one of the following "
                "enum values for attribute '%s' [%s]",
                attr, b.data);
  nl_buf_free(&b);
  return nl_failure();
}

static void
print_colon_type(NlPrinter *p, const NlType *t)
{
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, t);
}

static const char *const flag_attrs[] = {"overflowFlags", "fastmath",
                                         "predicate", "roundingmode"};
#define NFLAG_ATTRS (sizeof flag_attrs / sizeof flag_attrs[0])

static void
print_attr_dict(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, flag_attrs, NFLAG_ATTRS);
}

/* ---- arith.constant ------------------------------------------------------ */

/* constant-op ::= `arith.constant` attr-dict? attribute */
static NlResult
parse_CONST(NlParser *p, NlOpState *st)
{
  NlAttr *v;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_parse_attr(p, NULL, &v)))
    return nl_failure();
  nl_op_state_add_attr(st, "value", v);
  /* An untyped value gets `none`; the verifier then rejects it. */
  nl_op_state_add_result(st, v->type ? v->type
                                     : nl_type_none(nl_parser_context(p)));
  return nl_success();
}

static void
print_CONST(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  static const char *const elided[] = {"value"};
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  nl_printer_puts(p, " ");
  NlAttr *v = nl_arith_inherent(op, "value");
  if (v)
    nl_printer_print_attr(p, v);
}

/* ---- binary and unary ops ------------------------------------------------ */

/* binary-op ::= ssa-use `,` ssa-use flags? attr-dict `:` type
 * flags ::= `overflow` `<` flag-list `>` | `fastmath` `<` flag-list `>` */
static bool
has_overflow_flags(int kind)
{
  return kind == ARITH_ADDI || kind == ARITH_SUBI || kind == ARITH_MULI ||
         kind == ARITH_SHLI;
}

static bool
has_fastmath(int kind)
{
  return (kind >= ARITH_ADDF && kind <= ARITH_MINNUMF) || kind == ARITH_CMPF ||
         kind == ARITH_EXTF || kind == ARITH_TRUNCF;
}

static NlResult
parse_elementwise(NlParser *p, NlOpState *st, uint32_t n)
{
  NlUnresolvedOperand ops[2];
  NlType *t;
  int kind = nl_arith_def_kind(st->def);
  if (nl_failed(parse_operands(p, ops, n)))
    return nl_failure();
  if (has_overflow_flags(kind) &&
      nl_failed(nl_arith_parse_optional_overflow(p, st)))
    return nl_failure();
  if (has_fastmath(kind) && nl_failed(nl_arith_parse_optional_fastmath(p, st)))
    return nl_failure();
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &t)) ||
      nl_failed(resolve_all(p, st, ops, n, t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  return nl_success();
}

static NlResult
parse_BINI(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 2);
}

#define parse_BINIO parse_BINI
#define parse_BINF parse_BINI

static NlResult
parse_UNF(NlParser *p, NlOpState *st)
{
  return parse_elementwise(p, st, 1);
}

static void
print_elementwise(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_arith_print_optional_overflow(p, op);
  nl_arith_print_optional_fastmath(p, op);
  print_attr_dict(p, op);
  print_colon_type(p, res_type(op, 0));
}

#define print_BINI print_elementwise
#define print_BINIO print_elementwise
#define print_BINF print_elementwise
#define print_UNF print_elementwise

/* ---- comparisons --------------------------------------------------------- */

/* cmp-op ::= predicate `,` ssa-use `,` ssa-use fastmath? attr-dict `:` type */
static NlResult
parse_cmp(NlParser *p, NlOpState *st, const char *const *names, int n,
          bool fastmath)
{
  NlContext *ctx = nl_parser_context(p);
  NlUnresolvedOperand ops[2];
  NlType *t;
  int pred;
  if (nl_failed(parse_enum(p, names, n, "predicate", &pred)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(parse_operands(p, ops, 2)))
    return nl_failure();
  if (fastmath && nl_failed(nl_arith_parse_optional_fastmath(p, st)))
    return nl_failure();
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &t)) ||
      nl_failed(resolve_all(p, st, ops, 2, t)))
    return nl_failure();
  nl_op_state_add_attr(st, "predicate",
                       nl_attr_integer(ctx, nl_type_i64(ctx), pred));
  nl_op_state_add_result(st, nl_arith_with_elem(ctx, t, nl_type_i1(ctx)));
  return nl_success();
}

static NlResult
parse_CMPI(NlParser *p, NlOpState *st)
{
  return parse_cmp(p, st, nl_cmpi_names, NL_CMPI_COUNT, false);
}

static NlResult
parse_CMPF(NlParser *p, NlOpState *st)
{
  return parse_cmp(p, st, nl_cmpf_names, NL_CMPF_COUNT, true);
}

static void
print_cmp(NlPrinter *p, NlOp *op, const char *const *names, int n)
{
  if (nl_arith_print_malformed(p, op))
    return;
  int pred = nl_arith_predicate(op, n);
  nl_printer_printf(p, " %s, ", pred >= 0 ? names[pred] : "?");
  nl_printer_print_operands(p, op);
  nl_arith_print_optional_fastmath(p, op);
  print_attr_dict(p, op);
  print_colon_type(p, opd_type(op, 0));
}

static void
print_CMPI(NlPrinter *p, NlOp *op)
{
  print_cmp(p, op, nl_cmpi_names, NL_CMPI_COUNT);
}

static void
print_CMPF(NlPrinter *p, NlOp *op)
{
  print_cmp(p, op, nl_cmpf_names, NL_CMPF_COUNT);
}

/* ---- select -------------------------------------------------------------- */

/* select-op ::= ssa-use `,` ssa-use `,` ssa-use attr-dict `:`
 *               (condition-type `,`)? type */
static NlResult
parse_SELECT(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand ops[3];
  NlType *t, *ct;
  NlValue *v;
  if (nl_failed(parse_operands(p, ops, 3)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &t)))
    return nl_failure();
  if (nl_parser_accept(p, ",")) {
    ct = t;
    if (nl_failed(nl_parser_parse_type(p, &t)))
      return nl_failure();
  } else {
    ct = nl_type_i1(nl_parser_context(p));
  }
  if (nl_failed(nl_parser_resolve_operand(p, &ops[0], ct, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  if (nl_failed(resolve_all(p, st, ops + 1, 2, t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  return nl_success();
}

static void
print_SELECT(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  print_attr_dict(p, op);
  nl_printer_puts(p, " : ");
  NlType *c = opd_type(op, 0);
  if (nl_type_is_shaped(c) || c->kind == NL_TYPE_UNRANKED_TENSOR) {
    nl_printer_print_type(p, c);
    nl_printer_puts(p, ", ");
  }
  nl_printer_print_type(p, res_type(op, 0));
}

/* ---- extended arithmetic ------------------------------------------------- */

/* addui-extended ::= ssa-use `,` ssa-use attr-dict `:` type `,` type */
static NlResult
parse_ADDEXT(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand ops[2];
  NlType *t, *o;
  if (nl_failed(parse_operands(p, ops, 2)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &t)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_type(p, &o)) ||
      nl_failed(resolve_all(p, st, ops, 2, t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  nl_op_state_add_result(st, o);
  return nl_success();
}

static void
print_ADDEXT(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  print_attr_dict(p, op);
  print_colon_type(p, res_type(op, 0));
  nl_printer_puts(p, ", ");
  nl_printer_print_type(p, res_type(op, 1));
}

/* mul-extended ::= ssa-use `,` ssa-use attr-dict `:` type */
static NlResult
parse_MULEXT(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand ops[2];
  NlType *t;
  if (nl_failed(parse_operands(p, ops, 2)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &t)) ||
      nl_failed(resolve_all(p, st, ops, 2, t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  nl_op_state_add_result(st, t);
  return nl_success();
}

static void
print_MULEXT(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  print_attr_dict(p, op);
  print_colon_type(p, res_type(op, 0));
}

/* ---- casts --------------------------------------------------------------- */

/* cast-op ::= ssa-use rounding-mode? fastmath? attr-dict `:` type `to` type
 * (rounding mode for truncf; fastmath for extf and truncf) */
static NlResult
parse_cast(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  int kind = nl_arith_def_kind(st->def);
  NlUnresolvedOperand in;
  NlType *from, *to;
  NlValue *v;
  if (nl_failed(nl_parser_parse_operand(p, &in)))
    return nl_failure();
  if (kind == ARITH_TRUNCF) {
    for (int i = 0; i < NL_ROUND_COUNT; i++) {
      if (nl_parser_accept_keyword(p, nl_round_names[i])) {
        nl_op_state_add_attr(st, "roundingmode",
                             nl_attr_integer(ctx, nl_type_i32(ctx), i));
        break;
      }
    }
  }
  if (has_fastmath(kind) && nl_failed(nl_arith_parse_optional_fastmath(p, st)))
    return nl_failure();
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(parse_colon_type(p, &from)))
    return nl_failure();
  if (!nl_parser_accept_keyword(p, "to")) {
    nl_parser_error(p, "expected 'to'");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_type(p, &to)) ||
      nl_failed(nl_parser_resolve_operand(p, &in, from, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  nl_op_state_add_result(st, to);
  return nl_success();
}

static void
print_cast(NlPrinter *p, NlOp *op)
{
  if (nl_arith_print_malformed(p, op))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  int rm = nl_arith_roundingmode(op);
  if (rm >= 0)
    nl_printer_printf(p, " %s", nl_round_names[rm]);
  nl_arith_print_optional_fastmath(p, op);
  print_attr_dict(p, op);
  print_colon_type(p, opd_type(op, 0));
  nl_printer_puts(p, " to ");
  nl_printer_print_type(p, res_type(op, 0));
}

#define parse_EXTI parse_cast
#define parse_TRUNCI parse_cast
#define parse_EXTF parse_cast
#define parse_TRUNCF parse_cast
#define parse_ITOF parse_cast
#define parse_FTOI parse_cast
#define parse_IDXCAST parse_cast
#define parse_BITCAST parse_cast
#define print_EXTI print_cast
#define print_TRUNCI print_cast
#define print_EXTF print_cast
#define print_TRUNCF print_cast
#define print_ITOF print_cast
#define print_FTOI print_cast
#define print_IDXCAST print_cast
#define print_BITCAST print_cast

/* ---- the op table -------------------------------------------------------- */

const char nl_arith_kind_iface[] = "arith.kind";

static const int arith_kinds[ARITH_NOPS] = {
#define OP(id, ...) [ARITH_##id] = ARITH_##id,
#include "arith/ops.def"
#undef OP
};

#define OP(id, ...)                                                            \
  static const NlOpIface ifaces_##id[] = {                                     \
      {nl_arith_kind_iface, &arith_kinds[ARITH_##id]}, {NULL, NULL}};
#include "arith/ops.def"
#undef OP

const NlOpDef nl_arith_ops[ARITH_NOPS] = {
#define OP(id, mnemonic, cls, nopd, nres, tr)                                  \
  [ARITH_##id] = {.name = mnemonic,                                            \
                  .noperands = nopd,                                           \
                  .nresults = nres,                                            \
                  .nregions = 0,                                               \
                  .nsuccessors = 0,                                            \
                  .traits = tr,                                                \
                  .verify = verify_##cls,                                      \
                  .parse = parse_##cls,                                        \
                  .print = print_##cls,                                        \
                  .ifaces = ifaces_##id,                                       \
                  .fold = nl_arith_fold},
#include "arith/ops.def"
#undef OP
};
