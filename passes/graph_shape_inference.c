/*
 * graph-shape-inference: re-runs the graph dialect's type and shape
 * inference (nl_graph_infer_types) over every graph op nested in the
 * anchor, in order (nested regions before the op that holds them), so
 * that shapes made static by folding or rewrites propagate to their
 * users; then updates the result types of each func.func from its
 * func.return operands. Safe to run any number of
 * times; fails (with the op's diagnostic) on shapes that cannot match.
 */
#include <stdlib.h>

#include "graph/graph.h"
#include "passes.h"

typedef struct InferState {
  bool failed;
  bool changed;
} InferState;

static NlWalkResult
infer_op(NlOp *op, void *ud)
{
  InferState *s = ud;
  if (op->nresults == 0 || !nl_graph_op_info_of(op))
    return NL_WALK_ADVANCE;
  NlType *before[8];
  uint32_t n = op->nresults < 8 ? op->nresults : 8;
  for (uint32_t i = 0; i < n; i++)
    before[i] = nl_op_result(op, i)->type;
  if (nl_failed(nl_graph_infer_types(op))) {
    s->failed = true;
    return NL_WALK_ADVANCE;
  }
  for (uint32_t i = 0; i < n; i++)
    if (before[i] != nl_op_result(op, i)->type)
      s->changed = true;
  return NL_WALK_ADVANCE;
}

/* Sets a func.func's result types to those its first func.return
 * returns. */
static NlWalkResult
update_signature(NlOp *op, void *ud)
{
  InferState *s = ud;
  if (!nl_op_is(op, "func.func") || op->nregions != 1 ||
      nl_region_empty(nl_op_region(op, 0)))
    return NL_WALK_ADVANCE;
  NlAttr *fa = nl_op_attr(op, "function_type");
  if (!fa || fa->kind != NL_ATTR_TYPE ||
      fa->type_attr.value->kind != NL_TYPE_FUNCTION)
    return NL_WALK_ADVANCE;
  NlType *ft = fa->type_attr.value;
  nl_region_foreach_block(nl_op_region(op, 0), b)
  {
    NlOp *ret = nl_block_terminator(b);
    if (!ret || !nl_op_is(ret, "func.return") ||
        ret->noperands != ft->function.nresults)
      continue;
    NlType *small[8];
    NlType **rt =
        ret->noperands <= 8 ? small : nl_xcalloc(ret->noperands, sizeof *rt);
    bool differs = false;
    for (uint32_t i = 0; i < ret->noperands; i++) {
      rt[i] = nl_op_operand(ret, i)->type;
      differs |= rt[i] != ft->function.types[ft->function.ninputs + i];
    }
    if (differs) {
      NlContext *ctx = nl_op_context(op);
      NlType *nft = nl_type_function(ctx, ft->function.types,
                                     ft->function.ninputs, rt, ret->noperands);
      nl_op_set_attr(op, "function_type", nl_attr_type(ctx, nft));
      s->changed = true;
    }
    if (rt != small)
      free(rt);
    break;
  }
  return NL_WALK_ADVANCE;
}

NlResult
nl_graph_shape_inference_run(NlOp *anchor, NlPassState *ps)
{
  InferState s = {false, false};
  nl_op_walk(anchor, NL_WALK_POST, infer_op, &s);
  if (s.failed)
    return nl_failure();
  nl_op_walk(anchor, NL_WALK_POST, update_signature, &s);
  if (!s.changed)
    nl_pass_mark_unchanged(ps);
  return nl_success();
}
