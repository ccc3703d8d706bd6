/*
 * dce: dead code elimination on the regions of the anchor, MLIR's region
 * simplification without the pattern rewriting (nl_op_simplify_regions):
 * blocks unreachable from their region's entry, effect-free ops whose
 * results nothing live uses (dead cycles included), and non-entry block
 * arguments that nothing live uses, with the operands branches forward to
 * them.
 */
#include "null/rewrite.h"
#include "passes.h"

NlResult
nl_dce_run(NlOp *anchor, NlPassState *ps)
{
  if (!nl_op_simplify_regions(anchor))
    nl_pass_mark_unchanged(ps);
  return nl_success();
}
