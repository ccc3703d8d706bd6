/*
 * Private to the graph dialect: opcodes (one per ops.def entry, then the
 * dialect's own graph.none and graph.yield), inference families, the op
 * table, how an op's opcode is found (the first interface of every
 * definition is "graph.kind" whose table is the opcode, as in arith) and
 * small attribute and constant helpers shared by the .c files.
 */
#ifndef NULL_DIALECTS_GRAPH_INTERNAL_H
#define NULL_DIALECTS_GRAPH_INTERNAL_H

#include "graph/graph.h"

#include <stdlib.h>
#include <string.h>

enum {
#define OP(id, ...) GRAPH_##id,
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
  GRAPH_NOPS,
  GRAPH_NONE_OP = GRAPH_NOPS, /* graph.none */
  GRAPH_YIELD_OP,             /* graph.yield */
  GRAPH_NDEFS
};

/* Inference families (the cls column of ops.def). */
enum {
  GCLS_UNARY,
  GCLS_UNARY_BOOL,
  GCLS_BINARY,
  GCLS_CMP,
  GCLS_VARIADIC,
  GCLS_OTHER
};

NL_INTERNAL extern const NlGraphOpInfo nl_graph_infos[GRAPH_NOPS];
NL_INTERNAL extern const uint8_t nl_graph_cls[GRAPH_NOPS];
NL_INTERNAL extern const NlOpDef nl_graph_ops[GRAPH_NDEFS];
NL_INTERNAL extern const char nl_graph_kind_iface[];
/* Canonicalization patterns (fold.c), handed to the driver dialect-wide. */
#define GRAPH_NPATTERNS 7
NL_INTERNAL extern const NlPattern nl_graph_patterns[GRAPH_NPATTERNS];

/* The opcode of op (GRAPH_*), or -1 if op is not a graph op. */
static inline int
nl_graph_kind(const NlOp *op)
{
  const NlOpIface *i = op ? op->def->ifaces : NULL;
  if (!i || i->name != nl_graph_kind_iface)
    return -1;
  return *(const int *)i->table;
}

static inline int
nl_graph_value_kind(NlValue *v)
{
  return nl_graph_kind(nl_value_defining_op(v));
}

/* Whether operand i is present (exists and is not a `none` value). */
static inline bool
nl_graph_has_operand(NlOp *op, uint32_t i)
{
  return i < op->noperands && nl_op_operand(op, i)->type->kind != NL_TYPE_NONE;
}

/* Attribute readers: the op's attribute, else the default. */
NL_INTERNAL int64_t nl_graph_attr_int(NlOp *op, const char *name, int64_t dflt);
NL_INTERNAL double nl_graph_attr_float(NlOp *op, const char *name, double dflt);
/* The string value, or dflt. */
NL_INTERNAL const char *nl_graph_attr_str(NlOp *op, const char *name,
                                          const char *dflt);
/* An INTS attribute: returns the count (-1 when absent or malformed) and
 * copies at most max values to out. */
NL_INTERNAL int nl_graph_attr_ints(NlOp *op, const char *name, int64_t *out,
                                   int max);

/* Integer elements of a constant operand (dense or splat, any integer
 * width): returns the count, -1 when operand i is absent or not an integer
 * constant; copies at most max elements. */
NL_INTERNAL int64_t nl_graph_const_ints(NlOp *op, uint32_t i, int64_t *out,
                                        int64_t max);
/* Reads element k of a dense integer attribute as int64. */
NL_INTERNAL int64_t nl_graph_dense_int(const NlAttr *a, int64_t k);
/* Reads element k of a dense float attribute as double. */
NL_INTERNAL double nl_graph_dense_float(const NlAttr *a, int64_t k);

/* The element type of ONNX data type code `dt` (TensorProto.DataType),
 * or NULL when unknown. */
NL_INTERNAL NlType *nl_graph_dtype(NlContext *ctx, int64_t dt);

/* The fold hook of every graph op (fold.c). */
NL_INTERNAL NlResult nl_graph_fold(NlOp *op, NlAttr *const *consts,
                                   NlFoldResult *out);
/* Computes the result types of op into out[0..nresults) (NULL: unknown).
 * Emits a diagnostic and fails when operands cannot match. */
NL_INTERNAL NlResult nl_graph_infer(NlOp *op, NlType **out);

#endif
