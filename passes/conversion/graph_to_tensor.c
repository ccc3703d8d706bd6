/*
 * convert-graph-to-tensor: lowers every graph op of a function to
 * tensor-level structured ops (docs/lowering.md, "graph -> tensor"). Ops
 * are lowered in order, one at a time: the new ops go before the graph op,
 * its results are replaced and it is erased. An op without a lowering, or
 * with a dynamic shape, gets a located error and the pass fails (every
 * such op is reported).
 */
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"
#include "passes/passes.h"

typedef struct Lowering {
  const char *name;
  NlG2TLowerFn fn;
} Lowering;

static const Lowering lowerings[] = {
    {"graph.constant", nl_g2t_lower_constant},
    {"graph.identity", nl_g2t_lower_identity},
    {"graph.dropout", nl_g2t_lower_identity},
    {"graph.reshape", nl_g2t_lower_reshape},
    {"graph.flatten", nl_g2t_lower_reshape},
    {"graph.squeeze", nl_g2t_lower_reshape},
    {"graph.unsqueeze", nl_g2t_lower_reshape},
    {"graph.transpose", nl_g2t_lower_transpose},
    {"graph.concat", nl_g2t_lower_concat},
    {"graph.slice", nl_g2t_lower_slice},
    {"graph.split", nl_g2t_lower_split},
    {"graph.pad", nl_g2t_lower_pad},
    {"graph.gather", nl_g2t_lower_gather},
    {"graph.expand", nl_g2t_lower_expand},
    {"graph.tile", nl_g2t_lower_tile},
    {"graph.shape", nl_g2t_lower_shape},
    {"graph.size", nl_g2t_lower_shape},
    {"graph.constant_of_shape", nl_g2t_lower_constant_of_shape},
    {"graph.matmul", nl_g2t_lower_matmul},
    {"graph.gemm", nl_g2t_lower_gemm},
    {"graph.conv", nl_g2t_lower_conv},
    {"graph.conv_transpose", nl_g2t_lower_conv_transpose},
    {"graph.max_pool", nl_g2t_lower_pool},
    {"graph.average_pool", nl_g2t_lower_pool},
    {"graph.global_average_pool", nl_g2t_lower_global_pool},
    {"graph.global_max_pool", nl_g2t_lower_global_pool},
    {"graph.reduce_sum", nl_g2t_lower_reduce},
    {"graph.reduce_mean", nl_g2t_lower_reduce},
    {"graph.reduce_max", nl_g2t_lower_reduce},
    {"graph.reduce_min", nl_g2t_lower_reduce},
    {"graph.reduce_prod", nl_g2t_lower_reduce},
    {"graph.reduce_sum_square", nl_g2t_lower_reduce},
    {"graph.reduce_l1", nl_g2t_lower_reduce},
    {"graph.reduce_l2", nl_g2t_lower_reduce},
    {"graph.reduce_log_sum", nl_g2t_lower_reduce},
    {"graph.reduce_log_sum_exp", nl_g2t_lower_reduce},
    {"graph.softmax", nl_g2t_lower_softmax},
    {"graph.log_softmax", nl_g2t_lower_softmax},
    {"graph.layer_normalization", nl_g2t_lower_layer_norm},
    {"graph.batch_normalization", nl_g2t_lower_batch_norm},
    {"graph.instance_normalization", nl_g2t_lower_instance_norm},
    {"graph.mean_variance_normalization", nl_g2t_lower_mvn},
    {"graph.depth_to_space", nl_g2t_lower_depth_to_space},
    {"graph.space_to_depth", nl_g2t_lower_depth_to_space},
    {"graph.gather_elements", nl_g2t_lower_gather_elements},
    {"graph.trilu", nl_g2t_lower_trilu},
    {"graph.resize", nl_g2t_lower_resize},
    {"graph.einsum", nl_g2t_lower_einsum},
    {"graph.cumsum", nl_g2t_lower_cumsum},
    {"graph.one_hot", nl_g2t_lower_one_hot},
    {"graph.range", nl_g2t_lower_range},
    {"graph.lrn", nl_g2t_lower_lrn},
    {"graph.upsample", nl_g2t_lower_resize},
    {"graph.arg_max", nl_g2t_lower_arg_reduce},
    {"graph.arg_min", nl_g2t_lower_arg_reduce},
    {"graph.hardmax", nl_g2t_lower_arg_reduce},
};

static NlG2TLowerFn
find_lowering(const char *name)
{
  for (size_t i = 0; i < sizeof lowerings / sizeof lowerings[0]; i++)
    if (strcmp(lowerings[i].name, name) == 0)
      return lowerings[i].fn;
  return nl_g2t_is_elementwise(name) ? nl_g2t_lower_elementwise : NULL;
}

/* Whether an element type has a lowering: f16/f32/f64, i1, signless i8 to
 * i64. */
static bool
supported_elem(NlType *e)
{
  if (e->kind == NL_TYPE_FLOAT)
    return e->flt.fkind == NL_F16 || e->flt.fkind == NL_F32 ||
           e->flt.fkind == NL_F64;
  if (e->kind == NL_TYPE_INTEGER)
    return e->integer.signedness == NL_SIGNLESS &&
           (e->integer.width == 1 || e->integer.width == 8 ||
            e->integer.width == 16 || e->integer.width == 32 ||
            e->integer.width == 64);
  return false;
}

/* Every operand and result: a static tensor of a supported element type. */
static NlResult
check_types(NlG2T *g)
{
  NlOp *op = g->op;
  for (uint32_t i = 0; i < op->noperands + op->nresults; i++) {
    bool is_res = i >= op->noperands;
    NlValue *v =
        is_res ? nl_op_result(op, i - op->noperands) : nl_op_operand(op, i);
    uint32_t k = is_res ? i - op->noperands : i;
    if (v->type->kind == NL_TYPE_NONE)
      continue;
    NlBuf b = {0};
    nl_type_print(v->type, &b);
    NlResult r = nl_success();
    if (v->type->kind != NL_TYPE_TENSOR || !nl_type_has_static_shape(v->type))
      r = nl_g2t_error(g,
                       "has %s #%u of type '%s': dynamic shapes are not "
                       "supported yet",
                       is_res ? "result" : "operand", k, b.data);
    else if (v->type->shaped.rank > NL_G2T_MAX_RANK)
      r = nl_g2t_error(g, "has %s #%u of rank %u, more than %d",
                       is_res ? "result" : "operand", k, v->type->shaped.rank,
                       NL_G2T_MAX_RANK);
    else if (!supported_elem(nl_type_element(v->type)))
      r = nl_g2t_error(g,
                       "has %s #%u of type '%s': element type not supported "
                       "yet",
                       is_res ? "result" : "operand", k, b.data);
    nl_buf_free(&b);
    if (nl_failed(r))
      return r;
  }
  return nl_success();
}

static NlResult
lower_one(NlOp *op, int64_t opset)
{
  NlContext *ctx = nl_op_context(op);
  NlG2T g = {.ctx = ctx, .op = op, .loc = op->loc, .opset = opset};
  nl_builder_init(&g.b, ctx);
  nl_builder_set_before(&g.b, op);
  NlG2TLowerFn fn = find_lowering(nl_op_name(op));
  if (!fn || op->nregions)
    return nl_g2t_error(&g, "is not supported yet");
  if (nl_failed(check_types(&g)))
    return nl_failure();
  NlValue **res = nl_xcalloc(op->nresults + 1, sizeof(NlValue *));
  NlResult r = fn(&g, res);
  for (uint32_t i = 0; nl_succeeded(r) && i < op->nresults; i++) {
    NlValue *old = nl_op_result(op, i);
    if (!res[i] && nl_value_has_uses(old))
      r = nl_g2t_error(&g, "result #%u is not supported yet", i);
    else if (res[i] && res[i]->type != old->type)
      r = nl_g2t_error(&g, "internal error: result #%u changed type", i);
  }
  if (nl_succeeded(r)) {
    for (uint32_t i = 0; i < op->nresults; i++)
      if (res[i])
        nl_value_replace_all_uses(nl_op_result(op, i), res[i]);
    nl_op_erase(op);
  }
  free(res);
  return r;
}

typedef struct Collect {
  NlOp **ops;
  size_t n, cap;
} Collect;

static NlWalkResult
collect(NlOp *op, void *ud)
{
  Collect *c = ud;
  if (strncmp(nl_op_name(op), "graph.", 6) != 0)
    return NL_WALK_ADVANCE;
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 64;
    c->ops = nl_xrealloc(c->ops, c->cap * sizeof(NlOp *));
  }
  c->ops[c->n++] = op;
  return NL_WALK_SKIP; /* graph ops in its regions fail with it */
}

/* The default-domain opset recorded by the ONNX importer on the module. */
static int64_t
module_opset(NlOp *anchor)
{
  for (NlOp *p = nl_op_parent_op(anchor); p; p = nl_op_parent_op(p)) {
    NlAttr *d = nl_op_attr(p, "graph.opset_import");
    NlAttr *v =
        d && d->kind == NL_ATTR_DICT ? nl_attr_dict_get(d, "ai.onnx") : NULL;
    if (v && v->kind == NL_ATTR_INTEGER)
      return nl_attr_integer_value(v, NULL);
  }
  return 17;
}

/* The function's tensor arguments and results must be static; graph
 * dialect types (sequences, optionals) have no lowering. */
static bool
check_signature(NlOp *fn)
{
  NlAttr *ft = nl_op_attr(fn, "function_type");
  if (fn->nregions == 0 || nl_region_empty(nl_op_region(fn, 0)))
    return true; /* a declaration */
  if (!ft || ft->kind != NL_ATTR_TYPE ||
      ft->type_attr.value->kind != NL_TYPE_FUNCTION)
    return true;
  NlType *t = ft->type_attr.value;
  bool ok = true;
  for (uint32_t i = 0; i < t->function.ninputs + t->function.nresults; i++) {
    bool is_res = i >= t->function.ninputs;
    NlType *ty = t->function.types[i];
    uint32_t k = is_res ? i - t->function.ninputs : i;
    const char *what = NULL;
    if ((ty->kind == NL_TYPE_TENSOR && !nl_type_has_static_shape(ty)) ||
        ty->kind == NL_TYPE_UNRANKED_TENSOR)
      what = "dynamic shapes are not supported yet";
    else if (ty->kind == NL_TYPE_OPAQUE)
      what = "this type is not supported yet";
    if (!what)
      continue;
    NlBuf b = {0};
    nl_type_print(ty, &b);
    nl_emit_error(nl_op_context(fn), fn->loc,
                  "convert-graph-to-tensor: %s #%u of the function has type "
                  "'%s': %s",
                  is_res ? "result" : "argument", k, b.data, what);
    nl_buf_free(&b);
    ok = false;
  }
  return ok;
}

NlResult
nl_convert_graph_to_tensor_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  bool sig_ok = check_signature(anchor);
  Collect c = {0};
  for (uint32_t i = 0; i < anchor->nregions; i++)
    nl_region_foreach_block(nl_op_region(anchor, i), blk)
        nl_block_foreach_op(blk, op) nl_op_walk(op, NL_WALK_PRE, collect, &c);
  int64_t opset = module_opset(anchor);
  bool failed = false;
  /* lower_one erases the ops it lowers: keep only the graph.none ops
   * (compacted in place) for the second loop. */
  size_t nnone = 0;
  for (size_t i = 0; i < c.n; i++) {
    if (nl_op_is(c.ops[i], "graph.none"))
      c.ops[nnone++] = c.ops[i];
    else if (nl_failed(lower_one(c.ops[i], opset)))
      failed = true;
  }
  for (size_t i = 0; i < nnone; i++)
    if (!nl_value_has_uses(nl_op_result(c.ops[i], 0)))
      nl_op_erase(c.ops[i]);
  free(c.ops);
  return failed || !sig_ok ? nl_failure() : nl_success();
}
