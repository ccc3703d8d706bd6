/*
 * The C header of a compiled model (docs/lowering.md, "The model ABI"):
 * for the public function G of a loop-level module (after memory-plan),
 * the prototypes of G, G_packed and G_workspace_size, with a comment and
 * #defines per input and output (ONNX name, element type, shape, element
 * count, bytes) and the workspace size. Written by
 * `null-translate IN --emit=header`.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backends/llvm/backend.h"
#include "func/func.h"

/* What the header says about one argument of G. */
typedef struct HdrArg {
  enum { HDR_IN, HDR_OUT, HDR_WORKSPACE } kind;
  const char *name; /* ONNX name */
  char *param;      /* C parameter name (owned) */
  NlType *type;     /* the memref type */
} HdrArg;

static bool
is_ident_char(char c, bool first)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

/* The C identifier of a symbol, as the translation names G (translate.c):
 * [A-Za-z0-9_] kept, anything else '_', a '_' before a leading digit. */
static char *
c_identifier(const char *s)
{
  size_t n = strlen(s);
  char *r = nl_xmalloc(n + 2), *w = r;
  if (!n || (s[0] >= '0' && s[0] <= '9'))
    *w++ = '_';
  for (size_t i = 0; i < n; i++)
    *w++ = is_ident_char(s[i], false) ? s[i] : '_';
  *w = 0;
  return r;
}

static bool
is_c_keyword(const char *s)
{
  static const char *const kw[] = {
      "auto",     "break",    "case",      "char",   "const",   "continue",
      "default",  "do",       "double",    "else",   "enum",    "extern",
      "float",    "for",      "goto",      "if",     "inline",  "int",
      "long",     "register", "restrict",  "return", "short",   "signed",
      "sizeof",   "static",   "struct",    "switch", "typedef", "union",
      "unsigned", "void",     "volatile",  "while",  "bool",    "true",
      "false",    "size_t",   "workspace", "args",   "_Bool",   "NULL"};
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (!strcmp(s, kw[i]))
      return true;
  return false;
}

/* The C spelling of an element type (i1 is stored as one byte). */
static const char *
c_type(const NlType *t)
{
  if (t->kind == NL_TYPE_FLOAT) {
    switch (t->flt.fkind) {
    case NL_F32:
      return "float";
    case NL_F64:
      return "double";
    case NL_F16:
    case NL_BF16:
      return "uint16_t";
    default:
      return NULL;
    }
  }
  if (t->kind != NL_TYPE_INTEGER)
    return NULL;
  bool u = t->integer.signedness == NL_UNSIGNED;
  switch (t->integer.width) {
  case 1:
    return "uint8_t";
  case 8:
    return u ? "uint8_t" : "int8_t";
  case 16:
    return u ? "uint16_t" : "int16_t";
  case 32:
    return u ? "uint32_t" : "int32_t";
  case 64:
    return u ? "uint64_t" : "int64_t";
  default:
    return NULL;
  }
}

static size_t
elem_bytes(const NlType *t)
{
  if (t->kind == NL_TYPE_INTEGER && t->integer.width == 1)
    return 1;
  return nl_type_bitwidth(t) / 8;
}

/* Text safe inside a comment ("*" "/" cannot end it early) and a C string
 * literal (escaped). */
static void
put_comment_text(FILE *out, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '*' && s[1] == '/')
      fputs("* ", out);
    else if (c < 0x20 || c == 0x7f)
      fputc('?', out);
    else
      fputc(c, out);
  }
}

static void
put_string_literal(FILE *out, const char *s)
{
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", c);
    else if (c < 0x20 || c >= 0x7f || c == '?')
      fprintf(out, "\\%03o", c);
    else
      fputc(c, out);
  }
  fputc('"', out);
}

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
    NlAttr *v = nl_op_attr(op, "sym_visibility");
    if (v && v->kind == NL_ATTR_STRING && strcmp(v->str.value->str, "public"))
      continue;
    return op;
  }
  return NULL;
}

static NlAttr *
arg_dict(NlOp *fn, uint32_t i)
{
  NlAttr *a = nl_op_attr(fn, "arg_attrs");
  if (!a || a->kind != NL_ATTR_ARRAY || i >= a->array.n)
    return NULL;
  return a->array.elems[i]->kind == NL_ATTR_DICT ? a->array.elems[i] : NULL;
}

static const char *
dict_string(NlAttr *d, const char *name)
{
  NlAttr *a = d ? nl_attr_dict_get(d, name) : NULL;
  return a && a->kind == NL_ATTR_STRING ? a->str.value->str : NULL;
}

/* Reads the arguments of G; false after an error at fn. */
static bool
collect_args(NlOp *fn, NlType *fty, HdrArg *args)
{
  uint32_t n = fty->function.ninputs;
  for (uint32_t i = 0; i < n; i++) {
    NlAttr *d = arg_dict(fn, i);
    HdrArg *a = &args[i];
    a->type = fty->function.types[i];
    const char *in = dict_string(d, "null.input");
    const char *out = dict_string(d, "null.output");
    if (d && nl_attr_dict_get(d, "null.workspace")) {
      a->kind = HDR_WORKSPACE;
      a->name = "workspace";
      continue;
    }
    if (!in && !out) {
      nl_op_emit_error(fn,
                       "argument %u has no null.input, null.output or "
                       "null.workspace attribute (run bufferize and "
                       "memory-plan before --emit=header)",
                       i);
      return false;
    }
    a->kind = in ? HDR_IN : HDR_OUT;
    a->name = in ? in : out;
    NlType *t = a->type;
    if (t->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(t) ||
        !c_type(t->shaped.elem)) {
      NlBuf b = {0};
      nl_type_print(t, &b);
      nl_op_emit_error(fn,
                       "argument %u ('%s') of type %.*s has no C "
                       "counterpart in the model ABI",
                       i, a->name, (int)b.len, b.data ? b.data : "");
      nl_buf_free(&b);
      return false;
    }
  }
  /* Parameter names: the ONNX names as identifiers, unless that makes a
   * keyword, a clash or nothing recognizable. */
  uint32_t nin = 0, nout = 0;
  for (uint32_t i = 0; i < n; i++) {
    HdrArg *a = &args[i];
    if (a->kind == HDR_WORKSPACE) {
      a->param = nl_xstrndup("workspace", 9);
      continue;
    }
    char *p = c_identifier(a->name);
    bool bad = is_c_keyword(p) || !strcmp(p, "_");
    for (uint32_t j = 0; !bad && j < i; j++)
      bad = !strcmp(args[j].param, p);
    if (bad) {
      free(p);
      char buf[32];
      snprintf(buf, sizeof buf, "%s_%u", a->kind == HDR_IN ? "in" : "out",
               a->kind == HDR_IN ? nin : nout);
      p = nl_xstrndup(buf, strlen(buf));
    }
    a->param = p;
    if (a->kind == HDR_IN)
      nin++;
    else
      nout++;
  }
  return true;
}

static void
write_defines(FILE *out, const char *g, const HdrArg *a, uint32_t k)
{
  const char *what = a->kind == HDR_IN ? "INPUT" : "OUTPUT";
  NlType *t = a->type;
  NlBuf tb = {0};
  nl_type_print(t->shaped.elem, &tb);
  int64_t count = nl_type_num_elements(t);
  size_t bytes = (size_t)count * elem_bytes(t->shaped.elem);
  fprintf(out, "/* %s %u \"", a->kind == HDR_IN ? "Input" : "Output", k);
  put_comment_text(out, a->name);
  fprintf(out, "\": %.*s (%s) [", (int)tb.len, tb.data, c_type(t->shaped.elem));
  for (uint32_t d = 0; d < t->shaped.rank; d++)
    fprintf(out, "%s%" PRId64, d ? ", " : "", t->shaped.dims[d]);
  fprintf(out, "], %" PRId64 " elements, %zu bytes. */\n", count, bytes);
  fprintf(out, "#define %s_%s_%u_NAME ", g, what, k);
  put_string_literal(out, a->name);
  fprintf(out, "\n#define %s_%s_%u_TYPE %s\n", g, what, k,
          c_type(t->shaped.elem));
  fprintf(out, "#define %s_%s_%u_RANK %u\n", g, what, k, t->shaped.rank);
  /* A scalar's shape is {1} (C has no empty initializer; RANK is 0). */
  fprintf(out, "#define %s_%s_%u_SHAPE {%s", g, what, k,
          t->shaped.rank ? "" : "1");
  for (uint32_t d = 0; d < t->shaped.rank; d++)
    fprintf(out, "%s%" PRId64, d ? ", " : "", t->shaped.dims[d]);
  fprintf(out, "}\n#define %s_%s_%u_SIZE %" PRId64 "\n", g, what, k, count);
  fprintf(out, "#define %s_%s_%u_BYTES %zu\n\n", g, what, k, bytes);
  nl_buf_free(&tb);
}

static void
write_header(FILE *out, const char *g, const HdrArg *args, uint32_t n,
             int64_t ws)
{
  uint32_t nin = 0, nout = 0;
  for (uint32_t i = 0; i < n; i++) {
    nin += args[i].kind == HDR_IN;
    nout += args[i].kind == HDR_OUT;
  }
  char *guard = nl_xmalloc(strlen(g) + 16);
  sprintf(guard, "NULL_MODEL_%s_H", g);
  for (char *c = guard; *c; c++)
    if (*c >= 'a' && *c <= 'z')
      *c = (char)(*c - 'a' + 'A');
  fprintf(out,
          "/*\n"
          " * The model ABI of %s (docs/lowering.md, \"The model ABI\"),\n"
          " * written by null-translate --emit=header; do not edit.\n"
          " *\n"
          " * Inputs and outputs are dense row-major arrays of the types and\n"
          " * shapes below; the weights are in the object file, which needs\n"
          " * only libc and libm. Activations live in one workspace the\n"
          " * caller provides: %s_workspace_size() bytes, 64-byte aligned.\n"
          " * Booleans are one byte; float16/bfloat16 are their bit patterns.\n"
          " */\n"
          "#ifndef %s\n#define %s\n\n"
          "#include <stddef.h>\n#include <stdint.h>\n\n"
          "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
          g, g, guard, guard);
  fprintf(out, "#define %s_NUM_INPUTS %u\n#define %s_NUM_OUTPUTS %u\n", g, nin,
          g, nout);
  fprintf(out,
          "/* Bytes of the workspace (the value %s_workspace_size() "
          "returns). */\n#define %s_WORKSPACE_SIZE %" PRId64 "\n\n",
          g, g, ws);
  uint32_t ki = 0, ko = 0;
  for (uint32_t i = 0; i < n; i++)
    if (args[i].kind != HDR_WORKSPACE)
      write_defines(out, g, &args[i], args[i].kind == HDR_IN ? ki++ : ko++);
  fprintf(out,
          "/* Bytes of the workspace the caller provides (activations). */\n"
          "size_t %s_workspace_size(void);\n\n"
          "/* Runs the model. */\nvoid %s(",
          g, g);
  for (uint32_t i = 0; i < n; i++) {
    const HdrArg *a = &args[i];
    if (i)
      fputs(", ", out);
    if (a->kind == HDR_WORKSPACE)
      fprintf(out, "void *%s", a->param);
    else
      fprintf(out, "%s%s *%s", a->kind == HDR_IN ? "const " : "",
              c_type(a->type->shaped.elem), a->param);
  }
  if (!n)
    fputs("void", out);
  fprintf(out,
          ");\n\n"
          "/* The same with an array of pointers: the %u inputs in order,\n"
          " * then the %u outputs. */\n"
          "void %s_packed(void *const *args, void *workspace);\n\n"
          "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s */\n",
          nin, nout, g, guard);
  free(guard);
}

NlResult
nl_llvm_write_header(NlOp *module, FILE *out)
{
  NlOp *fn = find_model(module);
  if (!fn) {
    nl_op_emit_error(module, "--emit=header: the module has no public "
                             "func.func with a body");
    return nl_failure();
  }
  NlType *fty = nl_func_type(fn);
  NlAttr *sym = nl_op_attr(fn, "sym_name");
  if (!fty || !sym || sym->kind != NL_ATTR_STRING) {
    nl_op_emit_error(fn, "has no valid function_type or sym_name");
    return nl_failure();
  }
  if (fty->function.nresults) {
    nl_op_emit_error(fn, "--emit=header needs a bufferized function (it "
                         "still returns values; run the lowering pipeline)");
    return nl_failure();
  }
  NlAttr *wsa = nl_op_attr(fn, "null.workspace_size");
  int64_t ws = wsa && wsa->kind == NL_ATTR_INTEGER
                   ? nl_attr_integer_value(wsa, NULL)
                   : 0;
  uint32_t n = fty->function.ninputs;
  HdrArg *args = nl_xmalloc((n + 1) * sizeof(*args));
  memset(args, 0, (n + 1) * sizeof(*args));
  bool ok = collect_args(fn, fty, args);
  if (ok && (!wsa || ws < 0)) {
    nl_op_emit_error(fn, "--emit=header needs null.workspace_size (run "
                         "memory-plan first)");
    ok = false;
  }
  if (ok) {
    char *g = c_identifier(sym->str.value->str);
    write_header(out, g, args, n, ws);
    free(g);
    if (ferror(out)) {
      nl_op_emit_error(fn, "cannot write the header");
      ok = false;
    }
  }
  for (uint32_t i = 0; i < n; i++)
    free(args[i].param);
  free(args);
  return ok ? nl_success() : nl_failure();
}
