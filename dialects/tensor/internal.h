/*
 * Private to the tensor dialect: opcodes, the op table, how an op's
 * opcode is found (the first interface of each definition is "tensor.kind"
 * with the opcode as its table, as in math) and helpers shared by the
 * verifiers, the custom forms and the structured API.
 */
#ifndef NULL_DIALECTS_TENSOR_INTERNAL_H
#define NULL_DIALECTS_TENSOR_INTERNAL_H

#include "null/rewrite.h"
#include "tensor/tensor.h"

enum {
#define OP(id, ...) TENSOR_##id,
#include "tensor/ops.def"
#undef OP
  TENSOR_NOPS
};

NL_INTERNAL extern const NlOpDef nl_tensor_ops[TENSOR_NOPS];
NL_INTERNAL extern const char nl_tensor_kind_iface[];

/* The opcode of op (TENSOR_*), or -1 if op is not a tensor op. */
static inline int
nl_tensor_kind(const NlOp *op)
{
  const NlOpIface *i = op && op->def ? op->def->ifaces : NULL;
  if (!i || i->name != nl_tensor_kind_iface)
    return -1;
  return *(const int *)i->table;
}

/* Fixed ins/outs counts of structured opcodes (-1: variadic). */
NL_INTERNAL extern const int8_t nl_tensor_fixed_ins[TENSOR_NOPS];
NL_INTERNAL extern const int8_t nl_tensor_fixed_outs[TENSOR_NOPS];

static inline bool
nl_tensor_kind_is_structured(int k)
{
  return k >= TENSOR_FILL && k <= TENSOR_BROADCAST ? true : k == TENSOR_GENERIC;
}

/* The attribute `name` from the dictionary or, for ops read from MLIR's
 * generic form, the properties. */
NL_INTERNAL NlAttr *nl_tensor_attr(const NlOp *op, const char *name);

/* The ins/outs split of a structured op from operandSegmentSizes (or the
 * fixed counts of a named op without it). False when malformed. */
NL_INTERNAL bool nl_tensor_split(const NlOp *op, uint32_t *nins,
                                 uint32_t *nouts);

/* An `array<i64: ...>` attribute's values: *n elements at *vals, or false
 * when a is not a dense i64 array. */
NL_INTERNAL bool nl_tensor_i64_array(const NlAttr *a, const int64_t **vals,
                                     uint32_t *n);
/* An `array<i64: h, w>` attribute `name` with positive entries, or the
 * default 1, 1 when absent (strides, dilations). False when malformed. */
NL_INTERNAL bool nl_tensor_hw(const NlOp *op, const char *name, int64_t hw[2]);
/* The i64 `groups` of conv2d (1 when absent), or 0 when malformed. */
NL_INTERNAL int64_t nl_tensor_groups(const NlOp *op);
/* A type as it appears in a diagnostic; lives in b until its next use. */
NL_INTERNAL const char *nl_tensor_type_str(NlBuf *b, const NlType *t);

/* An integer, index or float type: what tensors and generic bodies hold. */
static inline bool
nl_tensor_is_scalar(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER || t->kind == NL_TYPE_INDEX ||
         t->kind == NL_TYPE_FLOAT;
}

/* A string attribute's text, or NULL. */
NL_INTERNAL const char *nl_tensor_str(const NlOp *op, const char *name);

/* Verifiers (verify.c, verify_struct.c), one per `cls` of ops.def. */
NL_INTERNAL NlResult nl_tensor_verify_EMPTY(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_GENERIC(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_YIELD(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_INDEX(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_EXTRACT(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_STRUCT(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_PAD(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_XSLICE(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_ISLICE(NlOp *op);
NL_INTERNAL NlResult nl_tensor_verify_RESHAPE(NlOp *op);

/* The generic-specific checks (verify_generic.c): maps, iterators, loop
 * ranges and the body, after the common structured checks. */
NL_INTERNAL NlResult nl_tensor_verify_generic_body(NlOp *op, uint32_t nins,
                                                   uint32_t nouts);
/* The indexing maps and iterator count of a generic, or false when its
 * attributes are malformed (no diagnostic). maps[i] for i < noperands. */
NL_INTERNAL bool nl_tensor_generic_maps(const NlOp *op, NlAffineMap **maps,
                                        uint32_t *nloops);
/* Loop ranges of a generic whose maps are well formed: ranges[d] is the
 * size of an operand dim indexed by the bare dim d (static ones first),
 * NL_DYNAMIC when only dynamic dims are, -1 when no operand dim is. */
NL_INTERNAL void nl_tensor_generic_ranges(NlOp *op, NlAffineMap *const *maps,
                                          uint32_t nloops, int64_t *ranges);

/* Custom forms (asm.c, asm_struct.c). */
#define NL_TENSOR_ASM(cls)                                                     \
  NL_INTERNAL NlResult nl_tensor_parse_##cls(NlParser *p, NlOpState *st);      \
  NL_INTERNAL void nl_tensor_print_##cls(NlPrinter *p, NlOp *op);
NL_TENSOR_ASM(EMPTY)
NL_TENSOR_ASM(GENERIC)
NL_TENSOR_ASM(YIELD)
NL_TENSOR_ASM(INDEX)
NL_TENSOR_ASM(EXTRACT)
NL_TENSOR_ASM(STRUCT)
NL_TENSOR_ASM(PAD)
NL_TENSOR_ASM(XSLICE)
NL_TENSOR_ASM(ISLICE)
NL_TENSOR_ASM(RESHAPE)
#undef NL_TENSOR_ASM

/* Fold hooks (fold.c). */
NL_INTERNAL NlResult nl_tensor_fold_reshape(NlOp *op, NlAttr *const *consts,
                                            NlFoldResult *out);
NL_INTERNAL NlResult nl_tensor_fold_extract_slice(NlOp *op,
                                                  NlAttr *const *consts,
                                                  NlFoldResult *out);

/* Canonicalization patterns (dialect.c). */
NL_INTERNAL extern const NlPattern nl_tensor_canonical[];
NL_INTERNAL extern const uint32_t nl_tensor_ncanonical;

#endif
