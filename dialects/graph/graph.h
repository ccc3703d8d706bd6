/*
 * The graph dialect: one op per ONNX operator of the default domain
 * (opsets 7 to 17) plus the QDQ quantization ops, with value semantics on
 * tensors. The ops are generated from one table (ops.def, written by
 * gen_ops.py from onnx's schemas); this header exposes that table to the
 * ONNX importer and declares type/shape inference.
 *
 * How ONNX maps onto the dialect (the contract with frontends/onnx):
 *
 * - Op name: "graph." + snake_case of the ONNX name (Conv -> graph.conv,
 *   MatMul -> graph.matmul, BatchNormalization -> graph.batch_normalization,
 *   QLinearConv -> graph.qlinear_conv). Look it up with nl_graph_op_info
 *   and create the op through NlOpState with
 *   nl_context_lookup_op(ctx, info->op_name, strlen(info->op_name)).
 * - Operands: the ONNX inputs in order. Missing trailing optional inputs
 *   are simply left out. A missing optional input followed by a present one
 *   (ONNX's empty input name) is the result of a `graph.none` op (no
 *   operands, one result of type `none`): `%n = graph.none`. Verifiers and
 *   inference treat a `none`-typed operand as absent.
 * - Results: the ONNX outputs in order; missing trailing optional outputs
 *   are left out, a missing optional output in the middle is still a result
 *   (nobody uses it). Results are tensor types: ranked
 *   (`tensor<1x?x8xf32>`, `?` for dynamic dims) or unranked
 *   (`tensor<*xf32>`) when unknown. Sequence and optional values use
 *   opaque graph types (`!graph.seq<tensor<5xf32>>`, `!graph.opt<...>`),
 *   which inference leaves as they are.
 * - Attributes keep ONNX's names. Kinds map to builtin attributes:
 *     INT     -> integer attribute of type i64       (`axis = 1`)
 *     FLOAT   -> float attribute of type f32          (`alpha = 1.0 : f32`)
 *     STRING  -> string attribute                     (`mode = "constant"`)
 *     INTS    -> array of i64 integer attributes      (`pads = [1, 1]`)
 *     FLOATS  -> array of f32 float attributes
 *     STRINGS -> array of string attributes
 *     TENSOR  -> dense elements attribute or dense_resource attribute
 *     TYPE    -> type attribute                       (`dtype = f32`)
 *     GRAPH   -> not an attribute: a region of the op (see below).
 *   Attributes equal to their default may be omitted.
 * - Subgraphs (If's then_branch/else_branch, Loop's and Scan's body):
 *   one region per GRAPH attribute, in the order of `attrs` in the table
 *   (If: region 0 then, region 1 else). Each region has one block whose
 *   arguments are the subgraph's inputs and which ends with
 *   `graph.yield %a, %b : types` returning the subgraph's outputs. Values
 *   of the enclosing function may be used inside (ONNX outer scope).
 * - Element types: float f32, float16 f16, bfloat16 bf16, double f64,
 *   int8..int64 i8..i64 (signless), uint8..uint64 ui8..ui64, bool i1,
 *   complex64 complex<f32>, complex128 complex<f64>, string !graph.string.
 * - Constants (ONNX Constant nodes and initializers) are `graph.constant`
 *   ops with a `value` attribute, dense or dense_resource, whose type is
 *   the result type; printed `%w = graph.constant dense<...> :
 *   tensor<4xf32>` (Constant's value_float, value_ints, ... forms are
 *   accepted too and print in the generic-looking custom form).
 * - Fused activations: after the graph-fuse pass, graph.conv, graph.gemm
 *   and graph.matmul may carry `activation = "relu"` ("sigmoid", "tanh",
 *   "leaky_relu" with `activation_alpha = 0.01 : f32`): the op's result is
 *   then that activation applied to what the op computes.
 * - Unknown attributes are kept (and ignored by verification), so
 *   attributes of older operator versions survive import.
 * - Operator versions whose attributes later became inputs are normalized
 *   to the newest form within opsets 7..17: see nl_graph_legacy_attrs.
 *   Also Resize-10 (X, scales) becomes (X, none, scales), and Reduce* ops
 *   other than ReduceSum keep their `axes` attribute (it became an input
 *   only at opset 18).
 */
#ifndef NULL_DIALECTS_GRAPH_H
#define NULL_DIALECTS_GRAPH_H

#include "null/null.h"
#include "null/rewrite.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_graph_load. */
extern const NlDialect nl_graph_dialect;

/* Registers the graph dialect (idempotent). */
NL_API NL_NODISCARD NlResult nl_graph_load(NlContext *ctx);

/* ---- the operator table ------------------------------------------------- */

typedef enum NlGraphAttrKind {
  NL_GATTR_INT,
  NL_GATTR_FLOAT,
  NL_GATTR_STRING,
  NL_GATTR_INTS,
  NL_GATTR_FLOATS,
  NL_GATTR_STRINGS,
  NL_GATTR_TENSOR,
  NL_GATTR_GRAPH,
  NL_GATTR_TYPE,
} NlGraphAttrKind;

typedef struct NlGraphAttrSpec {
  const char *name;
  NlGraphAttrKind kind;
  bool required;
  /* Default in MLIR attribute syntax ("1", "1.0 : f32", "\"NOTSET\"",
   * "[]"), or NULL when there is none. */
  const char *default_value;
} NlGraphAttrSpec;

typedef struct NlGraphOpInfo {
  const char *onnx_name;      /* "BatchNormalization" */
  const char *op_name;        /* "graph.batch_normalization" */
  const char *domain;         /* "" (ai.onnx) */
  int since, until;           /* opset range covered (within 7..17) */
  int min_inputs, max_inputs; /* max -1 for variadic */
  int min_outputs, max_outputs;
  const NlGraphAttrSpec *attrs; /* GRAPH attributes become regions */
  uint32_t nattrs;
  uint32_t nregions; /* number of GRAPH attributes */
} NlGraphOpInfo;

/* The table entry of ONNX operator `onnx_name` (default domain), or NULL
 * when the dialect does not model it. */
NL_API const NlGraphOpInfo *nl_graph_op_info(const char *onnx_name);
/* The table entry of a graph op (by its definition), or NULL. */
NL_API const NlGraphOpInfo *nl_graph_op_info_of(const NlOp *op);
/* All entries, for tools (n receives the count). */
NL_API const NlGraphOpInfo *nl_graph_op_infos(uint32_t *n);

/* An attribute of an older operator version that the dialect takes as an
 * input: the importer turns attribute `attr` of `onnx_name` at opsets
 * below `until` into a constant operand at position `input` (element type
 * i64 for int lists, f32 for floats), inserting `graph.none` operands for
 * absent inputs before it. */
typedef struct NlGraphLegacyAttr {
  const char *onnx_name; /* "Squeeze" */
  int until;             /* the attribute form is used at opsets < until */
  const char *attr;      /* "axes" */
  uint32_t input;        /* operand index in the normalized form */
  NlGraphAttrKind kind;  /* NL_GATTR_INTS, NL_GATTR_FLOAT, ... */
} NlGraphLegacyAttr;

/* The legacy attributes of onnx_name applicable at `opset` (n receives
 * the count; NULL and 0 when none). */
NL_API const NlGraphLegacyAttr *nl_graph_legacy_attrs(const char *onnx_name,
                                                      int opset, uint32_t *n);

/* ---- inference ------------------------------------------------------------
 */

/* Infers the result types of a graph op from its operands and attributes
 * and sets them in place (used by the importer and the shape-inference
 * pass). A result's new type is the most precise of the inferred type and
 * the type it has (create results with the ONNX value_info type when
 * known, else with `none`). A result whose type cannot be inferred keeps
 * its type; a `none` one becomes `tensor<*xT>`, T the element type of
 * operand 0 (f32 when none). Emits a located diagnostic on op and fails
 * when the operands cannot match (non-broadcastable shapes, bad axes, ...)
 * or the inferred type contradicts the existing one. Ops other than graph
 * ops are left alone (success). */
NL_API NL_NODISCARD NlResult nl_graph_infer_types(NlOp *op);

/* Whether `declared` is compatible with `inferred` (MLIR's compatible
 * shapes): the same element type, and either is unranked or both have the
 * same rank and every dim is equal or dynamic in one of them. A declared
 * type may thus be more precise than the inferred one (ONNX value_info). */
NL_API bool nl_graph_type_compatible(NlType *inferred, NlType *declared);

/* The type `!graph.string` (element type of ONNX string tensors). */
NL_API NlType *nl_graph_string_type(NlContext *ctx);

#endif
