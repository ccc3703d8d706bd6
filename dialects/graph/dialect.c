/*
 * The graph dialect's registration: the dialect table, constant
 * materialization (graph.constant for folded tensors), and type helpers
 * shared with the importer.
 */
#include "graph/internal.h"

static NlOp *
materialize_constant(NlBuilder *b, NlAttr *value, NlType *type, NlLoc *loc)
{
  if (!value || value->type != type ||
      (value->kind != NL_ATTR_DENSE && value->kind != NL_ATTR_DENSE_RESOURCE))
    return NULL;
  /* The context's copy of the definition, which ops must point at. */
  const NlOpDef *def = nl_context_lookup_op(b->ctx, "graph.constant", 14);
  if (!def)
    return NULL;
  NlOpState st;
  nl_op_state_init(&st, b->ctx, def, loc);
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, type);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

const NlDialect nl_graph_dialect = {
    .name = "graph",
    .ops = nl_graph_ops,
    .nops = GRAPH_NDEFS,
    .summary = "ONNX operators (opsets 7 to 17) on tensors",
    .materialize_constant = materialize_constant,
    .canonical = nl_graph_patterns,
    .ncanonical = GRAPH_NPATTERNS,
};

NlResult
nl_graph_load(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_graph_dialect);
}

NlType *
nl_graph_string_type(NlContext *ctx)
{
  return nl_type_opaque(ctx, "graph", 5, "string", 6, true);
}

bool
nl_graph_type_compatible(NlType *inferred, NlType *declared)
{
  if (inferred == declared)
    return true;
  bool it = nl_type_is_shaped(inferred), dt = nl_type_is_shaped(declared);
  if (!it || !dt)
    return false;
  if (nl_type_element(inferred) != nl_type_element(declared))
    return false;
  if (declared->kind == NL_TYPE_UNRANKED_TENSOR ||
      inferred->kind == NL_TYPE_UNRANKED_TENSOR)
    return true;
  if (inferred->shaped.rank != declared->shaped.rank)
    return false;
  for (uint32_t i = 0; i < inferred->shaped.rank; i++) {
    int64_t a = inferred->shaped.dims[i], b = declared->shaped.dims[i];
    if (a != b && a != NL_DYNAMIC && b != NL_DYNAMIC)
      return false;
  }
  return true;
}

NlType *
nl_graph_dtype(NlContext *ctx, int64_t dt)
{
  switch (dt) {
  case 1:
    return nl_type_f32(ctx);
  case 2:
    return nl_type_integer(ctx, 8, NL_UNSIGNED);
  case 3:
    return nl_type_integer(ctx, 8, NL_SIGNLESS);
  case 4:
    return nl_type_integer(ctx, 16, NL_UNSIGNED);
  case 5:
    return nl_type_integer(ctx, 16, NL_SIGNLESS);
  case 6:
    return nl_type_i32(ctx);
  case 7:
    return nl_type_i64(ctx);
  case 8:
    return nl_graph_string_type(ctx);
  case 9:
    return nl_type_i1(ctx);
  case 10:
    return nl_type_float(ctx, NL_F16);
  case 11:
    return nl_type_f64(ctx);
  case 12:
    return nl_type_integer(ctx, 32, NL_UNSIGNED);
  case 13:
    return nl_type_integer(ctx, 64, NL_UNSIGNED);
  case 14:
    return nl_type_complex(ctx, nl_type_f32(ctx));
  case 15:
    return nl_type_complex(ctx, nl_type_f64(ctx));
  case 16:
    return nl_type_float(ctx, NL_BF16);
  default:
    return NULL;
  }
}
