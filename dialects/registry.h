/* Registration of every dialect built into null. */
#ifndef NULL_DIALECTS_REGISTRY_H
#define NULL_DIALECTS_REGISTRY_H

#include "null/null.h"

/* Loads builtin, func and the other built-in dialects into ctx. Fails (with
 * the diagnostic of nl_context_load_dialect) only on a name clash. */
NL_API NL_NODISCARD NlResult nl_register_all_dialects(NlContext *ctx);

#endif
