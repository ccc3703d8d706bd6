/*
 * The structured-op API of tensor.h: creating structured ops, generics and
 * yields, and reading a structured op's ins and outs. The loop-nest
 * description is in info.c and the scalar bodies in body.c.
 */
#include <stdlib.h>
#include <string.h>

#include "tensor/internal.h"

static NlType *
i32(NlContext *ctx)
{
  return nl_type_integer(ctx, 32, NL_SIGNLESS);
}

/* Starts the state of a structured op: operands, results (one per tensor
 * out), operandSegmentSizes and the caller's attributes. */
static void
structured_state(NlOpState *st, NlContext *ctx, const NlOpDef *def, NlLoc *loc,
                 NlValue *const *ins, uint32_t nins, NlValue *const *outs,
                 uint32_t nouts, const NlNamedAttr *attrs, uint32_t nattrs)
{
  int32_t seg[2] = {(int32_t)nins, (int32_t)nouts};
  nl_op_state_init(st, ctx, def, loc ? loc : nl_loc_unknown(ctx));
  nl_op_state_add_operands(st, ins, nins);
  nl_op_state_add_operands(st, outs, nouts);
  for (uint32_t i = 0; i < nouts; i++)
    if (outs[i]->type->kind == NL_TYPE_TENSOR)
      nl_op_state_add_result(st, outs[i]->type);
  nl_op_state_add_attr(st, "operandSegmentSizes",
                       nl_attr_dense_array(ctx, i32(ctx), seg, 2));
  for (uint32_t i = 0; i < nattrs; i++)
    nl_op_state_add_attr_ident(st, attrs[i].name, attrs[i].value);
}

NlOp *
nl_tensor_structured_create(NlBuilder *b, NlLoc *loc, const char *name,
                            NlValue *const *ins, uint32_t nins,
                            NlValue *const *outs, uint32_t nouts,
                            const NlNamedAttr *attrs, uint32_t nattrs)
{
  const NlOpDef *def = nl_context_lookup_op(b->ctx, name, strlen(name));
  if (!def || !def->ifaces || def->ifaces->name != nl_tensor_kind_iface ||
      !nl_tensor_kind_is_structured(*(const int *)def->ifaces->table))
    return NULL;
  NlOpState st;
  structured_state(&st, b->ctx, def, loc, ins, nins, outs, nouts, attrs,
                   nattrs);
  if (*(const int *)def->ifaces->table == TENSOR_GENERIC)
    nl_op_state_add_region(&st);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

NlOp *
nl_tensor_generic_create(NlBuilder *b, NlLoc *loc, NlValue *const *ins,
                         uint32_t nins, NlValue *const *outs, uint32_t nouts,
                         NlAffineMap *const *maps,
                         const NlTensorIterator *iters, uint32_t nloops,
                         const NlNamedAttr *attrs, uint32_t nattrs)
{
  NlContext *ctx = b->ctx;
  const NlOpDef *def = nl_context_lookup_op(ctx, "tensor.generic", 14);
  if (!def)
    return NULL;
  uint32_t nopd = nins + nouts;
  NlAttr **ms = nl_xmalloc((nopd + nloops + 1) * sizeof(*ms));
  NlAttr **its = ms + nopd;
  for (uint32_t i = 0; i < nopd; i++)
    ms[i] = nl_attr_affine_map(ctx, maps[i]);
  for (uint32_t i = 0; i < nloops; i++)
    its[i] = nl_attr_string_cstr(
        ctx, iters[i] == NL_TENSOR_REDUCTION ? "reduction" : "parallel");
  NlOpState st;
  structured_state(&st, ctx, def, loc, ins, nins, outs, nouts, attrs, nattrs);
  nl_op_state_add_attr(&st, "indexing_maps", nl_attr_array(ctx, ms, nopd));
  nl_op_state_add_attr(&st, "iterator_types", nl_attr_array(ctx, its, nloops));
  free(ms);
  NlRegion *r = nl_op_state_add_region(&st);
  NlBlock *body = nl_block_create();
  for (uint32_t i = 0; i < nopd; i++) {
    NlValue *v = i < nins ? ins[i] : outs[i - nins];
    nl_block_add_arg(body, nl_type_element(v->type), st.loc);
  }
  nl_region_append_block(r, body);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

NlOp *
nl_tensor_yield_create(NlBuilder *b, NlLoc *loc, NlValue *const *vals,
                       uint32_t n)
{
  const NlOpDef *def = nl_context_lookup_op(b->ctx, "tensor.yield", 12);
  if (!def)
    return NULL;
  NlOpState st;
  nl_op_state_init(&st, b->ctx, def, loc ? loc : nl_loc_unknown(b->ctx));
  nl_op_state_add_operands(&st, vals, n);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

/* ---- queries
 * ----------------------------------------------------------------- */

bool
nl_tensor_is_structured(const NlOp *op)
{
  return nl_tensor_kind_is_structured(nl_tensor_kind(op));
}

bool
nl_tensor_is_generic(const NlOp *op)
{
  return nl_tensor_kind(op) == TENSOR_GENERIC;
}

uint32_t
nl_tensor_op_ins(NlOp *op, NlValue **vals)
{
  uint32_t nins, nouts;
  if (!nl_tensor_split(op, &nins, &nouts))
    return 0;
  for (uint32_t i = 0; vals && i < nins; i++)
    vals[i] = nl_op_operand(op, i);
  return nins;
}

uint32_t
nl_tensor_op_outs(NlOp *op, NlValue **vals)
{
  uint32_t nins, nouts;
  if (!nl_tensor_split(op, &nins, &nouts))
    return 0;
  for (uint32_t i = 0; vals && i < nouts; i++)
    vals[i] = nl_op_operand(op, nins + i);
  return nouts;
}

NlValue *
nl_tensor_op_in(NlOp *op, uint32_t i)
{
  uint32_t nins, nouts;
  if (!nl_tensor_split(op, &nins, &nouts) || i >= nins)
    return NULL;
  return nl_op_operand(op, i);
}

NlValue *
nl_tensor_op_out(NlOp *op, uint32_t i)
{
  uint32_t nins, nouts;
  if (!nl_tensor_split(op, &nins, &nouts) || i >= nouts)
    return NULL;
  return nl_op_operand(op, nins + i);
}

bool
nl_tensor_op_on_memrefs(NlOp *op)
{
  NlValue *out = nl_tensor_op_out(op, 0);
  return out && out->type->kind == NL_TYPE_MEMREF;
}

NlBlock *
nl_tensor_generic_body(NlOp *op)
{
  if (nl_tensor_kind(op) != TENSOR_GENERIC || op->nregions != 1)
    return NULL;
  return nl_op_region(op, 0)->first;
}
