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
/* attr-dict `:` type kw type, the tail of the one-operand, one-result ops
 * that convert a value (`to`) or reduce it (`into`): resolves src to the
 * first type and adds it and a result of the second type to st. */
NL_INTERNAL NlResult nl_loop_parse_type_pair(NlParser *p, NlOpState *st,
                                             NlUnresolvedOperand *src,
                                             const char *kw);
/* ` {attrs} : type kw type` for operand #0 and result #0. */
NL_INTERNAL void nl_loop_print_type_pair(NlPrinter *p, NlOp *op,
                                         const char *const *elided,
                                         uint32_t nelided, const char *kw);
/* ssa-use attr-dict `:` type `to` type: the custom form of the ops that
 * convert one value to another type (loop.broadcast, loop.reshape). */
NL_INTERNAL NlResult nl_loop_parse_conversion(NlParser *p, NlOpState *st);
NL_INTERNAL void nl_loop_print_conversion(NlPrinter *p, NlOp *op);
/* Emits fmt with the spellings of types a and b (b may be NULL, then fmt
 * takes an empty second string); returns failure. */
NL_INTERNAL NlResult nl_loop_emit_type_error(NlOp *op, const char *fmt,
                                             const NlType *a,
                                             const NlType *b);
/* Checks that operands [first, first + n) are index values and that n is
 * the rank of memref type t. */
NL_INTERNAL NlResult nl_loop_verify_indices(NlOp *op, NlType *t,
                                            uint32_t first, uint32_t n);
/* Ranked memref with a strided or identity layout, or an error naming
 * `what`. */
NL_INTERNAL NlResult nl_loop_verify_memref(NlOp *op, NlType *t,
                                           const char *what);

/* The spellings of the loop.reduction kinds, by NlLoopReductionKind
 * (access.c). */
NL_INTERNAL extern const char *const nl_loop_reduction_names[4];

/* The verifier and custom form of op `id`, as the op table names them
 * (dialect.c). Ops that share a custom form declare only their verifier. */
#define NL_LOOP_HOOKS(id)                                                      \
  NL_INTERNAL NlResult nl_loop_verify_##id(NlOp *op);                          \
  NL_INTERNAL NlResult nl_loop_parse_##id(NlParser *p, NlOpState *st);         \
  NL_INTERNAL void nl_loop_print_##id(NlPrinter *p, NlOp *op);

/* Control flow (control.c). */
NL_LOOP_HOOKS(for)
NL_LOOP_HOOKS(parallel)
NL_LOOP_HOOKS(if)
NL_LOOP_HOOKS(yield)
NL_INTERNAL extern const NlLoopLikeIface nl_loop_for_loop_like;
NL_INTERNAL extern const NlLoopLikeIface nl_loop_parallel_loop_like;
NL_INTERNAL extern const NlPattern nl_loop_for_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nfor_patterns;
NL_INTERNAL extern const NlPattern nl_loop_if_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nif_patterns;

/* Buffers (buffers.c, subview.c). */
NL_LOOP_HOOKS(alloc)
NL_INTERNAL extern const NlPattern nl_loop_alloc_patterns[];
NL_INTERNAL extern const uint32_t nl_loop_nalloc_patterns;
NL_LOOP_HOOKS(view)
NL_LOOP_HOOKS(global)
NL_LOOP_HOOKS(get_global)
NL_INTERNAL NlResult nl_loop_verify_get_global_uses(NlOp *op,
                                                    NlSymbolCache *symbols);
NL_LOOP_HOOKS(subview)
NL_INTERNAL NlResult nl_loop_verify_reshape(NlOp *op);

/* Memory access and vectors (access.c). */
NL_LOOP_HOOKS(load)
NL_LOOP_HOOKS(store)
NL_LOOP_HOOKS(transfer_read)
NL_LOOP_HOOKS(transfer_write)
NL_INTERNAL NlResult nl_loop_verify_broadcast(NlOp *op);
NL_LOOP_HOOKS(reduction)

#undef NL_LOOP_HOOKS

#endif
