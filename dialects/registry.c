/* Registration of every dialect built into null. */
#include "registry.h"

NlResult
nl_register_all_dialects(NlContext *ctx)
{
  (void)ctx;
  return nl_success();
}
