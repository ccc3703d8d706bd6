/* TEMPORARY stub (docs/lowering.md): fails until implemented. */
#include "passes/passes.h"

NlResult
nl_bufferize_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  nl_op_emit_error(anchor, "pass 'bufferize' is not implemented yet");
  return nl_failure();
}
