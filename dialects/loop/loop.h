/*
 * The loop dialect (docs/lowering.md "The loop dialect", docs/loop.md):
 * loops, conditionals and buffers on static memrefs, the level between the
 * tensor dialect and LLVM IR. This header is the C builder and accessor API
 * the other levels use (bufferize, memory-plan, convert-tensor-to-loop, the
 * LLVM backend).
 *
 * Builders insert at the builder's insertion point (or leave the op
 * detached when b->block is NULL) and never fail: constraints are checked
 * by the verifier. loc NULL means an unknown location.
 */
#ifndef NULL_DIALECTS_LOOP_H
#define NULL_DIALECTS_LOOP_H

#include "null/null.h"

extern const NlDialect nl_loop_dialect;

/* The ops, in table order. */
typedef enum NlLoopOpKind {
  NL_LOOP_FOR,
  NL_LOOP_PARALLEL,
  NL_LOOP_IF,
  NL_LOOP_YIELD,
  NL_LOOP_ALLOC,
  NL_LOOP_VIEW,
  NL_LOOP_GLOBAL,
  NL_LOOP_GET_GLOBAL,
  NL_LOOP_SUBVIEW,
  NL_LOOP_RESHAPE,
  NL_LOOP_LOAD,
  NL_LOOP_STORE,
  NL_LOOP_TRANSFER_READ,
  NL_LOOP_TRANSFER_WRITE,
  NL_LOOP_BROADCAST,
  NL_LOOP_REDUCTION,
  NL_LOOP_NOPS
} NlLoopOpKind;

/* The kind of a loop-dialect op, or -1 for any other op (or NULL). */
NL_API int nl_loop_op_kind(const NlOp *op);

/* ---- memref layout helpers ------------------------------------------------ */

/* Strides (rank entries) and offset, in elements, of a ranked memref type:
 * row-major for the identity layout, else those of its strided<> layout
 * (NL_DYNAMIC where `?`). False for other layouts and non-memrefs. */
NL_API bool nl_loop_memref_strides(const NlType *memref, int64_t *strides,
                                   int64_t *offset);
/* Bytes of one element as stored in memory (i1 is one byte, index 8);
 * 0 for types that cannot be a loop-level element. */
NL_API int64_t nl_loop_elem_bytes(const NlType *elem);
/* The result type of a subview of `src` (a memref with a strided or
 * identity layout) with the given static offsets (NL_DYNAMIC for an SSA
 * offset), sizes and strides: memref<sizes x elem, strided<[...],
 * offset: ...>>. NULL when src has no strided form. */
NL_API NlType *nl_loop_subview_type(NlContext *ctx, NlType *src,
                                    const int64_t *offsets,
                                    const int64_t *sizes,
                                    const int64_t *strides);

/* ---- control flow --------------------------------------------------------- */

/* loop.for %iv = lb to ub step step iter_args(inits) -> (init types).
 * The body block has the induction variable (index) and one argument per
 * init. With ninits == 0 the body already ends with an empty loop.yield
 * (insert before it); with inits the caller appends the loop.yield of the
 * carried values. *body and *iv (each may be NULL) receive the body block
 * and the induction variable. */
NL_API NlOp *nl_loop_for_create(NlBuilder *b, NlLoc *loc, NlValue *lb,
                                NlValue *ub, NlValue *step,
                                NlValue *const *inits, uint32_t ninits,
                                NlBlock **body, NlValue **iv);
NL_API NlBlock *nl_loop_for_body(NlOp *op);
NL_API NlValue *nl_loop_for_iv(NlOp *op);
NL_API NlValue *nl_loop_for_lower(NlOp *op);
NL_API NlValue *nl_loop_for_upper(NlOp *op);
NL_API NlValue *nl_loop_for_step(NlOp *op);
NL_API uint32_t nl_loop_for_num_iter_args(NlOp *op);
/* The body argument carrying value i (after the induction variable). */
NL_API NlValue *nl_loop_for_iter_arg(NlOp *op, uint32_t i);
NL_API NlValue *nl_loop_for_init(NlOp *op, uint32_t i);

/* loop.parallel (ivs) = (lbs) to (ubs) step (steps); n dims. The body ends
 * with an empty loop.yield. */
NL_API NlOp *nl_loop_parallel_create(NlBuilder *b, NlLoc *loc,
                                     NlValue *const *lbs, NlValue *const *ubs,
                                     NlValue *const *steps, uint32_t n,
                                     NlBlock **body);
NL_API uint32_t nl_loop_parallel_num_dims(NlOp *op);
NL_API NlBlock *nl_loop_parallel_body(NlOp *op);

/* loop.if cond -> (results) { then } else { else }. With nresults == 0
 * each created block ends with an empty loop.yield; with results the
 * caller appends the loop.yields. The else block exists when with_else
 * (required when nresults > 0). */
NL_API NlOp *nl_loop_if_create(NlBuilder *b, NlLoc *loc, NlValue *cond,
                               NlType *const *results, uint32_t nresults,
                               bool with_else);
NL_API NlBlock *nl_loop_if_then(NlOp *op);
NL_API NlBlock *nl_loop_if_else(NlOp *op); /* NULL when absent */

NL_API NlOp *nl_loop_yield_create(NlBuilder *b, NlLoc *loc,
                                  NlValue *const *vals, uint32_t n);

/* ---- buffers -------------------------------------------------------------- */

/* %m = loop.alloc : memref (static shape, identity layout). */
NL_API NlOp *nl_loop_alloc_create(NlBuilder *b, NlLoc *loc, NlType *memref);
/* %m = loop.view %arena[offset] : memref<Nxi8> to result. The byte offset
 * is the i64 attribute `offset`. */
NL_API NlOp *nl_loop_view_create(NlBuilder *b, NlLoc *loc, NlValue *arena,
                                 int64_t offset, NlType *result);
NL_API int64_t nl_loop_view_offset(NlOp *op);

/* loop.global @name : memref = init {alignment = a}: attributes sym_name
 * (string), type (type attribute), initial_value (dense or dense_resource
 * of the tensor type with the memref's shape and element type) and
 * alignment (i64; omitted when 0). Insert it into the module body. */
NL_API NlOp *nl_loop_global_create(NlBuilder *b, NlLoc *loc, const char *name,
                                   NlType *memref, NlAttr *init,
                                   int64_t alignment);
NL_API NlIdent *nl_loop_global_name(NlOp *op);
NL_API NlType *nl_loop_global_type(NlOp *op);
NL_API NlAttr *nl_loop_global_init(NlOp *op);
NL_API int64_t nl_loop_global_alignment(NlOp *op); /* 0 when absent */

/* %m = loop.get_global @name : memref (attribute `name`, a flat symbol
 * reference). */
NL_API NlOp *nl_loop_get_global_create(NlBuilder *b, NlLoc *loc,
                                       const char *name, NlType *memref);
NL_API NlIdent *nl_loop_get_global_name(NlOp *op);

/* loop.subview src[offsets] [sizes] [strides]: rank = src's rank; offsets
 * are static, or NL_DYNAMIC for the next value of dyn_offsets (in order).
 * The result type is nl_loop_subview_type. Attributes static_offsets,
 * static_sizes, static_strides (array<i64>); operands src, dyn offsets. */
NL_API NlOp *nl_loop_subview_create(NlBuilder *b, NlLoc *loc, NlValue *src,
                                    const int64_t *offsets,
                                    NlValue *const *dyn_offsets,
                                    uint32_t ndyn, const int64_t *sizes,
                                    const int64_t *strides);
/* The static arrays of a subview (rank entries each, valid while the
 * context lives), or NULL when malformed. */
NL_API const int64_t *nl_loop_subview_static_offsets(NlOp *op);
NL_API const int64_t *nl_loop_subview_static_sizes(NlOp *op);
NL_API const int64_t *nl_loop_subview_static_strides(NlOp *op);

/* %r = loop.reshape src : memref to result (identity layouts). */
NL_API NlOp *nl_loop_reshape_create(NlBuilder *b, NlLoc *loc, NlValue *src,
                                    NlType *result);

/* ---- memory access -------------------------------------------------------- */

/* %v = loop.load memref[indices] (operands: memref, indices). */
NL_API NlOp *nl_loop_load_create(NlBuilder *b, NlLoc *loc, NlValue *memref,
                                 NlValue *const *indices, uint32_t n);
/* loop.store value, memref[indices] (operands: value, memref, indices). */
NL_API NlOp *nl_loop_store_create(NlBuilder *b, NlLoc *loc, NlValue *value,
                                  NlValue *memref, NlValue *const *indices,
                                  uint32_t n);
/* %v = loop.transfer_read memref[indices], pad : memref, vector (operands:
 * memref, indices, pad). */
NL_API NlOp *nl_loop_transfer_read_create(NlBuilder *b, NlLoc *loc,
                                          NlValue *memref,
                                          NlValue *const *indices, uint32_t n,
                                          NlValue *pad, NlType *vector);
/* loop.transfer_write vec, memref[indices] (operands: vector, memref,
 * indices). */
NL_API NlOp *nl_loop_transfer_write_create(NlBuilder *b, NlLoc *loc,
                                           NlValue *vec, NlValue *memref,
                                           NlValue *const *indices,
                                           uint32_t n);
NL_API NlOp *nl_loop_broadcast_create(NlBuilder *b, NlLoc *loc,
                                      NlValue *scalar, NlType *vector);

typedef enum NlLoopReductionKind {
  NL_LOOP_RED_ADD,
  NL_LOOP_RED_MUL,
  NL_LOOP_RED_MAX, /* maximumf for floats, signed max for integers */
  NL_LOOP_RED_MIN,
} NlLoopReductionKind;

/* %s = loop.reduction <kind>, vec (attribute `kind`: "add", "mul",
 * "max", "min"). */
NL_API NlOp *nl_loop_reduction_create(NlBuilder *b, NlLoc *loc,
                                      NlLoopReductionKind kind, NlValue *vec);
/* The kind of a loop.reduction, or -1 when malformed. */
NL_API int nl_loop_reduction_kind(NlOp *op);

#endif
