/*
 * The builder and accessor API of loop.h.
 */
#include <stdlib.h>

#include "loop/internal.h"

static NlOp *
insert(NlBuilder *b, NlOpState *st)
{
  NlOp *op = nl_builder_insert(b, st);
  nl_op_state_fini(st);
  return op;
}

static NlBlock *
add_block(NlOpState *st, NlType *index, uint32_t nidx, NlValue *const *args,
          uint32_t nargs, NlLoc *loc)
{
  NlRegion *r = nl_op_state_add_region(st);
  NlBlock *blk = nl_block_create();
  for (uint32_t i = 0; i < nidx; i++)
    nl_block_add_arg(blk, index, loc);
  for (uint32_t i = 0; i < nargs; i++)
    nl_block_add_arg(blk, args[i]->type, loc);
  nl_region_append_block(r, blk);
  return blk;
}

static void
append_yield(NlContext *ctx, NlBlock *blk, NlLoc *loc)
{
  NlOpState st;
  nl_loop_state_init(&st, ctx, NL_LOOP_YIELD, loc);
  nl_block_append_op(blk, nl_op_create(&st));
  nl_op_state_fini(&st);
}

/* The integer attribute `name` of op; 0 when absent or not an integer. */
static int64_t
int_attr(NlOp *op, const char *name)
{
  NlAttr *a = nl_loop_attr(op, name);
  return a && a->kind == NL_ATTR_INTEGER ? nl_attr_integer_value(a, NULL) : 0;
}

static NlLoc *
loc_or_unknown(NlBuilder *b, NlLoc *loc)
{
  return loc ? loc : nl_loc_unknown(b->ctx);
}

/* ---- control flow --------------------------------------------------------------- */

NlOp *
nl_loop_for_create(NlBuilder *b, NlLoc *loc, NlValue *lb, NlValue *ub,
                   NlValue *step, NlValue *const *inits, uint32_t ninits,
                   NlBlock **body, NlValue **iv)
{
  NlOpState st;
  loc = loc_or_unknown(b, loc);
  nl_loop_state_init(&st, b->ctx, NL_LOOP_FOR, loc);
  nl_op_state_add_operand(&st, lb);
  nl_op_state_add_operand(&st, ub);
  nl_op_state_add_operand(&st, step);
  nl_op_state_add_operands(&st, inits, ninits);
  for (uint32_t i = 0; i < ninits; i++)
    nl_op_state_add_result(&st, inits[i]->type);
  NlBlock *blk =
      add_block(&st, nl_type_index(b->ctx), 1, inits, ninits, loc);
  if (!ninits)
    append_yield(b->ctx, blk, loc);
  NlOp *op = insert(b, &st);
  if (body)
    *body = op->regions[0].first;
  if (iv)
    *iv = op->regions[0].first->args[0];
  return op;
}

NlBlock *
nl_loop_for_body(NlOp *op)
{
  return op->regions[0].first;
}

NlValue *
nl_loop_for_iv(NlOp *op)
{
  return op->regions[0].first->args[0];
}

NlValue *
nl_loop_for_lower(NlOp *op)
{
  return op->operands[0].value;
}

NlValue *
nl_loop_for_upper(NlOp *op)
{
  return op->operands[1].value;
}

NlValue *
nl_loop_for_step(NlOp *op)
{
  return op->operands[2].value;
}

uint32_t
nl_loop_for_num_iter_args(NlOp *op)
{
  return op->noperands - 3;
}

NlValue *
nl_loop_for_iter_arg(NlOp *op, uint32_t i)
{
  return op->regions[0].first->args[i + 1];
}

NlValue *
nl_loop_for_init(NlOp *op, uint32_t i)
{
  return op->operands[i + 3].value;
}

NlOp *
nl_loop_parallel_create(NlBuilder *b, NlLoc *loc, NlValue *const *lbs,
                        NlValue *const *ubs, NlValue *const *steps, uint32_t n,
                        NlBlock **body)
{
  NlOpState st;
  loc = loc_or_unknown(b, loc);
  nl_loop_state_init(&st, b->ctx, NL_LOOP_PARALLEL, loc);
  nl_op_state_add_operands(&st, lbs, n);
  nl_op_state_add_operands(&st, ubs, n);
  nl_op_state_add_operands(&st, steps, n);
  NlBlock *blk = add_block(&st, nl_type_index(b->ctx), n, NULL, 0, loc);
  append_yield(b->ctx, blk, loc);
  NlOp *op = insert(b, &st);
  if (body)
    *body = op->regions[0].first;
  return op;
}

uint32_t
nl_loop_parallel_num_dims(NlOp *op)
{
  return op->noperands / 3;
}

NlBlock *
nl_loop_parallel_body(NlOp *op)
{
  return op->regions[0].first;
}

NlOp *
nl_loop_if_create(NlBuilder *b, NlLoc *loc, NlValue *cond,
                  NlType *const *results, uint32_t nresults, bool with_else)
{
  NlOpState st;
  loc = loc_or_unknown(b, loc);
  nl_loop_state_init(&st, b->ctx, NL_LOOP_IF, loc);
  nl_op_state_add_operand(&st, cond);
  nl_op_state_add_results(&st, results, nresults);
  NlBlock *then = add_block(&st, NULL, 0, NULL, 0, loc);
  if (!nresults)
    append_yield(b->ctx, then, loc);
  if (with_else) {
    NlBlock *els = add_block(&st, NULL, 0, NULL, 0, loc);
    if (!nresults)
      append_yield(b->ctx, els, loc);
  } else {
    nl_op_state_add_region(&st);
  }
  return insert(b, &st);
}

NlBlock *
nl_loop_if_then(NlOp *op)
{
  return op->regions[0].first;
}

NlBlock *
nl_loop_if_else(NlOp *op)
{
  return op->regions[1].first;
}

NlOp *
nl_loop_yield_create(NlBuilder *b, NlLoc *loc, NlValue *const *vals,
                     uint32_t n)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_YIELD, loc_or_unknown(b, loc));
  nl_op_state_add_operands(&st, vals, n);
  return insert(b, &st);
}

/* ---- buffers -------------------------------------------------------------------- */

NlOp *
nl_loop_alloc_create(NlBuilder *b, NlLoc *loc, NlType *memref)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_ALLOC, loc_or_unknown(b, loc));
  nl_op_state_add_result(&st, memref);
  return insert(b, &st);
}

NlOp *
nl_loop_view_create(NlBuilder *b, NlLoc *loc, NlValue *arena, int64_t offset,
                    NlType *result)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_VIEW, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, arena);
  nl_op_state_add_attr(&st, "offset",
                       nl_attr_integer(b->ctx, nl_type_i64(b->ctx), offset));
  nl_op_state_add_result(&st, result);
  return insert(b, &st);
}

int64_t
nl_loop_view_offset(NlOp *op)
{
  return int_attr(op, "offset");
}

NlOp *
nl_loop_global_create(NlBuilder *b, NlLoc *loc, const char *name,
                      NlType *memref, NlAttr *init, int64_t alignment)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_GLOBAL, loc_or_unknown(b, loc));
  nl_op_state_add_attr(&st, "sym_name", nl_attr_string_cstr(b->ctx, name));
  nl_op_state_add_attr(&st, "type", nl_attr_type(b->ctx, memref));
  nl_op_state_add_attr(&st, "initial_value", init);
  if (alignment)
    nl_op_state_add_attr(
        &st, "alignment",
        nl_attr_integer(b->ctx, nl_type_i64(b->ctx), alignment));
  return insert(b, &st);
}

NlIdent *
nl_loop_global_name(NlOp *op)
{
  NlAttr *a = nl_loop_attr(op, "sym_name");
  return a && a->kind == NL_ATTR_STRING ? a->str.value : NULL;
}

NlType *
nl_loop_global_type(NlOp *op)
{
  NlAttr *a = nl_loop_attr(op, "type");
  return a && a->kind == NL_ATTR_TYPE ? a->type_attr.value : NULL;
}

NlAttr *
nl_loop_global_init(NlOp *op)
{
  return nl_loop_attr(op, "initial_value");
}

int64_t
nl_loop_global_alignment(NlOp *op)
{
  return int_attr(op, "alignment");
}

NlOp *
nl_loop_get_global_create(NlBuilder *b, NlLoc *loc, const char *name,
                          NlType *memref)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_GET_GLOBAL, loc_or_unknown(b, loc));
  nl_op_state_add_attr(
      &st, "name", nl_attr_symref(b->ctx, nl_ident_cstr(b->ctx, name), NULL, 0));
  nl_op_state_add_result(&st, memref);
  return insert(b, &st);
}

NlIdent *
nl_loop_get_global_name(NlOp *op)
{
  NlAttr *a = nl_loop_attr(op, "name");
  return a && a->kind == NL_ATTR_SYMBOL_REF ? a->symref.root : NULL;
}

NlOp *
nl_loop_subview_create(NlBuilder *b, NlLoc *loc, NlValue *src,
                       const int64_t *offsets, NlValue *const *dyn_offsets,
                       uint32_t ndyn, const int64_t *sizes,
                       const int64_t *strides)
{
  NlOpState st;
  NlType *t = src->type;
  uint32_t rank = t->kind == NL_TYPE_MEMREF ? t->shaped.rank : 0;
  NlType *i64 = nl_type_i64(b->ctx);
  nl_loop_state_init(&st, b->ctx, NL_LOOP_SUBVIEW, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, src);
  nl_op_state_add_operands(&st, dyn_offsets, ndyn);
  nl_op_state_add_attr(&st, "static_offsets",
                       nl_attr_dense_array(b->ctx, i64, offsets, rank));
  nl_op_state_add_attr(&st, "static_sizes",
                       nl_attr_dense_array(b->ctx, i64, sizes, rank));
  nl_op_state_add_attr(&st, "static_strides",
                       nl_attr_dense_array(b->ctx, i64, strides, rank));
  NlType *r = nl_loop_subview_type(b->ctx, t, offsets, sizes, strides);
  nl_op_state_add_result(&st, r ? r : t);
  return insert(b, &st);
}

static const int64_t *
static_array(NlOp *op, const char *name)
{
  uint32_t n;
  return nl_loop_i64_array(nl_loop_attr(op, name), &n);
}

const int64_t *
nl_loop_subview_static_offsets(NlOp *op)
{
  return static_array(op, "static_offsets");
}

const int64_t *
nl_loop_subview_static_sizes(NlOp *op)
{
  return static_array(op, "static_sizes");
}

const int64_t *
nl_loop_subview_static_strides(NlOp *op)
{
  return static_array(op, "static_strides");
}

NlOp *
nl_loop_reshape_create(NlBuilder *b, NlLoc *loc, NlValue *src, NlType *result)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_RESHAPE, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, src);
  nl_op_state_add_result(&st, result);
  return insert(b, &st);
}

/* ---- memory access -------------------------------------------------------------- */

NlOp *
nl_loop_load_create(NlBuilder *b, NlLoc *loc, NlValue *memref,
                    NlValue *const *indices, uint32_t n)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_LOAD, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, memref);
  nl_op_state_add_operands(&st, indices, n);
  nl_op_state_add_result(&st, nl_type_element(memref->type));
  return insert(b, &st);
}

NlOp *
nl_loop_store_create(NlBuilder *b, NlLoc *loc, NlValue *value, NlValue *memref,
                     NlValue *const *indices, uint32_t n)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_STORE, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, value);
  nl_op_state_add_operand(&st, memref);
  nl_op_state_add_operands(&st, indices, n);
  return insert(b, &st);
}

NlOp *
nl_loop_transfer_read_create(NlBuilder *b, NlLoc *loc, NlValue *memref,
                             NlValue *const *indices, uint32_t n, NlValue *pad,
                             NlType *vector)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_TRANSFER_READ,
                     loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, memref);
  nl_op_state_add_operands(&st, indices, n);
  nl_op_state_add_operand(&st, pad);
  nl_op_state_add_result(&st, vector);
  return insert(b, &st);
}

NlOp *
nl_loop_transfer_write_create(NlBuilder *b, NlLoc *loc, NlValue *vec,
                              NlValue *memref, NlValue *const *indices,
                              uint32_t n)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_TRANSFER_WRITE,
                     loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, vec);
  nl_op_state_add_operand(&st, memref);
  nl_op_state_add_operands(&st, indices, n);
  return insert(b, &st);
}

NlOp *
nl_loop_broadcast_create(NlBuilder *b, NlLoc *loc, NlValue *scalar,
                         NlType *vector)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_BROADCAST, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, scalar);
  nl_op_state_add_result(&st, vector);
  return insert(b, &st);
}

NlOp *
nl_loop_reduction_create(NlBuilder *b, NlLoc *loc, NlLoopReductionKind kind,
                         NlValue *vec)
{
  NlOpState st;
  nl_loop_state_init(&st, b->ctx, NL_LOOP_REDUCTION, loc_or_unknown(b, loc));
  nl_op_state_add_operand(&st, vec);
  nl_op_state_add_attr(
      &st, "kind", nl_attr_string_cstr(b->ctx, nl_loop_reduction_names[kind]));
  nl_op_state_add_result(&st, nl_type_element(vec->type));
  return insert(b, &st);
}
