/*
 * NlContext owns everything that outlives a single op: interned
 * identifiers, types, attributes, locations and affine expressions, the
 * registered dialects, resource blobs, source buffers for diagnostics and
 * the diagnostic handler. There is no global state; everything hangs off a
 * context.
 */
#ifndef NULL_CONTEXT_H
#define NULL_CONTEXT_H

#include "null/base.h"

typedef struct NlContext NlContext;
typedef struct NlDialect NlDialect;
typedef struct NlOpDef NlOpDef;

/* An interned string. Equal strings give the same pointer; str is
 * NUL-terminated but may also contain NUL bytes (len is authoritative). */
typedef struct NlIdent {
  uint32_t len;
  uint32_t hash;
  char str[];
} NlIdent;

/* Creates an empty context with no dialects loaded. Never fails. */
NL_API NlContext *nl_context_create(void);
/* Destroys the context and everything it interned. Ops created in it must
 * have been destroyed first. Flushes any pending diagnostic. */
NL_API void nl_context_destroy(NlContext *ctx);

NL_API NlIdent *nl_ident_get(NlContext *ctx, const char *s, size_t len);
NL_API NlIdent *nl_ident_cstr(NlContext *ctx, const char *s);

/* Scratch arena owned by the context (freed with it). */
NL_API NlArena *nl_context_arena(NlContext *ctx);

/* When true, ops and types of dialects that are not loaded are accepted
 * (as opaque unregistered ops), like mlir-opt --allow-unregistered-dialect. */
NL_API void nl_context_set_allow_unregistered(NlContext *ctx, bool allow);
NL_API bool nl_context_allow_unregistered(NlContext *ctx);

/* ---- dialects ---------------------------------------------------------- */

/* Loads a dialect (idempotent for the same pointer). Fails, with a
 * diagnostic, if another dialect with the same name is loaded or an op name
 * does not start with "<dialect>.". The table must outlive the context. */
NL_API NL_NODISCARD NlResult nl_context_load_dialect(NlContext *ctx,
                                                     const NlDialect *d);
NL_API const NlDialect *nl_context_lookup_dialect(NlContext *ctx,
                                                  const char *name,
                                                  size_t len);
/* The registered definition of op `name`, or NULL. No diagnostic. */
NL_API const NlOpDef *nl_context_lookup_op(NlContext *ctx, const char *name,
                                           size_t len);
/* The definition used for ops of unloaded dialects: one per name, created
 * on demand, with the NL_UNREGISTERED trait and no constraints. */
NL_API const NlOpDef *nl_context_unregistered_op(NlContext *ctx,
                                                 const char *name, size_t len);
/* Iterates loaded dialects in load order; i from 0 while non-NULL. */
NL_API const NlDialect *nl_context_dialect_at(NlContext *ctx, size_t i);

/* ---- plug-ins ---------------------------------------------------------- */

#define NL_PLUGIN_ABI_VERSION 2

/* What a dialect plug-in's exported `nl_dialect_plugin_info` returns. */
typedef struct NlDialectPluginInfo {
  uint32_t abi_version; /* must equal NL_PLUGIN_ABI_VERSION */
  const char *name;
  const char *version;
  NlResult (*register_fn)(NlContext *ctx);
} NlDialectPluginInfo;

typedef NlDialectPluginInfo (*NlDialectPluginInfoFn)(void);

/* dlopen()s `path`, checks the ABI version and calls its register function.
 * On failure reports a diagnostic naming the file and the reason. The
 * library stays loaded until the context is destroyed. */
NL_API NL_NODISCARD NlResult nl_context_load_dialect_plugin(NlContext *ctx,
                                                            const char *path);

#endif
