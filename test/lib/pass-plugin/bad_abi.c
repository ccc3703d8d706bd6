/*
 * A pass plug-in built for another plug-in ABI: the loader must refuse it
 * before running any of its code, so its register function reports an
 * error that a test would see if it ever ran.
 */
#include "null/null.h"
#include "null/pass.h"

static NlResult
register_passes(NlContext *ctx)
{
  nl_emit_error(ctx, nl_loc_unknown(ctx),
                "the bad-ABI pass plugin's register function must not run");
  return nl_failure();
}

NL_API NlPassPluginInfo nl_pass_plugin_info(void);

NlPassPluginInfo
nl_pass_plugin_info(void)
{
  return (NlPassPluginInfo){NL_PLUGIN_ABI_VERSION + 100, "bad-abi", "0.0",
                            register_passes};
}
