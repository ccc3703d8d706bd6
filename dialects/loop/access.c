/*
 * Memory access and vectors: loop.load, loop.store, loop.transfer_read,
 * loop.transfer_write, loop.broadcast and loop.reduction.
 *
 *   %v = loop.load %m[%i, %j] : memref<4x8xf32>
 *   loop.store %v, %m[%i, %j] : memref<4x8xf32>
 *   %w = loop.transfer_read %m[%i, %j], %pad : memref<4x8xf32>, vector<8xf32>
 *   loop.transfer_write %w, %m[%i, %j] : vector<8xf32>, memref<4x8xf32>
 *   %b = loop.broadcast %s : f32 to vector<8xf32>
 *   %s = loop.reduction <add>, %w : vector<8xf32> into f32
 */
#include <string.h>

#include "loop/internal.h"

/* Parses a type that must be a ranked memref. */
static NlResult
parse_memref(NlParser *p, NlType **t)
{
  NlLoc *loc = nl_parser_loc(p);
  if (nl_failed(nl_parser_parse_type(p, t)))
    return nl_failure();
  if ((*t)->kind == NL_TYPE_MEMREF)
    return nl_success();
  nl_emit_error(nl_parser_context(p), loc, "expected a ranked memref type");
  return nl_failure();
}

static bool
scalar_type(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER || t->kind == NL_TYPE_FLOAT ||
         t->kind == NL_TYPE_INDEX;
}

/* A 1-D vector of the memref's element type with the memref's innermost
 * dim contiguous. */
static NlResult
verify_transfer(NlOp *op, NlType *m, NlType *v)
{
  if (v->kind != NL_TYPE_VECTOR || v->shaped.rank != 1 ||
      v->shaped.scalable || v->shaped.dims[0] < 1)
    return nl_loop_emit_type_error(
        op, "expected a 1-D fixed-size vector, got '%s'%s", v, NULL);
  if (v->shaped.elem != m->shaped.elem)
    return nl_loop_emit_type_error(
        op,
        "vector element type of '%s' does not match the "
        "memref element type of '%s'",
        v, m);
  int64_t strides[64], off;
  if (!m->shaped.rank) {
    nl_op_emit_error(op, "requires a memref of rank >= 1");
    return nl_failure();
  }
  if (nl_loop_memref_strides(m, strides, &off) &&
      strides[m->shaped.rank - 1] != 1) {
    nl_op_emit_error(op, "the innermost dimension of the memref must be "
                         "contiguous (stride 1)");
    return nl_failure();
  }
  return nl_success();
}

/* ` %m[%i, %j]`: the memref operand #mem followed by its nidx indices. */
static void
print_access(NlPrinter *p, NlOp *op, uint32_t mem, uint32_t nidx)
{
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[mem].value);
  nl_loop_print_indices(p, op, mem + 1, nidx);
}

/* The operand count, the memref operand #mem and the indices after it;
 * ntrail operands follow the indices. `need` is the message for too few
 * operands. */
static NlResult
verify_access(NlOp *op, uint32_t mem, uint32_t ntrail, const char *need)
{
  if (op->noperands < mem + 1 + ntrail) {
    nl_op_emit_error(op, "%s", need);
    return nl_failure();
  }
  NlType *m = op->operands[mem].value->type;
  const char *what = mem ? "operand #1" : "operand #0";
  if (nl_failed(nl_loop_verify_memref(op, m, what)))
    return nl_failure();
  return nl_loop_verify_indices(op, m, mem + 1,
                                op->noperands - mem - 1 - ntrail);
}

/* The head of the writing ops, up to the types:
 *   ssa-use `,` ssa-use `[` ssa-use-list `]` attr-dict `:` */
static NlResult
parse_write_head(NlParser *p, NlOpState *st, NlUnresolvedOperand *x,
                 NlUnresolvedOperand *m, NlUnresolvedOperand **idx,
                 uint32_t *n)
{
  if (nl_failed(nl_parser_parse_operand(p, x)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_operand(p, m)) ||
      nl_failed(nl_loop_parse_indices(p, idx, n)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  return nl_parser_expect(p, ":");
}

/* Adds the value x of type xt, the memref m of type mt and the indices of
 * a writing op to st. */
static NlResult
resolve_write(NlParser *p, NlOpState *st, NlUnresolvedOperand *x, NlType *xt,
              NlUnresolvedOperand *m, NlType *mt,
              const NlUnresolvedOperand *idx, uint32_t n)
{
  NlValue *vx, *vm;
  if (nl_failed(nl_parser_resolve_operand(p, x, xt, &vx)) ||
      nl_failed(nl_parser_resolve_operand(p, m, mt, &vm)))
    return nl_failure();
  nl_op_state_add_operand(st, vx);
  nl_op_state_add_operand(st, vm);
  return nl_loop_resolve_indices(p, idx, n, st);
}

/* ` %x, %m[%i, %j] {attrs} : ` of the writing ops. */
static void
print_write_head(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_printer_puts(p, ",");
  print_access(p, op, 1, op->noperands - 2);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
}

/* ---- loop.load ----------------------------------------------------------------- */

/* load-op ::= ssa-use `[` ssa-use-list `]` attr-dict `:` memref-type */
NlResult
nl_loop_parse_load(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand m, *idx;
  uint32_t n;
  NlType *t;
  NlValue *v;
  if (nl_failed(nl_parser_parse_operand(p, &m)) ||
      nl_failed(nl_loop_parse_indices(p, &idx, &n)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(parse_memref(p, &t)) ||
      nl_failed(nl_parser_resolve_operand(p, &m, t, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  if (nl_failed(nl_loop_resolve_indices(p, idx, n, st)))
    return nl_failure();
  nl_op_state_add_result(st, t->shaped.elem);
  return nl_success();
}

void
nl_loop_print_load(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, op->noperands < 1))
    return;
  print_access(p, op, 0, op->noperands - 1);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->operands[0].value->type);
}

NlResult
nl_loop_verify_load(NlOp *op)
{
  if (nl_failed(verify_access(op, 0, 0, "requires a memref operand")))
    return nl_failure();
  NlType *m = op->operands[0].value->type;
  if (op->results[0].type != m->shaped.elem)
    return nl_loop_emit_type_error(op,
                                   "result type '%s' does not match the memref "
                                   "element type of '%s'",
                                   op->results[0].type, m);
  return nl_success();
}

/* ---- loop.store ---------------------------------------------------------------- */

/* store-op ::= ssa-use `,` ssa-use `[` ssa-use-list `]` attr-dict `:`
 *              memref-type */
NlResult
nl_loop_parse_store(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand x, m, *idx;
  uint32_t n;
  NlType *t;
  if (nl_failed(parse_write_head(p, st, &x, &m, &idx, &n)) ||
      nl_failed(parse_memref(p, &t)))
    return nl_failure();
  return resolve_write(p, st, &x, t->shaped.elem, &m, t, idx, n);
}

void
nl_loop_print_store(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, op->noperands < 2))
    return;
  print_write_head(p, op);
  nl_printer_print_type(p, op->operands[1].value->type);
}

NlResult
nl_loop_verify_store(NlOp *op)
{
  if (nl_failed(verify_access(op, 1, 0,
                              "requires a value and a memref operand")))
    return nl_failure();
  NlType *m = op->operands[1].value->type;
  if (op->operands[0].value->type != m->shaped.elem)
    return nl_loop_emit_type_error(op,
                                   "value type '%s' does not match the memref "
                                   "element type of '%s'",
                                   op->operands[0].value->type, m);
  return nl_success();
}

/* ---- loop.transfer_read -------------------------------------------------------- */

/* transfer-read-op ::= ssa-use `[` ssa-use-list `]` `,` ssa-use attr-dict
 *                      `:` memref-type `,` vector-type */
NlResult
nl_loop_parse_transfer_read(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand m, pad, *idx;
  uint32_t n;
  NlType *t, *vt;
  NlValue *vm, *vp;
  if (nl_failed(nl_parser_parse_operand(p, &m)) ||
      nl_failed(nl_loop_parse_indices(p, &idx, &n)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_operand(p, &pad)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(parse_memref(p, &t)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_type(p, &vt)) ||
      nl_failed(nl_parser_resolve_operand(p, &m, t, &vm)))
    return nl_failure();
  nl_op_state_add_operand(st, vm);
  if (nl_failed(nl_loop_resolve_indices(p, idx, n, st)) ||
      nl_failed(nl_parser_resolve_operand(p, &pad, t->shaped.elem, &vp)))
    return nl_failure();
  nl_op_state_add_operand(st, vp);
  nl_op_state_add_result(st, vt);
  return nl_success();
}

void
nl_loop_print_transfer_read(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, op->noperands < 2))
    return;
  print_access(p, op, 0, op->noperands - 2);
  nl_printer_puts(p, ", ");
  nl_printer_print_value(p, op->operands[op->noperands - 1].value);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->operands[0].value->type);
  nl_printer_puts(p, ", ");
  nl_printer_print_type(p, op->results[0].type);
}

NlResult
nl_loop_verify_transfer_read(NlOp *op)
{
  if (nl_failed(verify_access(op, 0, 1,
                              "requires a memref and a padding operand")))
    return nl_failure();
  NlType *m = op->operands[0].value->type;
  NlType *pad = op->operands[op->noperands - 1].value->type;
  if (nl_failed(verify_transfer(op, m, op->results[0].type)))
    return nl_failure();
  if (pad != m->shaped.elem)
    return nl_loop_emit_type_error(
        op,
        "padding type '%s' does not match the memref "
        "element type of '%s'",
        pad, m);
  return nl_success();
}

/* ---- loop.transfer_write ------------------------------------------------------- */

/* transfer-write-op ::= ssa-use `,` ssa-use `[` ssa-use-list `]` attr-dict
 *                       `:` vector-type `,` memref-type */
NlResult
nl_loop_parse_transfer_write(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand x, m, *idx;
  uint32_t n;
  NlType *t, *vt;
  if (nl_failed(parse_write_head(p, st, &x, &m, &idx, &n)) ||
      nl_failed(nl_parser_parse_type(p, &vt)) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(parse_memref(p, &t)))
    return nl_failure();
  return resolve_write(p, st, &x, vt, &m, t, idx, n);
}

void
nl_loop_print_transfer_write(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, op->noperands < 2))
    return;
  print_write_head(p, op);
  nl_printer_print_type(p, op->operands[0].value->type);
  nl_printer_puts(p, ", ");
  nl_printer_print_type(p, op->operands[1].value->type);
}

NlResult
nl_loop_verify_transfer_write(NlOp *op)
{
  if (nl_failed(verify_access(op, 1, 0,
                              "requires a vector and a memref operand")))
    return nl_failure();
  return verify_transfer(op, op->operands[1].value->type,
                         op->operands[0].value->type);
}

/* ---- loop.broadcast ------------------------------------------------------------ */

/* broadcast-op ::= ssa-use attr-dict `:` type `to` vector-type
 * (the conversion form, dialect.c) */

NlResult
nl_loop_verify_broadcast(NlOp *op)
{
  NlType *s = op->operands[0].value->type, *v = op->results[0].type;
  if (!scalar_type(s))
    return nl_loop_emit_type_error(op,
                                   "source must be an integer, index or float "
                                   "scalar, got '%s'%s",
                                   s, NULL);
  if (v->kind != NL_TYPE_VECTOR || v->shaped.elem != s)
    return nl_loop_emit_type_error(
        op, "result must be a vector of '%s', got '%s'", s, v);
  return nl_success();
}

/* ---- loop.reduction ------------------------------------------------------------ */

const char *const nl_loop_reduction_names[4] = {"add", "mul", "max", "min"};

int
nl_loop_reduction_kind(NlOp *op)
{
  NlAttr *k = nl_loop_attr(op, "kind");
  if (!k || k->kind != NL_ATTR_STRING)
    return -1;
  for (int i = 0; i < 4; i++)
    if (!strcmp(k->str.value->str, nl_loop_reduction_names[i]))
      return i;
  return -1;
}

/* reduction-op ::= `<` kind `>` `,` ssa-use attr-dict `:` vector-type
 *                  `into` type */
NlResult
nl_loop_parse_reduction(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlUnresolvedOperand x;
  NlStr kind;
  if (nl_failed(nl_parser_expect(p, "<")) ||
      nl_failed(nl_parser_parse_keyword(p, &kind)) ||
      nl_failed(nl_parser_expect(p, ">")) ||
      nl_failed(nl_parser_expect(p, ",")) ||
      nl_failed(nl_parser_parse_operand(p, &x)) ||
      nl_failed(nl_loop_parse_type_pair(p, st, &x, "into")))
    return nl_failure();
  nl_op_state_add_attr(st, "kind",
                       nl_attr_string(ctx, kind.data, kind.len, NULL));
  return nl_success();
}

void
nl_loop_print_reduction(NlPrinter *p, NlOp *op)
{
  int k = nl_loop_reduction_kind(op);
  if (nl_loop_print_malformed(p, op, k < 0))
    return;
  static const char *const elided[] = {"kind"};
  nl_printer_printf(p, " <%s>, ", nl_loop_reduction_names[k]);
  nl_printer_print_value(p, op->operands[0].value);
  nl_loop_print_type_pair(p, op, elided, 1, "into");
}

NlResult
nl_loop_verify_reduction(NlOp *op)
{
  if (nl_loop_reduction_kind(op) < 0) {
    nl_op_emit_error(op, "requires a 'kind' attribute of \"add\", \"mul\", "
                         "\"max\" or \"min\"");
    return nl_failure();
  }
  NlType *v = op->operands[0].value->type, *r = op->results[0].type;
  if (v->kind != NL_TYPE_VECTOR || v->shaped.rank != 1 || v->shaped.scalable)
    return nl_loop_emit_type_error(
        op,
        "operand must be a 1-D fixed-size vector, got "
        "'%s'%s",
        v, NULL);
  if (r != v->shaped.elem)
    return nl_loop_emit_type_error(op,
                                   "result type '%s' does not match the vector "
                                   "element type of '%s'",
                                   r, v);
  if (!scalar_type(r) || r->kind == NL_TYPE_INDEX)
    return nl_loop_emit_type_error(op,
                                   "element type '%s' must be an integer or a "
                                   "float%s",
                                   r, NULL);
  return nl_success();
}
