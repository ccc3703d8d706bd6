/* TEMPORARY stub (docs/lowering.md): fails until implemented. */
#include "passes/passes.h"

NlResult
nl_memory_plan_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  nl_op_emit_error(anchor, "pass 'memory_plan' is not implemented yet");
  return nl_failure();
}
