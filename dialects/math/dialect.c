/*
 * The math dialect's registration. Folded values are materialized by
 * arith (arith.constant), as MLIR's math dialect does. Op hooks are in
 * ops.c and folders in fold.c.
 */
#include "arith/arith.h"
#include "math/internal.h"

const NlDialect nl_math_dialect = {
    .name = "math",
    .ops = nl_math_ops,
    .nops = MATH_NOPS,
    .summary = "elementwise math functions",
    .materialize_constant = nl_arith_materialize_constant,
};

NlResult
nl_math_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_math_dialect);
}
