/*
 * Buffers: loop.alloc, loop.view, loop.global, loop.get_global and
 * loop.reshape (custom forms, verifiers, the unused-alloc pattern), and the
 * memref layout helpers of loop.h.
 *
 *   %m = loop.alloc : memref<4x8xf32>
 *   %v = loop.view %arena[1024] : memref<4096xi8> to memref<4x8xf32>
 *   loop.global @w : memref<256xf32> = dense_resource<w> {alignment = 64}
 *   %w = loop.get_global @w : memref<256xf32>
 *   %r = loop.reshape %m : memref<2x6xf32> to memref<3x4xf32>
 */
#include <string.h>

#include "loop/internal.h"

/* ---- layout helpers ---------------------------------------------------------- */

bool
nl_loop_memref_strides(const NlType *t, int64_t *strides, int64_t *offset)
{
  if (!t || t->kind != NL_TYPE_MEMREF)
    return false;
  uint32_t rank = t->shaped.rank;
  const NlAttr *l = t->shaped.layout;
  if (l && l->kind == NL_ATTR_AFFINE_MAP) {
    /* The identity map is the identity layout. */
    const NlAffineMap *m = l->affine.map;
    if (m->ndims != rank || m->nsyms || m->nresults != rank)
      return false;
    for (uint32_t i = 0; i < rank; i++)
      if (m->results[i]->kind != NL_AFFINE_DIM || m->results[i]->pos != i)
        return false;
    l = NULL;
  }
  if (!l) {
    int64_t s = 1;
    for (uint32_t i = rank; i-- > 0;) {
      strides[i] = s;
      int64_t d = t->shaped.dims[i];
      if (d == NL_DYNAMIC || s == NL_DYNAMIC || __builtin_mul_overflow(s, d, &s))
        s = NL_DYNAMIC;
    }
    *offset = 0;
    return true;
  }
  if (l->kind != NL_ATTR_STRIDED || l->strided.n != rank)
    return false;
  memcpy(strides, l->strided.strides, rank * sizeof *strides);
  *offset = l->strided.offset;
  return true;
}

int64_t
nl_loop_elem_bytes(const NlType *t)
{
  switch (t->kind) {
  case NL_TYPE_INDEX:
    return 8;
  case NL_TYPE_INTEGER:
    if (t->integer.width <= 8)
      return 1;
    if (t->integer.width <= 16)
      return 2;
    if (t->integer.width <= 32)
      return 4;
    if (t->integer.width <= 64)
      return 8;
    return 0;
  case NL_TYPE_FLOAT:
    return nl_type_bitwidth(t) == 80 ? 16 : nl_type_bitwidth(t) / 8;
  default:
    return 0;
  }
}

/* Static shape, identity layout, scalar elements: what alloc, view,
 * global and reshape work on. */
static NlResult
verify_plain_memref(NlOp *op, NlType *t, const char *what)
{
  NlBuf b = {0};
  if (t->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(t)) {
    nl_op_emit_error(op, "%s must be a statically shaped memref, but got '%s'",
                     what, nl_loop_type_str(NULL, &b, t));
    nl_buf_free(&b);
    return nl_failure();
  }
  int64_t strides[64], offset;
  bool identity = t->shaped.rank <= 64 &&
                  nl_loop_memref_strides(t, strides, &offset) &&
                  (!t->shaped.layout ||
                   t->shaped.layout->kind == NL_ATTR_AFFINE_MAP);
  if (!identity) {
    nl_op_emit_error(op, "%s must have the identity layout, but got '%s'",
                     what, nl_loop_type_str(NULL, &b, t));
    nl_buf_free(&b);
    return nl_failure();
  }
  if (!nl_loop_elem_bytes(t->shaped.elem)) {
    nl_op_emit_error(op, "%s must have integer, index or float elements",
                     what);
    return nl_failure();
  }
  return nl_success();
}

static NlResult
verify_alignment(NlOp *op)
{
  NlAttr *a = nl_loop_attr(op, "alignment");
  if (!a)
    return nl_success();
  bool fits = false;
  int64_t v = a->kind == NL_ATTR_INTEGER ? nl_attr_integer_value(a, &fits) : 0;
  if (!fits || v <= 0 || (v & (v - 1))) {
    nl_op_emit_error(op, "'alignment' must be a positive power of two "
                         "integer");
    return nl_failure();
  }
  return nl_success();
}

/* ---- loop.alloc -------------------------------------------------------------- */

/* alloc-op ::= attr-dict `:` memref-type */
NlResult
nl_loop_parse_alloc(NlParser *p, NlOpState *st)
{
  NlType *t;
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  nl_op_state_add_result(st, t);
  return nl_success();
}

void
nl_loop_print_alloc(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, false))
    return;
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->results[0].type);
}

NlResult
nl_loop_verify_alloc(NlOp *op)
{
  if (nl_failed(verify_plain_memref(op, op->results[0].type, "result")))
    return nl_failure();
  return verify_alignment(op);
}

static NlResult
alloc_unused(NlOp *op, NlRewriter *rw)
{
  if (nl_value_has_uses(&op->results[0]))
    return nl_failure();
  nl_rewriter_erase_op(rw, op);
  return nl_success();
}

const NlPattern nl_loop_alloc_patterns[] = {
    {"loop.alloc", 1, "loop-alloc-unused", alloc_unused},
};
const uint32_t nl_loop_nalloc_patterns = 1;

/* ---- loop.view --------------------------------------------------------------- */

/* view-op ::= ssa-use `[` integer `]` attr-dict `:` type `to` type */
NlResult
nl_loop_parse_view(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlUnresolvedOperand src;
  int64_t off;
  if (nl_failed(nl_parser_parse_operand(p, &src)) ||
      nl_failed(nl_parser_expect(p, "[")) ||
      nl_failed(nl_parser_parse_integer(p, &off)) ||
      nl_failed(nl_parser_expect(p, "]")) ||
      nl_failed(nl_loop_parse_type_pair(p, st, &src, "to")))
    return nl_failure();
  nl_op_state_add_attr(st, "offset", nl_attr_integer(ctx, nl_type_i64(ctx), off));
  return nl_success();
}

void
nl_loop_print_view(NlPrinter *p, NlOp *op)
{
  NlAttr *off = nl_loop_attr(op, "offset");
  if (nl_loop_print_malformed(p, op, !off || off->kind != NL_ATTR_INTEGER))
    return;
  static const char *const elided[] = {"offset"};
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_printer_printf(p, "[%lld]", (long long)nl_attr_integer_value(off, NULL));
  nl_loop_print_type_pair(p, op, elided, 1, "to");
}

NlResult
nl_loop_verify_view(NlOp *op)
{
  NlType *src = op->operands[0].value->type, *res = op->results[0].type;
  NlAttr *off = nl_loop_attr(op, "offset");
  if (!off || off->kind != NL_ATTR_INTEGER ||
      !nl_type_is_integer(off->type, 64)) {
    nl_op_emit_error(op, "requires an i64 attribute 'offset'");
    return nl_failure();
  }
  if (nl_failed(verify_plain_memref(op, src, "source")) ||
      nl_failed(verify_plain_memref(op, res, "result")))
    return nl_failure();
  if (src->shaped.rank != 1 || !nl_type_is_integer(src->shaped.elem, 8)) {
    nl_op_emit_error(op, "source must be a 1-D memref of i8");
    return nl_failure();
  }
  int64_t o = nl_attr_integer_value(off, NULL), bytes;
  bool overflow = __builtin_mul_overflow(nl_type_num_elements(res),
                                         nl_loop_elem_bytes(res->shaped.elem),
                                         &bytes);
  if (overflow) {
    nl_op_emit_error(op, "result is too large");
    return nl_failure();
  }
  if (o < 0 || o > src->shaped.dims[0] || bytes > src->shaped.dims[0] - o) {
    nl_op_emit_error(op, "view of %lld bytes at offset %lld is out of the "
                         "bounds of the %lld-byte source",
                     (long long)bytes, (long long)o,
                     (long long)src->shaped.dims[0]);
    return nl_failure();
  }
  return nl_success();
}

/* ---- loop.global ------------------------------------------------------------- */

/* The tensor type of a global's initial value. */
static NlType *
init_type(NlContext *ctx, NlType *memref)
{
  return nl_type_tensor(ctx, memref->shaped.dims, memref->shaped.rank,
                        memref->shaped.elem, NULL);
}

/* global-op ::= symbol-name `:` memref-type `=` attribute attr-dict */
NlResult
nl_loop_parse_global(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlAttr *name, *init;
  NlType *t;
  if (nl_failed(nl_parser_parse_symbol_name(p, &name)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  if (t->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(t)) {
    nl_parser_error(p, "expected a statically shaped memref type");
    return nl_failure();
  }
  if (nl_failed(nl_parser_expect(p, "=")) ||
      nl_failed(nl_parser_parse_attr(p, init_type(ctx, t), &init)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  nl_op_state_add_attr(st, "sym_name", name);
  nl_op_state_add_attr(st, "type", nl_attr_type(ctx, t));
  nl_op_state_add_attr(st, "initial_value", init);
  return nl_success();
}

void
nl_loop_print_global(NlPrinter *p, NlOp *op)
{
  NlAttr *name = nl_loop_attr(op, "sym_name");
  NlAttr *type = nl_loop_attr(op, "type");
  NlAttr *init = nl_loop_attr(op, "initial_value");
  if (nl_loop_print_malformed(p, op,
                              !name || name->kind != NL_ATTR_STRING || !type ||
                                  type->kind != NL_ATTR_TYPE || !init))
    return;
  static const char *const elided[] = {"initial_value", "sym_name", "type"};
  nl_printer_puts(p, " ");
  nl_printer_print_symbol_name(p, name->str.value);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, type->type_attr.value);
  nl_printer_puts(p, " = ");
  if (init->type == init_type(nl_op_context(op), type->type_attr.value))
    nl_printer_print_attr_no_type(p, init);
  else
    nl_printer_print_attr(p, init);
  nl_printer_print_attr_dict(p, op->attrs, elided, 3);
}

NlResult
nl_loop_verify_global(NlOp *op)
{
  NlAttr *type = nl_loop_attr(op, "type");
  NlAttr *init = nl_loop_attr(op, "initial_value");
  NlOp *parent = nl_op_parent_op(op);
  if (!parent || !nl_op_has_trait(parent, NL_SYMBOL_TABLE)) {
    nl_op_emit_error(op, "must be in the body of a symbol table (a module)");
    return nl_failure();
  }
  if (!type || type->kind != NL_ATTR_TYPE) {
    nl_op_emit_error(op, "requires a type attribute 'type'");
    return nl_failure();
  }
  NlType *t = type->type_attr.value;
  if (nl_failed(verify_plain_memref(op, t, "type")))
    return nl_failure();
  if (!init || (init->kind != NL_ATTR_DENSE &&
                init->kind != NL_ATTR_DENSE_RESOURCE)) {
    nl_op_emit_error(op, "requires a dense or dense_resource "
                         "'initial_value'");
    return nl_failure();
  }
  NlType *want = init_type(nl_op_context(op), t);
  if (init->type != want)
    return nl_loop_emit_type_error(op,
                                   "initial value expected to be of type "
                                   "'%s', but was of type '%s'",
                                   want, init->type);
  return verify_alignment(op);
}

/* ---- loop.get_global --------------------------------------------------------- */

/* get-global-op ::= symbol-ref attr-dict `:` memref-type */
NlResult
nl_loop_parse_get_global(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlAttr *name;
  NlType *t;
  if (!nl_parser_peek_symbol(p)) {
    nl_parser_error(p, "expected symbol reference");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_symbol_name(p, &name)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")) ||
      nl_failed(nl_parser_parse_type(p, &t)))
    return nl_failure();
  nl_op_state_add_attr(st, "name",
                       nl_attr_symref(ctx, name->str.value, NULL, 0));
  nl_op_state_add_result(st, t);
  return nl_success();
}

void
nl_loop_print_get_global(NlPrinter *p, NlOp *op)
{
  NlAttr *name = nl_loop_attr(op, "name");
  if (nl_loop_print_malformed(p, op,
                              !name || name->kind != NL_ATTR_SYMBOL_REF ||
                                  name->symref.nnested))
    return;
  static const char *const elided[] = {"name"};
  nl_printer_puts(p, " ");
  nl_printer_print_symbol_name(p, name->symref.root);
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  nl_printer_puts(p, " : ");
  nl_printer_print_type(p, op->results[0].type);
}

NlResult
nl_loop_verify_get_global(NlOp *op)
{
  NlAttr *name = nl_loop_attr(op, "name");
  if (!name || name->kind != NL_ATTR_SYMBOL_REF || name->symref.nnested) {
    nl_op_emit_error(op, "requires a flat symbol reference attribute 'name'");
    return nl_failure();
  }
  return verify_plain_memref(op, op->results[0].type, "result");
}

NlResult
nl_loop_verify_get_global_uses(NlOp *op, NlSymbolCache *symbols)
{
  NlAttr *name = nl_loop_attr(op, "name");
  if (!name || name->kind != NL_ATTR_SYMBOL_REF || op->nresults != 1)
    return nl_failure(); /* reported by the verifier */
  NlOp *g = nl_symbol_cache_lookup_ref(symbols, op, name);
  if (!g || nl_loop_op_kind(g) != NL_LOOP_GLOBAL) {
    nl_op_emit_error(op, "'%s' does not reference a valid loop.global",
                     name->symref.root->str);
    return nl_failure();
  }
  NlAttr *type = nl_loop_attr(g, "type");
  if (!type || type->kind != NL_ATTR_TYPE ||
      type->type_attr.value != op->results[0].type) {
    NlBuf a = {0};
    nl_op_emit_error(op, "result type '%s' does not match the type of the "
                         "global '%s'",
                     nl_loop_type_str(NULL, &a, op->results[0].type),
                     name->symref.root->str);
    nl_buf_free(&a);
    return nl_failure();
  }
  return nl_success();
}

/* ---- loop.reshape ------------------------------------------------------------ */

/* reshape-op ::= ssa-use attr-dict `:` type `to` type
 * (the conversion form, dialect.c) */

NlResult
nl_loop_verify_reshape(NlOp *op)
{
  NlType *src = op->operands[0].value->type, *res = op->results[0].type;
  if (nl_failed(verify_plain_memref(op, src, "source")) ||
      nl_failed(verify_plain_memref(op, res, "result")))
    return nl_failure();
  if (src->shaped.elem != res->shaped.elem) {
    nl_op_emit_error(op, "source and result must have the same element type");
    return nl_failure();
  }
  if (nl_type_num_elements(src) != nl_type_num_elements(res)) {
    nl_op_emit_error(op, "source and result must have the same number of "
                         "elements (%lld vs %lld)",
                     (long long)nl_type_num_elements(src),
                     (long long)nl_type_num_elements(res));
    return nl_failure();
  }
  return nl_success();
}
