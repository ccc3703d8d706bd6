/*
 * Private to the loop dialect: the op table, how an op's kind is found (the
 * first interface of every definition is "loop.kind" with the NlLoopOpKind
 * as its table, as in math), and helpers shared by the op files.
 */
#ifndef NULL_DIALECTS_LOOP_INTERNAL_H
#define NULL_DIALECTS_LOOP_INTERNAL_H

#include "loop/loop.h"
#include "null/interfaces.h"
#include "null/rewrite.h"

NL_INTERNAL extern const NlOpDef nl_loop_ops[NL_LOOP_NOPS];
NL_INTERNAL extern const char nl_loop_kind_iface[];

/* An inherent attribute: from the attribute dictionary or, in the generic
 * form, the properties. */
NL_INTERNAL NlAttr *nl_loop_attr(const NlOp *op, const char *name);
/* The elements of an array<i64> attribute (n of them), or NULL. */
NL_INTERNAL const int64_t *nl_loop_i64_array(const NlAttr *a, uint32_t *n);
/* Prints t into a scratch buffer of the context, for messages. */
NL_INTERNAL const char *nl_loop_type_str(NlContext *ctx, NlBuf *buf,
                                         const NlType *t);
/* Prints ` <malformed>` after the operands when op lacks what its custom
 * form needs; returns true then. */
NL_INTERNAL bool nl_loop_print_malformed(NlPrinter *p, NlOp *op, bool bad);
/* Creates an op of kind k (looked up in the context) from a state whose
 * def is filled in here. */
NL_INTERNAL void nl_loop_state_init(NlOpState *st, NlContext *ctx, int kind,
                                    NlLoc *loc);
/* `[` (ssa-use (`,` ssa-use)*)? `]` */
NL_INTERNAL NlResult nl_loop_parse_indices(NlParser *p,
                                           NlUnresolvedOperand **out,
                                           uint32_t *n);
/* Resolves n index operands and adds them to st. */
NL_INTERNAL NlResult nl_loop_resolve_indices(NlParser *p,
                                             const NlUnresolvedOperand *os,
                                             uint32_t n, NlOpState *st);
/* `[%a, %b]` for operands [first, first + n). */
NL_INTERNAL void nl_loop_print_indices(NlPrinter *p, NlOp *op, uint32_t first,
                                       uint32_t n);
/* Checks that operands [first, first + n) are index values and that n is
 * the rank of memref type t. */
NL_INTERNAL NlResult nl_loop_verify_indices(NlOp *op, NlType *t,
                                            uint32_t first, uint32_t n);
/* Ranked memref with a strided or identity layout, or an error naming
 * `what`. */
NL_INTERNAL NlResult nl_loop_verify_memref(NlOp *op, NlType *t,
                                           const char *what);

/* Control flow (control.c). */
NL_INTERNAL NlResult nl_loop_verify_for(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_for(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_for(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_parallel(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_parallel(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_parallel(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_if(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_if(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_if(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_yield(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_yield(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_yield(NlPrinter *p, NlOp *op);
NL_INTERNAL extern const NlLoopLikeIface nl_loop_for_loop_like;
NL_INTERNAL extern const NlLoopLikeIface nl_loop_parallel_loop_like;
NL_INTERNAL extern const NlPattern nl_loop_for_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nfor_patterns;
NL_INTERNAL extern const NlPattern nl_loop_if_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nif_patterns;

/* Buffers (buffers.c, subview.c). */
NL_INTERNAL NlResult nl_loop_verify_alloc(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_alloc(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_alloc(NlPrinter *p, NlOp *op);
NL_INTERNAL extern const NlPattern nl_loop_alloc_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nalloc_patterns;
NL_INTERNAL NlResult nl_loop_verify_view(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_view(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_view(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_global(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_global(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_global(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_get_global(NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_get_global_uses(NlOp *op,
                                                    NlSymbolCache *symbols);
NL_INTERNAL NlResult nl_loop_parse_get_global(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_get_global(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_subview(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_subview(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_subview(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_reshape(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_reshape(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_reshape(NlPrinter *p, NlOp *op);

/* Memory access and vectors (access.c). */
NL_INTERNAL NlResult nl_loop_verify_load(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_load(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_load(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_store(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_store(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_store(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_transfer_read(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_transfer_read(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_transfer_read(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_transfer_write(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_transfer_write(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_transfer_write(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_broadcast(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_broadcast(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_broadcast(NlPrinter *p, NlOp *op);
NL_INTERNAL NlResult nl_loop_verify_reduction(NlOp *op);
NL_INTERNAL NlResult nl_loop_parse_reduction(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_reduction(NlPrinter *p, NlOp *op);

#endif
