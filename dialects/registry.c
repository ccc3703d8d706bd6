/*
 * Registration of every dialect built into null, in dependency order. A
 * new built-in dialect adds one line to the table below; plug-in dialects
 * register through nl_context_load_dialect_plugin instead.
 */
#include "registry.h"

#include "arith/arith.h"
#include "builtin/builtin.h"
#include "func/func.h"
#include "graph/graph.h"
#include "loop/loop.h"
#include "math/math.h"
#include "tensor/tensor.h"

static const NlDialect *const builtin_dialects[] = {
    &nl_builtin_dialect,
    &nl_func_dialect,
    &nl_arith_dialect,
    &nl_math_dialect,
    &nl_graph_dialect,
    &nl_tensor_dialect,
    &nl_loop_dialect,
};

NlResult
nl_register_all_dialects(NlContext *ctx)
{
  size_t n = sizeof(builtin_dialects) / sizeof(builtin_dialects[0]);
  for (size_t i = 0; i < n; i++)
    if (nl_failed(nl_context_load_dialect(ctx, builtin_dialects[i])))
      return nl_failure();
  return nl_success();
}
