/*
 * The tensor dialect (docs/lowering.md, docs/tensor.md): structured ops in
 * destination-passing style, as MLIR's linalg, on tensors and on memrefs,
 * plus the few tensor-only ops (empty, pad, slices, reshape). This header
 * is the C API the conversions, bufferization and the loop lowering use to
 * build and take apart structured ops; the op table itself is private.
 */
#ifndef NULL_DIALECTS_TENSOR_H
#define NULL_DIALECTS_TENSOR_H

#include "null/null.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_tensor_register. */
extern const NlDialect nl_tensor_dialect;

NL_API NL_NODISCARD NlResult nl_tensor_register(NlContext *ctx);

/* ---- building structured ops -------------------------------------------- */

/* Creates the structured op `name` ("tensor.matmul", "tensor.fill", ...,
 * also "tensor.generic", which then gets an empty region: prefer
 * nl_tensor_generic_create) with operands ins then outs, at the builder's
 * insertion point. The results are the types of the outs that are tensors
 * (none for memref outs); `operandSegmentSizes = array<i32: nins, nouts>`
 * is set and the nattrs attributes are added (e.g. strides, kind). Nothing
 * is verified here: run the verifier. NULL, without a diagnostic, when
 * `name` is not a structured op of a loaded tensor dialect. */
NL_API NlOp *nl_tensor_structured_create(NlBuilder *b, NlLoc *loc,
                                         const char *name, NlValue *const *ins,
                                         uint32_t nins, NlValue *const *outs,
                                         uint32_t nouts,
                                         const NlNamedAttr *attrs,
                                         uint32_t nattrs);

/* Loop iterator kinds of a structured op. */
typedef enum NlTensorIterator {
  NL_TENSOR_PARALLEL,
  NL_TENSOR_REDUCTION,
} NlTensorIterator;

/* Creates a tensor.generic at the builder's insertion point with
 * `indexing_maps` = maps (nins + nouts affine maps over nloops dims),
 * `iterator_types` = iters (nloops entries) and the extra attributes. Its
 * region gets one block with one argument per operand: the element type of
 * a shaped operand, the type itself for a scalar in. The caller fills the
 * block (see nl_tensor_generic_body) and ends it with tensor.yield of one
 * value per out. NULL, without a diagnostic, when the dialect is not
 * loaded. */
NL_API NlOp *nl_tensor_generic_create(NlBuilder *b, NlLoc *loc,
                                      NlValue *const *ins, uint32_t nins,
                                      NlValue *const *outs, uint32_t nouts,
                                      NlAffineMap *const *maps,
                                      const NlTensorIterator *iters,
                                      uint32_t nloops, const NlNamedAttr *attrs,
                                      uint32_t nattrs);

/* Creates `tensor.yield vals` at the end of block (the generic's body). */
NL_API NlOp *nl_tensor_yield_create(NlBuilder *b, NlLoc *loc,
                                    NlValue *const *vals, uint32_t n);

/* ---- taking structured ops apart ------------------------------------------
 */

/* Whether op is a structured op: tensor.generic or one of the named ones
 * (fill, copy, matmul, batch_matmul, conv2d, pool, reduce, transpose,
 * broadcast). */
NL_API bool nl_tensor_is_structured(const NlOp *op);
/* Whether op is tensor.generic. */
NL_API bool nl_tensor_is_generic(const NlOp *op);
/* The number of ins of a structured op; when vals is not NULL it receives
 * them (the first operands of the op). 0 for a malformed op. */
NL_API uint32_t nl_tensor_op_ins(NlOp *op, NlValue **vals);
/* The number of outs; vals (may be NULL) receives them. The outs follow
 * the ins in the operand list: out i is operand nins + i. */
NL_API uint32_t nl_tensor_op_outs(NlOp *op, NlValue **vals);
/* In i / out i, or NULL when out of range. */
NL_API NlValue *nl_tensor_op_in(NlOp *op, uint32_t i);
NL_API NlValue *nl_tensor_op_out(NlOp *op, uint32_t i);
/* Whether the op works on memrefs (its outs are memrefs, it has no
 * results) rather than on tensors. */
NL_API bool nl_tensor_op_on_memrefs(NlOp *op);
/* The body block of a tensor.generic (its region's only block), or NULL. */
NL_API NlBlock *nl_tensor_generic_body(NlOp *op);

/* ---- the structured description (for the loop lowering) ----------------- */

/* A structured op as a loop nest: loops d0..d(nloops-1) each run over
 * [0, ranges[i]) with step 1; operand k (ins then outs) is accessed at
 * maps[k](d0, ...) (a map with no results for a scalar in); the body
 * (nl_tensor_build_body) computes the new out elements from the current
 * elements of all operands. The arrays are owned by the description. */
typedef struct NlTensorStructured {
  uint32_t nloops;
  int64_t *ranges;             /* nloops trip counts, all >= 0 */
  NlTensorIterator *iterators; /* nloops kinds */
  uint32_t nins, nouts;
  NlAffineMap **maps; /* nins + nouts maps, each over nloops dims
                         and no symbols; results = operand rank */
} NlTensorStructured;

/* Fills *out for any verified structured op with static shapes (generic
 * and every named op: loops, iterators and maps are those of the table in
 * docs/tensor.md). Fails with a diagnostic on op when it is not a
 * structured op, is malformed or has a dynamic dimension; *out is then
 * empty (nl_tensor_structured_fini is still allowed). */
NL_API NL_NODISCARD NlResult nl_tensor_structured_info(NlOp *op,
                                                       NlTensorStructured *out);
/* Frees the arrays of a description. */
NL_API void nl_tensor_structured_fini(NlTensorStructured *s);

/* Emits the scalar computation of structured op `op` at b's insertion
 * point. args: one scalar per operand (ins then outs), the current
 * elements (a scalar in itself); ivs: the nloops induction variables
 * (index values), needed only for a tensor.generic whose body uses
 * tensor.index (may be NULL otherwise); results receives one value per out:
 * the new element. Named ops: fill/copy/transpose/broadcast give their in,
 * matmul/batch_matmul/conv2d give out + a * b (arith.mulf/addf, muli/addi,
 * andi/ori for i1), pool max/sum give arith.maximumf/maxsi or addf/addi of
 * out and in, reduce add/mul/max/min combine out and in. A generic's body
 * is cloned with its block arguments mapped to args, tensor.index to ivs
 * and the yielded values returned in results. Fails with a diagnostic on
 * op when the element type has no such arithmetic or ivs is missing. */
NL_API NL_NODISCARD NlResult nl_tensor_build_body(NlBuilder *b, NlOp *op,
                                                  NlValue *const *args,
                                                  NlValue *const *ivs,
                                                  NlValue **results);

#endif
