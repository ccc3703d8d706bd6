/*
 * The arith dialect: MLIR's integer and floating-point arithmetic on
 * scalars, vectors and tensors (constant, addi ... select, casts), with
 * MLIR 19's op names, custom syntax, attributes, verifiers, folders and
 * canonicalization patterns. Other code reaches its ops by name
 * (nl_context_lookup_op); the helpers below build constants.
 */
#ifndef NULL_DIALECTS_ARITH_H
#define NULL_DIALECTS_ARITH_H

#include "null/null.h"
#include "null/rewrite.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_arith_register. */
extern const NlDialect nl_arith_dialect;

NL_API NL_NODISCARD NlResult nl_arith_register(NlContext *ctx);

/* Fastmath flags (`#arith.fastmath<...>`), MLIR's bit values. */
enum {
  NL_FASTMATH_NONE = 0,
  NL_FASTMATH_REASSOC = 1,
  NL_FASTMATH_NNAN = 2,
  NL_FASTMATH_NINF = 4,
  NL_FASTMATH_NSZ = 8,
  NL_FASTMATH_ARCP = 16,
  NL_FASTMATH_CONTRACT = 32,
  NL_FASTMATH_AFN = 64,
  NL_FASTMATH_FAST = 127,
};

/* Integer overflow flags (`#arith.overflow<...>`). */
enum {
  NL_OVERFLOW_NONE = 0,
  NL_OVERFLOW_NSW = 1,
  NL_OVERFLOW_NUW = 2,
};

/* `#arith.fastmath<flags>` (interned). */
NL_API NlAttr *nl_arith_fastmath_attr(NlContext *ctx, uint32_t flags);
/* The fastmath flags of an arith or math op (NL_FASTMATH_NONE when it has
 * none). */
NL_API uint32_t nl_arith_fastmath(const NlOp *op);

/* Whether an arith.constant can hold `value` as a result of `type`: an
 * integer (signless), float or elements attribute whose type is `type`. */
NL_API bool nl_arith_constant_buildable(const NlAttr *value,
                                        const NlType *type);
/* Creates `arith.constant value` at the builder's insertion point (the
 * result type is value's type). NULL, without a diagnostic, when the value
 * is not buildable or the dialect is not loaded. */
NL_API NlOp *nl_arith_constant_create(NlBuilder *b, NlAttr *value, NlLoc *loc);
/* The dialect's materialize_constant hook (also math's). */
NL_API NlOp *nl_arith_materialize_constant(NlBuilder *b, NlAttr *value,
                                           NlType *type, NlLoc *loc);

#endif
