/*
 * The builtin dialect's registration and its small public API (creating
 * modules). The op hooks and the op table are in ops.c.
 */
#include "builtin/builtin.h"
#include "builtin/internal.h"

const NlDialect nl_builtin_dialect = {
    .name = "builtin",
    .ops = nl_builtin_ops,
    .nops = BUILTIN_NOPS,
    .summary = "the top-level module and unrealized conversion casts",
};

NlResult
nl_builtin_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_builtin_dialect);
}

NlOp *
nl_builtin_module_create(NlContext *ctx, NlLoc *loc, const char *name)
{
  const NlOpDef *def = nl_context_lookup_op(ctx, "builtin.module", 14);
  if (!def)
    return NULL;
  NlOpState st;
  nl_op_state_init(&st, ctx, def, loc ? loc : nl_loc_unknown(ctx));
  if (name)
    nl_op_state_add_attr(&st, "sym_name", nl_attr_string_cstr(ctx, name));
  NlRegion *body = nl_op_state_add_region(&st);
  nl_region_append_block(body, nl_block_create());
  NlOp *op = nl_op_create(&st);
  nl_op_state_fini(&st);
  return op;
}

NlBlock *
nl_builtin_module_body(NlOp *module)
{
  return module->regions[0].first;
}
