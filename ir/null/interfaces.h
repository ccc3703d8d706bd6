/*
 * Op interfaces that the core passes query (the C form of MLIR's
 * LoopLikeOpInterface and BranchOpInterface). An op implements one by
 * listing {NL_IFACE_..., &table} in its NlOpDef.ifaces; passes find the
 * table with nl_op_iface(op, NL_IFACE_...). Only the hooks the passes need.
 */
#ifndef NULL_INTERFACES_H
#define NULL_INTERFACES_H

#include "null/ir.h"

/* ---- loop-like ----------------------------------------------------------- */

#define NL_IFACE_LOOP_LIKE "loop-like"

/* A loop whose body region runs any number of times (zero included). LICM
 * moves pure ops whose operands are all defined outside the body to just
 * before the loop op. */
typedef struct NlLoopLikeIface {
  /* The region that is the loop body. Required. */
  NlRegion *(*body)(NlOp *loop);
  /* Whether v is loop invariant: defined outside the body. Optional; by
   * default a value is invariant when it is not defined inside the body
   * region (block arguments such as the induction variable are inside). */
  bool (*is_defined_outside)(NlOp *loop, NlValue *v);
  /* Whether ops may be moved out of the body at all (e.g. false for a loop
   * whose body must stay self-contained). Optional; default true. */
  bool (*can_hoist)(NlOp *loop);
} NlLoopLikeIface;

/* ---- branch -------------------------------------------------------------- */

#define NL_IFACE_BRANCH "branch"

/* A terminator that forwards some of its operands to the arguments of its
 * successor blocks. Region simplification (dead block arguments), SCCP and
 * the inliner use it; successors of terminators without it are treated
 * conservatively (every argument live, every successor reachable). */
typedef struct NlBranchIface {
  /* The operands forwarded to successor i: operands [*first, *first + *n)
   * become the successor's first *n arguments, in order. Required. */
  void (*successor_operands)(NlOp *op, uint32_t i, uint32_t *first,
                             uint32_t *n);
  /* The index of the only successor taken when the operands have the
   * constant values consts[] (NULL when not constant), or -1 when that is
   * not known. Optional (NULL: every successor may be taken). */
  int32_t (*constant_successor)(NlOp *op, NlAttr *const *consts);
  /* Removes the k-th operand forwarded to successor i, keeping any operand
   * segment attribute in step. Optional: without it, an op with a single
   * successor simply loses that operand, and arguments of the successors
   * of an op with several successors are never removed. */
  void (*erase_successor_operand)(NlOp *op, uint32_t i, uint32_t k);
} NlBranchIface;

#endif
