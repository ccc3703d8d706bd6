/* Registration of every dialect built into null. */
#ifndef NULL_DIALECTS_REGISTRY_H
#define NULL_DIALECTS_REGISTRY_H

#include "null/null.h"

/* Loads builtin, func and the other built-in dialects into ctx. */
NlResult nl_register_all_dialects(NlContext *ctx);

#endif
