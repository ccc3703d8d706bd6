/*
 * The built-in passes' entry points. Each pass file (passes/<name>.c)
 * defines its run function here and, when it has options, its Options
 * struct and option table; passes/passes.def lists them all once and
 * passes/registry.c turns that list into NlPassDef tables. Nothing here is
 * exported from a library: tools reach passes through the registry.
 */
#ifndef NULL_PASSES_PASSES_H
#define NULL_PASSES_PASSES_H

#include "null/pass.h"

/* Run functions (signature NlPassRunFn), one per line of passes.def. */
NlResult nl_canonicalize_run(NlOp *anchor, NlPassState *ps);
NlResult nl_cse_run(NlOp *anchor, NlPassState *ps);
NlResult nl_dce_run(NlOp *anchor, NlPassState *ps);
NlResult nl_symbol_dce_run(NlOp *anchor, NlPassState *ps);
NlResult nl_inline_run(NlOp *anchor, NlPassState *ps);
NlResult nl_sccp_run(NlOp *anchor, NlPassState *ps);
NlResult nl_licm_run(NlOp *anchor, NlPassState *ps);
NlResult nl_graph_shape_inference_run(NlOp *anchor, NlPassState *ps);
NlResult nl_graph_fuse_run(NlOp *anchor, NlPassState *ps);
NlResult nl_convert_graph_to_tensor_run(NlOp *anchor, NlPassState *ps);
NlResult nl_bufferize_run(NlOp *anchor, NlPassState *ps);
NlResult nl_memory_plan_run(NlOp *anchor, NlPassState *ps);
NlResult nl_convert_tensor_to_loop_run(NlOp *anchor, NlPassState *ps);

/* ---- options (tables defined in the pass files) -------------------------- */

/* canonicalize (MLIR's options). */
typedef struct NlCanonicalizeOptions {
  bool top_down;               /* top-down: seed the worklist in order */
  const char *region_simplify; /* disabled | normal | aggressive */
  int64_t max_iterations;      /* -1: no limit */
  int64_t max_num_rewrites;    /* per iteration; -1: no limit */
  bool test_convergence;       /* accepted; non-convergence always fails */
  const char *disable_patterns; /* comma-separated pattern names */
  const char *enable_patterns;  /* comma-separated pattern names */
} NlCanonicalizeOptions;
extern const NlPassOption nl_canonicalize_options[];
extern const uint32_t nl_canonicalize_noptions;
#define NL_CANONICALIZE_NOPTIONS 7

/* inline. */
typedef struct NlInlineOptions {
  /* Pipeline run on every function after inlining, anchored on func.func
   * ("canonicalize" by default, as MLIR; empty: none). */
  const char *default_pipeline;
  /* Unconditional branch op used to return from an inlined callee with
   * several blocks and several returns: it must take the forwarded values
   * as its operands and one successor ("cf.br" by default). */
  const char *branch_op;
} NlInlineOptions;
extern const NlPassOption nl_inline_options[];
extern const uint32_t nl_inline_noptions;
#define NL_INLINE_NOPTIONS 2

/* memory-plan. */
typedef struct NlMemoryPlanOptions {
  bool print; /* write the plan of each function to stderr */
} NlMemoryPlanOptions;
extern const NlPassOption nl_memory_plan_options[];
extern const uint32_t nl_memory_plan_noptions;
#define NL_MEMORY_PLAN_NOPTIONS 1

#endif
