/*
 * The tensor dialect's registration: the op table built from ops.def, the
 * attribute helpers every part of the dialect shares and the
 * canonicalization patterns (dead structured ops on tensors go away; on
 * memrefs they write, so they are never pure). Verifiers are in verify*.c,
 * custom forms in asm*.c, the structured API in structured.c and body.c.
 */
#include <string.h>

#include "arith/arith.h"
#include "tensor/internal.h"

/* ---- attribute helpers -----------------------------------------------------
 */

NlAttr *
nl_tensor_attr(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

const char *
nl_tensor_type_str(NlBuf *b, const NlType *t)
{
  b->len = 0;
  nl_type_print(t, b);
  return b->data ? b->data : "";
}

bool
nl_tensor_i64_array(const NlAttr *a, const int64_t **vals, uint32_t *n)
{
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY ||
      !nl_type_is_integer(a->dense_array.elem, 64))
    return false;
  *vals = a->dense_array.data;
  *n = a->dense_array.n;
  return true;
}

bool
nl_tensor_hw(const NlOp *op, const char *name, int64_t hw[2])
{
  NlAttr *a = nl_tensor_attr(op, name);
  const int64_t *v;
  uint32_t n;
  hw[0] = hw[1] = 1;
  if (!a)
    return true;
  if (!nl_tensor_i64_array(a, &v, &n) || n != 2 || v[0] < 1 || v[1] < 1)
    return false;
  hw[0] = v[0];
  hw[1] = v[1];
  return true;
}

int64_t
nl_tensor_groups(const NlOp *op)
{
  NlAttr *a = nl_tensor_attr(op, "groups");
  if (!a)
    return 1;
  if (a->kind != NL_ATTR_INTEGER || !nl_type_is_integer(a->type, 64))
    return 0;
  bool fits;
  int64_t g = nl_attr_integer_value(a, &fits);
  return fits && g > 0 ? g : 0;
}

const char *
nl_tensor_str(const NlOp *op, const char *name)
{
  NlAttr *a = nl_tensor_attr(op, name);
  return a && a->kind == NL_ATTR_STRING ? a->str.value->str : NULL;
}

bool
nl_tensor_split(const NlOp *op, uint32_t *nins, uint32_t *nouts)
{
  int k = nl_tensor_kind(op);
  if (!nl_tensor_kind_is_structured(k))
    return false;
  NlAttr *a = nl_tensor_attr(op, "operandSegmentSizes");
  if (!a) {
    if (nl_tensor_fixed_ins[k] < 0 ||
        (uint32_t)(nl_tensor_fixed_ins[k] + nl_tensor_fixed_outs[k]) !=
            op->noperands)
      return false;
    *nins = (uint32_t)nl_tensor_fixed_ins[k];
    *nouts = (uint32_t)nl_tensor_fixed_outs[k];
    return true;
  }
  if (a->kind != NL_ATTR_DENSE_ARRAY ||
      !nl_type_is_integer(a->dense_array.elem, 32) || a->dense_array.n != 2)
    return false;
  const int32_t *v = a->dense_array.data;
  if (v[0] < 0 || v[1] < 0 || (uint64_t)v[0] + (uint64_t)v[1] != op->noperands)
    return false;
  *nins = (uint32_t)v[0];
  *nouts = (uint32_t)v[1];
  return true;
}

/* ---- canonicalization -------------------------------------------------------
 */

/* A structured op on tensors, tensor.empty or tensor.extract of a tensor
 * whose results are unused has no effect:
 *   %0 = tensor.matmul ins(%a, %b : ...) outs(%c : ...) -> tensor<4x8xf32>
 * (no use of %0) is erased. They are not NL_PURE because their memref
 * forms write (structured ops) or read memory that may change (extract),
 * and tensor.empty is not merged by CSE (two ops writing one destination
 * would then conflict in bufferization). */
static NlResult
erase_dead(NlOp *op, NlRewriter *rw)
{
  if (op->nresults == 0)
    return nl_failure();
  for (uint32_t i = 0; i < op->nresults; i++)
    if (nl_value_has_uses(nl_op_result(op, i)))
      return nl_failure();
  int k = nl_tensor_kind(op);
  if (k != TENSOR_EMPTY && k != TENSOR_EXTRACT &&
      !nl_tensor_kind_is_structured(k))
    return nl_failure();
  if (k == TENSOR_EXTRACT &&
      (op->noperands == 0 ||
       nl_op_operand(op, 0)->type->kind != NL_TYPE_TENSOR))
    return nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_op_operand(op, i)->type->kind == NL_TYPE_MEMREF)
      return nl_failure();
  nl_rewriter_erase_op(rw, op);
  return nl_success();
}

const NlPattern nl_tensor_canonical[] = {
    {"tensor.empty", 1, "tensor-erase-dead", erase_dead},
    {"tensor.extract", 1, "tensor-erase-dead", erase_dead},
    {"tensor.generic", 1, "tensor-erase-dead", erase_dead},
    {"tensor.fill", 1, "tensor-erase-dead", erase_dead},
    {"tensor.copy", 1, "tensor-erase-dead", erase_dead},
    {"tensor.matmul", 1, "tensor-erase-dead", erase_dead},
    {"tensor.batch_matmul", 1, "tensor-erase-dead", erase_dead},
    {"tensor.conv2d", 1, "tensor-erase-dead", erase_dead},
    {"tensor.pool", 1, "tensor-erase-dead", erase_dead},
    {"tensor.reduce", 1, "tensor-erase-dead", erase_dead},
    {"tensor.transpose", 1, "tensor-erase-dead", erase_dead},
    {"tensor.broadcast", 1, "tensor-erase-dead", erase_dead},
};
#define NCANONICAL                                                             \
  (sizeof(nl_tensor_canonical) / sizeof(nl_tensor_canonical[0]))
const uint32_t nl_tensor_ncanonical = NCANONICAL;

/* ---- the op table
 * ------------------------------------------------------------ */

const char nl_tensor_kind_iface[] = "tensor.kind";

static const int tensor_kinds[TENSOR_NOPS] = {
#define OP(id, ...) [TENSOR_##id] = TENSOR_##id,
#include "tensor/ops.def"
#undef OP
};

const int8_t nl_tensor_fixed_ins[TENSOR_NOPS] = {
#define OP(id, mnemonic, nopd, nres, nreg, tr, cls, nin, nout)                 \
  [TENSOR_##id] = nin,
#include "tensor/ops.def"
#undef OP
};

const int8_t nl_tensor_fixed_outs[TENSOR_NOPS] = {
#define OP(id, mnemonic, nopd, nres, nreg, tr, cls, nin, nout)                 \
  [TENSOR_##id] = nout,
#include "tensor/ops.def"
#undef OP
};

#define OP(id, ...)                                                            \
  static const NlOpIface ifaces_##id[] = {                                     \
      {nl_tensor_kind_iface, &tensor_kinds[TENSOR_##id]}, {NULL, NULL}};
#include "tensor/ops.def"
#undef OP

/* Fold hooks per `cls`: only the view-like ops fold. */
#define fold_EMPTY NULL
#define fold_GENERIC NULL
#define fold_YIELD NULL
#define fold_INDEX NULL
#define fold_EXTRACT NULL
#define fold_STRUCT NULL
#define fold_PAD NULL
#define fold_XSLICE nl_tensor_fold_extract_slice
#define fold_ISLICE NULL
#define fold_RESHAPE nl_tensor_fold_reshape

const NlOpDef nl_tensor_ops[TENSOR_NOPS] = {
#define OP(id, mnemonic, nopd, nres, nreg, tr, cls, nin, nout)                 \
  [TENSOR_##id] = {.name = mnemonic,                                           \
                   .noperands = nopd,                                          \
                   .nresults = nres,                                           \
                   .nregions = nreg,                                           \
                   .nsuccessors = 0,                                           \
                   .traits = tr,                                               \
                   .verify = nl_tensor_verify_##cls,                           \
                   .parse = nl_tensor_parse_##cls,                             \
                   .print = nl_tensor_print_##cls,                             \
                   .ifaces = ifaces_##id,                                      \
                   .fold = fold_##cls},
#include "tensor/ops.def"
#undef OP
};

const NlDialect nl_tensor_dialect = {
    .name = "tensor",
    .ops = nl_tensor_ops,
    .nops = TENSOR_NOPS,
    .summary = "structured ops on tensors and memrefs (linalg-like)",
    .materialize_constant = nl_arith_materialize_constant,
    .canonical = nl_tensor_canonical,
    .ncanonical = NCANONICAL,
};

NlResult
nl_tensor_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &nl_tensor_dialect);
}
