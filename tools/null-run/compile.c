/*
 * From a model file to a loop-level module and its ABI: imports an ONNX
 * model (or parses a .nir file), remembers the graph-level element types
 * of the inputs and outputs (ONNX signedness lives there), runs the
 * pipeline the command line built (the default lowering pipeline unless
 * the user gave one) and reads the signature of the lowered public
 * function: null.input / null.output / null.workspace argument attributes
 * and null.workspace_size (docs/lowering.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialects/registry.h"
#include "func/func.h"
#include "onnx.pb-c.h"
#include "onnx_import.h"
#include "run.h"

static const char *
severity_name(NlSeverity s)
{
  switch (s) {
  case NL_DIAG_ERROR:
    return "error";
  case NL_DIAG_WARNING:
    return "warning";
  case NL_DIAG_REMARK:
    return "remark";
  default:
    return "note";
  }
}

/* As null-translate: imported ops are located at
 * loc("node"("model.onnx":0:0)) and print as `model.onnx: 'node': ...`. */
void
nr_print_diag(const NlDiag *d, void *ud)
{
  NlContext *ctx = ud;
  for (const NlDiag *n = d; n; n = n == d ? d->notes : n->next) {
    const NlLoc *l = n->loc;
    const NlLoc *f = l ? nl_loc_find_file(l) : NULL;
    if (l && l->kind == NL_LOC_NAME && f && f->file.line == 0) {
      fprintf(stderr, "%s: '%s': %s: %s\n", f->file.file->str,
              l->name.name->str, severity_name(n->severity), n->msg);
    } else if (f && f->file.line == 0) {
      fprintf(stderr, "%s: %s: %s\n", f->file.file->str,
              severity_name(n->severity), n->msg);
    } else {
      NlDiag copy = *n;
      copy.notes = NULL;
      nl_diag_print(ctx, &copy, stderr);
    }
  }
}

static bool
has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && !strcmp(s + n - m, suf);
}

/* *text receives the buffer, which the context keeps referring to. */
static NlOp *
parse_nir(NlContext *ctx, const char *path, char **text)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "null-run: cannot open '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  NlBuf buf = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    nl_buf_append(&buf, chunk, n);
  bool err = ferror(f);
  fclose(f);
  if (err) {
    fprintf(stderr, "null-run: cannot read '%s'\n", path);
    nl_buf_free(&buf);
    return NULL;
  }
  size_t len = buf.len;
  nl_buf_putc(&buf, 0);
  *text = nl_buf_take(&buf);
  return nl_parse_source(ctx, path, *text, len, NULL);
}

/* The public func.func with a body: the model. */
static NlOp *
find_model(NlOp *module)
{
  if (!nl_op_is(module, "builtin.module") || !module->nregions)
    return NULL;
  NlBlock *b = nl_op_region(module, 0)->first;
  if (!b)
    return NULL;
  nl_block_foreach_op(b, op)
  {
    if (!nl_op_is(op, "func.func") || !nl_func_entry(op))
      continue;
    NlAttr *vis = nl_op_attr(op, "sym_visibility");
    if (vis && vis->kind == NL_ATTR_STRING &&
        !strcmp(vis->str.value->str, "private"))
      continue;
    return op;
  }
  return NULL;
}

/* ONNX data type of an element type; signless integers are signed. */
static int32_t
dtype_of(const NlType *t)
{
  if (t->kind == NL_TYPE_FLOAT) {
    switch (t->flt.fkind) {
    case NL_F16:
      return ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16;
    case NL_BF16:
      return ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16;
    case NL_F32:
      return ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    case NL_F64:
      return ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE;
    default:
      return 0;
    }
  }
  if (t->kind != NL_TYPE_INTEGER)
    return 0;
  bool u = t->integer.signedness == NL_UNSIGNED;
  switch (t->integer.width) {
  case 1:
    return ONNX__TENSOR_PROTO__DATA_TYPE__BOOL;
  case 8:
    return u ? ONNX__TENSOR_PROTO__DATA_TYPE__UINT8
             : ONNX__TENSOR_PROTO__DATA_TYPE__INT8;
  case 16:
    return u ? ONNX__TENSOR_PROTO__DATA_TYPE__UINT16
             : ONNX__TENSOR_PROTO__DATA_TYPE__INT16;
  case 32:
    return u ? ONNX__TENSOR_PROTO__DATA_TYPE__UINT32
             : ONNX__TENSOR_PROTO__DATA_TYPE__INT32;
  case 64:
    return u ? ONNX__TENSOR_PROTO__DATA_TYPE__UINT64
             : ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
  default:
    return 0;
  }
}

/* The graph-level element types (with signedness) before lowering. */
typedef struct GraphTypes {
  uint32_t nin, nout;
  int32_t *in, *out; /* ONNX dtypes, 0 when unknown */
} GraphTypes;

static void
record_graph_types(NlOp *fn, GraphTypes *g)
{
  NlType *ft = nl_func_type(fn);
  memset(g, 0, sizeof(*g));
  if (!ft)
    return;
  g->nin = ft->function.ninputs;
  g->nout = ft->function.nresults;
  g->in = calloc(g->nin + 1, sizeof(*g->in));
  g->out = calloc(g->nout + 1, sizeof(*g->out));
  for (uint32_t i = 0; i < g->nin + g->nout; i++) {
    NlType *t = ft->function.types[i];
    int32_t dt = 0;
    if (t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_UNRANKED_TENSOR)
      dt = dtype_of(nl_type_element(t));
    if (i < g->nin)
      g->in[i] = dt;
    else
      g->out[i - g->nin] = dt;
  }
}

/* A C identifier for a symbol: every character other than [A-Za-z0-9_]
 * becomes '_', and a leading digit gets a '_' prefix (docs/lowering.md). */
static char *
c_identifier(const char *s)
{
  size_t n = strlen(s);
  char *out = malloc(n + 2);
  size_t k = 0;
  if (s[0] >= '0' && s[0] <= '9')
    out[k++] = '_';
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    out[k++] = ok ? c : '_';
  }
  out[k] = 0;
  return out;
}

static NlAttr *
arg_attrs(NlOp *fn, uint32_t i)
{
  NlAttr *a = nl_op_attr(fn, "arg_attrs");
  if (!a || a->kind != NL_ATTR_ARRAY || i >= a->array.n)
    return NULL;
  NlAttr *d = a->array.elems[i];
  return d->kind == NL_ATTR_DICT ? d : NULL;
}

static const char *
string_attr(NlAttr *dict, const char *name)
{
  NlAttr *a = dict ? nl_attr_dict_get(dict, name) : NULL;
  return a && a->kind == NL_ATTR_STRING ? a->str.value->str : NULL;
}

/* Fills t from a memref argument type; false after a diagnostic. */
static bool
describe_arg(NlOp *fn, uint32_t i, NlType *ty, const char *name,
             int32_t graph_dt, NrTensor *t)
{
  if (ty->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(ty) ||
      ty->shaped.layout) {
    nl_op_emit_error(fn,
                     "null-run: argument %u ('%s') is not a memref of static "
                     "shape and identity layout",
                     i, name);
    return false;
  }
  NlType *elem = ty->shaped.elem;
  int32_t dt = dtype_of(elem);
  if (!dt) {
    NlBuf b = {0};
    nl_type_print(elem, &b);
    nl_op_emit_error(fn, "null-run: unsupported element type %.*s of '%s'",
                     (int)b.len, b.data ? b.data : "", name);
    nl_buf_free(&b);
    return false;
  }
  /* The graph level knows the ONNX signedness the memref lost. */
  if (graph_dt && nr_dtype_size(graph_dt) == nr_dtype_size(dt) &&
      nr_dtype_is_float(graph_dt) == nr_dtype_is_float(dt))
    dt = graph_dt;
  t->name = strdup(name);
  t->dtype = dt;
  t->esize = nr_dtype_size(dt);
  t->rank = ty->shaped.rank;
  t->dims = t->rank ? malloc(t->rank * sizeof(*t->dims)) : NULL;
  t->count = 1;
  for (uint32_t d = 0; d < t->rank; d++) {
    t->dims[d] = ty->shaped.dims[d];
    t->count *= (size_t)t->dims[d];
  }
  return true;
}

void
nr_signature_free(NrSignature *sig)
{
  for (uint32_t i = 0; i < sig->nin; i++)
    nr_tensor_free(&sig->in[i]);
  for (uint32_t i = 0; i < sig->nout; i++)
    nr_tensor_free(&sig->out[i]);
  free(sig->in);
  free(sig->out);
  free(sig->symbol);
  memset(sig, 0, sizeof(*sig));
}

static bool
read_signature(NlOp *fn, const GraphTypes *g, NrSignature *sig)
{
  NlType *ft = nl_func_type(fn);
  if (!ft) {
    nl_op_emit_error(fn, "null-run: the function has no valid type");
    return false;
  }
  uint32_t n = ft->function.ninputs;
  if (ft->function.nresults) {
    nl_op_emit_error(fn, "null-run: the lowered function still returns "
                         "values (was the model bufferized?)");
    return false;
  }
  NlAttr *sym = nl_op_attr(fn, "sym_name");
  sig->symbol = c_identifier(
      sym && sym->kind == NL_ATTR_STRING ? sym->str.value->str : "main");
  sig->in = calloc(n + 1, sizeof(*sig->in));
  sig->out = calloc(n + 1, sizeof(*sig->out));
  bool workspace = false;
  for (uint32_t i = 0; i < n; i++) {
    NlAttr *d = arg_attrs(fn, i);
    const char *in = string_attr(d, "null.input");
    const char *out = string_attr(d, "null.output");
    NlType *ty = ft->function.types[i];
    if (d && nl_attr_dict_get(d, "null.workspace")) {
      if (i != n - 1) {
        nl_op_emit_error(fn, "null-run: the workspace must be the last "
                             "argument");
        return false;
      }
      workspace = true;
    } else if (in) {
      if (sig->nout) {
        nl_op_emit_error(fn, "null-run: input '%s' after the outputs", in);
        return false;
      }
      uint32_t k = sig->nin;
      if (!describe_arg(fn, i, ty, in, k < g->nin ? g->in[k] : 0, &sig->in[k]))
        return false;
      sig->nin++;
    } else if (out) {
      uint32_t k = sig->nout;
      if (!describe_arg(fn, i, ty, out, k < g->nout ? g->out[k] : 0,
                        &sig->out[k]))
        return false;
      sig->nout++;
    } else {
      nl_op_emit_error(fn,
                       "null-run: argument %u is neither a null.input, a "
                       "null.output nor the null.workspace (was the model "
                       "lowered with bufferize and memory-plan?)",
                       i);
      return false;
    }
  }
  NlAttr *ws = nl_op_attr(fn, "null.workspace_size");
  if (!workspace || !ws || ws->kind != NL_ATTR_INTEGER) {
    nl_op_emit_error(fn, "null-run: the function has no workspace argument "
                         "or null.workspace_size (was memory-plan run?)");
    return false;
  }
  int64_t size = nl_attr_integer_value(ws, NULL);
  if (size < 0) {
    nl_op_emit_error(fn, "null-run: negative null.workspace_size");
    return false;
  }
  sig->workspace_size = (size_t)size;
  return true;
}

/* The model's symbol may be anything, `main`, `exp` or `fopen` too, which
 * would clash with the aarch64 driver or with libc/libm in the JIT: null-run
 * compiles it under a name of its own (the ABI is otherwise unchanged). */
static void
rename_model(NlOp *module, NlOp *fn, NrSignature *sig)
{
  static const char name[] = "null_run_model";
  NlBlock *b = nl_op_region(module, 0)->first;
  nl_block_foreach_op(b, op)
  {
    NlAttr *s = nl_op_attr(op, "sym_name");
    if (s && s->kind == NL_ATTR_STRING && !strcmp(s->str.value->str, name))
      return; /* taken: keep the model's own name */
  }
  nl_op_set_attr(fn, "sym_name", nl_attr_string_cstr(nl_op_context(fn), name));
  free(sig->symbol);
  sig->symbol = strdup(name);
}

NlOp *
nr_compile(NlContext *ctx, NrCompileOptions *o, NrSignature *sig)
{
  memset(sig, 0, sizeof(*sig));
  if (nl_failed(nl_register_all_dialects(ctx)) ||
      nl_failed(nl_tool_passes_setup_context(o->passes, ctx)))
    return NULL;
  double t = nl_tool_now();
  NlOp *top = NULL;
  if (has_suffix(o->model, ".nir") || has_suffix(o->model, ".mlir"))
    top = parse_nir(ctx, o->model, &o->source);
  else
    top = nl_onnx_import_file(ctx, o->model, NULL);
  bool ok = top && nl_succeeded(nl_op_verify(top));
  nl_tool_passes_add_timing(o->passes, "Import", nl_tool_now() - t);
  NlOp *fn = ok ? find_model(top) : NULL;
  if (ok && !fn) {
    nl_emit_error(ctx, top->loc,
                  "null-run: the model has no public func.func with a body");
    ok = false;
  }
  GraphTypes g = {0};
  if (ok) {
    record_graph_types(fn, &g);
    ok = nl_succeeded(nl_tool_passes_run(o->passes, top));
  }
  if (ok) {
    fn = find_model(top);
    if (!fn) {
      nl_emit_error(ctx, top->loc,
                    "null-run: the pipeline removed the "
                    "model function");
      ok = false;
    }
  }
  if (ok)
    ok = read_signature(fn, &g, sig);
  if (ok)
    rename_model(top, fn, sig);
  free(g.in);
  free(g.out);
  if (!ok) {
    nr_signature_free(sig);
    if (top)
      nl_op_destroy(top);
    return NULL;
  }
  return top;
}
