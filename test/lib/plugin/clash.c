/*
 * A dialect plug-in whose registration fails: it brings a second dialect
 * named `func`, which the context refuses with a diagnostic.
 */
#include "null/null.h"

static const NlOpDef clash_ops[] = {
    {.name = "func.other", .noperands = 0, .nresults = 0},
};

static const NlDialect clash_dialect = {
    .name = "func",
    .ops = clash_ops,
    .nops = 1,
    .summary = "clashes with the built-in func dialect",
};

static NlResult
register_clash(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &clash_dialect);
}

NL_API NlDialectPluginInfo
nl_dialect_plugin_info(void)
{
  return (NlDialectPluginInfo){NL_PLUGIN_ABI_VERSION, "clash", "1.0",
                               register_clash};
}
