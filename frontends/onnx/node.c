/*
 * ONNX nodes to graph-dialect ops: dependency order, operator and domain
 * checks against the dialect's table, attribute conversion, the
 * attribute-to-input normalization of older operator versions, subgraphs
 * as regions, and result types (declared value_info merged with the
 * dialect's inference).
 */
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "internal.h"

/* The name a node is known by in messages and locations. */
static const char *
node_name(const Onnx__NodeProto *node, size_t index, NlBuf *scratch)
{
  if (node->name && node->name[0])
    return node->name;
  nl_buf_printf(scratch, "%s_%zu", node->op_type ? node->op_type : "node",
                index);
  return scratch->data;
}

static bool
default_domain(const char *d)
{
  return !d || !*d || !strcmp(d, "ai.onnx");
}

/* ---- attributes ------------------------------------------------------------
 */

/* The kind of an attribute, guessed from its fields when `type` is unset
 * (models from before IR version 0.0.2 leave it out). */
static int
attr_type(const Onnx__AttributeProto *a)
{
  if (a->has_type && a->type)
    return a->type;
  if (a->has_f)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT;
  if (a->has_i)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
  if (a->has_s)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING;
  if (a->t)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR;
  if (a->g)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPH;
  if (a->n_floats)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS;
  if (a->n_ints)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS;
  if (a->n_strings)
    return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS;
  return ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__UNDEFINED;
}

/* Converts a non-graph attribute. NULL after a diagnostic at loc. */
static NlAttr *
convert_attr(OnnxImporter *im, const Onnx__AttributeProto *a, bool inline_t,
             NlLoc *loc, const char *node)
{
  NlContext *ctx = im->ctx;
  NlAttr *r = NULL;
  NlAttr **elems;
  size_t n;
  switch (attr_type(a)) {
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT:
    return nl_attr_float(ctx, nl_type_f32(ctx), a->f);
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT:
    return nl_attr_integer(ctx, nl_type_i64(ctx), a->i);
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING:
    return nl_attr_string(ctx, (const char *)a->s.data, a->s.len, NULL);
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR: {
    NlType *t;
    if (!a->t)
      break;
    return nl_onnx_tensor_attr(im, a->t, loc, inline_t, &t);
  }
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TYPE_PROTO: {
    NlType *t = nl_onnx_convert_type(im, a->tp, loc, a->name, NULL);
    return t ? nl_attr_type(ctx, t) : NULL;
  }
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS:
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS:
  case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS:
    n = a->n_floats + a->n_ints + a->n_strings;
    elems = nl_xmalloc((n ? n : 1) * sizeof(*elems));
    for (size_t i = 0; i < a->n_floats; i++)
      elems[i] = nl_attr_float(ctx, nl_type_f32(ctx), a->floats[i]);
    for (size_t i = 0; i < a->n_ints; i++)
      elems[i] = nl_attr_integer(ctx, nl_type_i64(ctx), a->ints[i]);
    for (size_t i = 0; i < a->n_strings; i++)
      elems[i] = nl_attr_string(ctx, (const char *)a->strings[i].data,
                                a->strings[i].len, NULL);
    r = n == a->n_floats || n == a->n_ints || n == a->n_strings
            ? nl_attr_array(ctx, elems, (uint32_t)n)
            : NULL;
    free(elems);
    if (r)
      return r;
    break;
  default:
    break;
  }
  nl_emit_error(ctx, loc, "unsupported or malformed attribute '%s' (node '%s')",
                a->name, node);
  return NULL;
}

static const NlGraphAttrSpec *
find_spec(const NlGraphOpInfo *info, const char *name)
{
  for (uint32_t i = 0; i < info->nattrs; i++)
    if (!strcmp(info->attrs[i].name, name))
      return &info->attrs[i];
  return NULL;
}

/* ---- small op helpers ---------------------------------------------------- */

static NlValue *
make_none(OnnxImporter *im, NlLoc *loc)
{
  const NlOpDef *def = nl_context_lookup_op(im->ctx, "graph.none", 10);
  if (!def)
    def = nl_context_unregistered_op(im->ctx, "graph.none", 10);
  NlOpState st;
  nl_op_state_init(&st, im->ctx, def, loc);
  nl_op_state_add_result(&st, nl_type_none(im->ctx));
  NlOp *op = nl_builder_insert(&im->b, &st);
  nl_op_state_fini(&st);
  return nl_op_result(op, 0);
}

static NlValue *
make_constant(OnnxImporter *im, NlAttr *value, NlLoc *loc)
{
  const NlOpDef *def = nl_context_lookup_op(im->ctx, "graph.constant", 14);
  NlOpState st;
  nl_op_state_init(&st, im->ctx, def, loc);
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, value->type);
  NlOp *op = nl_builder_insert(&im->b, &st);
  nl_op_state_fini(&st);
  return nl_op_result(op, 0);
}

/* A legacy attribute's value as a constant tensor (1-D for lists, 0-D
 * for scalars). NULL after a diagnostic. */
static NlAttr *
legacy_value(OnnxImporter *im, const Onnx__AttributeProto *a,
             NlGraphAttrKind kind, NlLoc *loc, const char *node)
{
  NlContext *ctx = im->ctx;
  bool list = kind == NL_GATTR_INTS || kind == NL_GATTR_FLOATS;
  bool flt = kind == NL_GATTR_FLOAT || kind == NL_GATTR_FLOATS;
  size_t n = list ? (flt ? a->n_floats : a->n_ints) : 1;
  int t = attr_type(a);
  bool ok = flt ? (list ? t == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS
                        : t == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT)
                : (list ? t == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS
                        : t == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT);
  if (!ok || n > (1u << 24)) {
    nl_emit_error(ctx, loc, "malformed attribute '%s' (node '%s')", a->name,
                  node);
    return NULL;
  }
  int64_t dim = (int64_t)n;
  NlType *elem = flt ? nl_type_f32(ctx) : nl_type_i64(ctx);
  NlType *type = nl_type_tensor(ctx, &dim, list ? 1 : 0, elem, NULL);
  if (flt) {
    float one = a->f;
    return nl_attr_dense(ctx, type, false, list ? (void *)a->floats : &one,
                         n * sizeof(float));
  }
  int64_t one = a->i;
  return nl_attr_dense(ctx, type, false, list ? (void *)a->ints : &one,
                       n * sizeof(int64_t));
}

/* ---- result types
 * ------------------------------------------------------------- */

/* The more precise of an inferred and a declared type, or NULL when they
 * contradict each other. */
static NlType *
merge_types(NlContext *ctx, NlType *inf, NlType *decl)
{
  if (!decl || inf == decl)
    return inf;
  if (!inf || inf->kind == NL_TYPE_UNRANKED_TENSOR ||
      inf->kind != NL_TYPE_TENSOR || decl->kind == NL_TYPE_OPAQUE)
    return decl;
  if (decl->kind == NL_TYPE_UNRANKED_TENSOR)
    return decl->shaped.elem == inf->shaped.elem ? inf : NULL;
  if (decl->kind != NL_TYPE_TENSOR || decl->shaped.elem != inf->shaped.elem ||
      decl->shaped.rank != inf->shaped.rank)
    return NULL;
  uint32_t rank = inf->shaped.rank;
  int64_t *dims = nl_xmalloc((rank ? rank : 1) * sizeof(*dims));
  bool ok = true;
  for (uint32_t i = 0; i < rank; i++) {
    int64_t a = inf->shaped.dims[i], b = decl->shaped.dims[i];
    dims[i] = a == NL_DYNAMIC ? b : a;
    if (a != NL_DYNAMIC && b != NL_DYNAMIC && a != b)
      ok = false;
  }
  NlType *t =
      ok ? nl_type_tensor(ctx, dims, rank, inf->shaped.elem, NULL) : NULL;
  free(dims);
  return t;
}

/* Whether tp converts without a diagnostic. */
static bool
type_ok(OnnxImporter *im, const Onnx__TypeProto *tp)
{
  if (!tp)
    return false;
  switch (tp->value_case) {
  case ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE:
    return tp->tensor_type->has_elem_type &&
           nl_onnx_elem_type(im->ctx, tp->tensor_type->elem_type) &&
           (!tp->tensor_type->shape || tp->tensor_type->shape->n_dim <= 4096);
  case ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE:
    return type_ok(im, tp->sequence_type->elem_type);
  case ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE:
    return type_ok(im, tp->optional_type->elem_type);
  default:
    return false;
  }
}

/* The declared type of value `name`, NULL when there is none or it is
 * unusable (no diagnostic: inference decides then). */
static NlType *
declared_type(OnnxImporter *im, OnnxScope *scope, const char *name, NlLoc *loc)
{
  const Onnx__ValueInfoProto *vi = nl_onnx_scope_declared(scope, name);
  if (!vi || !type_ok(im, vi->type))
    return NULL;
  return nl_onnx_convert_type(im, vi->type, loc, name, NULL);
}

/* Sets result types: inference first, then what value_info declares. */
static NlResult
finish_results(OnnxImporter *im, NlOp *op, const Onnx__NodeProto *node,
               NlType **decl, const char *nname)
{
  if (nl_failed(nl_graph_infer_types(op)))
    return nl_failure();
  for (uint32_t i = 0; i < op->nresults; i++) {
    NlValue *v = nl_op_result(op, i);
    NlType *t = merge_types(im->ctx, v->type, decl[i]);
    if (!t) {
      NlBuf a = {0}, b = {0};
      nl_type_print(decl[i], &a);
      nl_type_print(v->type, &b);
      nl_emit_error(im->ctx, op->loc,
                    "declared type %s of '%s' does not match the inferred "
                    "type %s (node '%s')",
                    a.data, node->output[i], b.data, nname);
      nl_buf_free(&a);
      nl_buf_free(&b);
      return nl_failure();
    }
    v->type = t;
  }
  return nl_success();
}

/* ---- subgraphs ------------------------------------------------------------
 */

NlResult
nl_onnx_import_subgraph(OnnxImporter *im, OnnxScope *parent,
                        const Onnx__GraphProto *g, NlRegion *r, NlLoc *loc,
                        NlType *const *hints, uint32_t nhints)
{
  NlContext *ctx = im->ctx;
  const NlOpDef *yield = nl_context_lookup_op(ctx, "graph.yield", 11);
  if (!yield) {
    nl_emit_error(ctx, loc, "the graph dialect has no graph.yield op");
    return nl_failure();
  }
  NlBlock *body = nl_block_create();
  nl_region_append_block(r, body);
  OnnxScope scope = {parent, {0}, {0}};
  for (size_t i = 0; i < g->n_input; i++) {
    const char *name = g->input[i]->name ? g->input[i]->name : "";
    NlLoc *aloc = nl_loc_name(ctx, name, im->file_loc);
    const Onnx__TypeProto *tp = g->input[i]->type;
    NlType *t = NULL;
    if (!(tp && tp->value_case) && i < nhints && hints[i])
      t = hints[i];
    else
      t = nl_onnx_convert_type(im, tp, aloc, name, NULL);
    if (!t) {
      nl_onnx_scope_fini(&scope);
      return nl_failure();
    }
    nl_onnx_map_put(&scope.values, name, nl_block_add_arg(body, t, aloc));
  }
  NlBuilder saved = im->b;
  NlValue **rets = NULL;
  NlResult res = nl_onnx_import_graph_body(im, &scope, g, body, &rets);
  if (nl_succeeded(res)) {
    NlOpState st;
    nl_op_state_init(&st, ctx, yield, loc);
    nl_op_state_add_operands(&st, rets, (uint32_t)g->n_output);
    nl_builder_insert(&im->b, &st);
    nl_op_state_fini(&st);
  }
  free(rets);
  im->b = saved;
  nl_onnx_scope_fini(&scope);
  return res;
}

/* ---- nodes ------------------------------------------------------------------
 */

/* Constant: every value_* form becomes `value` (strings stay
 * value_string(s) with a !graph.string tensor type). */
static NlResult
import_constant(OnnxImporter *im, OnnxScope *scope, const Onnx__NodeProto *node,
                const NlGraphOpInfo *info, NlLoc *loc, const char *nname)
{
  NlContext *ctx = im->ctx;
  if (node->n_attribute != 1 || node->n_output != 1 || node->n_input) {
    nl_emit_error(ctx, loc,
                  "Constant node '%s' needs one value attribute, no inputs "
                  "and one output",
                  nname);
    return nl_failure();
  }
  const Onnx__AttributeProto *a = node->attribute[0];
  const char *an = a->name ? a->name : "";
  NlAttr *value = NULL;
  NlType *type = NULL;
  const char *key = "value";
  if (!strcmp(an, "value") && a->t) {
    value = nl_onnx_tensor_attr(im, a->t, loc, false, &type);
    if (value && value->kind == NL_ATTR_ARRAY)
      key = "value_strings";
    if (!value)
      return nl_failure();
  } else if (!strcmp(an, "value_float") || !strcmp(an, "value_floats") ||
             !strcmp(an, "value_int") || !strcmp(an, "value_ints")) {
    bool flt = strstr(an, "float") != NULL;
    bool list = an[strlen(an) - 1] == 's';
    value = legacy_value(im, a,
                         flt ? (list ? NL_GATTR_FLOATS : NL_GATTR_FLOAT)
                             : (list ? NL_GATTR_INTS : NL_GATTR_INT),
                         loc, nname);
    if (!value)
      return nl_failure();
    type = value->type;
  } else if (!strcmp(an, "value_string") || !strcmp(an, "value_strings")) {
    bool list = !strcmp(an, "value_strings");
    value = convert_attr(im, a, true, loc, nname);
    if (!value)
      return nl_failure();
    int64_t n = list ? (int64_t)value->array.n : 0;
    type =
        nl_type_tensor(ctx, &n, list ? 1 : 0, nl_graph_string_type(ctx), NULL);
    key = an;
  } else {
    nl_emit_error(ctx, loc, "unsupported Constant attribute '%s' (node '%s')",
                  an, nname);
    return nl_failure();
  }
  NlOpState st;
  nl_op_state_init(
      &st, ctx, nl_context_lookup_op(ctx, info->op_name, strlen(info->op_name)),
      loc);
  nl_op_state_add_attr(&st, key, value);
  nl_op_state_add_result(&st, type);
  NlOp *op = nl_builder_insert(&im->b, &st);
  nl_op_state_fini(&st);
  if (node->output[0] && node->output[0][0])
    nl_onnx_map_put(&scope->values, node->output[0], nl_op_result(op, 0));
  return nl_success();
}

/* Checks the op against the table: domain, operator, opset. */
static const NlGraphOpInfo *
lookup_info(OnnxImporter *im, const Onnx__NodeProto *node, NlLoc *loc,
            const char *nname)
{
  const char *type = node->op_type ? node->op_type : "";
  if (!default_domain(node->domain)) {
    nl_emit_error(im->ctx, loc, "unsupported operator domain '%s' (node '%s')",
                  node->domain, nname);
    return NULL;
  }
  if (im->opset < 0) {
    nl_emit_error(im->ctx, loc,
                  "operator '%s' (node '%s') is in the default domain, which "
                  "the model does not import",
                  type, nname);
    return NULL;
  }
  const NlGraphOpInfo *info = nl_graph_op_info(type);
  if (!info) {
    nl_emit_error(im->ctx, loc, "unknown ONNX operator '%s' (node '%s')", type,
                  nname);
    return NULL;
  }
  if (im->opset < info->since) {
    nl_emit_error(im->ctx, loc,
                  "operator '%s' (node '%s') needs opset %d, the model "
                  "imports opset %lld",
                  type, nname, info->since, (long long)im->opset);
    return NULL;
  }
  if (im->opset > info->until) {
    nl_emit_error(im->ctx, loc,
                  "operator '%s' (node '%s') was removed after opset %d, the "
                  "model imports opset %lld",
                  type, nname, info->until, (long long)im->opset);
    return NULL;
  }
  return info;
}

/* Fills st's operands (ONNX inputs, then legacy attributes moved to their
 * input positions). *consumed[i] is set for node attributes moved. */
static NlResult
gather_operands(OnnxImporter *im, OnnxScope *scope, const Onnx__NodeProto *node,
                NlLoc *loc, const char *nname, NlValue ***ops, uint32_t *nops,
                bool *consumed)
{
  size_t n = node->n_input;
  while (n && (!node->input[n - 1] || !node->input[n - 1][0]))
    n--; /* trailing absent optional inputs */
  uint32_t nlegacy = 0;
  const NlGraphLegacyAttr *legacy =
      nl_graph_legacy_attrs(node->op_type, (int)im->opset, &nlegacy);
  size_t cap = n + 8;
  for (uint32_t k = 0; k < nlegacy; k++)
    if (legacy[k].input + 1 > cap)
      cap = legacy[k].input + 1;
  NlValue **vs = nl_xcalloc(cap, sizeof(*vs));
  for (size_t i = 0; i < n; i++) {
    const char *in = node->input[i];
    if (!in || !in[0]) {
      vs[i] = make_none(im, loc);
      continue;
    }
    vs[i] = nl_onnx_scope_lookup(scope, in);
    if (!vs[i]) {
      nl_emit_error(im->ctx, loc,
                    "input '%s' of node '%s' is not defined by any node, "
                    "input or initializer",
                    in, nname);
      free(vs);
      return nl_failure();
    }
  }
  uint32_t count = (uint32_t)n;
  for (uint32_t k = 0; k < nlegacy; k++) {
    for (size_t j = 0; j < node->n_attribute; j++) {
      const Onnx__AttributeProto *a = node->attribute[j];
      if (!a->name || strcmp(a->name, legacy[k].attr))
        continue;
      NlAttr *v = legacy_value(im, a, legacy[k].kind, loc, nname);
      if (!v) {
        free(vs);
        return nl_failure();
      }
      consumed[j] = true;
      uint32_t at = legacy[k].input;
      for (; count < at; count++)
        vs[count] = make_none(im, loc);
      vs[at] = make_constant(im, v, loc);
      if (count <= at)
        count = at + 1;
    }
  }
  *ops = vs;
  *nops = count;
  return nl_success();
}

/* Types for undeclared body inputs of Loop (iteration number, condition,
 * then the loop-carried values) and Scan (state values, then scanned
 * slices of unknown shape). NULL for other ops. */
static NlType **
body_hints(NlContext *ctx, const NlGraphOpInfo *info, NlValue **ops,
           uint32_t nops, size_t n)
{
  bool loop = !strcmp(info->onnx_name, "Loop");
  if (!(loop || !strcmp(info->onnx_name, "Scan")) || !n || n > (1u << 20))
    return NULL;
  NlType **h = nl_xcalloc(n, sizeof(*h));
  for (size_t i = 0; i < n; i++) {
    if (loop && i < 2) {
      h[i] = nl_type_tensor(ctx, NULL, 0,
                            i ? nl_type_i1(ctx) : nl_type_i64(ctx), NULL);
    } else if (i < nops && ops[i]->type->kind == NL_TYPE_TENSOR) {
      h[i] = loop ? ops[i]->type
                  : nl_type_unranked_tensor(ctx, ops[i]->type->shaped.elem);
    } else if (i < nops && ops[i]->type->kind != NL_TYPE_NONE) {
      h[i] = ops[i]->type;
    }
  }
  return h;
}

NlResult
nl_onnx_import_node(OnnxImporter *im, OnnxScope *scope,
                    const Onnx__NodeProto *node, size_t index)
{
  NlContext *ctx = im->ctx;
  NlBuf scratch = {0};
  const char *nname = node_name(node, index, &scratch);
  NlLoc *loc = nl_loc_name(ctx, nname, im->file_loc);
  NlResult res = nl_failure();
  NlValue **ops = NULL;
  NlType **decl = NULL;
  bool *consumed = nl_xcalloc(node->n_attribute + 1, sizeof(bool));
  NlOpState st;
  bool st_live = false;
  const NlGraphOpInfo *info = lookup_info(im, node, loc, nname);
  if (!info)
    goto done;
  if (!strcmp(info->op_name, "graph.constant")) {
    res = import_constant(im, scope, node, info, loc, nname);
    goto done;
  }
  uint32_t nops;
  if (nl_failed(
          gather_operands(im, scope, node, loc, nname, &ops, &nops, consumed)))
    goto done;
  if ((int)nops < info->min_inputs ||
      (info->max_inputs >= 0 && (int)nops > info->max_inputs)) {
    nl_emit_error(
        ctx, loc, "operator '%s' (node '%s') takes %d to %d inputs, it has %u",
        node->op_type, nname, info->min_inputs, info->max_inputs, nops);
    goto done;
  }
  size_t nres = node->n_output;
  while (nres && (!node->output[nres - 1] || !node->output[nres - 1][0]))
    nres--;
  if ((int)nres < info->min_outputs ||
      (info->max_outputs >= 0 && (int)nres > info->max_outputs)) {
    nl_emit_error(
        ctx, loc, "operator '%s' (node '%s') has %d to %d outputs, it has %zu",
        node->op_type, nname, info->min_outputs, info->max_outputs, nres);
    goto done;
  }

  const NlOpDef *def =
      nl_context_lookup_op(ctx, info->op_name, strlen(info->op_name));
  nl_op_state_init(&st, ctx, def, loc);
  st_live = true;
  nl_op_state_add_operands(&st, ops, nops);
  /* Regions first, one per GRAPH attribute in table order. */
  for (uint32_t k = 0; k < info->nattrs; k++) {
    if (info->attrs[k].kind != NL_GATTR_GRAPH)
      continue;
    NlRegion *r = nl_op_state_add_region(&st);
    const Onnx__AttributeProto *ga = NULL;
    for (size_t j = 0; j < node->n_attribute; j++)
      if (node->attribute[j]->name &&
          !strcmp(node->attribute[j]->name, info->attrs[k].name)) {
        ga = node->attribute[j];
        consumed[j] = true;
      }
    if (!ga || !ga->g) {
      nl_emit_error(ctx, loc, "node '%s' has no graph attribute '%s'", nname,
                    info->attrs[k].name);
      goto done;
    }
    NlType **hints = body_hints(ctx, info, ops, nops, ga->g->n_input);
    NlResult sr = nl_onnx_import_subgraph(im, scope, ga->g, r, loc, hints,
                                          hints ? (uint32_t)ga->g->n_input : 0);
    free(hints);
    if (nl_failed(sr))
      goto done;
  }
  for (size_t j = 0; j < node->n_attribute; j++) {
    const Onnx__AttributeProto *a = node->attribute[j];
    if (consumed[j])
      continue;
    if (!a->name || !a->name[0] || (a->ref_attr_name && a->ref_attr_name[0])) {
      nl_emit_error(ctx, loc, "malformed attribute of node '%s'", nname);
      goto done;
    }
    const NlGraphAttrSpec *spec = find_spec(info, a->name);
    if (!spec) {
      nl_emit_error(ctx, loc,
                    "unknown attribute '%s' of operator '%s' (node '%s')",
                    a->name, node->op_type, nname);
      goto done;
    }
    if (spec->kind == NL_GATTR_GRAPH)
      continue;
    if (attr_type(a) == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPH) {
      nl_emit_error(ctx, loc, "unexpected graph attribute '%s' (node '%s')",
                    a->name, nname);
      goto done;
    }
    NlAttr *v = convert_attr(im, a, true, loc, nname);
    if (!v)
      goto done;
    nl_op_state_add_attr(&st, a->name, v);
  }
  decl = nl_xcalloc(nres + 1, sizeof(*decl));
  /* `none` tells inference that the result type is unknown. */
  NlType *unknown = nl_type_none(ctx);
  for (size_t i = 0; i < nres; i++) {
    const char *out = node->output[i];
    decl[i] = out && out[0] ? declared_type(im, scope, out, loc) : NULL;
    nl_op_state_add_result(&st, decl[i] ? decl[i] : unknown);
  }
  NlOp *op = nl_builder_insert(&im->b, &st);
  if (nl_failed(finish_results(im, op, node, decl, nname)))
    goto done;
  for (size_t i = 0; i < nres; i++)
    if (node->output[i] && node->output[i][0])
      nl_onnx_map_put(&scope->values, node->output[i], nl_op_result(op, i));
  res = nl_success();

done:
  if (st_live)
    nl_op_state_fini(&st);
  free(decl);
  free(ops);
  free(consumed);
  nl_buf_free(&scratch);
  return res;
}

/* ---- dependency order
 * -------------------------------------------------------- */

/* Imports the nodes in an order where producers come first: the file's
 * order when it is already topological (as ONNX requires), else a
 * depth-first order; reports a cycle. Iterative, for deep graphs. */
NlResult
nl_onnx_import_nodes(OnnxImporter *im, OnnxScope *scope,
                     const Onnx__GraphProto *g)
{
  size_t n = g->n_node;
  OnnxMap producer = {0};
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < g->node[i]->n_output; j++)
      if (g->node[i]->output[j] && g->node[i]->output[j][0])
        nl_onnx_map_put(&producer, g->node[i]->output[j],
                        (void *)(uintptr_t)(i + 1));
  uint8_t *state = nl_xcalloc(n + 1, 1); /* 0 new, 1 on stack, 2 done */
  size_t *next_in = nl_xcalloc(n + 1, sizeof(size_t));
  size_t *stack = nl_xmalloc((n + 1) * sizeof(size_t));
  NlResult res = nl_success();
  for (size_t root = 0; root < n && nl_succeeded(res); root++) {
    if (state[root])
      continue;
    size_t sp = 0;
    stack[sp++] = root;
    state[root] = 1;
    while (sp && nl_succeeded(res)) {
      size_t t = stack[sp - 1];
      const Onnx__NodeProto *node = g->node[t];
      bool pushed = false;
      while (next_in[t] < node->n_input) {
        const char *in = node->input[next_in[t]++];
        size_t p = in && in[0] ? (uintptr_t)nl_onnx_map_get(&producer, in) : 0;
        if (!p || state[p - 1] == 2)
          continue;
        if (state[p - 1] == 1) {
          NlBuf scratch = {0};
          const char *nname = node_name(node, t, &scratch);
          nl_emit_error(im->ctx, nl_loc_name(im->ctx, nname, im->file_loc),
                        "the graph has a cycle through node '%s' (input "
                        "'%s')",
                        nname, in);
          nl_buf_free(&scratch);
          res = nl_failure();
          break;
        }
        state[p - 1] = 1;
        stack[sp++] = p - 1;
        pushed = true;
        break;
      }
      if (pushed || nl_failed(res))
        continue;
      state[t] = 2;
      sp--;
      res = nl_onnx_import_node(im, scope, node, t);
    }
  }
  free(state);
  free(next_in);
  free(stack);
  nl_onnx_map_free(&producer);
  return res;
}
