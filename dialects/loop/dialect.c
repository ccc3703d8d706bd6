/*
 * The loop dialect's op table and registration, and the helpers the op
 * files share (inherent attributes, index lists, the `: T to T` tail of
 * custom forms, memref checks and type diagnostics).
 */
#include <string.h>

#include "loop/internal.h"

/* ---- shared helpers ------------------------------------------------------ */

NlAttr *
nl_loop_attr(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

const int64_t *
nl_loop_i64_array(const NlAttr *a, uint32_t *n)
{
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY ||
      !nl_type_is_integer(a->dense_array.elem, 64))
    return NULL;
  *n = a->dense_array.n;
  static const int64_t empty[1] = {0};
  return a->dense_array.n ? a->dense_array.data : empty;
}

const char *
nl_loop_type_str(NlContext *ctx, NlBuf *buf, const NlType *t)
{
  (void)ctx;
  buf->len = 0;
  nl_type_print(t, buf);
  return buf->data ? buf->data : "";
}

/* Whether a count of op differs from its definition's fixed count. */
static bool
counts_differ(const NlOp *op)
{
  const NlOpDef *d = op->def;
  return (d->noperands != NL_VARIADIC &&
          op->noperands != (uint32_t)d->noperands) ||
         (d->nresults != NL_VARIADIC &&
          op->nresults != (uint32_t)d->nresults) ||
         (d->nregions != NL_VARIADIC &&
          op->nregions != (uint32_t)d->nregions);
}

bool
nl_loop_print_malformed(NlPrinter *p, NlOp *op, bool bad)
{
  if (!bad && !counts_differ(op))
    return false;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " <malformed>");
  return true;
}

void
nl_loop_state_init(NlOpState *st, NlContext *ctx, int kind, NlLoc *loc)
{
  const char *name = nl_loop_ops[kind].name;
  const NlOpDef *def = nl_context_lookup_op(ctx, name, strlen(name));
  nl_assert(def && "the loop dialect is not loaded");
  nl_op_state_init(st, ctx, def, loc ? loc : nl_loc_unknown(ctx));
}

NlResult
nl_loop_parse_indices(NlParser *p, NlUnresolvedOperand **out, uint32_t *n)
{
  *out = NULL;
  *n = 0;
  if (nl_failed(nl_parser_expect(p, "[")) ||
      nl_failed(nl_parser_parse_operand_list(p, out, n)))
    return nl_failure();
  return nl_parser_expect(p, "]");
}

NlResult
nl_loop_resolve_indices(NlParser *p, const NlUnresolvedOperand *os,
                        uint32_t n, NlOpState *st)
{
  NlType *index = nl_type_index(nl_parser_context(p));
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &os[i], index, &v)))
      return nl_failure();
    nl_op_state_add_operand(st, v);
  }
  return nl_success();
}

void
nl_loop_print_indices(NlPrinter *p, NlOp *op, uint32_t first, uint32_t n)
{
  nl_printer_puts(p, "[");
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, op->operands[first + i].value);
  }
  nl_printer_puts(p, "]");
}

NlResult
nl_loop_parse_type_pair(NlParser *p, NlOpState *st, NlUnresolvedOperand *src,
                        const char *kw)
{
  NlType *from, *to;
  NlValue *v;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &from)))
    return nl_failure();
  if (!nl_parser_accept_keyword(p, kw)) {
    nl_parser_error(p, "expected '%s'", kw);
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_type(p, &to)) ||
      nl_failed(nl_parser_resolve_operand(p, src, from, &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  nl_op_state_add_result(st, to);
  return nl_success();
}

void
nl_loop_print_type_pair(NlPrinter *p, NlOp *op, const char *const *elided,
                        uint32_t nelided, const char *kw)
{
  nl_printer_print_attr_dict(p, op->attrs, elided, nelided);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->operands[0].value->type);
  nl_printer_printf(p, " %s ", kw);
  nl_printer_print_type(p, op->results[0].type);
}

NlResult
nl_loop_parse_conversion(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand src;
  if (nl_failed(nl_parser_parse_operand(p, &src)))
    return nl_failure();
  return nl_loop_parse_type_pair(p, st, &src, "to");
}

void
nl_loop_print_conversion(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, false))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_loop_print_type_pair(p, op, NULL, 0, "to");
}

NlResult
nl_loop_emit_type_error(NlOp *op, const char *fmt, const NlType *a,
                        const NlType *b)
{
  NlBuf x = {0}, y = {0};
  nl_op_emit_error(op, fmt, nl_loop_type_str(NULL, &x, a),
                   b ? nl_loop_type_str(NULL, &y, b) : "");
  nl_buf_free(&x);
  nl_buf_free(&y);
  return nl_failure();
}

NlResult
nl_loop_verify_memref(NlOp *op, NlType *t, const char *what)
{
  int64_t strides[64], offset;
  if (t->kind != NL_TYPE_MEMREF) {
    NlBuf b = {0};
    nl_op_emit_error(op, "%s must be a ranked memref, but got '%s'", what,
                     nl_loop_type_str(NULL, &b, t));
    nl_buf_free(&b);
    return nl_failure();
  }
  if (t->shaped.rank > 64 || !nl_loop_memref_strides(t, strides, &offset)) {
    nl_op_emit_error(op, "%s must have an identity or strided layout", what);
    return nl_failure();
  }
  return nl_success();
}

NlResult
nl_loop_verify_indices(NlOp *op, NlType *t, uint32_t first, uint32_t n)
{
  if (n != t->shaped.rank) {
    nl_op_emit_error(op, "incorrect number of indices: expected %u, got %u",
                     t->shaped.rank, n);
    return nl_failure();
  }
  NlType *index = nl_type_index(nl_op_context(op));
  for (uint32_t i = 0; i < n; i++)
    if (op->operands[first + i].value->type != index) {
      nl_op_emit_error(op, "operand #%u must be an index", first + i);
      return nl_failure();
    }
  return nl_success();
}

int
nl_loop_op_kind(const NlOp *op)
{
  const NlOpIface *i = op ? op->def->ifaces : NULL;
  if (!i || i->name != nl_loop_kind_iface)
    return -1;
  return *(const int *)i->table;
}

/* ---- the op table -------------------------------------------------------- */

const char nl_loop_kind_iface[] = "loop.kind";

static const int kinds[NL_LOOP_NOPS] = {
    NL_LOOP_FOR,           NL_LOOP_PARALLEL,       NL_LOOP_IF,
    NL_LOOP_YIELD,         NL_LOOP_ALLOC,          NL_LOOP_VIEW,
    NL_LOOP_GLOBAL,        NL_LOOP_GET_GLOBAL,     NL_LOOP_SUBVIEW,
    NL_LOOP_RESHAPE,       NL_LOOP_LOAD,           NL_LOOP_STORE,
    NL_LOOP_TRANSFER_READ, NL_LOOP_TRANSFER_WRITE, NL_LOOP_BROADCAST,
    NL_LOOP_REDUCTION,
};

#define KIND(k) {nl_loop_kind_iface, &kinds[k]}
static const NlOpIface for_ifaces[] = {
    KIND(NL_LOOP_FOR),
    {NL_IFACE_LOOP_LIKE, &nl_loop_for_loop_like},
    {NULL, NULL}};
static const NlOpIface parallel_ifaces[] = {
    KIND(NL_LOOP_PARALLEL),
    {NL_IFACE_LOOP_LIKE, &nl_loop_parallel_loop_like},
    {NULL, NULL}};
#define SIMPLE_IFACES(k, id)                                                   \
  static const NlOpIface id##_ifaces[] = {KIND(k), {NULL, NULL}};
SIMPLE_IFACES(NL_LOOP_IF, if)
SIMPLE_IFACES(NL_LOOP_YIELD, yield)
SIMPLE_IFACES(NL_LOOP_ALLOC, alloc)
SIMPLE_IFACES(NL_LOOP_VIEW, view)
SIMPLE_IFACES(NL_LOOP_GLOBAL, global)
SIMPLE_IFACES(NL_LOOP_GET_GLOBAL, get_global)
SIMPLE_IFACES(NL_LOOP_SUBVIEW, subview)
SIMPLE_IFACES(NL_LOOP_RESHAPE, reshape)
SIMPLE_IFACES(NL_LOOP_LOAD, load)
SIMPLE_IFACES(NL_LOOP_STORE, store)
SIMPLE_IFACES(NL_LOOP_TRANSFER_READ, transfer_read)
SIMPLE_IFACES(NL_LOOP_TRANSFER_WRITE, transfer_write)
SIMPLE_IFACES(NL_LOOP_BROADCAST, broadcast)
SIMPLE_IFACES(NL_LOOP_REDUCTION, reduction)

/* OPDEF_FORM names the custom form (nl_loop_parse_<form>) of ops that
 * share one; OPDEF uses the op's own. */
#define OPDEF_FORM(k, id, form, nopd, nres, nreg, tr)                          \
  [k] = {.name = "loop." #id,                                                  \
         .noperands = nopd,                                                    \
         .nresults = nres,                                                     \
         .nregions = nreg,                                                     \
         .nsuccessors = 0,                                                     \
         .traits = tr,                                                         \
         .verify = nl_loop_verify_##id,                                        \
         .parse = nl_loop_parse_##form,                                        \
         .print = nl_loop_print_##form,                                        \
         .ifaces = id##_ifaces
#define OPDEF(k, id, nopd, nres, nreg, tr)                                     \
  OPDEF_FORM(k, id, id, nopd, nres, nreg, tr)

#define V NL_VARIADIC
#define REGION_OP (NL_SINGLE_BLOCK | NL_RECURSIVE_EFFECTS)

const NlOpDef nl_loop_ops[NL_LOOP_NOPS] = {
    OPDEF(NL_LOOP_FOR, for, V, V, 1, REGION_OP),
          .canonical = nl_loop_for_patterns,
          .ncanonical = 2},
    OPDEF(NL_LOOP_PARALLEL, parallel, V, 0, 1, REGION_OP)},
    OPDEF(NL_LOOP_IF, if, 1, V, 2, REGION_OP),
          .canonical = nl_loop_if_patterns,
          .ncanonical = 1},
    OPDEF(NL_LOOP_YIELD, yield, V, 0, 0,
          NL_TERMINATOR | NL_PURE | NL_RETURN_LIKE)},
    /* Not pure: two allocations of one type are different buffers (CSE
     * must not merge them); unused ones are erased by a pattern. */
    OPDEF(NL_LOOP_ALLOC, alloc, 0, 1, 0, 0),
          .canonical = nl_loop_alloc_patterns,
          .ncanonical = 1},
    OPDEF(NL_LOOP_VIEW, view, 1, 1, 0, NL_PURE)},
    OPDEF(NL_LOOP_GLOBAL, global, 0, 0, 0, NL_SYMBOL)},
    OPDEF(NL_LOOP_GET_GLOBAL, get_global, 0, 1, 0, NL_PURE),
          .verify_symbol_uses = nl_loop_verify_get_global_uses},
    OPDEF(NL_LOOP_SUBVIEW, subview, V, 1, 0, NL_PURE)},
    OPDEF_FORM(NL_LOOP_RESHAPE, reshape, conversion, 1, 1, 0, NL_PURE)},
    OPDEF(NL_LOOP_LOAD, load, V, 1, 0, 0)},
    OPDEF(NL_LOOP_STORE, store, V, 0, 0, 0)},
    OPDEF(NL_LOOP_TRANSFER_READ, transfer_read, V, 1, 0, 0)},
    OPDEF(NL_LOOP_TRANSFER_WRITE, transfer_write, V, 0, 0, 0)},
    OPDEF_FORM(NL_LOOP_BROADCAST, broadcast, conversion, 1, 1, 0, NL_PURE)},
    OPDEF(NL_LOOP_REDUCTION, reduction, 1, 1, 0, NL_PURE)},
};

const NlDialect nl_loop_dialect = {
    .name = "loop",
    .ops = nl_loop_ops,
    .nops = NL_LOOP_NOPS,
    .summary = "loops, conditionals and buffers on static memrefs",
};
