/*
 * The arith dialect's registration and its public helpers: building
 * constants and materializing folded values (also for math, whose folds
 * produce arith.constant as in MLIR). Op hooks are in ops.c, folders in
 * fold.c, patterns in canonicalize.c.
 */
#include "arith/arith.h"
#include "arith/internal.h"

const NlDialect nl_arith_dialect = {
    .name = "arith",
    .ops = nl_arith_ops,
    .nops = ARITH_NOPS,
    .summary = "integer and floating-point arithmetic",
    .materialize_constant = nl_arith_materialize_constant,
    .canonical = nl_arith_patterns,
    .ncanonical = ARITH_NPATTERNS,
};

NlResult
nl_arith_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_arith_dialect);
}

bool
nl_arith_constant_buildable(const NlAttr *value, const NlType *type)
{
  if (!value || !type || value->type != type)
    return false;
  const NlType *e = nl_type_element((NlType *)type);
  if (e->kind == NL_TYPE_INTEGER && e->integer.signedness != NL_SIGNLESS)
    return false;
  switch ((NlAttrKind)value->kind) {
  case NL_ATTR_INTEGER:
  case NL_ATTR_FLOAT:
  case NL_ATTR_DENSE:
  case NL_ATTR_DENSE_RESOURCE:
    return true;
  default:
    return false;
  }
}

NlOp *
nl_arith_constant_create(NlBuilder *b, NlAttr *value, NlLoc *loc)
{
  if (!value || !nl_arith_constant_buildable(value, value->type))
    return NULL;
  const NlOpDef *def = nl_context_lookup_op(b->ctx, "arith.constant", 14);
  if (!def)
    return NULL;
  NlOpState st;
  nl_op_state_init(&st, b->ctx, def, loc ? loc : nl_loc_unknown(b->ctx));
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, value->type);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

NlOp *
nl_arith_materialize_constant(NlBuilder *b, NlAttr *value, NlType *type,
                              NlLoc *loc)
{
  if (!nl_arith_constant_buildable(value, type))
    return NULL;
  return nl_arith_constant_create(b, value, loc);
}
