/*
 * Folders of the view-like tensor ops:
 *   tensor.reshape %t : T to T                      -> %t
 *   tensor.reshape (tensor.reshape %t) : ... to U   -> tensor.reshape %t : ...
 * to U tensor.extract_slice %t[0, 0] [all] [1, 1] : T to T -> %t tensor.reshape
 * of a splat or dense constant     -> the constant reshaped
 */
#include "tensor/internal.h"

static NlResult
to_value(NlFoldResult *out, NlValue *v)
{
  out[0].value = v;
  out[0].attr = NULL;
  return nl_success();
}

NlResult
nl_tensor_fold_reshape(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  NlValue *src = nl_op_operand(op, 0);
  NlType *rt = nl_op_result(op, 0)->type;
  if (src->type == rt)
    return to_value(out, src);
  NlOp *inner = nl_value_defining_op(src);
  if (inner && nl_tensor_kind(inner) == TENSOR_RESHAPE) {
    nl_op_set_operand(op, 0, nl_op_operand(inner, 0));
    return to_value(out, nl_op_result(op, 0));
  }
  /* A dense constant keeps its bytes: only the type changes. */
  NlAttr *c = consts[0];
  if (c && c->kind == NL_ATTR_DENSE && rt->kind == NL_TYPE_TENSOR &&
      nl_type_has_static_shape(rt) && c->type->shaped.elem == rt->shaped.elem &&
      nl_type_num_elements(c->type) == nl_type_num_elements(rt)) {
    out[0].attr = nl_attr_dense(nl_op_context(op), rt, c->dense.splat,
                                c->dense.data, c->dense.nbytes);
    out[0].value = NULL;
    return nl_success();
  }
  return nl_failure();
}

NlResult
nl_tensor_fold_extract_slice(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  (void)consts;
  NlValue *src = nl_op_operand(op, 0);
  NlType *t = src->type;
  const int64_t *off, *sz, *st;
  uint32_t n1, n2, n3;
  if (t != nl_op_result(op, 0)->type || t->kind != NL_TYPE_TENSOR ||
      !nl_tensor_i64_array(nl_tensor_attr(op, "static_offsets"), &off, &n1) ||
      !nl_tensor_i64_array(nl_tensor_attr(op, "static_sizes"), &sz, &n2) ||
      !nl_tensor_i64_array(nl_tensor_attr(op, "static_strides"), &st, &n3) ||
      n1 != t->shaped.rank || n2 != n1 || n3 != n1)
    return nl_failure();
  for (uint32_t i = 0; i < n1; i++)
    if (off[i] != 0 || st[i] != 1 || sz[i] != t->shaped.dims[i])
      return nl_failure();
  return to_value(out, src);
}
