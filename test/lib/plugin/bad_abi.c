/*
 * A dialect plug-in built against a different ABI version: the loader must
 * refuse it before calling its register function (which would abort).
 */
#include <stdlib.h>

#include "null/null.h"

static NlResult
register_never(NlContext *ctx)
{
  (void)ctx;
  abort();
}

NL_API NlDialectPluginInfo
nl_dialect_plugin_info(void)
{
  return (NlDialectPluginInfo){NL_PLUGIN_ABI_VERSION + 100, "bad-abi", "1.0",
                               register_never};
}
