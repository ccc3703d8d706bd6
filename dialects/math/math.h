/*
 * The math dialect: MLIR 19's elementwise math functions on scalars,
 * vectors and tensors (math.exp, math.log, math.tanh, math.erf,
 * math.sqrt, math.rsqrt, math.powf, math.fma, ...), with MLIR's syntax,
 * fastmath flags, verifiers and folders. Folded values are materialized as
 * arith.constant, so the arith dialect must be loaded too.
 */
#ifndef NULL_DIALECTS_MATH_H
#define NULL_DIALECTS_MATH_H

#include "null/null.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_math_register. */
extern const NlDialect nl_math_dialect;

NL_API NL_NODISCARD NlResult nl_math_register(NlContext *ctx);

#endif
