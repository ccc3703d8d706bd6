/*
 * loop.subview: MLIR's memref.subview with static sizes and strides and
 * static or SSA offsets (attributes static_offsets, static_sizes,
 * static_strides as array<i64>, NL_DYNAMIC marking an offset that is the
 * next operand after the source). The result type must have exactly the
 * strided layout the slice implies.
 *
 *   %s = loop.subview %m[%i, 0] [1, 8] [1, 1]
 *          : memref<4x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
 */
#include <stdlib.h>

#include "loop/internal.h"

NlType *
nl_loop_subview_type(NlContext *ctx, NlType *src, const int64_t *offsets,
                     const int64_t *sizes, const int64_t *strides)
{
  uint32_t rank = src && src->kind == NL_TYPE_MEMREF ? src->shaped.rank : 0;
  int64_t s[64], rs[64], off;
  if (!rank || rank > 64 || !nl_loop_memref_strides(src, s, &off))
    return NULL;
  for (uint32_t i = 0; i < rank; i++) {
    int64_t p;
    if (s[i] == NL_DYNAMIC || __builtin_mul_overflow(s[i], strides[i], &rs[i]))
      rs[i] = NL_DYNAMIC;
    if (off == NL_DYNAMIC || offsets[i] == NL_DYNAMIC || s[i] == NL_DYNAMIC ||
        __builtin_mul_overflow(offsets[i], s[i], &p) ||
        __builtin_add_overflow(off, p, &off))
      off = NL_DYNAMIC;
  }
  NlAttr *layout = nl_attr_strided(ctx, off, rs, rank);
  return nl_type_memref(ctx, sizes, rank, src->shaped.elem, layout,
                        src->shaped.space);
}

/* `[` (ssa-use | integer) list `]`: static values with NL_DYNAMIC where an
 * operand was written. */
static NlResult
parse_mixed(NlParser *p, bool allow_ssa, int64_t **vals, uint32_t *n,
            NlUnresolvedOperand **ops, uint32_t *nops)
{
  uint32_t cap = 0, ops_cap = 0;
  if (nl_failed(nl_parser_expect(p, "[")))
    return nl_failure();
  if (nl_parser_accept(p, "]"))
    return nl_success();
  do {
    if (allow_ssa && nl_parser_peek_operand(p)) {
      NlUnresolvedOperand o;
      if (nl_failed(nl_parser_parse_operand(p, &o)))
        return nl_failure();
      NL_VEC_PUSH(*ops, *nops, ops_cap, o);
      NL_VEC_PUSH(*vals, *n, cap, NL_DYNAMIC);
      continue;
    }
    int64_t v;
    if (nl_failed(nl_parser_parse_integer(p, &v)))
      return nl_failure();
    NL_VEC_PUSH(*vals, *n, cap, v);
  } while (nl_parser_accept(p, ","));
  return nl_parser_expect(p, "]");
}

static const char *const static_names[3] = {"static_offsets", "static_sizes",
                                            "static_strides"};

/* subview-op ::= ssa-use `[` mixed-list `]` `[` ints `]` `[` ints `]`
 *                attr-dict `:` type `to` type */
NlResult
nl_loop_parse_subview(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlUnresolvedOperand src, *dyn = NULL;
  int64_t *vals[3] = {NULL, NULL, NULL};
  uint32_t n[3] = {0, 0, 0}, ndyn = 0;
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_parse_operand(p, &src)))
    goto out;
  for (int k = 0; k < 3; k++)
    if (nl_failed(parse_mixed(p, k == 0, &vals[k], &n[k], &dyn, &ndyn)))
      goto out;
  /* The source, then the dynamic offsets. */
  if (nl_failed(nl_loop_parse_type_pair(p, st, &src, "to")) ||
      nl_failed(nl_loop_resolve_indices(p, dyn, ndyn, st)))
    goto out;
  for (int k = 0; k < 3; k++)
    nl_op_state_add_attr(st, static_names[k],
                         nl_attr_dense_array(ctx, nl_type_i64(ctx), vals[k],
                                             n[k]));
  r = nl_success();
out:
  for (int k = 0; k < 3; k++)
    free(vals[k]);
  free(dyn);
  return r;
}

/* The three static arrays, all of one length *rank; false if malformed. */
static bool
get_static(NlOp *op, const int64_t *arr[3], uint32_t *rank)
{
  for (int k = 0; k < 3; k++) {
    uint32_t n;
    arr[k] = nl_loop_i64_array(nl_loop_attr(op, static_names[k]), &n);
    if (!arr[k] || (k && n != *rank))
      return false;
    *rank = n;
  }
  return true;
}

static uint32_t
count_dynamic(const int64_t *a, uint32_t n)
{
  uint32_t c = 0;
  for (uint32_t i = 0; i < n; i++)
    c += a[i] == NL_DYNAMIC;
  return c;
}

void
nl_loop_print_subview(NlPrinter *p, NlOp *op)
{
  const int64_t *arr[3];
  uint32_t rank = 0;
  bool ok = op->noperands >= 1 && get_static(op, arr, &rank) &&
            count_dynamic(arr[0], rank) == op->noperands - 1;
  if (nl_loop_print_malformed(p, op, !ok))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  uint32_t next = 1;
  for (int k = 0; k < 3; k++) {
    nl_printer_puts(p, k ? " [" : "[");
    for (uint32_t i = 0; i < rank; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      if (arr[k][i] == NL_DYNAMIC && k == 0)
        nl_printer_print_value(p, op->operands[next++].value);
      else
        nl_printer_printf(p, "%lld", (long long)arr[k][i]);
    }
    nl_printer_puts(p, "]");
  }
  nl_loop_print_type_pair(p, op, static_names, 3, "to");
}

NlResult
nl_loop_verify_subview(NlOp *op)
{
  const int64_t *arr[3];
  uint32_t rank = 0;
  if (op->noperands < 1) {
    nl_op_emit_error(op, "requires a source operand");
    return nl_failure();
  }
  NlType *src = op->operands[0].value->type, *res = op->results[0].type;
  if (nl_failed(nl_loop_verify_memref(op, src, "source")) ||
      nl_failed(nl_loop_verify_memref(op, res, "result")))
    return nl_failure();
  if (!get_static(op, arr, &rank)) {
    nl_op_emit_error(op, "requires 'static_offsets', 'static_sizes' and "
                         "'static_strides' array<i64> attributes of one "
                         "length");
    return nl_failure();
  }
  if (rank != src->shaped.rank) {
    nl_op_emit_error(op, "expected %u offset, size and stride values (the "
                         "source rank), got %u",
                     src->shaped.rank, rank);
    return nl_failure();
  }
  if (count_dynamic(arr[0], rank) != op->noperands - 1) {
    nl_op_emit_error(op, "expected %u dynamic offset operands, got %u",
                     count_dynamic(arr[0], rank), op->noperands - 1);
    return nl_failure();
  }
  NlType *index = nl_type_index(nl_op_context(op));
  for (uint32_t i = 1; i < op->noperands; i++)
    if (op->operands[i].value->type != index) {
      nl_op_emit_error(op, "operand #%u must be an index", i);
      return nl_failure();
    }
  for (uint32_t i = 0; i < rank; i++) {
    int64_t o = arr[0][i], sz = arr[1][i], st = arr[2][i];
    int64_t d = src->shaped.dims[i];
    if (sz == NL_DYNAMIC || st == NL_DYNAMIC) {
      nl_op_emit_error(op, "sizes and strides must be static");
      return nl_failure();
    }
    if (sz < 0 || st < 1 || (o != NL_DYNAMIC && o < 0)) {
      nl_op_emit_error(op, "dimension %u: sizes and offsets must be "
                           "non-negative and strides positive",
                       i);
      return nl_failure();
    }
    int64_t last = 0;
    bool overflow = sz > 0 && (__builtin_mul_overflow(sz - 1, st, &last) ||
                               __builtin_add_overflow(
                                   last, o == NL_DYNAMIC ? 0 : o, &last));
    if (d != NL_DYNAMIC && sz > 0 && (overflow || last >= d)) {
      if (overflow)
        nl_op_emit_error(op, "slice along dimension %u runs out-of-bounds",
                         i);
      else
        nl_op_emit_error(op, "slice along dimension %u runs out-of-bounds: "
                             "%lld >= %lld",
                         i, (long long)last, (long long)d);
      return nl_failure();
    }
  }
  NlType *want = nl_loop_subview_type(nl_op_context(op), src, arr[0],
                                      arr[1], arr[2]);
  int64_t ws[64], wo, rs[64], ro;
  bool same = want && res->shaped.rank == rank &&
              res->shaped.elem == src->shaped.elem &&
              res->shaped.space == src->shaped.space &&
              nl_loop_memref_strides(want, ws, &wo) &&
              nl_loop_memref_strides(res, rs, &ro) && wo == ro;
  for (uint32_t i = 0; same && i < rank; i++)
    same = res->shaped.dims[i] == arr[1][i] && ws[i] == rs[i];
  if (!same) {
    NlBuf a = {0}, b = {0};
    nl_op_emit_error(op, "expected result type to be '%s', got '%s'",
                     want ? nl_loop_type_str(NULL, &a, want) : "?",
                     nl_loop_type_str(NULL, &b, res));
    nl_buf_free(&a);
    nl_buf_free(&b);
    return nl_failure();
  }
  return nl_success();
}
