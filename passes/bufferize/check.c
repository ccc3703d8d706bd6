/*
 * What bufferize refuses, checked on the whole module before anything is
 * rewritten, so that a failing pass leaves the IR as it was: dynamic
 * shapes, element types without a memory layout (strings), tensor
 * encodings, functions with several blocks, non-tensor results and ops on
 * tensors the rewrite does not know. Every problem gets a located error.
 */
#include <string.h>

#include "func/func.h"
#include "loop/loop.h"
#include "passes/bufferize/internal.h"
#include "tensor/tensor.h"

static bool
is_tensor(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_UNRANKED_TENSOR;
}

bool
nl_bz_is_known(NlOp *op)
{
  if (nl_tensor_is_structured(op))
    return true;
  static const char *const names[] = {
      "tensor.empty",        "tensor.pad",     "tensor.extract_slice",
      "tensor.insert_slice", "tensor.reshape", "tensor.extract",
      "arith.constant",
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (nl_op_is(op, names[i]))
      return true;
  return false;
}

/* Appends why tensor type t cannot be bufferized to out; false when it
 * can. */
static bool
type_problem(const NlType *t, NlBuf *out)
{
  if (t->kind == NL_TYPE_UNRANKED_TENSOR) {
    nl_buf_puts(out, "unranked tensors are not supported (");
    nl_type_print(t, out);
    nl_buf_putc(out, ')');
    return true;
  }
  const NlType *e = t->shaped.elem;
  if (e->kind == NL_TYPE_OPAQUE && strcmp(e->opaque.body->str, "string") == 0) {
    nl_buf_puts(out, "tensors of strings are not supported");
    return true;
  }
  if (!nl_loop_elem_bytes(e)) {
    nl_buf_puts(out, "tensors of ");
    nl_type_print(e, out);
    nl_buf_puts(out, " are not supported");
    return true;
  }
  if (!nl_type_has_static_shape(t)) {
    nl_buf_puts(out, "dynamic shapes are not supported yet (");
    nl_type_print(t, out);
    nl_buf_putc(out, ')');
    return true;
  }
  if (t->shaped.encoding) {
    nl_buf_puts(out, "tensor encodings are not supported (");
    nl_type_print(t, out);
    nl_buf_putc(out, ')');
    return true;
  }
  return false;
}

/* Reports the first bad tensor type among op's operands and results. */
static bool
check_op_types(NlOp *op)
{
  NlBuf b = {0};
  bool bad = false;
  for (uint32_t i = 0; i < op->noperands && !bad; i++) {
    NlType *t = nl_op_operand(op, i)->type;
    bad = is_tensor(t) && type_problem(t, &b);
  }
  for (uint32_t i = 0; i < op->nresults && !bad; i++) {
    NlType *t = op->results[i].type;
    bad = is_tensor(t) && type_problem(t, &b);
  }
  if (bad)
    nl_op_emit_error(op, "bufferize: %s", b.data);
  nl_buf_free(&b);
  return !bad;
}

bool
nl_bz_touches_tensors(NlOp *op)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    if (is_tensor(nl_op_operand(op, i)->type))
      return true;
  for (uint32_t i = 0; i < op->nresults; i++)
    if (is_tensor(op->results[i].type))
      return true;
  for (uint32_t r = 0; r < op->nregions; r++)
    nl_region_foreach_block(&op->regions[r], b)
    {
      for (uint32_t i = 0; i < b->nargs; i++)
        if (is_tensor(b->args[i]->type))
          return true;
      nl_block_foreach_op(b, inner)
      {
        if (nl_bz_touches_tensors(inner))
          return true;
      }
    }
  return false;
}

/* Ops nested in a structured op's body: scalar code, plus tensor.extract
 * of tensors defined outside. */
static bool
check_nested(NlOp *op)
{
  bool ok = true;
  for (uint32_t r = 0; r < op->nregions; r++)
    nl_region_foreach_block(&op->regions[r], b)
    {
      nl_block_foreach_op(b, inner)
      {
        if (!check_op_types(inner)) {
          ok = false;
          continue;
        }
        bool extract = nl_op_is(inner, "tensor.extract");
        for (uint32_t i = 0; i < inner->nresults; i++)
          extract = extract && !is_tensor(inner->results[i].type);
        if (!extract && nl_bz_touches_tensors(inner)) {
          nl_op_emit_error(inner, "bufferize: op on tensors is not supported "
                                  "inside a structured op");
          ok = false;
        }
        if (!extract && !check_nested(inner))
          ok = false;
      }
    }
  return ok;
}

/* The known ops' own restrictions. */
static bool
check_known(NlOp *op)
{
  if (nl_op_is(op, "arith.constant")) {
    NlAttr *v = nl_op_attr(op, "value");
    if (op->nresults == 1 && is_tensor(op->results[0].type) &&
        (!v ||
         (v->kind != NL_ATTR_DENSE && v->kind != NL_ATTR_DENSE_RESOURCE))) {
      nl_op_emit_error(op, "bufferize: a tensor constant must be dense or "
                           "dense_resource");
      return false;
    }
    return true;
  }
  if (nl_op_is(op, "tensor.extract_slice") && op->noperands != 1) {
    nl_op_emit_error(op, "bufferize: dynamic slice offsets are not "
                         "supported yet");
    return false;
  }
  if (nl_op_is(op, "tensor.insert_slice") && op->noperands != 2) {
    nl_op_emit_error(op, "bufferize: dynamic slice offsets are not "
                         "supported yet");
    return false;
  }
  if (nl_tensor_is_structured(op)) {
    if (nl_tensor_op_on_memrefs(op))
      return true;
    if (op->nresults != nl_tensor_op_outs(op, NULL)) {
      nl_op_emit_error(op, "bufferize: expected one result per out");
      return false;
    }
    for (uint32_t i = 0; i < op->nresults; i++)
      if (!is_tensor(nl_tensor_op_out(op, i)->type)) {
        nl_op_emit_error(op, "bufferize: mixes tensor and memref outs");
        return false;
      }
    return check_nested(op);
  }
  return true;
}

static bool
check_signature(NlOp *func)
{
  NlType *fn = nl_func_type(func);
  bool ok = true;
  NlBuf b = {0};
  for (uint32_t i = 0; i < fn->function.ninputs; i++) {
    NlType *t = fn->function.types[i];
    b.len = 0;
    if (!is_tensor(t) && !nl_type_is_int_or_index(t) && !nl_type_is_float(t)) {
      nl_buf_puts(&b, "only tensor and scalar arguments are supported (");
      nl_type_print(t, &b);
      nl_buf_putc(&b, ')');
    }
    if (b.len || (is_tensor(t) && type_problem(t, &b))) {
      nl_op_emit_error(func, "bufferize: argument #%u: %s", i, b.data);
      ok = false;
    }
  }
  for (uint32_t i = 0; i < fn->function.nresults; i++) {
    NlType *t = fn->function.types[fn->function.ninputs + i];
    b.len = 0;
    if (!is_tensor(t)) {
      nl_buf_puts(&b, "only tensor results are supported (");
      nl_type_print(t, &b);
      nl_buf_putc(&b, ')');
    }
    if (!is_tensor(t) || type_problem(t, &b)) {
      nl_op_emit_error(func, "bufferize: result #%u: %s", i, b.data);
      ok = false;
    }
  }
  nl_buf_free(&b);
  return ok;
}

NlResult
nl_bz_check_func(NlOp *func)
{
  if (!nl_func_type(func)) {
    nl_op_emit_error(func, "bufferize: expected a function type");
    return nl_failure();
  }
  bool ok = check_signature(func);
  NlRegion *body = &func->regions[0];
  if (nl_region_num_blocks(body) > 1) {
    nl_op_emit_error(func, "bufferize: functions with several blocks are "
                           "not supported");
    return nl_failure();
  }
  nl_block_foreach_op(body->first, op)
  {
    /* The signature check covers what the return returns. */
    if (!nl_op_is(op, "func.return") && !check_op_types(op)) {
      ok = false;
      continue;
    }
    if (nl_op_is(op, "func.return") || !nl_bz_touches_tensors(op))
      continue;
    if (!nl_bz_is_known(op)) {
      nl_op_emit_error(op, "bufferize: op on tensors is not supported");
      ok = false;
      continue;
    }
    if (!check_known(op))
      ok = false;
  }
  return ok ? nl_success() : nl_failure();
}
