/*
 * convert-graph-to-tensor, private: the state of one op's lowering, the
 * builders for tensor-level ops (docs/lowering.md) and the lowering
 * functions of each op family (graph_to_tensor_*.c).
 */
#ifndef NULL_PASSES_CONVERSION_GRAPH_TO_TENSOR_H
#define NULL_PASSES_CONVERSION_GRAPH_TO_TENSOR_H

#include "null/null.h"
#include "null/rewrite.h"

#define NL_G2T_MAX_RANK 16

/* The lowering of one graph op: new ops go before it through `b`. */
typedef struct NlG2T {
  NlContext *ctx;
  NlOp *op;      /* the graph op */
  NlLoc *loc;    /* op->loc */
  NlBuilder b;   /* insertion point: before op */
  int64_t opset; /* the module's default-domain opset (17 when unknown) */
} NlG2T;

/* Lowers g->op: sets res[i] for each of its results that has uses (NULL
 * for unused ones is fine), or emits a located error and fails. */
typedef NlResult (*NlG2TLowerFn)(NlG2T *g, NlValue **res);

/* Errors: "convert-graph-to-tensor: graph.x ..." at the op. */
NL_INTERNAL NlResult nl_g2t_error(NlG2T *g, const char *fmt, ...)
    NL_PRINTF(2, 3);

/* ---- attributes of the graph op ------------------------------------------ */

NL_INTERNAL int64_t nl_g2t_attr_int(NlG2T *g, const char *name, int64_t dflt);
NL_INTERNAL double nl_g2t_attr_float(NlG2T *g, const char *name, double dflt);
/* The string attribute or dflt. */
NL_INTERNAL const char *nl_g2t_attr_str(NlG2T *g, const char *name,
                                        const char *dflt);
/* An INTS attribute: its length (at most max) into out, -1 when absent,
 * -2 when malformed or longer than max. */
NL_INTERNAL int nl_g2t_attr_ints(NlG2T *g, const char *name, int64_t *out,
                                 int max);

/* ---- operands and constants ---------------------------------------------- */

/* Operand i, or NULL when absent (beyond the operands or `none`). */
NL_INTERNAL NlValue *nl_g2t_operand(NlG2T *g, uint32_t i);
/* The integer elements of a constant (dense or dense_resource, any integer
 * width): count into *n, data malloc'ed (caller frees); NULL when v is not
 * such a constant. */
NL_INTERNAL int64_t *nl_g2t_const_ints(NlValue *v, int64_t *n);
/* The element of a constant whose elements are all equal (a splat, or one
 * element), as an attribute of the element type; NULL otherwise. */
NL_INTERNAL NlAttr *nl_g2t_const_scalar(NlValue *v);
/* The f32 data of a constant (dense or dense_resource); *splat tells
 * whether one element stands for all. NULL otherwise. */
NL_INTERNAL const float *nl_g2t_const_f32(NlValue *v, bool *splat);

/* ---- types and attributes ------------------------------------------------ */

NL_INTERNAL NlType *nl_g2t_tensor(NlG2T *g, const int64_t *dims, uint32_t rank,
                                  NlType *elem);
static inline uint32_t
nl_g2t_rank(const NlValue *v)
{
  return v->type->shaped.rank;
}
static inline const int64_t *
nl_g2t_dims(const NlValue *v)
{
  return v->type->shaped.dims;
}
NL_INTERNAL NlAttr *nl_g2t_i64_array(NlG2T *g, const int64_t *v, uint32_t n);
NL_INTERNAL bool nl_g2t_is_float(NlType *elem);
NL_INTERNAL bool nl_g2t_is_unsigned(NlType *elem);

/* ---- op creation --------------------------------------------------------- */

/* Starts an op by name (registered, or unregistered when the dialect does
 * not define it yet); finish inserts it with builder b (NULL: g->b). */
NL_INTERNAL void nl_g2t_begin(NlG2T *g, NlOpState *st, const char *name);
NL_INTERNAL NlOp *nl_g2t_finish(NlG2T *g, NlBuilder *b, NlOpState *st);

/* Scalar constant of type `type` (float, integer or index). */
NL_INTERNAL NlValue *nl_g2t_scalar(NlG2T *g, NlBuilder *b, NlType *type,
                                   double v);
NL_INTERNAL NlValue *nl_g2t_scalar_attr(NlG2T *g, NlBuilder *b, NlAttr *value);
/* The lowest (for max) or highest value of an element type. */
NL_INTERNAL NlValue *nl_g2t_lowest(NlG2T *g, NlBuilder *b, NlType *elem);
NL_INTERNAL NlValue *nl_g2t_highest(NlG2T *g, NlBuilder *b, NlType *elem);

NL_INTERNAL NlValue *nl_g2t_empty(NlG2T *g, NlType *t);
/* tensor.empty + tensor.fill with scalar. */
NL_INTERNAL NlValue *nl_g2t_fill(NlG2T *g, NlType *t, NlValue *scalar);
/* A structured op with ins and one out; its result has out's type. */
NL_INTERNAL NlValue *nl_g2t_structured(NlG2T *g, const char *name,
                                       NlValue *const *ins, uint32_t nins,
                                       NlValue *out, const NlNamedAttr *attrs,
                                       uint32_t nattrs);
/* tensor.reshape (v itself when the type is already t). */
NL_INTERNAL NlValue *nl_g2t_reshape(NlG2T *g, NlValue *v, NlType *t);
/* tensor.transpose: result dim k is v's dim perm[k]. */
NL_INTERNAL NlValue *nl_g2t_transpose(NlG2T *g, NlValue *v,
                                      const int64_t *perm);
NL_INTERNAL NlValue *nl_g2t_extract_slice(NlG2T *g, NlValue *src,
                                          const int64_t *offsets,
                                          const int64_t *sizes,
                                          const int64_t *strides);
NL_INTERNAL NlValue *nl_g2t_insert_slice(NlG2T *g, NlValue *src, NlValue *dest,
                                         const int64_t *offsets,
                                         const int64_t *sizes,
                                         const int64_t *strides);
/* tensor.pad with a scalar value (v itself when all pads are 0). */
NL_INTERNAL NlValue *nl_g2t_pad(NlG2T *g, NlValue *v, const int64_t *low,
                                const int64_t *high, NlValue *scalar);

/* ---- tensor.generic ------------------------------------------------------ */

/* Builds the body at the end of the block with b: args are the block
 * arguments (ins then outs); sets yields[i] for each out. */
typedef void (*NlG2TBodyFn)(NlG2T *g, NlBuilder *b, NlValue *const *args,
                            NlValue **yields, void *ud);

typedef struct NlG2TGeneric {
  uint32_t ndims;
  bool reduction[NL_G2T_MAX_RANK]; /* iterator type of each loop dim */
  uint32_t nins, nouts;
  NlValue *const *ins;
  NlAffineMap *const *in_maps;
  NlValue *const *outs;
  NlAffineMap *const *out_maps;
} NlG2TGeneric;

/* The generic op; its results are the new outs. */
NL_INTERNAL NlOp *nl_g2t_generic(NlG2T *g, const NlG2TGeneric *gen,
                                 NlG2TBodyFn body, void *ud);

/* The common generic: all loops parallel over the dims of t, ins read
 * through in_maps, one new tensor of type t written in order (identity
 * map). Returns that result. */
NL_INTERNAL NlValue *nl_g2t_parallel_generic(NlG2T *g, NlType *t,
                                             NlValue *const *ins,
                                             NlAffineMap *const *in_maps,
                                             uint32_t nins, NlG2TBodyFn body,
                                             void *ud);

/* A new tensor of type t whose element i is x's element map(i): a generic
 * that only moves elements (broadcast, tile, strided slice, flip). */
NL_INTERNAL NlValue *nl_g2t_remap(NlG2T *g, NlType *t, NlValue *x,
                                  NlAffineMap *map);

NL_INTERNAL NlAffineMap *nl_g2t_map_identity(NlG2T *g, uint32_t ndims);
/* The map reading an operand of type t broadcast (numpy, right-aligned)
 * to an iteration space of rank ndims with sizes out_dims: size-1 dims
 * that are broadcast read index 0. */
NL_INTERNAL NlAffineMap *nl_g2t_map_broadcast(NlG2T *g, NlType *t,
                                              const int64_t *out_dims,
                                              uint32_t ndims);
/* The projection on the dims for which keep[d] is true. */
NL_INTERNAL NlAffineMap *nl_g2t_map_select(NlG2T *g, uint32_t ndims,
                                           const bool *keep);

/* ---- scalar ops (in generic bodies) -------------------------------------- */

NL_INTERNAL NlValue *nl_g2t_op1(NlG2T *g, NlBuilder *b, const char *name,
                                NlValue *x);
NL_INTERNAL NlValue *nl_g2t_op2(NlG2T *g, NlBuilder *b, const char *name,
                                NlValue *x, NlValue *y);
NL_INTERNAL NlValue *nl_g2t_cast_op(NlG2T *g, NlBuilder *b, const char *name,
                                    NlValue *x, NlType *to);
/* arith.cmpf / arith.cmpi with a predicate number (MLIR's encoding). */
NL_INTERNAL NlValue *nl_g2t_cmp(NlG2T *g, NlBuilder *b, bool fp, int pred,
                                NlValue *x, NlValue *y);
NL_INTERNAL NlValue *nl_g2t_select(NlG2T *g, NlBuilder *b, NlValue *c,
                                   NlValue *x, NlValue *y);
/* tensor.index of loop dim `dim`, and tensor.extract of t at idx (n of
 * them), in a generic body. */
NL_INTERNAL NlValue *nl_g2t_index(NlG2T *g, NlBuilder *b, uint32_t dim);
NL_INTERNAL NlValue *nl_g2t_extract(NlG2T *g, NlBuilder *b, NlValue *t,
                                    NlValue *const *idx, uint32_t n);
/* An integer scalar x of a Gather-like op as an index into a dim of size
 * `size`, negative values counting from the end (ONNX). */
NL_INTERNAL NlValue *nl_g2t_wrap_index(NlG2T *g, NlBuilder *b, NlValue *x,
                                       int64_t size);
/* Converts a scalar between element types (ONNX Cast semantics;
 * `from_unsigned` when the source was an unsigned integer). */
NL_INTERNAL NlValue *nl_g2t_convert(NlG2T *g, NlBuilder *b, NlValue *x,
                                    NlType *to, bool from_unsigned);

enum { /* arith.cmpf predicates */
       NL_G2T_OEQ = 1,
       NL_G2T_OGT = 2,
       NL_G2T_OGE = 3,
       NL_G2T_OLT = 4,
       NL_G2T_OLE = 5,
       NL_G2T_UNE = 13,
       NL_G2T_UNO = 14,
};
enum { /* arith.cmpi predicates */
       NL_G2T_EQ = 0,
       NL_G2T_NE = 1,
       NL_G2T_SLT = 2,
       NL_G2T_SLE = 3,
       NL_G2T_SGT = 4,
       NL_G2T_SGE = 5,
       NL_G2T_ULT = 6,
       NL_G2T_ULE = 7,
       NL_G2T_UGT = 8,
       NL_G2T_UGE = 9,
};

/* Applies a fused `activation` attribute (graph-fuse) to v, elementwise. */
NL_INTERNAL NlResult nl_g2t_activation(NlG2T *g, NlValue **v);

/* ---- the lowerings, by family -------------------------------------------- */

/* graph_to_tensor_elementwise.c */
NL_INTERNAL NlResult nl_g2t_lower_elementwise(NlG2T *g, NlValue **res);
NL_INTERNAL bool nl_g2t_is_elementwise(const char *name);
/* Applies a unary elementwise op named like a graph op ("relu", ...) to
 * every element of v (used for fused activations). */
NL_INTERNAL NlValue *nl_g2t_unary_scalar(NlG2T *g, NlBuilder *b,
                                         const char *kind, NlValue *x,
                                         double alpha);

/* graph_to_tensor_shape.c */
NL_INTERNAL NlResult nl_g2t_lower_constant(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_identity(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_reshape(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_transpose(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_concat(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_slice(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_split(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_pad(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_gather(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_expand(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_tile(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_shape(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_constant_of_shape(NlG2T *g, NlValue **res);

/* graph_to_tensor_nn.c */
NL_INTERNAL NlResult nl_g2t_lower_matmul(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_gemm(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_conv(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_conv_transpose(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_pool(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_global_pool(NlG2T *g, NlValue **res);

/* graph_to_tensor_norm.c */
NL_INTERNAL NlResult nl_g2t_lower_reduce(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_softmax(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_layer_norm(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_batch_norm(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_instance_norm(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_mvn(NlG2T *g, NlValue **res);

/* graph_to_tensor_extra.c */
NL_INTERNAL NlResult nl_g2t_lower_einsum(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_cumsum(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_one_hot(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_range(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_lrn(NlG2T *g, NlValue **res);

/* graph_to_tensor_resize.c */
NL_INTERNAL NlResult nl_g2t_lower_resize(NlG2T *g, NlValue **res);

/* graph_to_tensor_misc.c */
NL_INTERNAL NlResult nl_g2t_lower_depth_to_space(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_gather_elements(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_trilu(NlG2T *g, NlValue **res);
NL_INTERNAL NlResult nl_g2t_lower_arg_reduce(NlG2T *g, NlValue **res);

#endif
