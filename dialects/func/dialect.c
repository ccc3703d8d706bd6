/*
 * The func dialect's registration and its small public API (creating
 * functions, reading their signature). The op hooks and the op table are in
 * ops.c.
 */
#include "func/func.h"
#include "func/internal.h"

const NlDialect nl_func_dialect = {
    .name = "func",
    .ops = nl_func_ops,
    .nops = FUNC_NOPS,
    .summary = "functions, calls and returns",
};

NlResult
nl_func_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_func_dialect);
}

NlOp *
nl_func_create(NlContext *ctx, NlLoc *loc, const char *name, NlType *fntype,
               bool declaration)
{
  const NlOpDef *def = nl_context_lookup_op(ctx, "func.func", 9);
  if (!def || !fntype || fntype->kind != NL_TYPE_FUNCTION)
    return NULL;
  if (!loc)
    loc = nl_loc_unknown(ctx);
  NlOpState st;
  nl_op_state_init(&st, ctx, def, loc);
  nl_op_state_add_attr(&st, "sym_name", nl_attr_string_cstr(ctx, name));
  nl_op_state_add_attr(&st, "function_type", nl_attr_type(ctx, fntype));
  if (declaration)
    nl_op_state_add_attr(&st, "sym_visibility",
                         nl_attr_string_cstr(ctx, "private"));
  NlRegion *body = nl_op_state_add_region(&st);
  if (!declaration) {
    NlBlock *entry = nl_block_create();
    for (uint32_t i = 0; i < fntype->function.ninputs; i++)
      nl_block_add_arg(entry, fntype->function.types[i], loc);
    nl_region_append_block(body, entry);
  }
  NlOp *op = nl_op_create(&st);
  nl_op_state_fini(&st);
  return op;
}

NlBlock *
nl_func_entry(NlOp *func)
{
  return func->nregions ? func->regions[0].first : NULL;
}
