/*
 * Custom forms of the tensor ops that are not structured (MLIR's tensor
 * and linalg spellings where they exist):
 *   %e = tensor.empty() : tensor<4x8xf32>
 *   tensor.yield %a, %b : f32, i32
 *   %i = tensor.index 1 : index
 *   %x = tensor.extract %t[%i, %j] : tensor<4x8xf32>
 *   %p = tensor.pad %t, %cst low[0, 1] high[0, 1]
 *          : tensor<2x2xf32> to tensor<2x4xf32>
 *   %s = tensor.extract_slice %t[0, 2] [4, 3] [1, 1]
 *          : tensor<4x8xf32> to tensor<4x3xf32>
 *   %d = tensor.insert_slice %s into %t[0, 2] [4, 3] [1, 1]
 *          : tensor<4x3xf32> into tensor<4x8xf32>
 *   %r = tensor.reshape %t : tensor<2x6xf32> to tensor<3x4xf32>
 */
#include <stdlib.h>

#include "tensor/internal.h"

/* Prints the operands of a malformed op and returns true, so that the
 * custom printers never read past what the op has. */
static bool
malformed(NlPrinter *p, NlOp *op, uint32_t nopd, uint32_t nres)
{
  if (op->noperands >= nopd && op->nresults == nres)
    return false;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " <malformed>");
  return true;
}

/* ` %src`, operand #0 of an op with nopd operands and one result; false
 * (after printing the operands as malformed) when op is not that. */
static bool
print_source(NlPrinter *p, NlOp *op, uint32_t nopd)
{
  if (malformed(p, op, nopd, 1))
    return false;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, nl_op_operand(op, 0));
  return true;
}

static NlType *
i64(NlContext *ctx)
{
  return nl_type_integer(ctx, 64, NL_SIGNLESS);
}

/* int-list ::= `[` (integer (`,` integer)*)? `]`, stored as the i64 array
 * attribute `name`. */
static NlResult
parse_list(NlParser *p, NlOpState *st, const char *name)
{
  int64_t *v = NULL;
  uint32_t n = 0, cap = 0;
  if (nl_failed(nl_parser_expect(p, "[")))
    return nl_failure();
  if (!nl_parser_accept(p, "]")) {
    do {
      int64_t x;
      if (nl_failed(nl_parser_parse_integer(p, &x))) {
        free(v);
        return nl_failure();
      }
      NL_VEC_PUSH(v, n, cap, x);
    } while (nl_parser_accept(p, ","));
    if (nl_failed(nl_parser_expect(p, "]"))) {
      free(v);
      return nl_failure();
    }
  }
  nl_op_state_add_attr(st, name,
                       nl_attr_dense_array(st->ctx, i64(st->ctx), v, n));
  free(v);
  return nl_success();
}

/* Prints the i64 array attribute `name` as `[a, b]`; `[<malformed>]` when
 * it is not one. */
static void
print_list(NlPrinter *p, NlOp *op, const char *name)
{
  const int64_t *v;
  uint32_t n;
  if (!nl_tensor_i64_array(nl_tensor_attr(op, name), &v, &n)) {
    nl_printer_puts(p, "[<malformed>]");
    return;
  }
  nl_printer_puts(p, "[");
  for (uint32_t i = 0; i < n; i++)
    nl_printer_printf(p, "%s%lld", i ? ", " : "", (long long)v[i]);
  nl_printer_puts(p, "]");
}

/* Accepts the keyword kw or reports that it was expected. */
static NlResult
expect_keyword(NlParser *p, const char *kw)
{
  if (nl_parser_accept_keyword(p, kw))
    return nl_success();
  nl_parser_error(p, "expected '%s'", kw);
  return nl_failure();
}

/* The attribute dictionary without the names the custom form spells. */
static void
print_attrs(NlPrinter *p, NlOp *op, const char *const *names, uint32_t n)
{
  nl_printer_print_attr_dict(p, op->attrs, names, n);
}

/* ---- tensor.empty
 * ------------------------------------------------------------ */

/* empty-op ::= `(` `)` attr-dict `:` type */
NlResult
nl_tensor_parse_EMPTY(NlParser *p, NlOpState *st)
{
  NlType *t;
  if (nl_failed(nl_parser_expect(p, "(")) ||
      nl_failed(nl_parser_expect(p, ")")) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  return nl_success();
}

void
nl_tensor_print_EMPTY(NlPrinter *p, NlOp *op)
{
  if (malformed(p, op, 0, 1))
    return;
  nl_printer_puts(p, "()");
  print_attrs(p, op, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_result(op, 0)->type);
}

/* ---- tensor.yield ----------------------------------------------------------
 */

/* yield-op ::= (ssa-use-list)? attr-dict (`:` type-list)? */
NlResult
nl_tensor_parse_YIELD(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *os = NULL;
  NlType **ts = NULL;
  uint32_t n = 0, nt = 0, cap = 0;
  NlLoc *loc = nl_parser_loc(p);
  NlResult r = nl_parser_parse_operand_list(p, &os, &n);
  if (nl_succeeded(r))
    r = nl_parser_parse_optional_attr_dict(p, st);
  if (nl_succeeded(r) && n) {
    r = nl_parser_expect(p, ":");
    while (nl_succeeded(r)) {
      NlType *t;
      r = nl_parser_parse_type(p, &t);
      if (nl_succeeded(r))
        NL_VEC_PUSH(ts, nt, cap, t);
      if (!nl_parser_accept(p, ","))
        break;
    }
  }
  if (nl_succeeded(r))
    r = nl_parser_resolve_operands(p, os, n, ts, nt, loc, st);
  free(ts); /* os lives in the parser's arena */
  return r;
}

void
nl_tensor_print_YIELD(NlPrinter *p, NlOp *op)
{
  if (op->noperands) {
    nl_printer_puts(p, " ");
    nl_printer_print_operands(p, op);
  }
  print_attrs(p, op, NULL, 0);
  if (op->noperands) {
    nl_printer_puts(p, " : ");
    for (uint32_t i = 0; i < op->noperands; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_type(p, nl_op_operand(op, i)->type);
    }
  }
}

/* ---- tensor.index
 * ------------------------------------------------------------ */

static const char *const index_elided[] = {"dim"};

/* index-op ::= integer attr-dict `:` type */
NlResult
nl_tensor_parse_INDEX(NlParser *p, NlOpState *st)
{
  int64_t d;
  NlType *t;
  if (nl_failed(nl_parser_parse_integer(p, &d)))
    return nl_failure();
  nl_op_state_add_attr(st, "dim", nl_attr_integer(st->ctx, i64(st->ctx), d));
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  return nl_success();
}

void
nl_tensor_print_INDEX(NlPrinter *p, NlOp *op)
{
  NlAttr *a = nl_tensor_attr(op, "dim");
  if (malformed(p, op, 0, 1))
    return;
  if (!a || a->kind != NL_ATTR_INTEGER || !nl_type_is_integer(a->type, 64)) {
    /* Keep whatever `dim` is in the dictionary; the verifier rejects it. */
    nl_printer_puts(p, " 0");
    print_attrs(p, op, NULL, 0);
  } else {
    nl_printer_printf(p, " %lld", (long long)nl_attr_integer_value(a, NULL));
    print_attrs(p, op, index_elided, 1);
  }
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_result(op, 0)->type);
}

/* ---- tensor.extract --------------------------------------------------------
 */

/* extract-op ::= ssa-use `[` ssa-use-list? `]` attr-dict `:` type */
NlResult
nl_tensor_parse_EXTRACT(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src, *idx = NULL;
  uint32_t n = 0;
  NlType *t;
  NlValue *v;
  NlLoc *loc = nl_parser_loc(p);
  NlResult r = nl_parser_parse_operand(p, &src);
  if (nl_succeeded(r))
    r = nl_parser_expect(p, "[");
  if (nl_succeeded(r))
    r = nl_parser_parse_operand_list(p, &idx, &n);
  if (nl_succeeded(r))
    r = nl_parser_expect(p, "]");
  if (nl_succeeded(r))
    r = nl_parser_parse_optional_attr_dict(p, st);
  if (nl_succeeded(r))
    r = nl_parser_expect(p, ":");
  if (nl_succeeded(r))
    r = nl_parser_parse_type(p, &t);
  if (nl_succeeded(r))
    r = nl_parser_resolve_operand(p, &src, t, &v);
  if (nl_succeeded(r)) {
    nl_op_state_add_operand(st, v);
    NlType *ix = nl_type_index(st->ctx);
    for (uint32_t i = 0; i < n && nl_succeeded(r); i++)
      r = nl_parser_resolve_operands(p, &idx[i], 1, &ix, 1, loc, st);
    nl_op_state_add_result(st, nl_type_element(t));
  }
  return r; /* idx lives in the parser's arena */
}

void
nl_tensor_print_EXTRACT(NlPrinter *p, NlOp *op)
{
  if (!print_source(p, op, 1))
    return;
  nl_printer_puts(p, "[");
  for (uint32_t i = 1; i < op->noperands; i++) {
    if (i > 1)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, nl_op_operand(op, i));
  }
  nl_printer_puts(p, "]");
  print_attrs(p, op, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_operand(op, 0)->type);
}

/* ---- `%a ... : T to T` helpers ----------------------------------------------
 */

/* `:` type kw type, resolving `src` with the first type and adding the
 * second as the result. */
static NlResult
parse_types_to(NlParser *p, NlOpState *st, const NlUnresolvedOperand *src,
               const char *kw, NlType **from)
{
  NlType *to;
  NlValue *v;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, from)))
    return nl_failure();
  if (nl_failed(expect_keyword(p, kw)) ||
      nl_failed(nl_parser_parse_type(p, &to)) ||
      nl_failed(nl_parser_resolve_operand(p, src, *from, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  nl_op_state_add_result(st, to);
  return nl_success();
}

/* ` : from kw to`, from being the type of operand #0. */
static void
print_types_to(NlPrinter *p, NlOp *op, const char *kw, const NlType *to)
{
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, nl_op_operand(op, 0)->type);
  nl_printer_printf(p, " %s ", kw);
  nl_printer_print_type(p, to);
}

static const char *const slice_elided[] = {"static_offsets", "static_sizes",
                                           "static_strides"};

/* `[offsets] [sizes] [strides]` */
static NlResult
parse_slice(NlParser *p, NlOpState *st)
{
  if (nl_failed(parse_list(p, st, "static_offsets")) ||
      nl_failed(parse_list(p, st, "static_sizes")) ||
      nl_failed(parse_list(p, st, "static_strides")))
    return nl_failure();
  return nl_success();
}

static void
print_slice(NlPrinter *p, NlOp *op)
{
  print_list(p, op, "static_offsets");
  nl_printer_puts(p, " ");
  print_list(p, op, "static_sizes");
  nl_printer_puts(p, " ");
  print_list(p, op, "static_strides");
  print_attrs(p, op, slice_elided, 3);
}

/* ---- tensor.pad
 * -------------------------------------------------------------- */

static const char *const pad_elided[] = {"high", "low"};

/* pad-op ::= ssa-use `,` ssa-use `low` int-list `high` int-list attr-dict
 *            `:` type `to` type */
NlResult
nl_tensor_parse_PAD(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src, val;
  NlType *from;
  NlValue *v;
  if (nl_failed(nl_parser_parse_operand(p, &src)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_operand(p, &val)) ||
      nl_failed(expect_keyword(p, "low")) ||
      nl_failed(parse_list(p, st, "low")) ||
      nl_failed(expect_keyword(p, "high")) ||
      nl_failed(parse_list(p, st, "high")) ||
      nl_failed(parse_types_to(p, st, &src, "to", &from)) ||
      nl_failed(nl_parser_resolve_operand(p, &val, nl_type_element(from), &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  return nl_success();
}

void
nl_tensor_print_PAD(NlPrinter *p, NlOp *op)
{
  if (malformed(p, op, 2, 1))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " low");
  print_list(p, op, "low");
  nl_printer_puts(p, " high");
  print_list(p, op, "high");
  print_attrs(p, op, pad_elided, 2);
  print_types_to(p, op, "to", nl_op_result(op, 0)->type);
}

/* ---- tensor.extract_slice
 * ---------------------------------------------------- */

/* extract-slice-op ::= ssa-use slice attr-dict `:` type `to` type */
NlResult
nl_tensor_parse_XSLICE(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src;
  NlType *from;
  if (nl_failed(nl_parser_parse_operand(p, &src)) ||
      nl_failed(parse_slice(p, st)) ||
      nl_failed(parse_types_to(p, st, &src, "to", &from)))
    return nl_failure();
  return nl_success();
}

void
nl_tensor_print_XSLICE(NlPrinter *p, NlOp *op)
{
  if (!print_source(p, op, 1))
    return;
  print_slice(p, op);
  print_types_to(p, op, "to", nl_op_result(op, 0)->type);
}

/* ---- tensor.insert_slice
 * ----------------------------------------------------- */

/* insert-slice-op ::= ssa-use `into` ssa-use slice attr-dict
 *                     `:` type `into` type */
NlResult
nl_tensor_parse_ISLICE(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src, dst;
  NlType *from;
  NlValue *v;
  if (nl_failed(nl_parser_parse_operand(p, &src)) ||
      nl_failed(expect_keyword(p, "into")) ||
      nl_failed(nl_parser_parse_operand(p, &dst)) ||
      nl_failed(parse_slice(p, st)) ||
      nl_failed(parse_types_to(p, st, &src, "into", &from)))
    return nl_failure();
  /* The dest has the result's type. */
  if (nl_failed(nl_parser_resolve_operand(p, &dst, st->result_types[0], &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  return nl_success();
}

void
nl_tensor_print_ISLICE(NlPrinter *p, NlOp *op)
{
  if (!print_source(p, op, 2))
    return;
  nl_printer_puts(p, " into ");
  nl_printer_print_value(p, nl_op_operand(op, 1));
  print_slice(p, op);
  print_types_to(p, op, "into", nl_op_operand(op, 1)->type);
}

/* ---- tensor.reshape
 * ---------------------------------------------------------- */

/* reshape-op ::= ssa-use attr-dict `:` type `to` type */
NlResult
nl_tensor_parse_RESHAPE(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src;
  NlType *from;
  if (nl_failed(nl_parser_parse_operand(p, &src)) ||
      nl_failed(parse_types_to(p, st, &src, "to", &from)))
    return nl_failure();
  return nl_success();
}

void
nl_tensor_print_RESHAPE(NlPrinter *p, NlOp *op)
{
  if (!print_source(p, op, 1))
    return;
  print_attrs(p, op, NULL, 0);
  print_types_to(p, op, "to", nl_op_result(op, 0)->type);
}
