/* TEMPORARY stub (docs/lowering.md): fails until implemented. */
#include "passes/passes.h"

NlResult
nl_convert_tensor_to_loop_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  nl_op_emit_error(anchor, "pass 'convert_tensor_to_loop' is not implemented yet");
  return nl_failure();
}
