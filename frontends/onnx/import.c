/*
 * The ONNX importer's top level: reads and unpacks the model, checks its
 * opset imports, records its metadata on the module and builds the
 * func.func of the main graph (arguments, initializers, nodes, return).
 * Nodes are converted in node.c, tensors and types in tensor.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin/builtin.h"
#include "func/func.h"
#include "graph/graph.h"
#include "internal.h"
#include "registry.h"

/* ---- name maps ------------------------------------------------------------
 */

static uint32_t
name_hash(const char *s)
{
  return nl_hash_bytes(s, strlen(s), 0x811c9dc5u);
}

void *
nl_onnx_map_get(const OnnxMap *m, const char *name)
{
  if (!m->nslots)
    return NULL;
  size_t mask = m->nslots - 1;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    if (!m->slots[i].name)
      return NULL;
    if (!strcmp(m->slots[i].name, name))
      return m->slots[i].value;
  }
}

void
nl_onnx_map_put(OnnxMap *m, const char *name, void *value)
{
  if ((m->nused + 1) * 2 > m->nslots) {
    size_t n = m->nslots ? m->nslots * 2 : 16;
    OnnxBinding *old = m->slots;
    size_t nold = m->nslots;
    m->slots = nl_xcalloc(n, sizeof(*m->slots));
    m->nslots = n;
    m->nused = 0;
    for (size_t i = 0; i < nold; i++)
      if (old[i].name)
        nl_onnx_map_put(m, old[i].name, old[i].value);
    free(old);
  }
  size_t mask = m->nslots - 1;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    if (!m->slots[i].name) {
      m->slots[i].name = name;
      m->slots[i].value = value;
      m->nused++;
      return;
    }
    if (!strcmp(m->slots[i].name, name)) {
      m->slots[i].value = value; /* ONNX forbids this; last one wins */
      return;
    }
  }
}

void
nl_onnx_map_free(OnnxMap *m)
{
  free(m->slots);
  m->slots = NULL;
  m->nslots = m->nused = 0;
}

NlValue *
nl_onnx_scope_lookup(OnnxScope *s, const char *name)
{
  for (; s; s = s->parent) {
    NlValue *v = nl_onnx_map_get(&s->values, name);
    if (v)
      return v;
  }
  return NULL;
}

const Onnx__ValueInfoProto *
nl_onnx_scope_declared(OnnxScope *s, const char *name)
{
  for (; s; s = s->parent) {
    const Onnx__ValueInfoProto *vi = nl_onnx_map_get(&s->declared, name);
    if (vi)
      return vi;
  }
  return NULL;
}

void
nl_onnx_scope_fini(OnnxScope *s)
{
  nl_onnx_map_free(&s->values);
  nl_onnx_map_free(&s->declared);
}

/* ---- the main graph -------------------------------------------------------
 */

/* A symbol name for the graph ("main_graph"; "model" when it has none:
 * "main" would clash with the C entry point of a program linking the
 * compiled object). */
static char *
func_name(const char *name)
{
  if (!name || !*name)
    name = "model";
  size_t n = strlen(name);
  char *s = nl_xmalloc(n + 2);
  size_t k = 0;
  if (name[0] >= '0' && name[0] <= '9')
    s[k++] = '_';
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
    s[k++] = ok ? c : '_';
  }
  s[k] = 0;
  return s;
}

/* Binds each initializer to a graph.constant at the start of the body. */
static NlResult
import_initializers(OnnxImporter *im, OnnxScope *scope,
                    const Onnx__GraphProto *g)
{
  const NlOpDef *cdef = nl_context_lookup_op(im->ctx, "graph.constant", 14);
  for (size_t i = 0; i < g->n_initializer; i++) {
    const Onnx__TensorProto *t = g->initializer[i];
    const char *name = t->name ? t->name : "";
    NlLoc *loc = nl_loc_name(im->ctx, name, im->file_loc);
    NlType *type;
    NlAttr *value = nl_onnx_tensor_attr(im, t, loc, false, &type);
    if (!value)
      return nl_failure();
    NlOpState st;
    nl_op_state_init(&st, im->ctx, cdef, loc);
    nl_op_state_add_attr(
        &st, value->kind == NL_ATTR_ARRAY ? "value_strings" : "value", value);
    nl_op_state_add_result(&st, type);
    NlOp *op = nl_builder_insert(&im->b, &st);
    nl_op_state_fini(&st);
    nl_onnx_map_put(&scope->values, name, nl_op_result(op, 0));
  }
  return nl_success();
}

/* Records value_info and output types by name (for node results). */
static void
collect_declared(OnnxScope *scope, const Onnx__GraphProto *g)
{
  for (size_t i = 0; i < g->n_value_info; i++)
    if (g->value_info[i]->name && g->value_info[i]->type)
      nl_onnx_map_put(&scope->declared, g->value_info[i]->name,
                      g->value_info[i]);
  for (size_t i = 0; i < g->n_output; i++)
    if (g->output[i]->name && g->output[i]->type)
      nl_onnx_map_put(&scope->declared, g->output[i]->name, g->output[i]);
}

NlResult
nl_onnx_import_graph_body(OnnxImporter *im, OnnxScope *scope,
                          const Onnx__GraphProto *g, NlBlock *body,
                          NlValue ***out)
{
  nl_builder_set_end(&im->b, body);
  if (g->n_sparse_initializer) {
    nl_emit_error(im->ctx, im->file_loc,
                  "sparse initializers are not supported (graph '%s')",
                  g->name ? g->name : "");
    return nl_failure();
  }
  collect_declared(scope, g);
  if (nl_failed(import_initializers(im, scope, g)) ||
      nl_failed(nl_onnx_import_nodes(im, scope, g)))
    return nl_failure();
  NlValue **rets = nl_xmalloc((g->n_output ? g->n_output : 1) * sizeof(*rets));
  for (size_t i = 0; i < g->n_output; i++) {
    const char *name = g->output[i]->name ? g->output[i]->name : "";
    rets[i] = nl_onnx_scope_lookup(scope, name);
    if (!rets[i]) {
      nl_emit_error(im->ctx, im->file_loc,
                    "graph output '%s' is not produced by any node", name);
      free(rets);
      return nl_failure();
    }
  }
  *out = rets;
  return nl_success();
}

/* The argument/result attributes of a graph input or output:
 * {graph.dim_params = [...], graph.name = "<onnx name>"} (the name tells
 * the model ABI which ONNX value an argument is; docs/lowering.md). */
static NlAttr *
io_attrs(NlContext *ctx, const char *name, NlAttr *dims)
{
  NlNamedAttr na[2];
  uint32_t n = 0;
  if (dims)
    na[n++] = (NlNamedAttr){nl_ident_cstr(ctx, "graph.dim_params"), dims};
  na[n++] = (NlNamedAttr){nl_ident_cstr(ctx, "graph.name"),
                          nl_attr_string_cstr(ctx, name)};
  return nl_attr_dict(ctx, na, n);
}

/* Graph inputs that are not initializers become function arguments. */
static NlOp *
import_main(OnnxImporter *im, const Onnx__GraphProto *g)
{
  NlContext *ctx = im->ctx;
  OnnxMap inits = {0};
  for (size_t i = 0; i < g->n_initializer; i++)
    if (g->initializer[i]->name)
      nl_onnx_map_put(&inits, g->initializer[i]->name, g->initializer[i]);
  NlType **ins = nl_xmalloc((g->n_input + 1) * sizeof(*ins));
  NlAttr **in_attrs = nl_xmalloc((g->n_input + 1) * sizeof(*in_attrs));
  const char **in_names = nl_xmalloc((g->n_input + 1) * sizeof(*in_names));
  uint32_t nins = 0;
  bool any_attrs = false, ok = true;
  for (size_t i = 0; i < g->n_input && ok; i++) {
    const Onnx__ValueInfoProto *vi = g->input[i];
    const char *name = vi->name ? vi->name : "";
    if (nl_onnx_map_get(&inits, name))
      continue;
    NlAttr *dims;
    NlLoc *loc = nl_loc_name(ctx, name, im->file_loc);
    NlType *t = nl_onnx_convert_type(im, vi->type, loc, name, &dims);
    if (!t) {
      ok = false;
      break;
    }
    in_attrs[nins] = io_attrs(ctx, name, dims);
    any_attrs = true;
    in_names[nins] = name;
    ins[nins++] = t;
  }
  nl_onnx_map_free(&inits);
  NlOp *fn = NULL;
  if (ok) {
    char *fname = func_name(g->name);
    NlType *fty = nl_type_function(ctx, ins, nins, NULL, 0);
    fn = nl_func_create(ctx, im->file_loc, fname, fty, false);
    free(fname);
  }
  OnnxScope scope = {0};
  NlValue **rets = NULL;
  NlType **outs = nl_xmalloc((g->n_output + 1) * sizeof(*outs));
  uint32_t nouts = (uint32_t)g->n_output;
  if (fn) {
    NlBlock *body = nl_func_entry(fn);
    for (uint32_t i = 0; i < nins; i++) {
      body->args[i]->loc = nl_loc_name(ctx, in_names[i], im->file_loc);
      nl_onnx_map_put(&scope.values, in_names[i], body->args[i]);
    }
    if (any_attrs)
      nl_op_set_attr(fn, "arg_attrs", nl_attr_array(ctx, in_attrs, nins));
    ok = nl_succeeded(nl_onnx_import_graph_body(im, &scope, g, body, &rets));
  }
  if (fn && ok) {
    /* Symbolic dims of the outputs, and the final signature. */
    NlAttr **res_attrs = nl_xmalloc((nouts + 1) * sizeof(*res_attrs));
    bool any_res = false;
    for (uint32_t i = 0; i < nouts; i++) {
      outs[i] = rets[i]->type;
      NlAttr *dims = NULL;
      const Onnx__TypeProto *tp = g->output[i]->type;
      if (tp && tp->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE &&
          tp->tensor_type->shape) {
        NlLoc *loc = nl_loc_name(
            ctx, g->output[i]->name ? g->output[i]->name : "", im->file_loc);
        if (!nl_onnx_convert_type(im, tp, loc,
                                  g->output[i]->name ? g->output[i]->name : "",
                                  &dims))
          ok = false;
      }
      res_attrs[i] = io_attrs(
          ctx, g->output[i]->name ? g->output[i]->name : "", dims);
      any_res = true;
    }
    if (any_res)
      nl_op_set_attr(fn, "res_attrs", nl_attr_array(ctx, res_attrs, nouts));
    free(res_attrs);
    nl_op_set_attr(
        fn, "function_type",
        nl_attr_type(ctx, nl_type_function(ctx, ins, nins, outs, nouts)));
    const NlOpDef *ret = nl_context_lookup_op(ctx, "func.return", 11);
    NlOpState st;
    nl_op_state_init(&st, ctx, ret, im->file_loc);
    nl_op_state_add_operands(&st, rets, nouts);
    nl_builder_set_end(&im->b, nl_func_entry(fn));
    nl_builder_insert(&im->b, &st);
    nl_op_state_fini(&st);
  }
  free(outs);
  free(rets);
  nl_onnx_scope_fini(&scope);
  free(ins);
  free(in_attrs);
  free(in_names);
  if (fn && !ok) {
    nl_op_destroy(fn);
    fn = NULL;
  }
  return fn;
}

/* ---- the model -------------------------------------------------------------
 */

static bool
is_default_domain(const char *d)
{
  return !d || !*d || !strcmp(d, "ai.onnx");
}

/* Checks the opset imports and finds the default domain's version. */
static NlResult
check_opsets(OnnxImporter *im, const Onnx__ModelProto *m)
{
  im->opset = -1;
  for (size_t i = 0; i < m->n_opset_import; i++) {
    const Onnx__OperatorSetIdProto *o = m->opset_import[i];
    if (is_default_domain(o->domain))
      im->opset = o->has_version ? o->version : 0;
  }
  /* No default-domain import: only an error once a node needs it (the
   * node's own domain is reported first). */
  if (im->opset >= 0 && (im->opset < 7 || im->opset > 17)) {
    nl_emit_error(im->ctx, im->file_loc,
                  "unsupported opset version %lld of the default domain "
                  "(supported: 7 to 17)",
                  (long long)im->opset);
    return nl_failure();
  }
  return nl_success();
}

static void
set_str(NlContext *ctx, NlOp *module, const char *name, const char *v)
{
  if (v && *v)
    nl_op_set_attr(module, name, nl_attr_string_cstr(ctx, v));
}

/* Model metadata as module attributes: graph.ir_version,
 * graph.producer_name, ..., graph.opset_import = {ai.onnx = 13}, and the
 * metadata_props as graph.metadata = {key = "value"}. */
static void
record_metadata(OnnxImporter *im, const Onnx__ModelProto *m, NlOp *module)
{
  NlContext *ctx = im->ctx;
  NlType *i64 = nl_type_i64(ctx);
  if (m->has_ir_version)
    nl_op_set_attr(module, "graph.ir_version",
                   nl_attr_integer(ctx, i64, m->ir_version));
  set_str(ctx, module, "graph.producer_name", m->producer_name);
  set_str(ctx, module, "graph.producer_version", m->producer_version);
  set_str(ctx, module, "graph.domain", m->domain);
  if (m->has_model_version)
    nl_op_set_attr(module, "graph.model_version",
                   nl_attr_integer(ctx, i64, m->model_version));
  set_str(ctx, module, "graph.doc_string", m->doc_string);
  NlAttr *opsets = nl_attr_dict_empty(ctx);
  for (size_t i = 0; i < m->n_opset_import; i++) {
    const Onnx__OperatorSetIdProto *o = m->opset_import[i];
    const char *d = is_default_domain(o->domain) ? "ai.onnx" : o->domain;
    opsets = nl_attr_dict_set(ctx, opsets, nl_ident_cstr(ctx, d),
                              nl_attr_integer(ctx, i64, o->version));
  }
  nl_op_set_attr(module, "graph.opset_import", opsets);
  if (m->n_metadata_props) {
    NlAttr *meta = nl_attr_dict_empty(ctx);
    for (size_t i = 0; i < m->n_metadata_props; i++) {
      const Onnx__StringStringEntryProto *e = m->metadata_props[i];
      if (e->key && *e->key)
        meta = nl_attr_dict_set(
            ctx, meta, nl_ident_cstr(ctx, e->key),
            nl_attr_string_cstr(ctx, e->value ? e->value : ""));
    }
    nl_op_set_attr(module, "graph.metadata", meta);
  }
}

static const char *
base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

NlOp *
nl_onnx_import_buffer(NlContext *ctx, const char *path, const void *data,
                      size_t len, const NlOnnxImportOptions *opts)
{
  OnnxImporter im = {0};
  im.ctx = ctx;
  im.path = path;
  im.loc_file = opts && opts->loc_file ? opts->loc_file : base_name(path);
  im.inline_limit = opts ? opts->inline_limit : 0;
  im.file_loc = nl_loc_file(ctx, im.loc_file, 0, 0);
  const char *slash = strrchr(path, '/');
  im.dir = slash ? nl_xstrndup(path, (size_t)(slash - path) + (slash == path))
                 : nl_xstrndup(".", 1);
  nl_builder_init(&im.b, ctx);

  NlOp *module = NULL;
  Onnx__ModelProto *m = NULL;
  if (nl_failed(nl_register_all_dialects(ctx)) || nl_failed(nl_graph_load(ctx)))
    goto done;
  if (!len) {
    nl_emit_error(ctx, im.file_loc, "'%s' is empty, not an ONNX model", path);
    goto done;
  }
  m = onnx__model_proto__unpack(NULL, len, data);
  if (!m) {
    nl_emit_error(ctx, im.file_loc,
                  "'%s' is not an ONNX model (malformed or truncated "
                  "protobuf)",
                  path);
    goto done;
  }
  if (!m->graph) {
    nl_emit_error(ctx, im.file_loc,
                  m->has_ir_version ? "ONNX model '%s' has no graph"
                                    : "'%s' is not an ONNX model (no graph)",
                  path);
    goto done;
  }
  if (nl_failed(check_opsets(&im, m)))
    goto done;
  module = nl_builtin_module_create(ctx, im.file_loc, NULL);
  if (!module)
    goto done;
  record_metadata(&im, m, module);
  NlOp *fn = import_main(&im, m->graph);
  if (!fn) {
    nl_op_destroy(module);
    module = NULL;
    goto done;
  }
  nl_block_append_op(nl_builtin_module_body(module), fn);

done:
  if (m)
    onnx__model_proto__free_unpacked(m, NULL);
  free(im.dir);
  return module;
}

NlOp *
nl_onnx_import_file(NlContext *ctx, const char *path,
                    const NlOnnxImportOptions *opts)
{
  const char *lf = opts && opts->loc_file ? opts->loc_file : base_name(path);
  FILE *f = fopen(path, "rb");
  if (!f) {
    nl_emit_error(ctx, nl_loc_file(ctx, lf, 0, 0), "cannot open '%s': %s", path,
                  strerror(errno));
    return NULL;
  }
  NlBuf buf = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    nl_buf_append(&buf, chunk, n);
  bool err = ferror(f);
  fclose(f);
  if (err) {
    nl_emit_error(ctx, nl_loc_file(ctx, lf, 0, 0), "cannot read '%s'", path);
    nl_buf_free(&buf);
    return NULL;
  }
  NlOp *module =
      nl_onnx_import_buffer(ctx, path, buf.data ? buf.data : "", buf.len, opts);
  nl_buf_free(&buf);
  return module;
}
