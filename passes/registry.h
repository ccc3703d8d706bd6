/*
 * Registration of every pass built into null (the list is passes.def).
 * Plug-in passes register through nl_context_load_pass_plugin instead.
 */
#ifndef NULL_PASSES_REGISTRY_H
#define NULL_PASSES_REGISTRY_H

#include "null/pass.h"

/* Registers the built-in passes on ctx. Fails (with the diagnostic of
 * nl_context_register_pass) only on a name clash, e.g. with a plug-in pass
 * registered earlier. */
NL_API NL_NODISCARD NlResult nl_register_all_passes(NlContext *ctx);

#endif
