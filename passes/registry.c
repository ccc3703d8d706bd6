/*
 * The built-in pass table: passes.def expanded into one NlPassDef per pass.
 * Adding a pass means writing passes/<name>.c with nl_<name>_run, declaring
 * it in passes.h and adding its line to passes.def; nothing else changes.
 */
#include "registry.h"

#include "passes.h"

static const NlPassDef builtin_passes[] = {
#define PASS(id, arg_, summary_, anchor_, options_, nopts, optsize)           \
  {.arg = arg_,                                                                \
   .summary = summary_,                                                        \
   .anchor = anchor_,                                                          \
   .run = nl_##id##_run,                                                       \
   .options = options_,                                                        \
   .noptions = nopts,                                                          \
   .options_size = optsize},
#include "passes.def"
#undef PASS
};

NlResult
nl_register_all_passes(NlContext *ctx)
{
  size_t n = sizeof(builtin_passes) / sizeof(builtin_passes[0]);
  for (size_t i = 0; i < n; i++)
    if (nl_failed(nl_context_register_pass(ctx, &builtin_passes[i])))
      return nl_failure();
  return nl_success();
}
