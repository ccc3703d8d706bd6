/*
 * Private header of the rewriting code (rewrite.c, greedy.c, constants.c,
 * conversion.c): the layout of NlRewriter and the listener through which a
 * driver hears about every change a pattern makes. Not exported.
 */
#ifndef NULL_IR_REWRITE_INTERNAL_H
#define NULL_IR_REWRITE_INTERNAL_H

#include "internal.h"
#include "null/conversion.h"
#include "null/rewrite.h"

/* Notifications, all optional. Every change made through an NlRewriter is
 * reported before (erasing, replacing) or after (inserted, modified) it
 * happens. */
typedef struct NlRewriteListener {
  void *ud;
  /* op was inserted into a block (ops nested in it are reported too). */
  void (*inserted)(void *ud, NlOp *op);
  /* op is about to be erased; ops nested in it were reported before it. */
  void (*erasing)(void *ud, NlOp *op);
  /* op was changed in place (operands, attributes, successors). */
  void (*modified)(void *ud, NlOp *op);
  /* op's results are about to be replaced by vals and op erased. */
  void (*replacing)(void *ud, NlOp *op, NlValue *const *vals, uint32_t n);
} NlRewriteListener;

struct NlRewriter {
  NlContext *ctx;
  NlBuilder b;                /* insertion point */
  const NlRewriteListener *l; /* may be NULL */
  struct NlConversion *conv;  /* set while a dialect conversion runs */
  NlOp *erasing;              /* the op whose erasure is being reported
                                 (its nested ops go with it), or NULL */
};

NL_INTERNAL void nl_rewriter_init(NlRewriter *rw, NlContext *ctx,
                                  const NlRewriteListener *l);
/* Reports op and every op nested in it as inserted. */
NL_INTERNAL void nl_rewriter_notify_inserted(NlRewriter *rw, NlOp *op);

/* During a dialect conversion (conversion.c): the value that should
 * replace `from` for its current users when the rewriter redirects them to
 * `to` -- `to` itself, or a cast back to from's type when the types differ
 * (users not converted yet still expect the old type). */
NL_INTERNAL NlValue *nl_conversion_bridge(NlRewriter *rw, NlValue *from,
                                          NlValue *to);

/* ---- constants (constants.c) --------------------------------------------- */

/* Registers an existing constant op (value is its constant) with the table,
 * moving it to the start of the entry block of its insertion region as
 * MLIR's OperationFolder::insertKnownConstant does. Returns NULL when op was
 * kept, or the equivalent constant that already exists (the caller then
 * replaces op with it and erases op). */
NL_INTERNAL NlOp *nl_constant_table_insert_known(NlConstantTable *t, NlOp *op,
                                                 NlAttr *value, bool *moved);
/* The region whose entry block receives constants for ops in block b: the
 * nearest enclosing region whose parent op is isolated from above (or
 * unregistered, or top-level). */
NL_INTERNAL NlRegion *nl_constant_insertion_region(NlBlock *b);

#endif
