/*
 * Rewriting: op folding, rewrite patterns, the rewriter through which
 * patterns change IR, the greedy pattern driver, and the dialect-conversion
 * helper used by lowering passes. Patterns are data (tables), as in MLIR's
 * RewritePatternSet; the driver keeps its worklist right because all
 * changes go through the NlRewriter.
 */
#ifndef NULL_REWRITE_H
#define NULL_REWRITE_H

#include "null/asm.h"

typedef struct NlRewriter NlRewriter;

/* ---- folding -------------------------------------------------------------- */

/* One folded result: a constant attribute or an existing value. */
typedef struct NlFoldResult {
  NlAttr *attr;
  NlValue *value;
} NlFoldResult;

/* Op fold hook (NlOpDef.fold). consts[i] is the constant value of operand i
 * or NULL. Returns success when it folded: then either every results[i] is
 * set (an attribute or a value), or the op was updated in place and every
 * results[i].value is the op's own result i. Must not create or erase ops. */
typedef NlResult (*NlFoldFn)(NlOp *op, NlAttr *const *consts,
                             NlFoldResult *results);

/* Dialect hook (NlDialect.materialize_constant): creates an op producing
 * `value` of `type` at the builder's insertion point, or returns NULL when
 * the dialect cannot. */
typedef NlOp *(*NlMaterializeFn)(NlBuilder *b, NlAttr *value, NlType *type,
                                 NlLoc *loc);

/* If op is constant-like (NL_CONSTANT_LIKE) and folds to an attribute,
 * returns it; else NULL. */
NL_API NlAttr *nl_op_constant_value(NlOp *op);
/* The constant attribute of v's defining op, or NULL. */
NL_API NlAttr *nl_value_constant(NlValue *v);
/* Calls op's fold hook with the constants of its operands. */
NL_API NlResult nl_op_fold(NlOp *op, NlFoldResult *results);

/* ---- constants ------------------------------------------------------------ */

/* Constant ops uniqued per (insertion region, dialect, value, type) like
 * MLIR's OperationFolder: a constant needed in some block is created at the
 * start of the entry block of the nearest enclosing region whose parent op
 * is isolated from above, and reused afterwards. */
typedef struct NlConstantTable NlConstantTable;

NL_API NlConstantTable *nl_constant_table_create(NlContext *ctx);
NL_API void nl_constant_table_destroy(NlConstantTable *t);
/* A value equal to constant `value` of `type` usable in `block`: an op of
 * the table or a new one made by dialect->materialize_constant. NULL when
 * the dialect cannot materialize it (no diagnostic). */
NL_API NlValue *nl_constant_table_get(NlConstantTable *t, NlBlock *block,
                                      const NlDialect *dialect, NlAttr *value,
                                      NlType *type, NlLoc *loc);
/* Forgets op if the table holds it; call before erasing a constant that
 * the table may have handed out. */
NL_API void nl_constant_table_forget(NlConstantTable *t, NlOp *op);

/* ---- side effects and dead code ------------------------------------------ */

/* Whether op has no side effects: NL_PURE, or NL_RECURSIVE_EFFECTS with no
 * effect in any nested op (nested return-like terminators have none).
 * Unregistered ops may have any effect. */
NL_API bool nl_op_is_effect_free(NlOp *op);
/* Whether op could be erased if its results were unused: effect free and
 * neither a terminator nor a symbol (MLIR's wouldOpBeTriviallyDead). */
NL_API bool nl_op_would_be_trivially_dead(NlOp *op);
/* The same, and no result of op has a use. */
NL_API bool nl_op_is_trivially_dead(NlOp *op);
/* Simplifies every region nested under op (not op itself), as MLIR's
 * simplifyRegions: erases blocks unreachable from their region's entry,
 * then every op and non-entry block argument that nothing live uses
 * (liveness to a fixed point, so dead cycles go too; successor operands of
 * terminators implementing the "branch" interface are dropped with their
 * arguments). Returns whether the IR changed. */
NL_API bool nl_op_simplify_regions(NlOp *op);

/* ---- patterns ------------------------------------------------------------- */

/* Returns success if it matched and rewrote op through rw. On failure the
 * IR must be unchanged. */
typedef NlResult (*NlMatchRewriteFn)(NlOp *op, NlRewriter *rw);

typedef struct NlPattern {
  const char *root;   /* op name it applies to, or NULL for every op */
  uint16_t benefit;   /* higher is tried first */
  const char *name;   /* for debugging and --debug-patterns */
  NlMatchRewriteFn match_and_rewrite;
} NlPattern;

typedef struct NlPatternSet {
  const NlPattern **patterns;
  uint32_t n, cap;
} NlPatternSet;

NL_API void nl_pattern_set_init(NlPatternSet *s);
NL_API void nl_pattern_set_add(NlPatternSet *s, const NlPattern *ps,
                               uint32_t n);
/* Adds the canonicalization patterns of every loaded dialect and op. */
NL_API void nl_pattern_set_add_canonical(NlPatternSet *s, NlContext *ctx);
NL_API void nl_pattern_set_fini(NlPatternSet *s);

/* ---- the rewriter --------------------------------------------------------- */

NL_API NlContext *nl_rewriter_context(NlRewriter *rw);
/* The insertion point (before the op being rewritten, by default). */
NL_API NlBuilder *nl_rewriter_builder(NlRewriter *rw);
NL_API NlOp *nl_rewriter_create(NlRewriter *rw, NlOpState *st);
/* Replaces op's results with vals (n == op->nresults) and erases op. */
NL_API void nl_rewriter_replace_op(NlRewriter *rw, NlOp *op,
                                   NlValue *const *vals, uint32_t n);
NL_API void nl_rewriter_replace_op_with_op(NlRewriter *rw, NlOp *op,
                                           NlOp *newop);
NL_API void nl_rewriter_erase_op(NlRewriter *rw, NlOp *op);
NL_API void nl_rewriter_replace_all_uses(NlRewriter *rw, NlValue *from,
                                         NlValue *to);
/* Bracket in-place changes of op (operands, attributes). */
NL_API void nl_rewriter_modify_start(NlRewriter *rw, NlOp *op);
NL_API void nl_rewriter_modify_end(NlRewriter *rw, NlOp *op);
/* Moves the ops of block src before op `before` (src's arguments replaced
 * by args) and erases src. */
NL_API void nl_rewriter_inline_block_before(NlRewriter *rw, NlBlock *src,
                                            NlOp *before,
                                            NlValue *const *args);
/* Moves op (attached or detached) to just before pos; the move is
 * reported as an insertion. */
NL_API void nl_rewriter_move_op_before(NlRewriter *rw, NlOp *op, NlOp *pos);
/* Erases block b and everything in it; its arguments and results of its
 * ops must have no uses outside of it. */
NL_API void nl_rewriter_erase_block(NlRewriter *rw, NlBlock *b);

/* ---- greedy driver -------------------------------------------------------- */

typedef struct NlGreedyConfig {
  uint32_t max_iterations; /* full sweeps; default 10 */
  uint32_t max_rewrites;   /* default: unlimited (0) */
  bool fold;               /* try fold hooks first; default true */
  bool top_down;           /* initial worklist order; default true */
  bool region_simplify;    /* after each sweep, erase unreachable blocks
                              and dead ops/block arguments
                              (nl_op_simplify_regions); default true */
} NlGreedyConfig;

NL_API void nl_greedy_config_init(NlGreedyConfig *c);
/* Applies patterns (and folding) to everything nested in root until
 * nothing changes. Fails with a diagnostic on root if it did not converge
 * within the limits. *changed (may be NULL) tells whether IR changed. */
NL_API NL_NODISCARD NlResult nl_apply_patterns_greedily(
    NlOp *root, const NlPatternSet *set, const NlGreedyConfig *c,
    bool *changed);

#endif
