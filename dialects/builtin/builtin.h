/*
 * The builtin dialect: `builtin.module`, the top-level container, and
 * `builtin.unrealized_conversion_cast`, the bridge between type systems in
 * partial conversions. Spelled and verified as in MLIR.
 */
#ifndef NULL_DIALECTS_BUILTIN_H
#define NULL_DIALECTS_BUILTIN_H

#include "null/null.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_builtin_register. */
extern const NlDialect nl_builtin_dialect;

NL_API NL_NODISCARD NlResult nl_builtin_register(NlContext *ctx);

/* Creates a detached `builtin.module` with an empty body block; name may
 * be NULL. Fails only if the dialect is not loaded (NULL, no diagnostic). */
NL_API NlOp *nl_builtin_module_create(NlContext *ctx, NlLoc *loc,
                                      const char *name);
/* The body block of a module. */
NL_API NlBlock *nl_builtin_module_body(NlOp *module);

#endif
