/* TEMPORARY stub (docs/lowering.md): fails until implemented. */
#include "passes/passes.h"

NlResult
nl_convert_graph_to_tensor_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  nl_op_emit_error(anchor, "pass 'convert_graph_to_tensor' is not implemented yet");
  return nl_failure();
}
